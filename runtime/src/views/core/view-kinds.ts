import type {
  BoardColumnSummary,
  CalendarSettings,
  FieldDefinition,
  Filter,
  FormDefinition,
  RecordDto,
  ViewKind,
} from '@tangram/client';
import { addDays, localDate, startOfDay } from '@tangram/query';
import { FIELD_ROLES, VIEW_KINDS as SCHEMA_VIEW_KINDS, fieldFitsRole, type FieldRole } from '@tangram/schema';

/** The kinds a view can be, in the order the view switcher offers them (decisions 0039, 0048). */
export const VIEW_KINDS: readonly ViewKind[] = SCHEMA_VIEW_KINDS;

/**
 * Which fields a kind setting may name: the one table of packages/schema, which the server checks
 * on save, so the pickers offer exactly what the server accepts.
 */
export { FIELD_ROLES, type FieldRole };

/** Field refs of `form` that may play `role`: its fields of the right types, then system columns. */
export function roleFields(form: FormDefinition, role: FieldRole): string[] {
  const rule = FIELD_ROLES[role];
  const fields = (form.fields ?? []).filter((f) => fieldFitsRole(form, f.id, role)).map((f) => f.id);
  const system = (rule.system as readonly string[]).filter((s) => s !== 'workflowStatus' || form.workflowId);
  return [...fields, ...system];
}

/** The states of an approval, in the order a board shows them. */
export const WORKFLOW_STATES = ['running', 'approved', 'rejected', 'withdrawn'] as const;

export interface BoardColumnSpec {
  /** The group value; null for the "no value" column. */
  value: string | null;
  /** The key of a column in `collapsed` and in the DOM ('' for "no value"). */
  key: string;
  /** An option's label, or null when the label comes from elsewhere (member names, states). */
  optionLabel: OptionLabel | null;
  color: string | undefined;
  count: number;
  sum: number | null;
}

type OptionLabel = Extract<FieldDefinition, { type: 'select' }>['config']['options'][number]['label'];

const fieldOf = (form: FormDefinition, ref: string) => (form.fields ?? []).find((f) => f.id === ref);

/**
 * A board's columns in display order: "no value" first, then a select's options in their order
 * (with counts, zero when empty, so a card can be dropped on any option), values outside the
 * options after them; members and approval states as the counts name them.
 */
export function boardColumns(
  form: FormDefinition,
  groupField: string,
  summaries: readonly BoardColumnSummary[],
): BoardColumnSpec[] {
  const byValue = new Map(summaries.map((s) => [s.value, s]));
  const spec = (
    value: string | null,
    optionLabel: OptionLabel | null = null,
    color?: string,
  ): BoardColumnSpec => {
    const s = byValue.get(value);
    const sum = s?.sum === undefined || s.sum === null ? null : Number(s.sum);
    return {
      value,
      key: value ?? '',
      optionLabel,
      color,
      count: s?.count ?? 0,
      sum: Number.isFinite(sum) ? sum : null,
    };
  };
  const out: BoardColumnSpec[] = [spec(null)];
  const seen = new Set<string | null>([null]);
  const field = fieldOf(form, groupField);
  if (field && (field.type === 'select' || field.type === 'radio')) {
    for (const o of field.config.options) {
      seen.add(o.value);
      out.push(spec(o.value, o.label, o.color));
    }
  } else if (groupField === 'workflowStatus') {
    for (const s of WORKFLOW_STATES) {
      seen.add(s);
      out.push(spec(s));
    }
  }
  for (const s of summaries) if (!seen.has(s.value)) out.push(spec(s.value));
  return out;
}

/** The records of one column: the view's filter AND the group value (or its emptiness). */
export function columnFilter(
  groupField: string,
  value: string | null,
  viewFilter: Filter | undefined,
): Filter {
  const own: Filter =
    value === null
      ? { kind: 'cmp', field: groupField, op: 'isEmpty' }
      : { kind: 'cmp', field: groupField, op: 'eq', value };
  return viewFilter ? { kind: 'and', items: [viewFilter, own] } : own;
}

/** Whether cards can be moved between columns: system columns (approval state) are not written. */
export const canMoveCards = (form: FormDefinition, groupField: string, editable: boolean): boolean =>
  editable && fieldOf(form, groupField) !== undefined && fieldOf(form, groupField)?.readOnly !== true;

// --- Calendar -------------------------------------------------------------------------------------

export type CalendarMode = 'month' | 'week';

const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0

/** The Monday on or before `day`. */
export const startOfWeek = (day: string): string => addDays(day, -weekday(day));

/** The visible days of a month (6 weeks from the Monday before the 1st) or of a week. */
export function visibleDays(anchor: string, mode: CalendarMode): string[] {
  const first = mode === 'month' ? startOfWeek(`${anchor.slice(0, 7)}-01`) : startOfWeek(anchor);
  const n = mode === 'month' ? 42 : 7;
  return Array.from({ length: n }, (_, i) => addDays(first, i));
}

