import { describe, expect, it } from 'vitest';
import { evaluate, parse, LIMITS } from '../src/index';

describe('limits', () => {
  it('rejects 10,000 nested parentheses without overflowing the stack', () => {
    const deep = '('.repeat(4999) + '1' + ')'.repeat(4999);
    const { ast, errors } = parse(deep);
    expect(ast).toBeNull();
    expect(errors[0]).toMatchObject({ code: '#LIMIT' });
    expect(errors[0]?.message).toMatch(/nested too deeply/);
    expect(parse('('.repeat(10_000) + '1' + ')'.repeat(10_000)).errors[0]?.code).toBe('#LIMIT');
    expect(parse('-'.repeat(9_000) + '1').errors[0]?.code).toBe('#LIMIT');
    expect(parse('ABS('.repeat(3_000) + '1' + ')'.repeat(3_000)).errors[0]?.code).toBe('#LIMIT');
    expect(evaluate(deep).error?.code).toBe('#LIMIT');
  });

  it('accepts reasonable nesting', () => {
    const ok = '('.repeat(100) + '1' + ')'.repeat(100);
    expect(evaluate(ok).value).toBe(1);
  });

  it('rejects formulas longer than the text limit', () => {
    const long = '1' + '+1'.repeat(LIMITS.maxFormulaLength);
    expect(parse(long).errors[0]?.message).toMatch(/too long/);
  });

  it('rejects ASTs with too many nodes', () => {
    const wide = Array.from({ length: 3000 }, () => '1').join('+');
    expect(wide.length).toBeLessThan(LIMITS.maxFormulaLength);
    expect(parse(wide).errors[0]).toMatchObject({ code: '#LIMIT' });
  });

  it('bounds the length of text results', () => {
    expect(evaluate('REPT("a", 1e9)').error?.code).toBe('#VALUE!');
    expect(evaluate('REPT("abc", 400000)').error?.message).toMatch(/more than/);
    expect(evaluate('REPT(REPT("a", 999999), 1) & REPT("b", 10)').error?.message).toMatch(/too long/);
    expect(evaluate('LEN(REPT("ab", 500000))').value).toBe(1_000_000);
  });

  it('bounds evaluation steps', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ q: i }));
    const r = evaluate('SUM({s.q}) + SUM({s.q}) + SUM({s.q})', { values: { s: rows }, maxSteps: 100_000 });
    expect(r.error?.code).toBe('#TIMEOUT');
    expect(evaluate('NETWORKDAYS(DATE(1, 1, 1), DATE(9999, 12, 31))').error?.code).toBe('#TIMEOUT');
    expect(evaluate('WORKDAY(DATE(2024, 1, 1), 1000000)').error?.code).toBe('#TIMEOUT');
    expect(evaluate('ADDWORKHOURS(DATE(2024, 1, 1), 100000, 9, 9.001)').error?.code).toBe('#TIMEOUT');
  });

  it('never throws for bad contexts', () => {
    expect(evaluate('TODAY()', { timeZone: 'Not/AZone' }).error?.code).toBe('#VALUE!');
    expect(evaluate('{a}', { values: { a: { nested: 1 } } }).value).toBeNull();
    expect(evaluate('1 +').error?.code).toBe('#SYNTAX');
    expect(evaluate('2 ^ 1e7').error?.code).toBe('#NUM!');
    expect(evaluate('1e200 * 1e200').error?.code).toBe('#NUM!');
    expect(evaluate('LEN(0.1 ^ 600000 & "")').value).toBe(1);
    expect(parse('1e-400').errors[0]?.message).toMatch(/out of range/);
    expect(parse('1e400').errors[0]?.message).toMatch(/out of range/);
    expect(evaluate('10 ^ 1e5 * 10 ^ 1e5').value).not.toBeUndefined();
  });

  it('uses globalThis.crypto for UUID (no Node built-ins)', () => {
    expect(evaluate('UUID()').value).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
