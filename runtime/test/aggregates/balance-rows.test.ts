import type { BalanceRow } from '@tangram/client';
import { describe, expect, it } from 'vitest';
import { appendPage, isNegative, keyFilters, keyText, rowKey } from '../../src/aggregates/balance-rows';

const keys = [{ id: 'product' }, { id: 'warehouse' }];
const row = (p: string, w: string, qty: string, title?: string): BalanceRow => ({
  key: { product: p, warehouse: w },
  titles: title ? { product: title } : {},
  values: { qty },
});

describe('balance rows', () => {
  it('show a record key by its title when the reader may see it, else by its value', () => {
    expect(keyText(row('r1', 'sh', '3', 'Widget A'), keys[0]!)).toBe('Widget A');
    expect(keyText(row('r1', 'sh', '3'), keys[0]!)).toBe('r1');
    expect(keyText(row('r1', 'sh', '3'), { id: 'missing' })).toBe('');
  });

  it('send only filled filters, trimmed', () => {
    expect(keyFilters({ product: ' r1 ', warehouse: '', other: undefined, x: '  ' })).toEqual({
      product: 'r1',
    });
  });

  it('append a page without repeating a row already shown', () => {
    const shown = [row('a', 'sh', '1'), row('b', 'sh', '2')];
    const next = appendPage(shown, [row('b', 'sh', '2'), row('c', 'sh', '5')], keys);
    expect(next.map((r) => rowKey(r, keys))).toEqual(['["a","sh"]', '["b","sh"]', '["c","sh"]']);
  });

  it('flag negative values', () => {
    expect(isNegative('-0.50')).toBe(true);
    expect(isNegative('0')).toBe(false);
    expect(isNegative(undefined)).toBe(false);
  });
});
