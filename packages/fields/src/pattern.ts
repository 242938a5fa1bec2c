import { RE2JS } from 're2js';

/**
 * Validation patterns of text fields run in RE2 (the `re2js` port: pure JavaScript, the same in the
 * browser and on the server), whose matching time grows linearly with the value, never
 * exponentially: `(a+)+b` cannot stall a request. What RE2 cannot do in linear time is not
 * offered: lookarounds and backreferences are refused when the definition is saved.
 */

/**
 * The largest total of counted repetitions (`{n}`, `{n,m}`) a pattern may hold. RE2 expands them
 * into its program, so their sum bounds the compile time and the per-character match cost.
 */
export const PATTERN_MAX_REPEAT = 1000;

const CACHE_SIZE = 256;
const cache = new Map<string, RE2JS | string>();

/**
 * Rewrites the JavaScript escapes RE2 spells differently: `\uXXXX` and `\u{X}` become `\x{X}`,
 * `\p{Script=Han}` becomes `\p{Han}`. Everything else is passed through as written.
 */
function toRe2Syntax(pattern: string): string {
  return pattern.replace(
    /\\(?:u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]{1,6})\}|([pP])\{(?:Script|sc)=([A-Za-z_]+)\}|([\s\S]))/g,
    (whole, hex4?: string, hexN?: string, p?: string, script?: string) => {
      if (hex4 !== undefined || hexN !== undefined) return `\\x{${hex4 ?? hexN}}`;
      if (p !== undefined) return `\\${p}{${script}}`;
      return whole;
    },
  );
}

/** The sum of the upper bounds of counted repetitions (lower bound when open), skipping escapes. */
function repeatTotal(pattern: string): number {
  let total = 0;
  for (const m of pattern.matchAll(/\\[\s\S]|\{(\d+)(?:,(\d*))?\}/g)) {
    if (m[1] === undefined) continue;
    total += Number(m[2] ? m[2] : m[1]);
  }
  return total;
}

function compile(pattern: string): RE2JS | string {
  if (repeatTotal(pattern) > PATTERN_MAX_REPEAT)
    return `repeats more than ${PATTERN_MAX_REPEAT} times in all (counted repetitions such as {n,m})`;
  try {
    return RE2JS.compile(`^(?:${toRe2Syntax(pattern)})$`);
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    return `is not a supported regular expression (${detail}); lookarounds and backreferences are not supported`;
  }
}

function compiled(pattern: string): RE2JS | string {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = compile(pattern);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, re);
  }
  return re;
}

/**
 * Why a validation pattern cannot be used (a message to show after the field's name), or null
 * when it compiles. Definitions are checked with it when saved.
 */
export function patternProblem(pattern: string): string | null {
  const re = compiled(pattern);
  return typeof re === 'string' ? re : null;
}

/**
 * Whether the whole value matches the pattern (anchored at both ends), in time linear in the
 * value. A pattern that cannot be used matches nothing, so a stored definition that predates the
 * rule refuses values instead of skipping the check.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  const re = compiled(pattern);
  return typeof re !== 'string' && re.matches(value);
}
