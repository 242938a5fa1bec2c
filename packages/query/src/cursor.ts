import { textProblem } from '@tangram/fields';
import type { SortKey, ValidationIssue, ValidationResult } from '@tangram/schema';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import type { ResolvedSortKey } from './check.js';
import { effectiveSort } from './memory/sort.js';
import type { QueryForm, QueryRecord } from './types.js';
import { readField, isCalendarDate, isInstant, normalizeTime } from './values.js';

/** Longest cursor token accepted (sort values are bounded; this stops abuse early). */
export const MAX_CURSOR_LENGTH = 8192;

/**
 * Where a page ended: the last row's sort values (API shape; NULL for empty) and its id, plus
 * the sort it belongs to so a cursor cannot be replayed against another ordering.
 */
export interface Cursor {
  /** `field:dir` of every sort key, the id tie-breaker excluded. */
  sort: string[];
  values: (string | number | boolean | null)[];
  id: string;
}

const signature = (sort: readonly SortKey[]) => sort.map((k) => `${k.field}:${k.dir}`);

/** A record value as a cursor carries it: JSON-safe, normalized (instants as ISO strings). */
function cursorValue(key: ResolvedSortKey, record: QueryRecord): string | number | boolean | null {
  const v = readField(key.info, record);
  if (v === null) return null;
  if (key.info.kind === 'timestamptz' && typeof v === 'number') return new Date(v).toISOString();
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

/**
 * Encodes the position after `lastRecord` (an API-shaped record) for keyset pagination. The token
 * is opaque base64url JSON; clients pass it back unchanged.
 */
export function encodeCursor(sort: readonly SortKey[], lastRecord: QueryRecord, form: QueryForm): string {
  const keys = effectiveSort(sort, form).filter((k) => k.info.system !== 'id');
  const id = lastRecord.id;
  if (typeof id !== 'string') throw new Error('encodeCursor: the record has no string id');
  const cursor: Cursor = { sort: signature(sort), values: keys.map((k) => cursorValue(k, lastRecord)), id };
  return encodeBase64url(JSON.stringify(cursor));
}

function validValue(key: ResolvedSortKey, v: unknown): boolean {
  if (v === null) return true;
  switch (key.info.kind) {
    case 'text':
      return typeof v === 'string' && v.length <= 10000 && textProblem(v) === null;
    case 'numeric':
      return typeof v === 'number' && Number.isFinite(v);
    case 'date':
      return typeof v === 'string' && isCalendarDate(v);
    case 'timestamptz':
      return typeof v === 'string' && isInstant(v);
    case 'time':
      return normalizeTime(v) !== null;
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return false;
  }
}

/**
 * Decodes and validates a cursor for the given sort: well-formed, made for the same sort, one value
 * of the right type per key, a string id. Never throws; a bad token gives an `invalidCursor` issue.
 */
export function decodeCursor(
  token: string,
  sort: readonly SortKey[],
  form: QueryForm,
  path = '/cursor',
): ValidationResult<Cursor> {
  const fail = (message: string): ValidationResult<Cursor> => ({
    ok: false,
    issues: [{ path, code: 'invalidCursor', message } satisfies ValidationIssue],
  });
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_CURSOR_LENGTH) {
    return fail('the cursor is not a token this server issued');
  }
  const text = decodeBase64url(token);
  let raw: unknown;
  try {
    raw = text === null ? null : JSON.parse(text);
  } catch {
    raw = null;
  }
  if (typeof raw !== 'object' || raw === null) return fail('the cursor is not a token this server issued');
  const c = raw as Partial<Cursor>;
  if (
    !Array.isArray(c.sort) ||
    !Array.isArray(c.values) ||
    typeof c.id !== 'string' ||
    c.id.length > 200 ||
    textProblem(c.id) !== null
  ) {
    return fail('the cursor is malformed');
  }
  const sig = signature(sort);
  if (c.sort.length !== sig.length || c.sort.some((s, i) => s !== sig[i])) {
    return fail('the cursor belongs to another sort order; start again from the first page');
  }
  let keys: ResolvedSortKey[];
  try {
    keys = effectiveSort(sort, form).filter((k) => k.info.system !== 'id');
  } catch {
    return fail('the sort of this cursor is invalid');
  }
  if (c.values.length !== keys.length || keys.some((k, i) => !validValue(k, c.values![i]))) {
    return fail('the cursor values do not match the sort');
  }
  const values = c.values.map((v, i) => (keys[i]!.info.kind === 'time' && v !== null ? normalizeTime(v) : v));
  return { ok: true, value: { sort: sig, values: values as Cursor['values'], id: c.id } };
}
