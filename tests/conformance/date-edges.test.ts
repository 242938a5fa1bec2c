/**
 * Conformance at the ends of the calendar (issue 10 §4): 9999-12-31 is the usual "open end" date
 * in business data and 0001-01-01 the usual "since always". Their day boundaries fall in years
 * 10000 and 0 in some time zones; the in-memory executor and the SQL compiler (run in PGlite) must
 * agree on them, and both must give the answers a user expects.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Filter } from '@tangram/schema';
import { filterRecords, type QueryContext, type QueryRecord } from '@tangram/query';
import { compileFilter, createParams } from '@tangram/query/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx as baseCtx, DDL, INSERT, target, toRow } from './dataset.js';

const record = (id: string, at: string | null, date: string | null): QueryRecord => ({
  id,
  createdAt: at ?? '2024-03-07T00:00:00.000Z',
  updatedAt: '2024-03-07T00:00:00.000Z',
  createdBy: 'u1',
  updatedBy: null,
  ownerId: null,
  workflowStatus: null,
  f_name: id,
  f_note: null,
  f_qty: null,
  f_amount: null,
  f_date: date,
  f_at: at,
  f_time: null,
  f_status: null,
  f_tags: null,
  f_ok: null,
  f_owner: null,
  f_dept: null,
  f_addr: null,
});

const records: QueryRecord[] = [
  record('last', '9999-12-31T23:59:59.999Z', '9999-12-31'),
  record('lastShanghai', '9999-12-31T15:59:59.999Z', '9999-12-31'),
  record('lastButOne', '9999-12-30T12:00:00.000Z', '9999-12-30'),
  record('first', '0001-01-01T00:00:00.000Z', '0001-01-01'),
  record('firstPlus14', '0001-01-01T10:00:00.000Z', '0001-01-01'),
  record('now', '2024-03-07T08:00:00.000Z', '2024-03-07'),
  record('empty', null, null),
];

let db: PGlite;
beforeAll(async () => {
  db = new PGlite();
  for (const stmt of DDL.filter((s) => !s.includes('gin_trgm_ops'))) await db.exec(stmt);
  for (const rec of records) await db.query(INSERT, toRow(rec));
}, 60_000);
afterAll(() => db?.close());

async function sqlIds(filter: Filter, ctx: QueryContext): Promise<string[]> {
  const params = createParams();
  const where = compileFilter(filter, target, ctx, params);
  const res = await db.query<{ id: string }>(
    `SELECT "t".id FROM rec AS "t" WHERE ${where} ORDER BY "t".id`,
    params.values,
  );
  return res.rows.map((r) => r.id);
}
const memIds = (filter: Filter, ctx: QueryContext) =>
  filterRecords(records, filter, target, ctx)
    .map((r) => r.id as string)
    .sort();

const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'America/Los_Angeles',
  'Pacific/Kiritimati',
  'Etc/GMT-14',
  'Etc/GMT+12',
];
const DAYS = ['9999-12-31', '9999-12-30', '0001-01-01', '0001-01-02', '2024-03-07'];
const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
const PAIRS = [
  ['2000-01-01', '9999-12-31'],
  ['0001-01-01', '9999-12-31'],
  ['0001-01-01', '2024-03-07'],
  ['9999-12-31', '9999-12-31'],
  ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'],
];

const vectors: Filter[] = [];
for (const field of ['f_date', 'f_at', 'createdAt']) {
  for (const op of OPS) for (const value of DAYS) vectors.push({ kind: 'cmp', field, op, value } as Filter);
  for (const value of PAIRS) {
    if (field === 'f_date' && value[0]!.includes('T')) continue;
    vectors.push({ kind: 'cmp', field, op: 'between', value } as Filter);
  }
}

describe('dates at the ends of the calendar: memory == SQL', { timeout: 60_000 }, () => {
  for (const timeZone of ZONES) {
    it(`every comparison selects the same records in ${timeZone}`, async () => {
      const ctx = { ...baseCtx, timeZone };
      for (const filter of vectors) {
        expect(await sqlIds(filter, ctx), JSON.stringify(filter)).toEqual(memIds(filter, ctx));
      }
    });
  }

  it('nothing is after 9999-12-31 and everything is up to it (the reported bug)', async () => {
    for (const timeZone of ['UTC', 'America/Los_Angeles']) {
      const ctx = { ...baseCtx, timeZone };
      for (const field of ['f_date', 'f_at']) {
        const gt = { kind: 'cmp', field, op: 'gt', value: '9999-12-31' } as Filter;
        const upTo = { kind: 'cmp', field, op: 'between', value: ['2000-01-01', '9999-12-31'] } as Filter;
        expect(memIds(gt, ctx)).toEqual([]);
        expect(await sqlIds(gt, ctx)).toEqual([]);
        const expected = ['last', 'lastButOne', 'lastShanghai', 'now'];
        expect(memIds(upTo, ctx)).toEqual(expected);
        expect(await sqlIds(upTo, ctx)).toEqual(expected);
      }
    }
  });

  it('follows the local day in the org time zone at both ends', async () => {
    const shanghai = { ...baseCtx, timeZone: 'Asia/Shanghai' };
    const eq = (field: string, value: string) => ({ kind: 'cmp', field, op: 'eq', value }) as Filter;
    // 23:59:59.999 UTC on 9999-12-31 is already 10000-01-01 in Shanghai.
    expect(memIds(eq('f_at', '9999-12-31'), shanghai)).toEqual(['lastShanghai']);
    expect(memIds({ kind: 'cmp', field: 'f_at', op: 'gt', value: '9999-12-31' }, shanghai)).toEqual(['last']);
    // At UTC+14 the first day starts in year 0 (clamped to the first instant a value may hold)
    // and 0001-01-01 10:00 UTC is already 0001-01-02.
    const plus14 = { ...baseCtx, timeZone: 'Etc/GMT-14' };
    for (const ids of [sqlIds, async (f: Filter, c: QueryContext) => memIds(f, c)]) {
      expect(await ids(eq('f_at', '0001-01-01'), plus14)).toEqual(['first']);
      expect(await ids(eq('f_at', '0001-01-02'), plus14)).toEqual(['firstPlus14']);
      expect(await ids({ kind: 'cmp', field: 'f_at', op: 'lt', value: '0001-01-01' }, plus14)).toEqual([]);
    }
  });
});
