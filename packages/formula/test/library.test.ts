/**
 * The Excel function library beyond the per-function case table: what IFERROR may and may not
 * catch, reproducible randomness, exact decimals in the conditional aggregates, and the checker
 * and editor seeing the new functions through the one catalogue.
 */
import { describe, expect, it } from 'vitest';
import { check, completions, diagnostics, evaluate, parse } from '../src/index';
import type { EditorField } from '../src/index';
import { context, fieldTypes } from './fixtures';

const checked = (text: string) => {
  const { ast, errors } = parse(text);
  expect(errors).toEqual([]);
  return check(ast!, fieldTypes);
};

describe('IFERROR and the IS functions', () => {
  it('catch the formula errors of every kind', () => {
    for (const [formula, code] of [
      ['1 / 0', '#DIV/0!'],
      ['VALUE("x")', '#VALUE!'],
      ['SQRT(-1)', '#NUM!'],
      ['NA()', '#N/A'],
      ['NOPE()', '#NAME?'],
      ['TEXTUSER("nobody")', '#N/A'],
    ] as const) {
      expect(evaluate(formula, context).error?.code).toBe(code);
      expect(evaluate(`IFERROR(${formula}, "caught")`, context).value).toBe('caught');
      expect(evaluate(`ISERROR(${formula})`, context).value).toBe(true);
    }
  });

  it('never hide running out of the step budget', () => {
    const heavy = 'SUM({sub.q}) + SUM({sub.q}) + SUM({sub.q})';
    expect(evaluate(heavy, { ...context, maxSteps: 8 }).error?.code).toBe('#TIMEOUT');
    expect(evaluate(`IFERROR(${heavy}, 0)`, { ...context, maxSteps: 8 }).error?.code).toBe('#TIMEOUT');
    expect(evaluate(`ISERROR(${heavy})`, { ...context, maxSteps: 8 }).error?.code).toBe('#TIMEOUT');
  });

  it('evaluate the fallback only on an error, and an error in it is the result', () => {
    expect(evaluate('IFERROR(1, 1 / 0)', context).value).toBe(1);
    expect(evaluate('IFERROR(1 / 0, NA())', context).error?.code).toBe('#N/A');
    // An error anywhere inside the first argument, even deep in a list, is caught.
    expect(evaluate('IFERROR(SUM({sub.q} / ({sub.q} - 1)), -1)', context).value).toBe(-1);
  });
});

describe('randomness', () => {
  it('comes from the context source when one is given, so results are reproducible', () => {
    const fixed = { ...context, random: () => 0.999 };
    expect(evaluate('RAND()', fixed).value).toBe(0.999);
    expect(evaluate('RANDBETWEEN(1, 6)', fixed).value).toBe(6);
    expect(evaluate('RANDBETWEEN(1, 6)', { ...context, random: () => 0 }).value).toBe(1);
    expect(evaluate('UUID()', { ...context, random: () => 0 }).value).toBe(
      '00000000-0000-4000-8000-000000000000',
    );
  });

  it('refuses a source that leaves [0, 1)', () => {
    expect(evaluate('RAND()', { ...context, random: () => 1 }).error?.code).toBe('#NUM!');
    expect(evaluate('RANDBETWEEN(1, 2)', { ...context, random: () => Number.NaN }).error?.code).toBe('#NUM!');
  });

  it('spreads RANDBETWEEN over its whole range with the default source', () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 400 && seen.size < 3; i++) seen.add(evaluate('RANDBETWEEN(1, 3)').value);
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});

describe('exact decimals', () => {
  it('keep conditional sums, averages and variances exact', () => {
    const lines = { values: { l: [0.1, 0.2, 0.7].map((amount, i) => ({ amount, k: i < 2 ? 'a' : 'b' })) } };
    expect(evaluate('SUMIFS({l.amount}, {l.k}, "a")', lines)).toMatchObject({ value: 0.3, exact: '0.3' });
    expect(evaluate('AVERAGEIF({l.k}, "a", {l.amount})', lines).exact).toBe('0.15');
    expect(evaluate('MAXIFS({l.amount}, {l.k}, "a") - MINIFS({l.amount}, {l.k}, "a")', lines).exact).toBe(
      '0.1',
    );
    expect(evaluate('VARP(0.1, 0.2, 0.3)', lines).exact).toBe('0.006666666666666666666666666666666667');
    expect(evaluate('MEDIAN({l.amount})', lines).exact).toBe('0.2');
    expect(evaluate('TRUNC(0.1 + 0.2, 1)', lines).exact).toBe('0.3');
    expect(evaluate('MROUND(0.35, 0.1)', lines).exact).toBe('0.4');
  });
});

describe('checker and editor', () => {
  it('check the arity and argument types of the new functions', () => {
    expect(checked('IFERROR(1)').errors[0]?.message).toBe('IFERROR needs at least 2 arguments, got 1');
    expect(checked('COUNTIFS({sub.q}, ">1", {sub.k})').errors[0]?.message).toMatch(
      /groups of 2 \(range, criteria\)/,
    );
    expect(checked('SUMIFS({sub.p}, {sub.k}, "a", {sub.q}, ">0")').errors).toEqual([]);
    expect(checked('EDATE({n}, 1)').errors[0]?.message).toBe(
      'EDATE argument 1 (start) needs a date, not a number',
    );
    expect(checked('TRUNC({sub.q})').errors[0]?.message).toMatch(/single number/);
    expect(checked('FIND({m}, "x")').errors[0]?.message).toMatch(/TEXTUSER/);
  });

  it('infer result types', () => {
    expect(checked('IFERROR({n} / 2, 0)').type).toBe('number');
    expect(checked('IFERROR({n} / 2, "n/a")').type).toBe('any');
    expect(checked('CHOOSE(1, "a", "b")').type).toBe('text');
    expect(checked('EOMONTH({d}, 1)').type).toBe('date');
    expect(checked('ISBLANK({e})').type).toBe('boolean');
    expect(checked('IF({b}, NA(), 1)').type).toBe('number');
  });

  it('complete and document the new functions from the same table', () => {
    const fields: EditorField[] = [{ id: 'f_amount', label: '金额', type: 'number' }];
    const items = completions('IFE', 3, fields);
    expect(items.map((i) => i.label)).toEqual(['IFERROR']);
    expect(items[0]).toMatchObject({
      insertText: 'IFERROR(',
      detail: 'IFERROR(value, value_if_error)',
      documentation: { example: 'IFERROR(10 / 0, 0) -> 0' },
    });
    expect(items[0]?.documentation?.['zh-CN']).toMatch(/出错/);
    expect(completions('SUMIF', 5, fields).map((i) => i.label)).toEqual(['SUMIF', 'SUMIFS']);
    expect(diagnostics('TEXTJOIN(",", TRUE, {f_amount})', fields)).toEqual([]);
    expect(diagnostics('IFEROR(1, 2)', fields)[0]).toMatchObject({ code: '#NAME?', start: 0, end: 6 });
  });
});
