import type { FieldDefinition, GanttSettings, GanttZoom, RecordDto } from '@tangram/client';
import { addDays } from '@tangram/query';
import { dayOf, shifted, startOfWeek } from './view-kinds';

/** Pixels per day at each zoom: a day column, a week of 7 × 14, a month of about 30 × 5. */
export const DAY_WIDTH: Record<GanttZoom, number> = { day: 40, week: 14, month: 5 };

/** Days a zoom shows at once (the server answers at most a year per request). */
const SPAN_DAYS: Record<GanttZoom, number> = { day: 42, week: 112, month: 184 };

export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The visible days around `anchor`: a week (day zoom), two weeks or a month before it, then forward. */
export function ganttRange(anchor: string, zoom: GanttZoom): { from: string; to: string; days: number } {
  const from =
    zoom === 'month'
      ? `${addDays(`${anchor.slice(0, 7)}-01`, -1).slice(0, 7)}-01`
      : addDays(startOfWeek(anchor), zoom === 'day' ? -7 : -14);
  const days = SPAN_DAYS[zoom];
  return { from, to: addDays(from, days - 1), days };
}

/** The anchor a step back or forward shows: a third of the visible span. */
export const stepGantt = (anchor: string, zoom: GanttZoom, delta: number): string =>
  addDays(anchor, Math.round((SPAN_DAYS[zoom] / 3) * delta));

/** The header ticks: every day, every Monday, or every 1st of a month, with their offset in days. */
export function ganttTicks(from: string, days: number, zoom: GanttZoom): { day: string; offset: number }[] {
  const out: { day: string; offset: number }[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    if (zoom === 'day' || (zoom === 'week' && weekday === 0) || (zoom === 'month' && day.endsWith('-01')))
      out.push({ day, offset: i });
  }
  return out;
}

const valueOf = (r: RecordDto, ref: string): unknown =>
  ref in r.data ? r.data[ref] : (r as unknown as Record<string, unknown>)[ref];

/** A bar's first and last day (a one-day bar without an end or with an end before its start). */
export function barSpan(
  r: RecordDto,
  s: Pick<GanttSettings, 'startField' | 'endField'>,
  timeZone: string,
): { start: string; end: string } | null {
  const start = dayOf(valueOf(r, s.startField), timeZone);
  if (!start) return null;
  const end = dayOf(valueOf(r, s.endField), timeZone);
  return { start, end: end && end >= start ? end : start };
}

/** Progress as 0..1: a percent is stored as a fraction; a number field is read as 0..100. */
export function progressOf(r: RecordDto, field: FieldDefinition | undefined): number | null {
  if (!field) return null;
  const v = r.data[field.id];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return null;
  return Math.max(0, Math.min(1, field.type === 'percent' ? n : n / 100));
}

/** The records a bar comes after: the ids its predecessor relation holds. */
export function predecessorIds(r: RecordDto, field: string | undefined): string[] {
  if (!field) return [];
  const v = r.data[field];
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}

export type DragEdge = 'move' | 'start' | 'end';

/**
 * The write of a drag by `delta` days: a move shifts start and end alike, a resize moves one edge
 * and never past the other (a one-day bar at least). Date-times keep their time of day in the zone.
 * Null when nothing changes.
 */
export function dragPatch(
  r: RecordDto,
  s: Pick<GanttSettings, 'startField' | 'endField'>,
  edge: DragEdge,
  delta: number,
  timeZone: string,
): Record<string, unknown> | null {
  const span = barSpan(r, s, timeZone);
  if (!span || delta === 0) return null;
  const length = daysBetween(span.start, span.end);
  const startValue = r.data[s.startField];
  const endValue = r.data[s.endField] ?? startValue;
  if (edge === 'move')
    return {
      [s.startField]: shifted(startValue, delta, timeZone),
      [s.endField]: shifted(endValue, delta, timeZone),
    };
  if (edge === 'start') {
    const d = Math.min(delta, length);
    return d === 0 ? null : { [s.startField]: shifted(startValue, d, timeZone) };
  }
  const d = Math.max(delta, -length);
  return d === 0 ? null : { [s.endField]: shifted(endValue, d, timeZone) };
}
