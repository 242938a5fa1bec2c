/**
 * An uploaded file's name is metadata shown to people, never a path: it is reduced to its last
 * segment, cleaned of characters that hide or disguise text, and cut to a bounded length at a
 * character boundary.
 */

/** Longest stored name, in code points. */
export const MAX_FILE_NAME = 255;
/** An extension up to this many code points (dot included) survives a cut. */
const MAX_KEPT_EXTENSION = 16;

/**
 * Removed from names: C0/C1 controls and DEL; bidi marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A-E, U+2066-9), which can make `invoice<RLO>fdp.exe` display as
 * `invoiceexe.pdf`; line/paragraph separators; the BOM. ZWJ stays: emoji sequences need it.
 */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const codePoints = (text: string): number => [...text].length;

/** True when the client's name holds a NUL (refused with 400 rather than silently repaired). */
export function hasNul(raw: string): boolean {
  return raw.includes('\u0000');
}

/**
 * The client's name reduced to metadata: no directories, no control or bidi characters, NFC, at
 * most {@link MAX_FILE_NAME} code points. A long name is cut between whole characters (grapheme
 * clusters: never inside an emoji or before a combining mark) and keeps its extension.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = base.replace(HIDDEN, '').normalize('NFC').trim();
  if (name === '' || name === '.' || name === '..') return 'file';
  return cutName(name, MAX_FILE_NAME);
}

function cutName(name: string, max: number): string {
  if (codePoints(name) <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const keep = extension.length > 1 && codePoints(extension) <= MAX_KEPT_EXTENSION ? extension : '';
  const stem = keep ? name.slice(0, dot) : name;
  const cut = takeCharacters(stem, max - codePoints(keep)).trimEnd();
  return (cut || 'file') + keep;
}

/** The longest prefix of whole grapheme clusters that fits in `max` code points. */
function takeCharacters(text: string, max: number): string {
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = codePoints(segment);
    if (used + size > max) break;
    out += segment;
    used += size;
  }
  return out;
}
