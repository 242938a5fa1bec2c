/**
 * The JSON body template of a webhook action (decision 0030). The template is any JSON value; its
 * STRING values may hold `{{path}}` placeholders, filled from the trigger:
 *
 * - `{{f_amount}}`, `{{id}}`, `{{f_address.city}}`: the trigger record (after the change)
 * - `{{old.f_amount}}`: the trigger record before the change (updates, deletes)
 * - `{{event.topic}}`, `{{event.id}}`, `{{event.appId}}`, `{{event.formId}}`, `{{event.recordId}}`
 * - `{{detail.x}}`: the trigger's extra inputs (e.g. a workflow node id)
 *
 * A string that is exactly one placeholder takes the value with its JSON type (a number stays a
 * number, a subform stays an array); a placeholder inside other text is replaced by the value's
 * text. The template is filled as a JSON tree, never by pasting text into JSON, so a value can
 * never break out of its string (no escaping to get wrong). Object keys are not templated. A path
 * that names nothing gives null (alone) or an empty string (inside text).
 */

export interface TemplateScope {
  record: Record<string, unknown> | null;
  old: Record<string, unknown> | null;
  event: Record<string, unknown>;
  detail: Record<string, unknown>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z0-9_$]+){0,8})\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z0-9_$]+){0,8})\s*\}\}$/;

/** Deeper templates are refused (the definition schema bounds size, not depth). */
export const MAX_TEMPLATE_DEPTH = 20;

export function renderTemplate(template: unknown, scope: TemplateScope): unknown {
  return render(template, scope, 0);
}

function render(node: unknown, scope: TemplateScope, depth: number): unknown {
  if (depth > MAX_TEMPLATE_DEPTH)
    throw new Error(`The webhook body template is nested deeper than ${MAX_TEMPLATE_DEPTH} levels.`);
  if (typeof node === 'string') return renderString(node, scope);
  if (Array.isArray(node)) return node.map((item) => render(item, scope, depth + 1));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = render(value, scope, depth + 1);
    return out;
  }
  return node;
}

function renderString(text: string, scope: TemplateScope): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1]!, scope) ?? null;
  return text.replace(PLACEHOLDER, (_m, path: string) => asText(lookup(path, scope)));
}

function lookup(path: string, scope: TemplateScope): unknown {
  const [head, ...rest] = path.split('.');
  let value: unknown;
  let steps = rest;
  if (head === 'old') value = scope.old;
  else if (head === 'event') value = scope.event;
  else if (head === 'detail') value = scope.detail;
  else {
    value = scope.record;
    steps = [head!, ...rest];
  }
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    // Own properties only: `{{constructor}}` must not reach the prototype.
    value = Object.hasOwn(value, step) ? (value as Record<string, unknown>)[step] : undefined;
  }
  return value;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
