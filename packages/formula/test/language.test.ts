import { describe, expect, it } from 'vitest';
import { evaluate, parse, print } from '../src/index';
import { context } from './fixtures';
import { shape } from './ast-shape';

const value = (formula: string) => evaluate(formula, context).value;
const code = (formula: string) => evaluate(formula, context).error?.code;

describe('parser', () => {
  it('parses literals, fields, subform columns and calls with spans', () => {
    const { ast, errors } = parse('SUM({sub.q}, 1.50) & "a\\"b"');
    expect(errors).toEqual([]);
    expect(ast).toMatchObject({
      kind: 'binary',
      op: '&',
      start: 0,
      end: 27,
      left: {
        kind: 'call',
        name: 'SUM',
        args: [{ kind: 'field', id: 'sub', column: 'q', start: 4, end: 11 }, { value: '1.5' }],
      },
      right: { kind: 'string', value: 'a"b', start: 21, end: 27 },
    });
  });

  it('uses Excel precedence: unary minus before ^, ^ left-associative, & below +', () => {
    expect(value('-2^2')).toBe(4);
    expect(value('2^3^2')).toBe(64);
    expect(value('1+2&3')).toBe('33');
    expect(value('1+2*3=7')).toBe(true);
    expect(value('(1+2)*3')).toBe(9);
  });

  it('accepts function names in any case, a leading =, Chinese punctuation', () => {
    expect(value('sum(1,2)')).toBe(3);
    expect(value('=1+1')).toBe(2);
    expect(value('SUM（1，2）')).toBe(3);
  });

  it('reports syntax errors with positions and never throws', () => {
    expect(parse('1 +').errors[0]).toMatchObject({ start: 3, end: 3 });
    expect(parse('SUM(1, 2').errors[0]?.message).toMatch(/Missing "\)"/);
    expect(parse('(1 + 2').errors[0]?.message).toMatch(/Missing closing parenthesis/);
    expect(parse('1 + 2)').errors[0]).toMatchObject({
      message: 'Unmatched closing parenthesis',
      start: 5,
      end: 6,
    });
    expect(parse('"abc').errors[0]?.message).toMatch(/Unterminated text/);
    expect(parse('{abc').errors[0]?.message).toMatch(/Unterminated field/);
    expect(parse('1 # 2').errors[0]).toMatchObject({ start: 2, end: 3 });
    expect(parse('').errors[0]?.message).toBe('Formula is empty');
  });

  it('treats constructor and __proto__ as unknown names, never as properties', () => {
    expect(parse('constructor').errors[0]?.code).toBe('#NAME?');
    expect(code('__proto__')).toBe('#NAME?');
    expect(code('constructor(1)')).toBe('#NAME?');
    expect(code('TOSTRING(1)')).toBe('#NAME?');
    expect(evaluate('{__proto__}', { values: {} }).value).toBeNull();
    expect(evaluate('{constructor}', { values: {} }).value).toBeNull();
    expect(evaluate('{toString}', { values: {} }).value).toBeNull();
  });

  it('prints canonical text that parses back to the same AST', () => {
    for (const text of [
      '-(1+2)*3 - (4-5)',
      '1-(2-3)',
      '(1-2)-3',
      '2^(3^2)',
      '-2^2',
      '"a\\\\b\\"c" & {x.y}',
      'IF(a(1),TRUE,FALSE)',
    ]) {
      const { ast } = parse(text);
      if (!ast) continue;
      const again = parse(print(ast)).ast;
      expect(again && shape(again)).toEqual(shape(ast));
    }
    expect(print(parse('1+2*3').ast!)).toBe('1 + 2 * 3');
    expect(print(parse('(1+2)*3').ast!)).toBe('(1 + 2) * 3');
    expect(print(parse('round( {a} ,2 )').ast!)).toBe('ROUND({a}, 2)');
  });
});

