/**
 * The help of every function is executable: each catalogue entry's example `CALL -> result` is
 * evaluated and must give the stated result, so the help users read can never drift from what the
 * function does. Examples that read fields are computed against one sample record (below).
 */
import { describe, expect, it } from 'vitest';
import { check, evaluate, functions, parse } from '../src/index';
import type { FormulaContext, MapxRequest, ResultValue } from '../src/index';

/** The record the field-based examples assume (a subform `items` and a few fields). */
const SAMPLE: FormulaContext = {
  values: {
    items: [
      { type: 'A', qty: 2, price: 15, amount: 30 },
      { type: 'B', qty: 6, price: 5, amount: 20 },
      { type: 'A', qty: null, price: 8, amount: 10 },
    ],
    score: 75,
    level: 2,
    empty: null,
    owner: 'u1',
    dept: 'd1',
    customer: 'C001',
  },
  fieldTypes: {
    'items.type': 'text',
    'items.qty': 'number',
    'items.price': 'number',
    'items.amount': 'number',
    score: 'number',
    level: 'number',
    empty: 'text',
    owner: 'member',
    dept: 'department',
    customer: 'text',
  },
  now: new Date('2024-05-01T09:30:00Z'),
  timeZone: 'UTC',
  random: () => 0.25,
  user: { id: 'u1', name: '张三', departments: ['d1'] },
  recordNumber: 42,
  resolvers: {
    deptName: (id) => (id === 'd1' ? '销售部' : null),
    mapx: (req: MapxRequest) =>
      req.op === 'GET' && req.matchValue === 'C001' && req.returnField.column === 'phone'
        ? '13800000000'
        : null,
  },
};

type Stated = { error: string } | { value: ResultValue };

/**
 * The stated result after `->`: an error code (`#N/A`), a date `YYYY-MM-DD`, a datetime
 * `YYYY-MM-DD HH:mm:ss` (UTC in the sample), TRUE/FALSE, or JSON (numbers, "text", lists).
 */
function stated(text: string): Stated {
  if (/^#[A-Z0-9/]+[!?]?$/.test(text)) return { error: text };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { value: text };
  const dt = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text);
  if (dt) return { value: `${dt[1]}T${dt[2]}.000Z` };
  if (text === 'TRUE' || text === 'FALSE') return { value: text === 'TRUE' };
  return { value: JSON.parse(text) as ResultValue };
}

function splitExample(example: string): { call: string; result: string } {
  const at = example.lastIndexOf(' -> ');
  return at < 0
    ? { call: example, result: '' }
    : { call: example.slice(0, at), result: example.slice(at + 4) };
}

describe('function catalogue', () => {
  it('has at least 100 functions with distinct names', () => {
    const names = new Set(functions.map((f) => f.name));
    expect(names.size).toBe(functions.length);
    expect(names.size).toBeGreaterThanOrEqual(100);
  });

  it('has the common Excel functions users expect', () => {
    const names = new Set(functions.map((f) => f.name));
    const expected = [
      'IFERROR',
      'IFNA',
      'ISERROR',
      'ISBLANK',
      'ISNUMBER',
      'ISTEXT',
      'NA',
      'CHOOSE',
      'AVERAGEIF',
      'COUNTIFS',
      'SUMIFS',
      'MAXIFS',
      'MINIFS',
      'TRUNC',
      'SIGN',
      'EXP',
      'LN',
      'LOG10',
      'PI',
      'RAND',
      'RANDBETWEEN',
      'MEDIAN',
      'MODE',
      'STDEV',
      'VAR',
      'COUNTA',
      'COUNTBLANK',
      'FIND',
      'SUBSTITUTE',
      'PROPER',
      'TEXTJOIN',
      'CONCAT',
      'CLEAN',
      'UNICODE',
      'NUMBERVALUE',
      'EDATE',
      'EOMONTH',
      'DATEVALUE',
      'YEARFRAC',
      'GCD',
      'LCM',
      'QUOTIENT',
      'ODD',
      'EVEN',
      'AVERAGEA',
    ];
    expect(expected.filter((n) => !names.has(n))).toEqual([]);
  });

  it('gives every function help in zh-CN and en and an example with a stated result', () => {
    for (const f of functions) {
      expect(f.description['zh-CN'].trim(), f.name).not.toBe('');
      expect(f.description.en.trim(), f.name).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(f.description['zh-CN']), `${f.name} zh-CN help is Chinese`).toBe(true);
      const { call, result } = splitExample(f.example);
      expect(call, f.name).toContain(`${f.name}(`);
      expect(result, `${f.name} example states its result`).not.toBe('');
    }
  });

  it('marks exactly the functions whose result changes without any field change volatile', () => {
    expect(
      functions
        .filter((f) => f.volatile)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['MAPX', 'NOW', 'RAND', 'RANDBETWEEN', 'TODAY', 'UUID']);
  });
});

describe('every example evaluates to its stated result', () => {
  it.each(functions.map((f) => ({ name: f.name, example: f.example })))('$name: $example', ({ example }) => {
    const { call, result } = splitExample(example);
    const want = stated(result);
    const { ast, errors } = parse(call);
    expect(errors).toEqual([]);
    // The checker (arity, argument types) accepts what the help shows.
    expect(check(ast!, SAMPLE.fieldTypes!).errors).toEqual([]);
    const got = evaluate(call, SAMPLE);
    if ('error' in want) {
      expect(got.error?.code, JSON.stringify(got)).toBe(want.error);
    } else {
      expect(got.error, JSON.stringify(got.error)).toBeUndefined();
      expect(got.value).toEqual(want.value);
    }
  });
});
