import { describe, expect, it } from 'vitest';
import type { FieldDefinition, RecordDto } from '@tangram/client';
import {
  barSpan,
  dragPatch,
  ganttRange,
  ganttTicks,
  predecessorIds,
  progressOf,
} from '../../src/views/core/gantt';

const TZ = 'Asia/Shanghai';
const rec = (data: Record<string, unknown>): RecordDto =>
  ({ id: 'r1', version: 3, data }) as unknown as RecordDto;
const s = { startField: 'start', endField: 'end' };

describe('gantt core', () => {
  it('shows a range per zoom around the anchor, within the server bound of a year', () => {
    expect(ganttRange('2026-03-11', 'day')).toEqual({ from: '2026-03-02', to: '2026-04-12', days: 42 });
    expect(ganttRange('2026-03-11', 'week')).toEqual({ from: '2026-02-23', to: '2026-06-14', days: 112 });
    expect(ganttRange('2026-03-11', 'month').from).toBe('2026-02-01');
    expect(ganttTicks('2026-02-23', 14, 'week').map((t) => t.day)).toEqual(['2026-02-23', '2026-03-02']);
    expect(ganttTicks('2026-02-27', 5, 'month')).toEqual([{ day: '2026-03-01', offset: 2 }]);
  });

  it('reads spans, progress and predecessors', () => {
    expect(barSpan(rec({ start: '2026-03-02', end: '2026-03-04' }), s, TZ)).toEqual({
      start: '2026-03-02',
      end: '2026-03-04',
    });
    // No end, or an end before the start: a one-day bar.
    expect(barSpan(rec({ start: '2026-03-02' }), s, TZ)).toEqual({ start: '2026-03-02', end: '2026-03-02' });
    expect(barSpan(rec({ start: '2026-03-02', end: '2026-03-01' }), s, TZ)?.end).toBe('2026-03-02');
    expect(barSpan(rec({}), s, TZ)).toBeNull();
    const percent = { id: 'p', type: 'percent' } as FieldDefinition;
    const number = { id: 'p', type: 'number' } as FieldDefinition;
    expect(progressOf(rec({ p: 0.4 }), percent)).toBe(0.4);
    expect(progressOf(rec({ p: 40 }), number)).toBe(0.4);
    expect(progressOf(rec({ p: 250 }), number)).toBe(1);
    expect(progressOf(rec({}), percent)).toBeNull();
    expect(predecessorIds(rec({ after: ['a', '', 'b'] }), 'after')).toEqual(['a', 'b']);
    expect(predecessorIds(rec({ after: 'a' }), 'after')).toEqual(['a']);
  });

  it('turns a drag into the write: move both, resize one edge, never past the other', () => {
    const r = rec({ start: '2026-03-02', end: '2026-03-04' });
    expect(dragPatch(r, s, 'move', 3, TZ)).toEqual({ start: '2026-03-05', end: '2026-03-07' });
    expect(dragPatch(r, s, 'end', -5, TZ)).toEqual({ end: '2026-03-02' });
    expect(dragPatch(r, s, 'start', 9, TZ)).toEqual({ start: '2026-03-04' });
    expect(dragPatch(r, s, 'start', -1, TZ)).toEqual({ start: '2026-03-01' });
    expect(dragPatch(r, s, 'move', 0, TZ)).toBeNull();
    // A date-time keeps its time of day in the org's zone.
    const dt = rec({ start: '2026-03-02T01:30:00.000Z', end: '2026-03-02T09:00:00.000Z' });
    expect(dragPatch(dt, s, 'move', 1, TZ)).toEqual({
      start: '2026-03-03T01:30:00.000Z',
      end: '2026-03-03T09:00:00.000Z',
    });
  });
});
