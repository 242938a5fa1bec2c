import { describe, expect, it } from 'vitest';
import { diffData } from '../src/records/record-history';

describe('record history diff', () => {
  it('does not record an untouched subform read back with other key order and empty cells', () => {
    const stored = { title: 'A', lines: [{ id: 'r1', item: 'Bolt', qty: 2, note: null }] };
    const sent = { title: 'A', lines: [{ qty: 2, item: 'Bolt', id: 'r1' }] };
    expect(diffData(stored, sent)).toEqual([]);
  });

  it('keeps whole rows before and after when a cell changes, and blank stays blank', () => {
    const stored = { title: null, lines: [{ id: 'r1', item: 'Bolt', qty: 2 }] };
    const next = { title: '', lines: [{ id: 'r1', item: 'Bolt', qty: 3 }] };
    expect(diffData(stored, next)).toEqual([
      {
        field: 'lines',
        from: [{ id: 'r1', item: 'Bolt', qty: 2 }],
        to: [{ id: 'r1', item: 'Bolt', qty: 3 }],
      },
    ]);
  });
});
