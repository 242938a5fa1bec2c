import { describe, expect, it } from 'vitest';
import {
  isInstant,
  matchesPattern,
  patternProblem,
  richTextProblem,
  RICH_TEXT_MAX_DEPTH,
  RICH_TEXT_MAX_ELEMENTS,
} from '../src/index.js';

// Issue 10 §2 and §4: bounds that keep a value's cost linear, and instants that read back.
describe('rich-text bounds (a linear scan before sanitizing)', () => {
  const nested = (n: number, tag = 'div') => `${`<${tag}>`.repeat(n)}x${`</${tag}>`.repeat(n)}`;

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(richTextProblem(nested(RICH_TEXT_MAX_DEPTH))).toBeNull();
    expect(richTextProblem(nested(RICH_TEXT_MAX_DEPTH + 1))?.code).toBe('too_deeply_nested');
    expect(richTextProblem(nested(200_000))?.code).toBe('too_deeply_nested');
  });

  it('counts unclosed elements as nesting, void elements and implied sibling ends as not', () => {
    expect(richTextProblem('<b>'.repeat(RICH_TEXT_MAX_DEPTH + 1))?.code).toBe('too_deeply_nested');
    expect(richTextProblem('<br><img src="x">'.repeat(1000))).toBeNull();
    expect(richTextProblem('<p>a'.repeat(1000))).toBeNull();
    expect(richTextProblem('<ul>' + '<li>x'.repeat(1000) + '</ul>')).toBeNull();
    // An end tag closes what it matches, and stray end tags change nothing.
    expect(richTextProblem(`${'<div><span>'.repeat(30)}${'</div>'.repeat(30)}</i></i>`)).toBeNull();
  });

  it('ignores comments and text that only looks like tags', () => {
    expect(richTextProblem(`<!-- ${'<div>'.repeat(500)} -->`)).toBeNull();
    expect(richTextProblem('1 < 2 and 3 > 2 '.repeat(10_000))).toBeNull();
    expect(richTextProblem('<'.repeat(100_000))).toBeNull();
  });

  it('bounds the element count', () => {
    expect(richTextProblem('<p>x</p>'.repeat(RICH_TEXT_MAX_ELEMENTS))).toBeNull();
    expect(richTextProblem('<p>x</p>'.repeat(RICH_TEXT_MAX_ELEMENTS + 1))?.code).toBe('too_many_elements');
  });
});

describe('validation patterns (RE2: linear time)', () => {
  it('runs catastrophic-backtracking patterns in linear time', () => {
    expect(patternProblem('(a+)+b')).toBeNull();
    expect(matchesPattern('(a+)+b', 'a'.repeat(5000))).toBe(false);
    expect(matchesPattern('(a|a)*b', 'a'.repeat(5000))).toBe(false);
    expect(matchesPattern('(a+)+b', 'aaab')).toBe(true);
  });

  it('matches the whole value, with the JavaScript spellings users write', () => {
    expect(matchesPattern('\\d{3}', '1234')).toBe(false);
    expect(matchesPattern('a|b', 'ab')).toBe(false);
    expect(matchesPattern('[\\u4e00-\\u9fa5]+', '张三')).toBe(true);
    expect(matchesPattern('[\\u4e00-\\u9fa5]+', 'Zhang')).toBe(false);
    expect(matchesPattern('\\u{1F600}', '😀')).toBe(true);
    expect(matchesPattern('\\p{Script=Han}+', '中文')).toBe(true);
    expect(matchesPattern('\\\\u0041', '\\u0041')).toBe(true);
    expect(matchesPattern('(?<year>\\d{4})-\\d{2}', '2024-03')).toBe(true);
  });

  it('refuses lookarounds, backreferences, huge repetitions and invalid syntax', () => {
    for (const p of ['(?=a)a', '(?!a)b', '(?<=a)b', '(a)\\1', '(?:.{0,1000}){2}', 'a{1001}', '(', '[z-a]']) {
      expect(patternProblem(p), p).toEqual(expect.any(String));
      expect(matchesPattern(p, 'a'), p).toBe(false);
    }
    expect(patternProblem('(?=a)a')).toMatch(/lookarounds and backreferences are not supported/);
  });
});

describe('instants stay within years 0001 to 9999 in UTC', () => {
  it('accepts the last millisecond of 9999 and refuses year 10000', () => {
    expect(isInstant('9999-12-31T23:59:59.999Z')).toBe(true);
    expect(isInstant('9999-12-31T23:59:59+08:00')).toBe(true);
    expect(isInstant('9999-12-31T20:00:00-08:00')).toBe(false);
    expect(isInstant('0001-01-01T00:00:00Z')).toBe(true);
    expect(isInstant('0001-01-01T00:00:00+01:00')).toBe(false);
  });
});
