/**
 * Rollups (decision 0053), the pure part: which rollups a form keeps (derived from the app's
 * dashboard widgets), what one record contributes to a rollup's cells, and whether a rollup can
 * answer an aggregate query exactly. No I/O here: `store.ts` writes cells, `answer.ts` reads them.
 */
import { lookupField, type QueryForm, type QueryKind } from '@tangram/query';
import type { AppDefinition, ChartWidget, Filter, FormDefinition, Measure } from '@tangram/schema';
import type { RecordDto } from '../storage/record-store';

/** Most key fields and measure fields one rollup keeps (the cell table has that many columns). */
export const MAX_KEYS = 4;
export const MAX_MEASURES = 6;

/**
 * One rollup of a form: a cell per (date bucket, key values) with the record count and, per measure
 * field, the exact sum and the count of non-empty values. `date` is a date field (never a date-time:
 * its day depends on the org's time zone) at day or month grain.
 */
export interface RollupSpec {
  date: { field: string; grain: 'day' | 'month' } | null;
  /** Field ids or system names whose single value is text or boolean (select, member, relation…). */
  keys: string[];
  /** Number, money and percent fields. */
  measures: string[];
}

/** Field types whose stored value can be a key: one value, kept as written (formulas and lookups are recomputed outside record writes). */
const KEY_TYPES = new Set([
  'text',
  'select',
  'radio',
  'member',
  'department',
  'relation',
  'boolean',
  'email',
  'phone',
  'url',
]);
/** System fields a record's API shape carries and that writes change through the hooks. */
const KEY_SYSTEM = new Set(['workflowStatus', 'ownerId', 'createdBy']);
const MEASURE_TYPES = new Set(['number', 'money', 'percent']);

export type FieldRole = 'key' | 'date' | 'measure';

/** How a field can take part in a rollup, or null when it cannot. */
export function roleOf(form: QueryForm, ref: string): { role: FieldRole; kind: QueryKind } | null {
  const found = lookupField(form, ref);
  if (!found.ok) return null;
  const { info } = found;
  if (info.system) return KEY_SYSTEM.has(info.system) ? { role: 'key', kind: info.kind } : null;
  const field = form.fields.find((f) => f.id === ref);
  if (!field) return null;
  if (info.kind === 'date' && field.type === 'date') return { role: 'date', kind: 'date' };
  if ((info.kind === 'text' || info.kind === 'boolean') && KEY_TYPES.has(field.type))
    return { role: 'key', kind: info.kind };
  if (info.kind === 'numeric' && MEASURE_TYPES.has(field.type)) return { role: 'measure', kind: 'numeric' };
  return null;
}

/** The canonical identity of a spec (keys and measures sorted), stored with the rollup. */
export function specKey(spec: RollupSpec): string {
  return JSON.stringify({
    date: spec.date,
    keys: [...spec.keys].sort(),
    measures: [...spec.measures].sort(),
  });
}

export function normalizeSpec(spec: RollupSpec): RollupSpec {
  return { date: spec.date, keys: [...spec.keys].sort(), measures: [...spec.measures].sort() };
}

/** Every field a filter names (and/or nested). */
export function filterRefs(filter: Filter | undefined, out: string[] = []): string[] {
  if (!filter) return out;
  if (filter.kind === 'cmp') out.push(filter.field);
  else for (const item of filter.items) filterRefs(item, out);
  return out;
}

/** What a query needs from a rollup. */
interface Needs {
  /** Grouped by a field: with the bucket asked (undefined = the value itself). */
  groups: { field: string; bucket?: string }[];
  /** Fields used in the query's filter or a measure's filter. */
  filtered: string[];
  measures: readonly Pick<Measure, 'op' | 'field'>[];
}

