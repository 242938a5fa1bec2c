/**
 * Text PostgreSQL cannot store faithfully. A NUL (U+0000) is refused by `text`, `jsonb` and every
 * other character type; a lone UTF-16 surrogate has no UTF-8 encoding and would be replaced by
 * U+FFFD on the way to the database, so the stored text would differ from what was sent. Both are
 * refused wherever text enters (request bodies, query strings, path parameters, cursors) rather than
 * cleaned silently.
 */
export type TextProblem = 'nul_character' | 'lone_surrogate';

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first reason `text` cannot be stored as sent, or null when it can. */
export function textProblem(text: string): TextProblem | null {
  if (text.includes('\u0000')) return 'nul_character';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return null;
}

/** A message for a user, naming what is wrong (the caller adds where). */
export function textProblemMessage(problem: TextProblem): string {
  return problem === 'nul_character'
    ? 'must not contain the NUL character (U+0000)'
    : 'must not contain a lone UTF-16 surrogate (text that is not valid Unicode)';
}
