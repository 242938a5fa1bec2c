import { lookupField, SYSTEM_FIELDS, type FieldInfo, type SystemFieldName } from '@tangram/query';
import type { DynamicValue, FieldDefinition, Filter, FormDefinition, Operator } from '@tangram/schema';

/**
 * The filter builder's editable model: groups and conditions with local keys, where a condition
 * may still be incomplete. `toFilter` turns it into the query AST, leaving incomplete conditions
 * out, so what is sent is always a well-formed filter.
 */
export type FilterDraft = GroupDraft | ConditionDraft;

export interface GroupDraft {
  key: string;
  kind: 'group';
  op: 'and' | 'or';
  items: FilterDraft[];
}

export interface ConditionDraft {
  key: string;
  kind: 'cond';
  field: string | undefined;
  op: Operator | undefined;
  value: unknown;
}

/** How the value of a condition is edited. */
export type ValueEditor =
  | 'none'
  | 'text'
  | 'textList'
  | 'number'
  | 'numberRange'
  | 'date'
  | 'dateRange'
  | 'datetime'
  | 'datetimeRange'
  | 'time'
  | 'timeRange'
  | 'boolean'
  | 'option'
  | 'options'
  | 'member'
  | 'members'
  | 'department'
  | 'departments';

export type DynamicName = DynamicValue['dynamic'];

const DATE_DYNAMICS: readonly DynamicName[] = [
  'today',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
  'lastNDays',
];

const LIST_OPS: ReadonlySet<Operator> = new Set(['in', 'notIn']);

let counter = 0;
export const newKey = (): string => `k${++counter}`;

export const emptyGroup = (op: 'and' | 'or' = 'and'): GroupDraft => ({
  key: newKey(),
  kind: 'group',
  op,
  items: [],
});
export const emptyCondition = (): ConditionDraft => ({
  key: newKey(),
  kind: 'cond',
  field: undefined,
  op: undefined,
  value: undefined,
});

/** A field the filter builder offers: form fields with a stored value, then system columns. */
export interface FilterField {
  ref: string;
  field: FieldDefinition | null;
  info: FieldInfo;
}

export function filterFields(form: FormDefinition): FilterField[] {
  const out: FilterField[] = [];
  for (const field of form.fields ?? []) {
    const found = lookupField(form, field.id);
    if (found.ok && found.info.operators.length > 0) out.push({ ref: field.id, field, info: found.info });
  }
  for (const name of Object.keys(SYSTEM_FIELDS) as SystemFieldName[]) {
    if (name === 'id') continue;
    // The approval state only means something on a process form.
    if (name === 'workflowStatus' && !form.workflowId) continue;
    const found = lookupField(form, name);
    if (found.ok) out.push({ ref: name, field: null, info: found.info });
  }
  return out;
}

/** Operators offered for a field: the registry's, as implemented by the query language. */
export function operatorsFor(form: FormDefinition, ref: string | undefined): readonly Operator[] {
  if (!ref) return [];
  const found = lookupField(form, ref);
  return found.ok ? found.info.operators : [];
}

const CHOICE_TYPES = new Set(['select', 'radio']);
const MULTI_CHOICE_TYPES = new Set(['multiselect', 'checkboxes']);

/** The value editor for a field and operator. */
export function valueEditor(
  form: FormDefinition,
  ref: string | undefined,
  op: Operator | undefined,
): ValueEditor {
  if (!ref || !op || op === 'isEmpty' || op === 'isNotEmpty') return 'none';
  const found = lookupField(form, ref);
  if (!found.ok) return 'none';
  const { info } = found;
  const list = LIST_OPS.has(op);
  const range = op === 'between';
  if (info.system === 'workflowStatus') return list ? 'options' : 'option';
  if (info.identity === 'user') return list || info.kind === 'text[]' ? 'members' : 'member';
  if (info.identity === 'department') return list || info.kind === 'text[]' ? 'departments' : 'department';
  if (CHOICE_TYPES.has(info.type)) return list ? 'options' : 'option';
  if (MULTI_CHOICE_TYPES.has(info.type)) return 'options';
  switch (info.kind) {
    case 'numeric':
      return range ? 'numberRange' : list ? 'textList' : 'number';
    case 'date':
      return range ? 'dateRange' : 'date';
    case 'timestamptz':
      return range ? 'datetimeRange' : 'datetime';
    case 'time':
      return range ? 'timeRange' : 'time';
    case 'boolean':
      return 'boolean';
    default:
      return list || info.kind === 'text[]' ? 'textList' : 'text';
  }
}

