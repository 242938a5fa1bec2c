import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/workflow/paging';

// Inbox and notification cursors: [time ISO, id], both sent to PostgreSQL as parameters.
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('inbox paging cursors', () => {
  it('round-trips a cursor it issued', () => {
    const at = new Date('2026-12-04T10:00:00.000Z');
    expect(decodeCursor(encodeCursor(at, 't_1'))).toEqual({ at: at.toISOString(), id: 't_1' });
  });

  it.each([
    ['a NUL in the id', ['2026-12-04T10:00:00.000Z', 't\u00001']],
    ['a lone surrogate in the id', ['2026-12-04T10:00:00.000Z', '\ud800']],
    ['an over-long id', ['2026-12-04T10:00:00.000Z', 'x'.repeat(201)]],
    ['a time PostgreSQL cannot read', ['Tue Mar 01 2022', 't_1']],
    ['a time beyond year 9999', ['+275760-09-13T00:00:00.000Z', 't_1']],
  ])('%s -> 400 bad_cursor', (_name, value) => {
    expect(() => decodeCursor(forge(value))).toThrow(
      expect.objectContaining({ status: 400, code: 'bad_cursor' }),
    );
  });
});
