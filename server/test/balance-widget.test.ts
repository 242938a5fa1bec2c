/**
 * The balance query of a dashboard widget over an aggregate table (decision 0036): key and measure
 * ids travel as parameters (never in the SQL text), grouping sets follow the pivot, and a measure
 * the aggregate does not have is refused before any SQL runs.
 */
import type { AggregateDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { compileBalanceQuery } from '../src/aggregates/balance-widget';

const l = (en: string) => ({ en });
const stock: AggregateDefinition = {
  id: 'stock',
  name: l('Stock'),
  keys: [
    { id: "pro'duct", label: l('Product'), type: 'record', form: 'products' },
    { id: 'warehouse', label: l('Warehouse'), type: 'record', form: 'warehouses' },
  ],
  measures: [{ id: 'qty"; drop table x; --', label: l('Qty'), decimals: 3 }],
  sources: [],
};
const scope = { orgId: 'o', appId: 'a' };
const qty = stock.measures[0]!.id;

describe('compileBalanceQuery', () => {
  it('keeps ids out of the SQL text and rounds to the measure places', () => {
    const s = compileBalanceQuery(scope, stock, {
      groupBy: [{ field: "pro'duct", as: 'p' }],
      measures: [
        { op: 'sum', field: qty, as: 'total' },
        { op: 'count', as: 'keys' },
      ],
      sort: [{ key: 'total', dir: 'desc' }],
      limit: 5,
    });
    expect(s.sql).not.toContain("pro'duct");
    expect(s.sql).not.toContain('drop table');
    expect(s.params).toEqual(['o', 'a', 'stock', "pro'duct", qty, 5]);
    expect(s.sql).toContain('round(sum(v0), 3)');
    expect(s.sql).toMatch(/ORDER BY a0 DESC NULLS LAST/);
    expect(s.dims).toEqual([{ alias: 'p', column: 'd_k0', key: "pro'duct" }]);
    expect(s.measures).toEqual([
      { alias: 'total', column: 'a0' },
      { alias: 'keys', column: 'a1' },
    ]);
  });

  it('groups a pivot by its grouping sets and marks totals', () => {
    const s = compileBalanceQuery(scope, stock, {
      groupBy: [
        { field: "pro'duct", as: 'p' },
        { field: 'warehouse', as: 'w' },
      ],
      measures: [{ op: 'sum', field: qty, as: 'total' }],
      groupingSets: [['p', 'w'], []],
    });
    expect(s.grouping).toBe(true);
    expect(s.sql).toContain('GROUP BY GROUPING SETS ((k0, k1), ())');
    expect(s.sql).toContain('GROUPING(k0, k1) AS g');
  });

  it('refuses a key or a measure the aggregate does not have', () => {
    expect(() =>
      compileBalanceQuery(scope, stock, {
        groupBy: [{ field: 'bin' }],
        measures: [{ op: 'count', as: 'n' }],
      }),
    ).toThrow(/no key "bin"/);
    expect(() =>
      compileBalanceQuery(scope, stock, { measures: [{ op: 'sum', field: 'amount', as: 'x' }] }),
    ).toThrow(/not a sum, avg, min or max/);
    expect(() =>
      compileBalanceQuery(scope, stock, { measures: [{ op: 'distinctCount', field: qty, as: 'x' }] }),
    ).toThrow();
  });
});