/** Dynamic values that fit a field and operator (today, this month, current user, ...). */
export function dynamicChoices(
  form: FormDefinition,
  ref: string | undefined,
  op: Operator | undefined,
): DynamicName[] {
  if (!ref || !op) return [];
  const found = lookupField(form, ref);
  if (!found.ok) return [];
  const { info } = found;
  if (info.identity === 'user' && ['eq', 'ne', 'in', 'notIn', 'contains'].includes(op))
    return ['currentUser'];
  if (info.identity === 'department' && LIST_OPS.has(op)) return ['currentUserDepartments'];
  if (
    (info.kind === 'date' || info.kind === 'timestamptz') &&
    ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between'].includes(op)
  )
    // "Now" is a moment: offered where the field holds one (a date-time), beside "today".
    return info.kind === 'timestamptz' && op !== 'between' && op !== 'eq' && op !== 'ne'
      ? ['today', 'now', ...DATE_DYNAMICS.slice(1)]
      : [...DATE_DYNAMICS];
  return [];
}

export const isDynamic = (value: unknown): value is DynamicValue =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'dynamic' in value;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The condition's value as the AST wants it, or undefined while it is incomplete. */
function conditionValue(form: FormDefinition, c: ConditionDraft): { value?: unknown } | undefined {
  const editor = valueEditor(form, c.field, c.op);
  if (editor === 'none') return {};
  if (isDynamic(c.value)) {
    if (!dynamicChoices(form, c.field, c.op).includes(c.value.dynamic)) return undefined;
    if (c.value.dynamic === 'lastNDays' && !(Number.isInteger(c.value.n) && (c.value.n ?? 0) > 0))
      return undefined;
    return { value: c.value };
  }
  const v = c.value;
  if (editor.endsWith('Range')) {
    if (!Array.isArray(v) || v.length !== 2 || v.some(blank)) return undefined;
    return { value: v };
  }
  if (editor === 'textList' || editor === 'options' || editor === 'members' || editor === 'departments') {
    const list = (Array.isArray(v) ? v : blank(v) ? [] : [v]).filter((x) => !blank(x));
    if (list.length === 0) return undefined;
    const numeric = lookupField(form, c.field!);
    const typed = numeric.ok && numeric.info.kind === 'numeric' ? list.map((x) => Number(x)) : list;
    if (typed.some((x) => typeof x === 'number' && !Number.isFinite(x))) return undefined;
    return { value: typed };
  }
  if (blank(v)) return undefined;
  if (editor === 'number') return typeof v === 'number' && Number.isFinite(v) ? { value: v } : undefined;
  return { value: v };
}

/** The query AST of a draft, without incomplete conditions and empty groups; undefined when empty. */
export function toFilter(form: FormDefinition, draft: FilterDraft): Filter | undefined {
  if (draft.kind === 'cond') {
    if (!draft.field || !draft.op || !operatorsFor(form, draft.field).includes(draft.op)) return undefined;
    const value = conditionValue(form, draft);
    if (!value) return undefined;
    return { kind: 'cmp', field: draft.field, op: draft.op, ...value } as Filter;
  }
  const items = draft.items.map((d) => toFilter(form, d)).filter((f): f is Filter => f !== undefined);
  if (items.length === 0) return undefined;
  return { kind: draft.op, items };
}

/** A draft from a stored filter (a top-level comparison is wrapped in an `and` group). */
export function fromFilter(filter: Filter | undefined): GroupDraft {
  if (!filter) return emptyGroup();
  const convert = (f: Filter): FilterDraft =>
    f.kind === 'cmp'
      ? { key: newKey(), kind: 'cond', field: f.field, op: f.op, value: f.value }
      : { key: newKey(), kind: 'group', op: f.kind, items: f.items.map(convert) };
  const top = convert(filter);
  return top.kind === 'group' ? top : { ...emptyGroup(), items: [top] };
}

/** Counts the complete conditions of a filter (for the toolbar badge). */
export function countConditions(filter: Filter | undefined): number {
  if (!filter) return 0;
  return filter.kind === 'cmp' ? 1 : filter.items.reduce((n, f) => n + countConditions(f), 0);
}

/** Immutable edits of a draft tree by key. */
export function updateDraft(
  draft: FilterDraft,
  key: string,
  change: (node: FilterDraft) => FilterDraft | null,
): FilterDraft {
  if (draft.key === key) return change(draft) ?? draft;
  if (draft.kind === 'cond') return draft;
  const items: FilterDraft[] = [];
  for (const item of draft.items) {
    if (item.key === key) {
      const next = change(item);
      if (next) items.push(next);
    } else items.push(updateDraft(item, key, change));
  }
  return { ...draft, items };
}

/** The values of the `workflowStatus` system field, in the order a picker shows them. */
export const WORKFLOW_STATUSES = ['running', 'approved', 'rejected', 'withdrawn'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/**
 * The workflow status as a select field, so the option pickers of the filter builder can offer its
 * values with labels in the viewer's language.
 */
export function workflowStatusField(labels: Readonly<Record<WorkflowStatus, string>>): FieldDefinition {
  return {
    id: 'workflowStatus',
    type: 'select',
    label: { 'zh-CN': '', en: '' },
    config: {
      options: WORKFLOW_STATUSES.map((value) => ({
        value,
        label: { 'zh-CN': labels[value], en: labels[value] },
      })),
    },
  } as unknown as FieldDefinition;
}
