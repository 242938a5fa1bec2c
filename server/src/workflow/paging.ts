import { isInstant, textProblem } from '@tangram/fields';
import { badRequest } from '../http/app-error';

/** Keyset cursors: an opaque base64url of `[time ISO, id]` (newest first pages). */
export function encodeCursor(at: Date | string, id: string): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return Buffer.from(JSON.stringify([iso, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      value[1].length <= 200 &&
      textProblem(value[1]) === null &&
      isInstant(value[0])
    )
      return { at: value[0], id: value[1] };
  } catch {
    // fall through to the error below
  }
  throw badRequest('bad_cursor', 'The cursor is not valid; start again from the first page.');
}

export function parseLimit(text: string | undefined, fallback = 20, max = 100): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badRequest('bad_limit', `limit must be a whole number from 1 to ${max}.`);
  return n;
}
