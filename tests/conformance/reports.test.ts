/**
 * Conformance for report aggregates: the SQL compiler (run in PGlite) and the in-memory evaluator
 * agree for EVERY measure op × EVERY date bucket (date and date-time fields), conditional measures,
 * top-N with and without "others", and pivot grouping sets (subtotals and totals), over one seeded
 * dataset. Plus the click-through helper: `pointFilter` selects exactly the records of a group.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { AggregateQuery, DateBucket, Filter } from '@tangram/schema';
import { aggregate, filterRecords, pointFilter, type AggregateRow } from '@tangram/query';
import { compileAggregate, createParams, readAggregateRow } from '@tangram/query/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, DDL, INSERT, makeRecords, target, toRow } from './dataset.js';

const records = makeRecords(400, 20261123);
let db: PGlite;

beforeAll(async () => {
  db = new PGlite({ extensions: { pg_trgm } });
  await db.exec('CREATE EXTENSION pg_trgm');
  for (const stmt of DDL) await db.exec(stmt);
  for (const rec of records) await db.query(INSERT, toRow(rec));
}, 60_000);
afterAll(() => db?.close());

async function viaSql(query: AggregateQuery): Promise<AggregateRow[]> {
  const params = createParams();
  const compiled = compileAggregate(query, target, ctx, params, { from: 'rec AS "t"' });
  const res = await db.query<Record<string, unknown>>(compiled.sql, params.values);
  return res.rows.map((row) => readAggregateRow(row, compiled.columns));
}

const same = async (query: AggregateQuery) => {
  const inMemory = aggregate(records, query, target, ctx);
  expect(await viaSql(query)).toEqual(inMemory);
  return inMemory;
};

const BUCKETS: DateBucket[] = ['day', 'week', 'month', 'quarter', 'year'];
const MEASURES: AggregateQuery['measures'] = [
  { op: 'count', as: 'rows' },
  { op: 'count', field: 'f_amount', as: 'filled' },
  { op: 'distinctCount', field: 'f_status', as: 'statuses' },
  { op: 'distinctCount', field: 'f_qty', as: 'qtys' },
  { op: 'sum', field: 'f_amount', as: 'total' },
  { op: 'avg', field: 'f_amount', as: 'mean' },
  { op: 'min', field: 'f_qty', as: 'least' },
  { op: 'max', field: 'f_qty', as: 'most' },
];
const won: Filter = { kind: 'cmp', field: 'f_status', op: 'eq', value: 'won' };

describe('every measure × every date bucket: memory == SQL', { timeout: 60_000 }, () => {
  const cases = ['f_date', 'f_at', 'createdAt'].flatMap((field) =>
    BUCKETS.map((bucket) => [field, bucket] as const),
  );
  it.each(cases)('%s by %s', async (field, bucket) => {
    const rows = await same({ groupBy: [{ field, bucket, as: 'b' }], measures: MEASURES });
    expect(rows.length).toBeGreaterThan(1);
  });

  it.each(MEASURES.map((m) => [m.op, m] as const))(
    '%s alone, sorted by it (desc) with ties by key',
    async (_op, m) => {
      await same({ groupBy: [{ field: 'f_status' }], measures: [m], sort: [{ key: m.as, dir: 'desc' }] });
    },
  );
});

describe('conditional measures: memory == SQL', { timeout: 60_000 }, () => {
  it('every op with a filter, grouped by month', async () => {
    const rows = await same({
      groupBy: [{ field: 'f_date', bucket: 'month', as: 'm' }],
      measures: MEASURES.map((m) => ({ ...m, filter: won })),
    });
    expect(rows.some((r) => r.rows === 0)).toBe(true); // months without a won record still answer 0
  });

  it('won out of all (the inputs of a conversion rate) add up', async () => {
    const [row] = await same({
      measures: [
        { op: 'count', as: 'all' },
        { op: 'count', as: 'won', filter: won },
        { op: 'count', as: 'notWon', filter: { kind: 'cmp', field: 'f_status', op: 'ne', value: 'won' } },
      ],
    });
    expect(row!.won).toBeGreaterThan(0);
    // `ne` matches empty values too (query-semantics.md), so the two split all rows.
    expect((row!.won as number) + (row!.notWon as number)).toBe(row!.all);
  });
});

describe('top N and others: memory == SQL', { timeout: 60_000 }, () => {
  const base: AggregateQuery = {
    groupBy: [{ field: 'f_name', as: 'name' }],
    measures: [
      { op: 'sum', field: 'f_amount', as: 'total' },
      { op: 'distinctCount', field: 'f_status', as: 'statuses' },
      { op: 'avg', field: 'f_qty', as: 'meanQty' },
    ],
  };
  it.each([
    ['top 5 by sum, others', { group: 'name', n: 5, by: 'total', others: true }],
    ['top 5 by sum, no others', { group: 'name', n: 5, by: 'total' }],
    ['bottom 3 by avg, others', { group: 'name', n: 3, by: 'meanQty', dir: 'asc', others: true }],
    ['top 2 by distinct count (ties by key)', { group: 'name', n: 2, by: 'statuses', others: true }],
  ] as const)('%s', async (_name, top) => {
    const rows = await same({ ...base, top: { ...top } });
    const kept = rows.filter((r) => !r.$others);
    expect(kept.length).toBe(top.n);
    if ('others' in top) {
      expect(rows.at(-1)!.$others).toBe(true);
      // Exact: the others row holds every record not in the top (sum over all rows = grand total).
      const [all] = aggregate(records, { measures: [{ op: 'count', as: 'n' }] }, target, ctx);
      const counted = aggregate(
        records,
        { ...base, measures: [{ op: 'count', as: 'n' }], top: { ...top, by: 'n' } },
        target,
        ctx,
      );
      expect(counted.reduce((s, r) => s + (r.n as number), 0)).toBe(all!.n);
    }
  });

  it.each([
    ['by sum, others', { group: 'name', n: 5, by: 'total', others: true }],
    ['by avg asc, others', { group: 'name', n: 3, by: 'meanQty', dir: 'asc', others: true }],
    ['by conditional count, no others', { group: 'name', n: 4, by: 'wonCount' }],
  ] as const)('staged (no distinct count) top N %s', async (_name, top) => {
    const rows = await same({
      ...base,
      measures: [
        { op: 'sum', field: 'f_amount', as: 'total' },
        { op: 'avg', field: 'f_qty', as: 'meanQty' },
        { op: 'count', as: 'wonCount', filter: won },
        { op: 'min', field: 'f_qty', as: 'least' },
      ],
      top: { ...top },
    });
    expect(rows.filter((r) => !r.$others)).toHaveLength(top.n);
  });

  it('top N of one key with a second key (series), sorted by the measure', async () => {
    const rows = await same({
      groupBy: [
        { field: 'f_name', as: 'name' },
        { field: 'f_status', as: 'status' },
      ],
      measures: [{ op: 'count', as: 'n' }],
      top: { group: 'name', n: 3, by: 'n', others: true },
      sort: [{ key: 'n', dir: 'desc' }],
    });
    expect(new Set(rows.filter((r) => !r.$others).map((r) => r.name)).size).toBe(3);
  });

  it('top N of a bucketed date', async () => {
    await same({
      groupBy: [{ field: 'f_at', bucket: 'month', as: 'm' }],
      measures: [{ op: 'sum', field: 'f_amount', as: 's' }],
      top: { group: 'm', n: 4, by: 's', others: true },
    });
  });
});

describe('pivot grouping sets: memory == SQL', { timeout: 60_000 }, () => {
  const groupBy = [
    { field: 'f_status', as: 'status' },
    { field: 'f_ok', as: 'ok' },
    { field: 'f_date', bucket: 'quarter' as const, as: 'q' },
  ];
  it('rows × columns with row subtotals, column subtotals and totals', async () => {
    const rows = await same({
      groupBy,
      measures: MEASURES,
      groupingSets: [['status', 'ok', 'q'], ['status', 'q'], ['q'], ['status', 'ok'], ['status'], []],
    });
    const grand = rows.filter((r) => r.$grouping === 7);
    expect(grand).toHaveLength(1);
    expect(grand[0]!.rows).toBe(records.length);
    // The subtotal of one status over all ok values and quarters equals the sum of its cells.
    const detail = rows.filter((r) => r.$grouping === 0 && r.status === 'won');
    const sub = rows.find((r) => r.$grouping === 3 && r.status === 'won');
    expect(sub!.rows).toBe(detail.reduce((s, r) => s + (r.rows as number), 0));
  });

  it('the same totals when staged (no distinct count: pre-aggregated once, then the sets)', async () => {
    const rows = await same({
      groupBy,
      measures: MEASURES.filter((m) => m.op !== 'distinctCount').map((m, i) =>
        i % 2 ? { ...m, filter: won } : m,
      ),
      groupingSets: [['status', 'ok', 'q'], ['status', 'ok'], ['q'], []],
      sort: [{ key: 'total', dir: 'desc' }],
    });
    expect(rows.filter((r) => r.$grouping === 7)).toHaveLength(1);
  });

  it('refuses a key that no set groups by', () => {
    expect(() =>
      aggregate(
        records,
        { groupBy, measures: [{ op: 'count', as: 'n' }], groupingSets: [['status', 'q']] },
        target,
        ctx,
      ),
    ).toThrow(/group key "ok" is in no grouping set/);
  });

  it('over no records the grand total still answers', async () => {
    const rows = await same({
      groupBy: [groupBy[0]!, groupBy[2]!],
      measures: [{ op: 'count', as: 'n' }],
      filter: { kind: 'cmp', field: 'f_name', op: 'eq', value: 'no such name' },
      groupingSets: [['status', 'q'], []],
    });
    expect(rows).toEqual([{ status: null, q: null, n: 0, $grouping: 3 }]);
  });
});

describe('pointFilter: the records behind a data point', { timeout: 60_000 }, () => {
  const cases = [
    ['f_date', 'month'],
    ['f_date', 'week'],
    ['f_at', 'day'],
    ['f_at', 'quarter'],
    ['createdAt', 'year'],
    ['f_status', undefined],
    ['f_qty', undefined],
    ['f_ok', undefined],
  ] as const;
  it.each(cases)('%s (%s): every group point selects exactly its count', async (field, bucket) => {
    const groups = [{ field, ...(bucket ? { bucket } : {}), as: 'k' }];
    const rows = aggregate(records, { groupBy: groups, measures: [{ op: 'count', as: 'n' }] }, target, ctx);
    for (const row of rows) {
      const filter = pointFilter(groups, { k: row.k }, target);
      const picked = filterRecords(records, filter!, target, ctx);
      expect(picked.length, `${field} ${String(row.k)}`).toBe(row.n);
    }
  });
});
