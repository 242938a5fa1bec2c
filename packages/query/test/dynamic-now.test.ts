/**
 * `{ dynamic: 'now' }`: an instant for date-time fields ("past its deadline" to the minute, e.g. a
 * ticket's SLA computed in working hours), today for date fields.
 */
import { describe, expect, it } from 'vitest';
import { checkFilter, filterRecords, type QueryForm } from '../src/index.js';
import { compileFilter, createParams } from '../src/sql/index.js';
import { ctx, fields, target } from './fixtures.js';

const form = { fields } as unknown as QueryForm;
const rec = (id: string, data: Record<string, unknown>) => ({ id, ...data });

describe('dynamic now', () => {
  it('compares date-times with the current instant and dates with today', () => {
    // ctx.now is 2024-03-06T18:30:00Z (2024-03-07 02:30 in Shanghai).
    const records = [
      rec('a', { f_at: '2024-03-06T18:29:00.000Z', f_date: '2024-03-06' }),
      rec('b', { f_at: '2024-03-06T18:31:00.000Z', f_date: '2024-03-07' }),
      rec('c', { f_at: null, f_date: null }),
    ];
    const ids = (filter: object) =>
      filterRecords(records as never, filter as never, form, ctx).map((r) => (r as { id: string }).id);
    expect(ids({ kind: 'cmp', field: 'f_at', op: 'lt', value: { dynamic: 'now' } })).toEqual(['a']);
    expect(ids({ kind: 'cmp', field: 'f_at', op: 'gte', value: { dynamic: 'now' } })).toEqual(['b']);
    expect(ids({ kind: 'cmp', field: 'f_date', op: 'lt', value: { dynamic: 'now' } })).toEqual(['a']);
  });

  it('is refused on non-date fields and with list operators', () => {
    const issue = (filter: object) => checkFilter(filter as never, form, '')[0]?.code;
    expect(issue({ kind: 'cmp', field: 'f_amount', op: 'lt', value: { dynamic: 'now' } })).toBe(
      'dynamicNotAllowed',
    );
    expect(issue({ kind: 'cmp', field: 'f_at', op: 'in', value: { dynamic: 'now' } })).toBeDefined();
    expect(issue({ kind: 'cmp', field: 'f_at', op: 'lt', value: { dynamic: 'now', n: 2 } })).toBe(
      'invalidValue',
    );
  });

  it('compiles to a bound instant in SQL', () => {
    const params = createParams();
    const sql = compileFilter(
      { kind: 'cmp', field: 'f_at', op: 'lt', value: { dynamic: 'now' } } as never,
      target,
      ctx,
      params,
    );
    expect(sql).toContain('<');
    expect(JSON.stringify(params)).toContain('2024-03-06T18:30:00');
  });
});