/** The spec a set of needs asks for, or null when some need cannot be rolled up. */
function specFor(form: QueryForm, needs: Needs): RollupSpec | null {
  const keys = new Set<string>();
  const measures = new Set<string>();
  let date: { field: string; grain: 'day' | 'month' } | null = null;
  const useDate = (field: string, grain: 'day' | 'month'): boolean => {
    if (date && date.field !== field) return false;
    date = { field, grain: date?.grain === 'day' || grain === 'day' ? 'day' : 'month' };
    return true;
  };
  for (const g of needs.groups) {
    const r = roleOf(form, g.field);
    if (r?.role === 'date') {
      const coarse = g.bucket === 'month' || g.bucket === 'quarter' || g.bucket === 'year';
      if (!useDate(g.field, coarse ? 'month' : 'day')) return null;
    } else if (r?.role === 'key' && !g.bucket) keys.add(g.field);
    else return null;
  }
  for (const f of needs.filtered) {
    const r = roleOf(form, f);
    if (r?.role === 'date') {
      if (!useDate(f, 'day')) return null;
    } else if (r?.role === 'key') keys.add(f);
    else return null;
  }
  for (const m of needs.measures) {
    if (m.op === 'count' && m.field === undefined) continue;
    if (m.op !== 'count' && m.op !== 'sum' && m.op !== 'avg') return null;
    const r = m.field === undefined ? null : roleOf(form, m.field);
    if (r?.role === 'measure') measures.add(m.field!);
    else if (m.op === 'count' && r?.role === 'key') keys.add(m.field!);
    else if (m.op === 'count' && r?.role === 'date') {
      if (!useDate(m.field!, 'day')) return null;
    } else return null;
  }
  if (keys.size > MAX_KEYS || measures.size > MAX_MEASURES) return null;
  return normalizeSpec({ date, keys: [...keys], measures: [...measures] });
}

/** Whether `big` answers everything `small` does (same date field at a finer or equal grain). */
export function covers(big: RollupSpec, small: RollupSpec): boolean {
  if (small.date) {
    if (!big.date || big.date.field !== small.date.field) return false;
    if (small.date.grain === 'day' && big.date.grain !== 'day') return false;
  }
  return (
    small.keys.every((k) => big.keys.includes(k)) && small.measures.every((m) => big.measures.includes(m))
  );
}

/**
 * The rollups a form keeps: one per chart widget of the app's dashboards over the form (not a
 * subform) that a rollup can serve, with every field its dimensions, drill levels, pivot columns,
 * filter, measure filters, linked filter widgets and KPI comparison use; duplicates and specs that
 * another one covers are dropped (one fewer rollup to keep up on every write).
 */
export function deriveRollups(app: AppDefinition, form: FormDefinition): RollupSpec[] {
  const target: QueryForm = { fields: form.fields };
  const specs: RollupSpec[] = [];
  for (const dashboard of app.dashboards ?? []) {
    for (const w of dashboard.widgets) {
      if (w.type === 'table' || w.type === 'text') continue;
      const widget = w as ChartWidget;
      const source = widget.source as { form?: string; subform?: string };
      if (source.form !== form.id || source.subform !== undefined) continue;
      const groups = [
        ...widget.dimensions,
        ...(widget.drill?.levels ?? []),
        ...(widget.pivot?.columns ?? []),
      ].map((d) => ({ field: d.field, ...(d.bucket ? { bucket: d.bucket } : {}) }));
      const filtered = filterRefs(widget.filter);
      for (const m of widget.measures) filterRefs(m.filter, filtered);
      for (const f of dashboard.filters ?? []) {
        if (!f.widgets?.includes(widget.id)) continue;
        filtered.push(f.fields?.[widget.id] ?? f.field);
      }
      if (widget.compare) filtered.push(widget.compare.field);
      const measures = widget.measures.filter((m) => m.op !== 'formula') as Measure[];
      const spec = specFor(target, { groups, filtered, measures });
      if (spec) specs.push(spec);
    }
  }
  const unique = [...new Map(specs.map((s) => [specKey(s), s])).values()];
  return unique.filter((s, i) => !unique.some((o, j) => j !== i && covers(o, s) && (!covers(s, o) || j < i)));
}

/** The date column value of a cell: the date itself (day grain) or its month's first day. */
export function cellDate(spec: RollupSpec, value: unknown): string | null {
  if (!spec.date || typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return spec.date.grain === 'day' ? value : `${value.slice(0, 7)}-01`;
}

/** A record field or system value in API shape. */
function valueOf(record: RecordDto, ref: string): unknown {
  return KEY_SYSTEM.has(ref) ? (record as unknown as Record<string, unknown>)[ref] : record.data[ref];
}

/** A key value as the cell stores it (text; booleans as `true` / `false`), null when empty. */
function keyText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A measure value as exact decimal text (the API's number of a numeric column: `String` is exact). */
function measureText(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** What one record puts into one rollup: its cell and measure values. */
export interface Contribution {
  d: string | null;
  keys: (string | null)[];
  values: (string | null)[];
}

export function contributionOf(spec: RollupSpec, record: RecordDto): Contribution {
  return {
    d: spec.date ? cellDate(spec, record.data[spec.date.field]) : null,
    keys: spec.keys.map((k) => keyText(valueOf(record, k))),
    values: spec.measures.map((m) => measureText(record.data[m])),
  };
}

export const sameContribution = (a: Contribution, b: Contribution): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
