import { describe, expect, it } from 'vitest';
import { StrictJsonError, parseStrictJson } from '../src/http/strict-json';

const errorOf = (text: string, maxDepth?: number): StrictJsonError => {
  try {
    parseStrictJson(text, { maxDepth });
  } catch (err) {
    if (err instanceof StrictJsonError) return err;
    throw err;
  }
  throw new Error(`parsed without error: ${text}`);
};

describe('parseStrictJson', () => {
  it.each([
    '{}',
    '[]',
    '0',
    '-0.5e10',
    '"a\\u00e9\\n\\"\\\\\\/"',
    'true',
    'null',
    ' {"a": [1, 2, {"b": null}], "c": "d"} ',
    '{"\\ud83d\\ude00": "😀"}',
    '1E+2',
  ])('agrees with JSON.parse on %s', (text) => {
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it.each([
    '',
    '{',
    '{"a":1,}',
    '[1,]',
    '01',
    '1.',
    '.5',
    "{'a':1}",
    '{"a" 1}',
    'tru',
    'NaN',
    '"\u0001"',
    '"\\x"',
    '1 2',
    '{"a":1}}',
    '-',
    '+1',
  ])('rejects malformed %j with a position', (text) => {
    const err = errorOf(text);
    expect(err.code).toBe('malformed_json');
    expect(err.position).toBeGreaterThanOrEqual(0);
    expect(err.message).toMatch(/position \d+/);
  });

  it('reports the position of the problem', () => {
    expect(errorOf('{"a": 1, }').position).toBe(9);
  });

  it('rejects duplicate keys with their path', () => {
    const err = errorOf('{"a": {"b": 1, "b": 2}}');
    expect(err.code).toBe('duplicate_key');
    expect(err.path).toBe('/a/b');
  });

  it('accepts the same key in sibling objects', () => {
    expect(parseStrictJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each([
    '{"__proto__": {"x": 1}}',
    '{"a": [{"constructor": {}}]}',
    '{"prototype": 1}',
    '{"\\u005f_proto__": 1}',
  ])('rejects forbidden key in %s', (text) => {
    expect(errorOf(text).code).toBe('forbidden_key');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('limits nesting depth without overflowing the stack', () => {
    expect(parseStrictJson('[[[1]]]', { maxDepth: 3 })).toEqual([[[1]]]);
    expect(errorOf('[[[[1]]]]', 3).code).toBe('too_deep');
    expect(errorOf('['.repeat(100_000)).code).toBe('too_deep');
  });

  it('builds plain objects whose keys are own data properties', () => {
    const value = parseStrictJson('{"toString": 1, "hasOwnProperty": 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['toString', 'hasOwnProperty']);
    expect(value.toString).toBe(1);
  });
});

describe('parseStrictJson: text and numbers PostgreSQL cannot store', () => {
  it.each([
    ['{"a": "x\\u0000y"}', 'nul_character', '/a'],
    ['["ok", "\\u0000"]', 'nul_character', '/1'],
    ['{"a\\u0000": 1}', 'nul_character', ''],
    ['{"a": "\\ud800"}', 'lone_surrogate', '/a'],
    ['{"a": "\\udc00x"}', 'lone_surrogate', '/a'],
    ['{"a": "\\ud83dz"}', 'lone_surrogate', '/a'],
    ['{"a": "\\ude00\\ud83d"}', 'lone_surrogate', '/a'],
    ['{"a": {"\\udfff": 1}}', 'lone_surrogate', '/a'],
    ['{"a": 1e309}', 'number_out_of_range', '/a'],
    ['[-1e309]', 'number_out_of_range', '/0'],
  ])('rejects %s with %s at %j', (text, code, path) => {
    const err = errorOf(text);
    expect(err.code).toBe(code);
    expect(err.path).toBe(path);
    expect(err.message).toMatch(/position \d+/);
  });

  it('rejects a raw lone surrogate in the text as well as an escaped one', () => {
    expect(errorOf('{"a": "\ud800"}').code).toBe('lone_surrogate');
  });

  it('keeps surrogate pairs, escaped or raw, and other control escapes', () => {
    expect(parseStrictJson('["\\ud83d\\ude00", "😀", "\\u0001\\t"]')).toEqual(['😀', '😀', '\u0001\t']);
    expect(parseStrictJson('[1e308, 1e-400, 9999999999999999999]')).toEqual([1e308, 0, 1e19]);
  });
});
