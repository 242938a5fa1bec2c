import { describe, expect, it } from 'vitest';
import { check, parse } from '../src/index';
import { fieldTypes } from './fixtures';

const run = (text: string) => {
  const { ast, errors } = parse(text);
  expect(errors).toEqual([]);
  return check(ast!, fieldTypes);
};

describe('type checker', () => {
  it('infers result types', () => {
    expect(run('{n} * 2').type).toBe('number');
    expect(run('{s} & 1').type).toBe('text');
    expect(run('{d} + 1').type).toBe('date');
    expect(run('{d} - {d}').type).toBe('number');
    expect(run('IF({b}, "a", "b")').type).toBe('text');
    expect(run('IF({b}, 1, "b")').type).toBe('any');
    expect(run('{sub.q}').type).toEqual({ array: 'number' });
    expect(run('SPLIT({s}, ",")').type).toEqual({ array: 'text' });
    expect(run('DATE(2024, 1, 1)').type).toBe('date');
    expect(run('DATE(2024, 1, 1, 8, 0, 0)').type).toBe('datetime');
    expect(run('TEXTUSER({ms})').type).toEqual({ array: 'text' });
    expect(run('TODAY()').type).toBe('date');
  });

  it('reports wrong argument types with the argument span', () => {
    expect(run('YEAR({n})').errors).toMatchObject([
      { message: 'YEAR argument 1 (date) needs a date, not a number', start: 5, end: 8, code: '#VALUE!' },
    ]);
    expect(run('SUM(1, {d})').errors[0]).toMatchObject({ start: 7, end: 10, code: '#VALUE!' });
    expect(run('LEFT({m}, 1)').errors[0]?.message).toMatch(/TEXTUSER/);
    expect(run('ABS({sub.q})').errors[0]).toMatchObject({ start: 4, end: 11 });
    expect(run('IF({s}, 1, 2)').errors[0]).toMatchObject({ start: 3, end: 6 });
    expect(run('TEXTDEPT({n})').errors[0]?.message).toMatch(/department/);
  });

  it('reports operator type errors with the operand span', () => {
    expect(run('1 + {m}').errors[0]).toMatchObject({ start: 4, end: 7, code: '#VALUE!' });
    expect(run('{d} + {d}').errors[0]).toMatchObject({ start: 0, end: 9 });
    expect(run('-{dt}').errors[0]).toMatchObject({ start: 1, end: 5 });
    expect(run('{sub.q} < 1').errors[0]?.message).toMatch(/cannot compare lists/);
  });

  it('reports unknown fields and functions with positions', () => {
    expect(run('1 + {nope}').errors).toMatchObject([
      { message: 'Unknown field {nope}', start: 4, end: 10, code: '#REF!' },
    ]);
    expect(run('{sub.zz}').errors[0]).toMatchObject({ code: '#REF!', message: 'Unknown field {sub.zz}' });
    expect(run('2 * FOO(1)').errors).toMatchObject([
      { message: 'Unknown function FOO', start: 4, end: 7, code: '#NAME?' },
    ]);
    expect(run('CONSTRUCTOR()').errors[0]?.code).toBe('#NAME?');
  });

  it('reports wrong argument counts with the call span', () => {
    expect(run('ROUND()').errors[0]).toMatchObject({
      start: 0,
      end: 7,
      message: 'ROUND needs at least 1 argument, got 0',
    });
    expect(run('1 + ABS(1, 2)').errors[0]).toMatchObject({
      start: 4,
      end: 13,
      message: 'ABS takes at most 1 argument, got 2',
    });
    expect(run('IFS(TRUE, 1, FALSE)').errors[0]?.message).toMatch(/groups of 2/);
    expect(run('SWITCH(1, 1, "a", "b")').errors).toEqual([]);
  });

  it('accepts documented coercions', () => {
    expect(run('{t} * 2').errors).toEqual([]);
    expect(run('SUM({t}, {b}, {sub.q})').errors).toEqual([]);
    expect(run('YEAR("2024-01-01")').errors).toEqual([]);
    expect(run('LEN(123)').errors).toEqual([]);
    expect(run('MAPX("GET", {s}, {other.key}, {other.value})').errors).toEqual([]);
    expect(run('MAPX("GET", {s}, "key", {other.value})').errors[0]?.message).toMatch(/field reference/);
  });

  it('accepts a Map of field types', () => {
    const { ast } = parse('{a} + 1');
    expect(check(ast!, new Map([['a', 'number' as const]])).errors).toEqual([]);
    expect(check(ast!, new Map()).errors[0]?.code).toBe('#REF!');
  });
});
