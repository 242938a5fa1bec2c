/**
 * The days a calendar view shows for the month of `now` in `timeZone`: 6 weeks from the Monday on
 * or before the 1st (as runtime/src/views/core/view-kinds.ts `visibleDays`), so the benchmark puts
 * its events exactly where the player will read them.
 */
export function calendarRange(now: Date, timeZone: string): string[] {
  const month = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
  const first = Date.parse(`${month}-01T00:00:00Z`);
  const weekday = (new Date(first).getUTCDay() + 6) % 7; // Monday = 0
  const start = first - weekday * 86_400_000;
  return Array.from({ length: 42 }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