describe('exact decimal arithmetic', () => {
  it('has no binary rounding', () => {
    expect(value('0.1 + 0.2')).toBe(0.3);
    expect(evaluate('0.1 + 0.2', context).exact).toBe('0.3');
    expect(evaluate('1.1 * 3', context).exact).toBe('3.3');
    expect(evaluate('19.99 * 3', context).exact).toBe('59.97');
    expect(evaluate('12345678901234567.89 + 0.01', context).exact).toBe('12345678901234567.9');
  });

  it('divides to 34 significant digits, and divides by zero as #DIV/0!', () => {
    expect(evaluate('1/3', context).exact).toBe('0.3333333333333333333333333333333333');
    expect(evaluate('2/3', context).exact).toBe('0.6666666666666666666666666666666667');
    expect(code('1/0')).toBe('#DIV/0!');
    expect(code('1/{e}')).toBe('#DIV/0!');
  });

  it('broadcasts operators over subform columns', () => {
    expect(value('{sub.q} * {sub.p}')).toEqual([2.5, 12, 0]);
    expect(value('SUM({sub.q} * {sub.p})')).toBe(14.5);
    expect(code('{sub.q} + {tags}')).toBe('#VALUE!');
  });
});

describe('empty values', () => {
  it('count as 0 in arithmetic and "" in text', () => {
    expect(value('{e} + 1')).toBe(1);
    expect(value('{e} * 5')).toBe(0);
    expect(value('"a" & {e} & "b"')).toBe('ab');
    expect(value('-{e}')).toBe(0);
    expect(value('{missing} + 1')).toBe(1);
  });

  it('equal 0, "" and FALSE in comparisons', () => {
    expect(value('{e} = 0')).toBe(true);
    expect(value('{e} = ""')).toBe(true);
    expect(value('{e} = FALSE')).toBe(true);
    expect(value('{e} = {ed}')).toBe(true);
    expect(value('{e} < 1')).toBe(true);
    expect(value('{e} > -1')).toBe(true);
    expect(value('{e} = "x"')).toBe(false);
    expect(value('{ed} < {d}')).toBe(true);
  });

  it('a formula that is only an empty field is empty', () => {
    expect(evaluate('{e}', context)).toEqual({ value: null, type: 'null' });
  });
});

describe('comparisons and coercion', () => {
  it('compares text case-insensitively and number text as numbers', () => {
    expect(value('"abc" = "ABC"')).toBe(true);
    expect(value('"a" < "b"')).toBe(true);
    expect(value('{t} = 12')).toBe(true);
    expect(value('{t} > 9')).toBe(true);
    expect(value('"x" = 1')).toBe(false);
    expect(value('"3" + 1')).toBe(4);
    expect(value('TRUE + 1')).toBe(2);
    expect(value('1 <> 2')).toBe(true);
  });

  it('does date arithmetic', () => {
    expect(value('{d} + 1')).toBe('2024-03-01');
    expect(value('{d} - 1')).toBe('2024-02-28');
    expect(value('DATE(2024, 3, 1) - {d}')).toBe(1);
    expect(value('{dt} - DATE(2024, 3, 15)')).toBeCloseTo(8.5 / 24);
    expect(value('{d} + 0.5')).toBe('2024-02-29T04:00:00.000Z');
    expect(code('{d} + {d}')).toBe('#VALUE!');
    expect(code('1 - {d}')).toBe('#VALUE!');
  });

  it('returns every result type as JSON', () => {
    expect(evaluate('{d}', context)).toMatchObject({ value: '2024-02-29', type: 'date' });
    expect(evaluate('{dt}', context)).toMatchObject({ value: '2024-03-15T00:30:00.000Z', type: 'datetime' });
    expect(evaluate('{m}', context)).toMatchObject({ value: 'u2', type: 'member' });
    expect(evaluate('{tags}', context)).toMatchObject({ value: ['x', 'y'], type: { array: 'text' } });
    expect(evaluate('{b}', context)).toMatchObject({ value: true, type: 'boolean' });
  });

  it('infers value types without field types', () => {
    const ctx = { values: { a: 2, b: '3', c: [1, 2], d: new Date('2024-01-01T00:00:00Z') } };
    expect(evaluate('{a} * {b}', ctx).value).toBe(6);
    expect(evaluate('SUM({c})', ctx).value).toBe(3);
    expect(evaluate('YEAR({d})', ctx).value).toBe(2024);
  });

  it('accepts an AST as well as text', () => {
    const { ast } = parse('{n} * 2');
    expect(evaluate(ast!, context).value).toBe(20);
  });
});
