import { describe, expect, it } from 'vitest';
import { StrictJsonError, parseCarefully, parseStrictJson } from '../src/http/strict-json';

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

  it.each([
    ['{"a": 1, "a": 1}', '/a'],
    ['[{"x": {"k": 1, "j": 2, "k": 3}}]', '/0/x/k'],
    ['{"a\\u0062": 1, "ab": 2}', '/ab'],
  ])('finds the duplicate in %s (same value, deep, spelled with an escape) at %j', (text, path) => {
    const err = errorOf(text);
    expect(err.code).toBe('duplicate_key');
    expect(err.path).toBe(path);
  });

  it.each([
    '["a\\":b", {"k\\"": "v:"}]',
    '{"a\\\\": "\\\\", "b": ":"}',
    '{ "a" : { "b" : [ ] } , "c" : "{[" }',
    '{"k": "上海云杉", "e": "😀", "n": -0}',
  ])('agrees with JSON.parse on strings that hold quotes, colons and brackets: %s', (text) => {
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it('reads a 1,000-record batch body as JSON.parse does', () => {
    const items = Array.from({ length: 1000 }, (_v, i) => ({
      data: {
        title: `Order ${i} "quoted": \\ 上海`,
        amount: i / 7,
        paid: i % 2 === 0,
        lines: [{ sku: `A-${i}` }],
      },
    }));
    const text = JSON.stringify({ items });
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
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

describe('parseStrictJson: the quick path and the careful parser agree', () => {
  /** What a parse ends in: the value, or the error's code, position and path. */
  const outcome = (parse: () => unknown) => {
    try {
      return { value: parse() };
    } catch (err) {
      if (!(err instanceof StrictJsonError)) throw err;
      return { code: err.code, position: err.position, path: err.path };
    }
  };

  it('on 3,000 seeded mutations of bodies with keys, escapes and nesting', () => {
    const seeds = [
      '{"a": [1, {"b": "x\\"y", "c": null}], "d": {"e": true, "f": -2.5e3}}',
      '[{"k": "v"}, {"k": "w", "\\u006b2": "\\ud83d\\ude00"}]',
      '{"items": [{"data": {"title": "上海", "n": 0}}, {"data": {"title": ":,{}", "n": 1e2}}]}',
    ];
    const pieces = [
      '"',
      '\\',
      ':',
      ',',
      '{',
      '}',
      '[',
      ']',
      'a',
      '1',
      'u',
      ' ',
      '"a":1,',
      '\\u0000',
      '\\ud800',
      '1e999',
    ];
    let state = 42;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      let text = seeds[i % seeds.length]!;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1);
        text = random(2)
          ? text.slice(0, at) + pieces[random(pieces.length)]! + text.slice(at)
          : text.slice(0, at) + text.slice(at + 1);
      }
      const quick = outcome(() => parseStrictJson(text, { maxDepth: 3 }));
      expect(quick, text).toEqual(outcome(() => parseCarefully(text, 3)));
      if ('value' in quick) accepted++;
    }
    // Both kinds of answer were exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(2900);
  });
});
