import { describe, expect, it } from 'vitest';
import type { SortKey } from '@tangram/schema';
import { decodeCursor, encodeCursor } from '../src/index.js';
import { target } from './fixtures.js';

// A cursor is client-held text that reaches SQL as parameters: anything PostgreSQL cannot store
// (a NUL, a lone surrogate) must be refused as an invalid cursor, not fail in the database.
const sort: SortKey[] = [{ field: 'f_name', dir: 'asc' }];
const forge = (values: unknown[], id: string) =>
  Buffer.from(JSON.stringify({ sort: ['f_name:asc'], values, id })).toString('base64url');

describe('decodeCursor refuses text the database cannot store', () => {
  it('accepts a cursor it issued', () => {
    const token = encodeCursor(sort, { id: 'r1', f_name: 'Ada 😀' }, target);
    const decoded = decodeCursor(token, sort, target);
    expect(decoded.ok && decoded.value).toEqual({ sort: ['f_name:asc'], values: ['Ada 😀'], id: 'r1' });
  });

  it.each([
    ['a NUL in a sort value', forge(['a\u0000b'], 'r1')],
    ['a lone surrogate in a sort value', forge(['a\ud800'], 'r1')],
    ['a NUL in the id', forge(['a'], 'r\u00001')],
    ['a lone surrogate in the id', forge(['a'], '\udc00')],
  ])('%s -> invalidCursor', (_name, token) => {
    const decoded = decodeCursor(token, sort, target);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.issues[0]).toMatchObject({ path: '/cursor', code: 'invalidCursor' });
  });
});
