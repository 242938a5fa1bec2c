import { describe, expect, it } from 'vitest';
import { columnDependencies, dependencies, parse, recomputeOrder } from '../src/index';

const deps = (text: string) => dependencies(parse(text).ast!);

describe('dependencies', () => {
  it('lists field ids once, in order of appearance', () => {
    expect(deps('{a} + {b} * {a}')).toEqual(['a', 'b']);
    expect(deps('IF({c}, SUM({a}), 0)')).toEqual(['c', 'a']);
    expect(deps('1 + 2')).toEqual([]);
  });

  it('reports a subform column as the subform field', () => {
    expect(deps('SUM({items.amount}) + COUNT({items.qty})')).toEqual(['items']);
    expect(columnDependencies(parse('SUM({items.amount}) + {a}').ast!)).toEqual(['items.amount', 'a']);
  });

  it("skips MAPX's target fields (they belong to another form)", () => {
    expect(deps('MAPX("GET", {cust}, {customers.id}, {customers.name})')).toEqual(['cust']);
  });
});

describe('recomputeOrder', () => {
  it('orders formula fields after the formula fields they read', () => {
    const order = recomputeOrder([
      { id: 'total', formula: '{subtotal} + {tax}' },
      { id: 'tax', formula: '{subtotal} * 0.13' },
      { id: 'subtotal', formula: 'SUM({items.amount})' },
      { id: 'items' },
      { id: 'note', formula: '"x"' },
    ]);
    expect(order).toEqual(['subtotal', 'tax', 'total', 'note']);
  });

  it('detects cycles and reports the loop', () => {
    const r = recomputeOrder([
      { id: 'a', formula: '{b} + 1' },
      { id: 'b', formula: '{c} + 1' },
      { id: 'c', formula: '{a} + 1' },
    ]);
    expect(r).toMatchObject({ cycle: ['a', 'b', 'c', 'a'], error: { code: '#CYCLE' } });
  });

  it('detects self-reference', () => {
    expect(recomputeOrder([{ id: 'a', formula: '{a} + 1' }])).toMatchObject({ cycle: ['a', 'a'] });
  });

  it('detects cycles through subform references', () => {
    const r = recomputeOrder([
      { id: 'x', formula: 'SUM({s.q})' },
      { id: 's', formula: '{x}' },
    ]);
    expect(r).toMatchObject({ cycle: ['x', 's', 'x'] });
  });

  it('handles long chains without recursion limits and ignores unparsable formulas', () => {
    const fields = Array.from({ length: 20_000 }, (_, i) => ({
      id: `f${i}`,
      formula: i === 0 ? '1' : `{f${i - 1}} + 1`,
    })).reverse();
    const order = recomputeOrder(fields);
    expect(Array.isArray(order) && order[0]).toBe('f0');
    expect(recomputeOrder([{ id: 'a', formula: '1 +' }])).toEqual(['a']);
  });
});
