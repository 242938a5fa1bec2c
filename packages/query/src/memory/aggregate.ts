import type { AggregateQuery } from '@tangram/schema';
import type { AggregateRow } from '../aggregate.js';
import { resolveAggregate, type ResolvedGroup, type ResolvedMeasure } from '../check.js';
import { localDate, truncateDate } from '../dates.js';
import { addDec, compareDec, decOf, divideDec, formatDec, type Dec } from '../decimal.js';
import { checkContext } from '../operator-table.js';
import { QueryError, type QueryContext, type QueryForm, type QueryRecord } from '../types.js';
import { compareScalars, readField, type Normalized } from '../values.js';
import { createMatcher } from './evaluate.js';

type Out = string | number | boolean | null;

/** A group value: what the row shows and what it sorts by. */
function groupValue(
  g: ResolvedGroup,
  record: QueryRecord,
  timeZone: string,
): { out: Out; key: Normalized | null } {
  const v = readField(g.info, record);
  if (v === null) return { out: null, key: null };
  if (g.info.kind === 'timestamptz' && typeof v === 'number') {
    if (!g.bucket) return { out: new Date(v).toISOString(), key: v };
    const d = truncateDate(localDate(v, timeZone), g.bucket);
    return { out: d, key: d };
  }
  if (g.info.kind === 'date' && typeof v === 'string' && g.bucket) {
    const d = truncateDate(v, g.bucket);
    return { out: d, key: d };
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? { out: v, key: v }
    : { out: null, key: null };
}

interface Acc {
  rows: number;
  count: number;
  sum: Dec | null;
  min: number | null;
  max: number | null;
  distinct: Set<string>;
}

function accumulate(m: ResolvedMeasure, acc: Acc, record: QueryRecord) {
  acc.rows++;
  if (!m.info) return;
  const v = readField(m.info, record);
  if (v === null) return;
  acc.count++;
  if (m.op === 'distinctCount') acc.distinct.add(`${typeof v}:${String(v)}`);
  if (typeof v !== 'number') return;
  acc.sum = acc.sum ? addDec(acc.sum, decOf(v)) : decOf(v);
  acc.min = acc.min === null || v < acc.min ? v : acc.min;
  acc.max = acc.max === null || v > acc.max ? v : acc.max;
}

/** A measure's value and its exact sort key. */
function finish(m: ResolvedMeasure, acc: Acc): { out: number | null; key: Dec | null } {
  const exact = (d: Dec | null) => ({ out: d === null ? null : Number(formatDec(d)), key: d });
  switch (m.op) {
    case 'count':
      return exact(decOf(m.info ? acc.count : acc.rows));
    case 'distinctCount':
      return exact(decOf(acc.distinct.size));
    case 'sum':
      return exact(acc.sum);
    case 'avg':
      return exact(acc.sum && acc.count ? divideDec(acc.sum, acc.count) : null);
    case 'min':
      return exact(acc.min === null ? null : decOf(acc.min));
    case 'max':
      return exact(acc.max === null ? null : decOf(acc.max));
  }
}

const nullsLast = <T>(a: T | null, b: T | null, desc: boolean, cmp: (x: T, y: T) => number): number => {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  const c = cmp(a, b);
  return desc ? -c : c;
};

/**
 * Runs an aggregate query over records in memory with the semantics of `compileAggregate`:
 * groups (date buckets in `ctx.timeZone`, weeks from Monday), exact sums, averages rounded to 12
 * places, NULLs last, ties ordered by the group keys ascending, `limit` (default 1000).
 */
export function aggregate(
  records: readonly QueryRecord[],
  query: AggregateQuery,
  form: QueryForm,
  ctx: QueryContext,
): AggregateRow[] {
  const bad = checkContext(ctx);
  if (bad) throw new QueryError([{ path: '', code: 'invalidContext', message: bad }]);
  const q = resolveAggregate(query, form);
  const match = q.filter === undefined ? () => true : createMatcher(q.filter as never, form, ctx);
  const groups = new Map<string, { outs: Out[]; keys: (Normalized | null)[]; accs: Acc[] }>();
  const newAccs = () =>
    q.measures.map(() => ({
      rows: 0,
      count: 0,
      sum: null,
      min: null,
      max: null,
      distinct: new Set<string>(),
    }));
  if (q.groups.length === 0) groups.set('[]', { outs: [], keys: [], accs: newAccs() });
  for (const record of records) {
    if (!match(record)) continue;
    const values = q.groups.map((g) => groupValue(g, record, ctx.timeZone));
    const id = JSON.stringify(values.map((v) => v.key));
    let group = groups.get(id);
    if (!group) {
      group = { outs: values.map((v) => v.out), keys: values.map((v) => v.key), accs: newAccs() };
      groups.set(id, group);
    }
    q.measures.forEach((m, i) => accumulate(m, group.accs[i]!, record));
  }
  const rows = [...groups.values()].map((g) => ({
    g,
    measures: q.measures.map((m, i) => finish(m, g.accs[i]!)),
  }));
  const groupIndex = new Map(q.groups.map((g, i) => [g.alias, i]));
  const measureIndex = new Map(q.measures.map((m, i) => [m.alias, i]));
  const order = [...q.sort, ...q.groups.map((g) => ({ alias: g.alias, desc: false }))];
  rows.sort((a, b) => {
    for (const s of order) {
      const gi = groupIndex.get(s.alias);
      const c =
        gi !== undefined
          ? nullsLast(a.g.keys[gi] ?? null, b.g.keys[gi] ?? null, s.desc, compareScalars)
          : nullsLast(
              a.measures[measureIndex.get(s.alias)!]!.key,
              b.measures[measureIndex.get(s.alias)!]!.key,
              s.desc,
              compareDec,
            );
      if (c !== 0) return c;
    }
    return 0;
  });
  return rows.slice(0, q.limit).map(({ g, measures }) => {
    const row: AggregateRow = {};
    q.groups.forEach((grp, i) => (row[grp.alias] = g.outs[i] ?? null));
    q.measures.forEach((m, i) => (row[m.alias] = measures[i]!.out));
    return row;
  });
}
