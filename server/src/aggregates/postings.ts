/**
 * What a source record posts into an aggregate (pure, decision 0028): per source, one posting per
 * record (or per subform line) and measure, under the key its fields name, signed and rounded to
 * the measure's places. A deleted record, one the `when` condition leaves out, and a line with an
 * empty key post nothing. The same function serves writes (the difference to what is posted now)
 * and the rebuild (the sum over every record), so the two cannot disagree.
 */
import { createMatcher, type QueryContext, type RecordMatcher } from '@tangram/query';
import type {
  AggregateDefinition,
  AggregatePosting,
  AggregateSource,
  AggregateValueRef,
  FormDefinition,
} from '@tangram/schema';
import type { RecordDto } from '../storage/record-store';
import { addDec, decOfValue, isZero, mulSign, roundDec, type Dec } from './decimal';

export interface Posting {
  formId: string;
  sourceId: string;
  recordId: string;
  /** The subform row's id, or '' for a source without a subform. */
  lineId: string;
  keyText: string;
  keyValues: Record<string, string>;
  measureId: string;
  value: Dec;
}

/** The canonical identity of a key (values in the definition's key order): also the lock order. */
export const keyTextOf = (values: readonly string[]): string => JSON.stringify(values);

/** A source of an aggregate, compiled once per write for one form. */
export interface CompiledSource {
  aggregate: AggregateDefinition;
  source: AggregateSource;
  matcher: RecordMatcher | null;
}

/**
 * The sources of `form` in every aggregate of the app, aggregates in id order (the order their
 * balances are locked in). `when` conditions are compiled against the form's fields.
 */
export function sourcesOf(
  aggregates: readonly AggregateDefinition[],
  form: FormDefinition,
  qctx: QueryContext,
): CompiledSource[] {
  return [...aggregates]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .flatMap((aggregate) =>
      aggregate.sources
        .filter((s) => s.form === form.id)
        .map((source) => ({
          aggregate,
          source,
          matcher: source.when ? createMatcher(source.when, form, qctx) : null,
        })),
    );
}

/** The record as the `when` condition reads it: its fields and system fields. */
function queryRecord(record: RecordDto): Record<string, unknown> {
  return {
    ...record.data,
    id: record.id,
    workflowStatus: record.workflowStatus,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    ownerId: record.ownerId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

type Row = Record<string, unknown>;

function valueOf(
  ref: AggregateValueRef | { field: string; from?: 'line' | 'record' },
  record: RecordDto,
  line: Row | null,
) {
  const from = ref.from ?? (line ? 'line' : 'record');
  if (from === 'line') return line?.[ref.field];
  // `id` from the record is the record's own id (a balance per source record, decision 0028).
  return ref.field === 'id' ? record.id : record.data[ref.field];
}

function amountOf(posting: AggregatePosting, record: RecordDto, line: Row | null): Dec | null {
  const raw = 'constant' in posting ? posting.constant : valueOf(posting, record, line);
  const value = decOfValue(raw);
  return value ? mulSign(value, posting.sign) : null;
}

/** Every posting `record` makes through `compiled` now (nothing when it is deleted or does not count). */
export function postingsOf(compiled: CompiledSource, record: RecordDto): Posting[] {
  const { aggregate, source, matcher } = compiled;
  if (record.deletedAt) return [];
  if (matcher && !matcher(queryRecord(record) as never)) return [];
  const lines: (Row | null)[] = source.subform
    ? ((record.data[source.subform] as Row[] | null | undefined) ?? [])
    : [null];
  const out: Posting[] = [];
  for (const line of lines) {
    const keyValues: Record<string, string> = {};
    const ordered: string[] = [];
    for (const key of aggregate.keys) {
      const ref = source.keys[key.id];
      const raw = ref ? valueOf(ref, record, line) : undefined;
      if (raw === undefined || raw === null || raw === '') break;
      const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
      keyValues[key.id] = text;
      ordered.push(text);
    }
    // A line that does not name every key belongs to no balance (e.g. a product not chosen yet).
    if (ordered.length !== aggregate.keys.length) continue;
    const keyText = keyTextOf(ordered);
    for (const measure of aggregate.measures) {
      const posting = source.measures[measure.id];
      if (!posting) continue;
      const amount = amountOf(posting, record, line);
      if (!amount) continue;
      const value = roundDec(amount, measure.decimals);
      if (isZero(value)) continue;
      out.push({
        formId: source.form,
        sourceId: source.id,
        recordId: record.id,
        lineId: line ? String(line.id ?? '') : '',
        keyText,
        keyValues,
        measureId: measure.id,
        value,
      });
    }
  }
  return out;
}

/** One balance row's change. */
export interface BalanceDelta {
  keyText: string;
  keyValues: Record<string, string>;
  measureId: string;
  delta: Dec;
}

const deltaId = (keyText: string, measureId: string) => `${keyText}\u0000${measureId}`;

/**
 * What applying `desired` instead of `existing` does to the balances: the per-key, per-measure
 * sums of the differences, zero ones left out, in lock order (key text by code point, then measure).
 */
export function balanceDeltas(
  desired: readonly Pick<Posting, 'keyText' | 'keyValues' | 'measureId' | 'value'>[],
  existing: readonly Pick<Posting, 'keyText' | 'keyValues' | 'measureId' | 'value'>[],
): BalanceDelta[] {
  const sums = new Map<string, BalanceDelta>();
  const add = (p: Pick<Posting, 'keyText' | 'keyValues' | 'measureId' | 'value'>, sign: 1 | -1) => {
    const id = deltaId(p.keyText, p.measureId);
    const current = sums.get(id);
    const value = mulSign(p.value, sign);
    if (current) current.delta = addDec(current.delta, value);
    else sums.set(id, { keyText: p.keyText, keyValues: p.keyValues, measureId: p.measureId, delta: value });
  };
  for (const p of desired) add(p, 1);
  for (const p of existing) add(p, -1);
  return [...sums.values()].filter((d) => !isZero(d.delta)).sort(lockOrder);
}

/** Code-point order of key text, then measure id: matches `COLLATE "C"` ordering in SQL. */
export function lockOrder(
  a: { keyText: string; measureId: string },
  b: { keyText: string; measureId: string },
) {
  return compareCodePoints(a.keyText, b.keyText) || compareCodePoints(a.measureId, b.measureId);
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x[i]!.codePointAt(0)!;
    const cy = y[i]!.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
  return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}

/** Whether two posting lists are the same postings (then nothing needs writing). */
export function samePostings(a: readonly Posting[], b: readonly Posting[]): boolean {
  if (a.length !== b.length) return false;
  const id = (p: Posting) => `${p.sourceId}\u0000${p.lineId}\u0000${p.measureId}\u0000${p.keyText}`;
  const left = new Map(a.map((p) => [id(p), p.value]));
  return b.every((p) => {
    const v = left.get(id(p));
    return v !== undefined && addDec(v, mulSign(p.value, -1)).isZero();
  });
}
