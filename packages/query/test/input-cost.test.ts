import { describe, expect, it } from 'vitest';
import type { Filter } from '@tangram/schema';
import { checkFilter, filterRecords, MAX_FILTER_NODES, QueryError } from '../src/index.js';
import { compileFilter, createParams } from '../src/sql/index.js';
import { ctx, target } from './fixtures.js';

// Issue 10 §2 (a filter's size is bounded before it is walked) and §4 (9999-12-31 as an open end).
describe('filter size', () => {
  const group = (n: number, item: unknown = { kind: 'and', items: [] }) => ({
    kind: 'or',
    items: Array.from({ length: n }, () => item),
  });

  it('refuses a group of 150,000 items with one issue at the items list', () => {
    const issues = checkFilter(group(150_000, {}), target, '/filter');
    expect(issues).toEqual([expect.objectContaining({ path: '/filter/items', code: 'tooManyNodes' })]);
  });

  it('counts groups as well as conditions, across the whole tree', () => {
    expect(checkFilter(group(MAX_FILTER_NODES - 1), target)).toEqual([]);
    expect(checkFilter(group(MAX_FILTER_NODES), target)[0]?.code).toBe('tooManyNodes');
    const wide = { kind: 'and', items: Array.from({ length: 8 }, () => group(60)) };
    const issues = checkFilter(wide, target);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('tooManyNodes');
  });

  it('bounds substring needles (matching costs value length times needle length)', () => {
    const cmp = (op: string, value: string) =>
      checkFilter({ kind: 'cmp', field: 'f_name', op, value }, target);
    expect(cmp('contains', 'a'.repeat(200))).toEqual([]);
    for (const op of ['contains', 'notContains', 'startsWith'])
      expect(cmp(op, 'a'.repeat(201))).toEqual([
        expect.objectContaining({ path: '/value', code: 'tooLong' }),
      ]);
    expect(cmp('eq', 'a'.repeat(201))).toEqual([]);
  });

  it('never compiles an oversized filter', () => {
    const params = createParams();
    expect(() => compileFilter(group(10_000) as Filter, target, ctx, params)).toThrow(QueryError);
    expect(params.values).toEqual([]);
    expect(() => filterRecords([], group(10_000) as Filter, target, ctx)).toThrow(QueryError);
  });
});

describe('dates at the end of the calendar', () => {
  const sql = (filter: Filter, timeZone = 'America/Los_Angeles') => {
    const params = createParams();
    return { sql: compileFilter(filter, target, { ...ctx, timeZone }, params), values: params.values };
  };

  it('plans a date-time "after 9999-12-31" as nothing and "up to 9999-12-31" as every value', () => {
    // The local day 9999-12-31 ends in year 10000, after the last instant a value may hold.
    const field = 'f_at';
    expect(sql({ kind: 'cmp', field, op: 'gt', value: '9999-12-31' }).sql).toBe('FALSE');
    const upTo = sql({ kind: 'cmp', field, op: 'lte', value: '9999-12-31' });
    expect(upTo.values).toEqual([]);
    expect(upTo.sql).toMatch(/IS NOT NULL/);
  });

  it('never sends PostgreSQL a year it cannot read', () => {
    for (const timeZone of ['Etc/GMT-14', 'Etc/GMT+12']) {
      const filter: Filter = {
        kind: 'cmp',
        field: 'f_at',
        op: 'between',
        value: ['0001-01-01', '9999-12-31'],
      };
      for (const v of sql(filter, timeZone).values) expect(String(v)).toMatch(/^\d{4}-/);
    }
  });

  it('keeps records of 9999-12-31 in memory too', () => {
    const records = [
      { id: 'a', f_date: '9999-12-31', f_at: '9999-12-31T15:00:00.000Z' },
      { id: 'b', f_date: '2024-03-07', f_at: '2024-03-07T00:00:00.000Z' },
    ];
    const ids = (filter: Filter) => filterRecords(records, filter, target, ctx).map((r) => r.id);
    expect(ids({ kind: 'cmp', field: 'f_date', op: 'gt', value: '9999-12-31' })).toEqual([]);
    expect(ids({ kind: 'cmp', field: 'f_date', op: 'between', value: ['2000-01-01', '9999-12-31'] })).toEqual(
      ['a', 'b'],
    );
    expect(ids({ kind: 'cmp', field: 'f_at', op: 'eq', value: '9999-12-31' })).toEqual(['a']);
  });
});
