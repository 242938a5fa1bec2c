import { describe, expect, it } from 'vitest';
import { evaluate, storedFormulaValue } from '../src/index';

describe('storedFormulaValue', () => {
  it('rounds numbers from the exact decimal, half away from zero', () => {
    expect(storedFormulaValue(evaluate('1.005 * 1'), 'number', 2)).toBe(1.01);
    expect(storedFormulaValue(evaluate('-2.5'), 'number', 0)).toBe(-3);
    expect(storedFormulaValue(evaluate('0.1 + 0.2'), 'number')).toBe(0.3);
    expect(storedFormulaValue(evaluate('1/3'), 'number', 4)).toBe(0.3333);
  });

  it('converts to the declared type or stores nothing', () => {
    expect(storedFormulaValue(evaluate('"a" & 1'), 'text')).toBe('a1');
    expect(storedFormulaValue({ value: ['x', 'y'] }, 'text')).toBe('x,y');
    expect(storedFormulaValue(evaluate('DATE(2024, 2, 29)'), 'date')).toBe('2024-02-29');
    expect(storedFormulaValue({ value: '2024-03-01T09:30:00+08:00' }, 'datetime')).toBe(
      '2024-03-01T01:30:00.000Z',
    );
    expect(storedFormulaValue(evaluate('"text"'), 'number')).toBeNull();
    expect(storedFormulaValue(evaluate('1'), 'boolean')).toBeNull();
    expect(storedFormulaValue({ value: null }, 'text')).toBeNull();
  });
});
