import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import type { FieldRegistry } from './registry.js';

/** Types whose formatted value reads well as a record's name (short, one line, not an id). */
const SUMMARY_TYPES: ReadonlySet<string> = new Set([
  'text',
  'serial',
  'select',
  'radio',
  'phone',
  'email',
  'number',
  'money',
  'date',
  'datetime',
  'formula',
]);

/** At most this many values make a summary; a title longer than `MAX_TITLE` is cut with "…". */
const SUMMARY_FIELDS = 2;
export const MAX_TITLE = 120;

export interface RecordTitleOptions {
  /** A relation's chosen display field; it comes first when it has a value. */
  displayField?: string;
  locale: string;
}

const cut = (text: string) => (text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1)}…` : text);

/**
 * A record's human name, never its id: the relation's display field, else the form's title field,
 * else its serial number, else a summary of its first filled short fields ("Acme · 2024-05-01").
 * `data` holds only what the reader may see (hidden fields are absent), so a hidden title is never
 * shown; null when nothing readable is filled in. Pure, shared by the server's record answers,
 * inbox and notifications and the runtime's pickers.
 */
export function recordTitle(
  form: FormDefinition,
  data: Readonly<Record<string, unknown>>,
  registry: FieldRegistry,
  opts: RecordTitleOptions,
): string | null {
  const text = (field: FieldDefinition | undefined): string => {
    if (!field) return '';
    const value = data[field.id];
    if (value === null || value === undefined || value === '') return '';
    try {
      return registry
        .of(field)
        .format(value as never, field as never, opts.locale)
        .trim();
    } catch {
      return typeof value === 'string' ? value.trim() : '';
    }
  };
  const byId = (id: string | undefined) => (id ? form.fields.find((f) => f.id === id) : undefined);
  for (const field of [
    byId(opts.displayField),
    byId(form.titleField),
    form.fields.find((f) => f.type === 'serial'),
  ]) {
    const t = text(field);
    if (t) return cut(t);
  }
  const parts: string[] = [];
  for (const field of form.fields) {
    if (parts.length === SUMMARY_FIELDS) break;
    if (!SUMMARY_TYPES.has(field.type)) continue;
    const t = text(field);
    if (t) parts.push(t);
  }
  return parts.length ? cut(parts.join(' · ')) : null;
}
