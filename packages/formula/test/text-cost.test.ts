import { describe, expect, it } from 'vitest';
import { evaluate, LIMITS } from '../src/index';

// Issue 10 §2: work must grow with the formula's size, and text work counts as work.
describe('text work is charged as evaluation steps', () => {
  it('stops a formula that rescans a megabyte of text hundreds of times', () => {
    const big = 'REPT("ab", 499999)';
    const formula = Array.from({ length: 400 }, () => `LEN(${big})`).join('+');
    expect(formula.length).toBeLessThan(LIMITS.maxFormulaLength);
    expect(evaluate(formula).error?.code).toBe('#TIMEOUT');
  });

  it('still handles a megabyte of text a few times', () => {
    expect(evaluate('LEN(UPPER(REPT("ab", 499999)) & "x")').value).toBe(999_999);
  });
});
