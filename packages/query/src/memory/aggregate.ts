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

interface Group {
  outs: Out[];
  keys: (Normalized | null)[];
  accs: Acc[];
  /** GROUPING() bits: bit (n-1-i) set when key i is totalled. */
  grouping: number;
  others: boolean;
}

/**
 * Runs an aggregate query over records in memory with the semantics of `compileAggregate`:
 * groups (date buckets in `ctx.timeZone`, weeks from Monday), conditional measures, exact sums,
 * averages rounded to 12 places, NULLs last, ties ordered by the group keys ascending, `limit`
 * (default 1000); `top` (rank one key's values by a measure, ties by the key; the rest dropped or
 * merged into an `$others` row that sorts last) and `groupingSets` (`$grouping` bits, detail rows
 * before totals on equal keys).
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
  const measureMatch = q.measures.map((m) =>
    m.filter === undefined ? () => true : createMatcher(m.filter as never, form, ctx),
  );
  const matched = records.filter((r) => match(r));
  const values = matched.map((r) => q.groups.map((g) => groupValue(g, r, ctx.timeZone)));
  const newAccs = (): Acc[] =>
    q.measures.map(() => ({
      rows: 0,
      count: 0,
      sum: null,
      min: null,
      max: null,
      distinct: new Set<string>(),
    }));
  const feed = (accs: Acc[], record: QueryRecord) =>
    q.measures.forEach((m, i) => {
      if (measureMatch[i]!(record)) accumulate(m, accs[i]!, record);
    });

  // Top N: rank the values of one key by the measure over all matched records.
  let kept: Set<string> | null = null;
  const top = q.top;
  if (top) {
    const totals = new Map<string, { key: Normalized | null; acc: Acc[] }>();
    matched.forEach((r, i) => {
      const v = values[i]![top.group]!;
      const id = JSON.stringify(v.key);
      let t = totals.get(id);
      if (!t) totals.set(id, (t = { key: v.key, acc: newAccs() }));
      const m = q.measures[top.by]!;
      if (measureMatch[top.by]!(r)) accumulate(m, t.acc[top.by]!, r);
    });
    const ranked = [...totals.entries()].map(([id, t]) => ({
      id,
      key: t.key,
      v: finish(q.measures[top.by]!, t.acc[top.by]!).key,
    }));
    ranked.sort(
      (a, b) => nullsLast(a.v, b.v, top.desc, compareDec) || nullsLast(a.key, b.key, false, compareScalars),
    );
    kept = new Set(ranked.slice(0, top.n).map((r) => r.id));
  }

  const sets = q.groupingSets && q.groups.length ? q.groupingSets : [q.groups.map((_, i) => i)];
  const n = q.groups.length;
  const groups = new Map<string, Group>();
  for (const set of sets) {
    const inSet = new Set(set);
    const grouping = q.groups.reduce((bits, _g, i) => (inSet.has(i) ? bits : bits | (1 << (n - 1 - i))), 0);
    // The empty set (and a query without keys) answers one row even over no records, as SQL does.
    if (set.length === 0)
      groups.set(JSON.stringify([grouping, false, ...q.groups.map(() => null)]), {
        outs: q.groups.map(() => null),
        keys: q.groups.map(() => null),
        accs: newAccs(),
        grouping,
        others: false,
      });
    matched.forEach((record, r) => {
      let others = false;
      const vs = values[r]!.map((v, i) => {
        if (!inSet.has(i)) return { out: null, key: null };
        if (kept && top && i === top.group && !kept.has(JSON.stringify(v.key))) {
          others = true;
          return { out: null, key: null };
        }
        return v;
      });
      if (others && !top!.others) return;
      const id = JSON.stringify([grouping, others, ...vs.map((v) => v.key)]);
      let group = groups.get(id);
      if (!group) {
        group = { outs: vs.map((v) => v.out), keys: vs.map((v) => v.key), accs: newAccs(), grouping, others };
        groups.set(id, group);
      }
      feed(group.accs, record);
    });
  }
  const rows = [...groups.values()].map((g) => ({
    g,
    measures: q.measures.map((m, i) => finish(m, g.accs[i]!)),
  }));
  const groupIndex = new Map(q.groups.map((g, i) => [g.alias, i]));
  const measureIndex = new Map(q.measures.map((m, i) => [m.alias, i]));
  const order = [...q.sort, ...q.groups.map((g) => ({ alias: g.alias, desc: false }))];
  rows.sort((a, b) => {
    if (a.g.others !== b.g.others) return a.g.others ? 1 : -1;
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
    return a.g.grouping - b.g.grouping;
  });
  const withGrouping = q.groupingSets !== null && q.groups.length > 0;
  return rows.slice(0, q.limit).map(({ g, measures }) => {
    const row: AggregateRow = {};
    if (top?.others && g.others) row.$others = true;
    q.groups.forEach((grp, i) => (row[grp.alias] = g.outs[i] ?? null));
    q.measures.forEach((m, i) => (row[m.alias] = measures[i]!.out));
    if (withGrouping) row.$grouping = g.grouping;
    return row;
  });
}