/** The anchor a step back or forward shows: a month or a week away. */
export function stepAnchor(anchor: string, mode: CalendarMode, delta: number): string {
  if (mode === 'week') return addDays(anchor, delta * 7);
  const [y, m] = anchor.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + delta;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** The day a date or date-time value falls on in the org's time zone; null when empty or unreadable. */
export function dayOf(value: unknown, timeZone: string): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : localDate(ms, timeZone);
}

const valueOf = (r: RecordDto, ref: string): unknown =>
  ref in r.data ? r.data[ref] : (r as unknown as Record<string, unknown>)[ref];

/** The first and last day of a record's event (a one-day event without an end, or a bad one). */
export function eventSpan(
  r: RecordDto,
  s: Pick<CalendarSettings, 'dateField' | 'endField'>,
  timeZone: string,
): { start: string; end: string } | null {
  const start = dayOf(valueOf(r, s.dateField), timeZone);
  if (!start) return null;
  const end = s.endField ? dayOf(valueOf(r, s.endField), timeZone) : null;
  return { start, end: end && end >= start ? end : start };
}

/** Events per visible day: each record on every visible day its span covers, in load order. */
export function eventsByDay(
  records: readonly RecordDto[],
  s: Pick<CalendarSettings, 'dateField' | 'endField'>,
  days: readonly string[],
  timeZone: string,
): Map<string, RecordDto[]> {
  const out = new Map<string, RecordDto[]>(days.map((d) => [d, []]));
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return out;
  for (const r of records) {
    const span = eventSpan(r, s, timeZone);
    if (!span) continue;
    for (let d = span.start < first ? first : span.start; d <= span.end && d <= last; d = addDays(d, 1))
      out.get(d)?.push(r);
  }
  return out;
}

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A value moved by `days` days: a date stays a date, a date-time keeps its time of day in the zone. */
export function shifted(value: unknown, days: number, timeZone: string): unknown {
  if (typeof value !== 'string' || value === '') return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return addDays(value, days);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const day = localDate(ms, timeZone);
  const offset = ms - startOfDay(day, timeZone);
  return new Date(startOfDay(addDays(day, days), timeZone) + offset).toISOString();
}

/**
 * The write that moves an event from the day it was grabbed on to `toDay`: the start moves by the
 * same number of days, and so does the end, so a span keeps its length. Null when nothing moves.
 */
export function movePatch(
  r: RecordDto,
  s: Pick<CalendarSettings, 'dateField' | 'endField'>,
  fromDay: string,
  toDay: string,
  timeZone: string,
): Record<string, unknown> | null {
  const days = daysBetween(fromDay, toDay);
  if (days === 0) return null;
  const patch: Record<string, unknown> = { [s.dateField]: shifted(r.data[s.dateField], days, timeZone) };
  if (s.endField && r.data[s.endField]) patch[s.endField] = shifted(r.data[s.endField], days, timeZone);
  return patch;
}

/** The value a new record gets for a day: the date itself, or 09:00 of that day in the zone. */
export function dayValue(field: FieldDefinition | undefined, day: string, timeZone: string): string {
  if (field?.type !== 'datetime') return day;
  return new Date(startOfDay(day, timeZone) + 9 * 3_600_000).toISOString();
}

/** Today in the zone. */
export const today = (timeZone: string): string => localDate(Date.now(), timeZone);

/**
 * What a refused move tells the user: the server's per-value messages (a validation rule's own
 * text, a field that may not be edited) when it sent some, else its message. A failed validation
 * rule (`/data/rules/validation/<i>`) is told in the user's language by `ruleMessage` when given: the
 * server answers with one language of the rule's message.
 */
export function refusalText(error: unknown, ruleMessage?: (index: number) => string | undefined): string {
  const details = (error as { details?: unknown } | null)?.details;
  const messages = Array.isArray(details)
    ? details
        .map((d) => {
          const { message, path } = (d ?? {}) as { message?: unknown; path?: unknown };
          const rule = typeof path === 'string' ? /^(?:\/data)?\/rules\/validation\/(\d+)$/.exec(path) : null;
          return (rule && ruleMessage?.(Number(rule[1]))) || message;
        })
        .filter((m): m is string => typeof m === 'string' && m !== '')
    : [];
  if (messages.length) return [...new Set(messages)].slice(0, 3).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** The message of a form's validation rule `index` in `lang`, for `refusalText`. */
export const ruleMessageOf =
  (form: FormDefinition, pick: (text: unknown) => string) =>
  (index: number): string | undefined => {
    const rule = form.rules?.validation?.[index];
    return rule ? pick(rule.message) || undefined : undefined;
  };
