/**
 * Date functions. Calendar fields of datetimes are read in the org's time zone
 * (`context.timeZone`); dates are calendar days and have no zone. Empty dates give empty results.
 */
import { addDays } from '../arith';
import type { Civil } from '../dates';
import {
  MS_PER_DAY,
  civilFromDays,
  dayOfInstant,
  daysFromCivil,
  daysInMonth,
  instantOfWallTime,
  isLeapYear,
  weekdayOfDay,
  zonedParts,
} from '../dates';
import type { DateTimeValue, DateValue, FormulaType, Value } from '../types';
import { dateTimeValue, dateValue, dayOf, instantOf, isEmpty, toDate, toNumber } from '../values';
import { isDecimal } from '../decimal';
import type { Decimal } from '../decimal';
import { d, date, define, fail, int, list, num, txt, val } from './helpers';
import type { FunctionContext, FunctionDecl } from './types';

type D = DateValue | DateTimeValue;
const N = 'number' as const;

const civilOf = (v: D, ctx: FunctionContext) => civilFromDays(dayOf(v, ctx.timeZone));
const timeOf = (v: D, ctx: FunctionContext) =>
  v.kind === 'date' ? { hour: 0, minute: 0, second: 0 } : zonedParts(v.ms, ctx.timeZone);

/** Calendar days of a holiday list (empties skipped). */
function holidaySet(values: readonly Value[], ctx: FunctionContext): Set<number> {
  const out = new Set<number>();
  for (const v of values) {
    const h = isEmpty(v) ? null : toDate(v, ctx.timeZone);
    if (h) out.add(dayOf(h, ctx.timeZone));
  }
  return out;
}

const isWorkday = (day: number, holidays: Set<number>): boolean => {
  const wd = weekdayOfDay(day);
  return wd !== 0 && wd !== 6 && !holidays.has(day);
};

function checkYear(year: number): number {
  if (year < 0 || year > 9999) return fail('#NUM!', `Year ${year} is out of range (0-9999)`);
  return year;
}

/** Whole months from a to b (negative when b is earlier), as DATEDIF counts them. */
function fullMonths(
  a: { year: number; month: number; day: number },
  b: { year: number; month: number; day: number },
): number {
  return (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
}

function isoWeek(day: number): number {
  const wd = (weekdayOfDay(day) + 6) % 7; // Monday 0
  const thursday = day - wd + 3;
  const year = civilFromDays(thursday).year;
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

/** Days of a 30/360 count from two civil dates (Excel's YEARFRAC bases 0 and 4). */
function days360(s: Civil, e: Civil, european: boolean): number {
  let [sd, ed] = [s.day, e.day];
  if (european) {
    sd = Math.min(sd, 30);
    ed = Math.min(ed, 30);
  } else {
    // US (NASD) as YEARFRAC does it (one chain of cases), which differs from DAYS360 at February's end.
    const lastOfFeb = (c: Civil) => c.month === 2 && c.day === daysInMonth(c.year, 2);
    if (sd === 31 && ed === 31) [sd, ed] = [30, 30];
    else if (sd === 31) sd = 30;
    else if (sd === 30 && ed === 31) ed = 30;
    else if (lastOfFeb(s) && lastOfFeb(e)) [sd, ed] = [30, 30];
    else if (lastOfFeb(s)) sd = 30;
  }
  return (e.year - s.year) * 360 + (e.month - s.month) * 30 + (ed - sd);
}

/** Excel's YEARFRAC for start <= end (calendar days). */
function yearFraction(start: number, end: number, basis: number): Decimal {
  const s = civilFromDays(start);
  const e = civilFromDays(end);
  switch (basis) {
    case 0:
    case 4:
      return d(days360(s, e, basis === 4)).div(360);
    case 2:
      return d(end - start).div(360);
    case 3:
      return d(end - start).div(365);
    case 1: {
      // Within one year: 366 when the span is in a leap year or crosses a 29 February, else 365.
      // Over more than a year: the average length of the calendar years it touches.
      const withinYear =
        s.year === e.year ||
        (e.year === s.year + 1 && (s.month > e.month || (s.month === e.month && s.day >= e.day)));
      let yearLength: Decimal;
      if (withinYear) {
        const feb29 = [s.year, e.year].some(
          (y) => isLeapYear(y) && start <= daysFromCivil(y, 2, 29) && daysFromCivil(y, 2, 29) <= end,
        );
        yearLength = d((s.year === e.year && isLeapYear(s.year)) || feb29 ? 366 : 365);
      } else {
        const total = daysFromCivil(e.year + 1, 1, 1) - daysFromCivil(s.year, 1, 1);
        yearLength = d(total).div(e.year - s.year + 1);
      }
      return d(end - start).div(yearLength);
    }
    default:
      return fail('#NUM!', 'YEARFRAC basis must be 0, 1, 2, 3 or 4');
  }
}

const dateParam = (name: string, optional = false) => ({ name, type: 'date' as const, optional });

export const dateFunctions: FunctionDecl[] = [
  define({
    name: 'DATE',
    category: 'date',
    params: [
      { name: 'year', type: 'any' },
      { name: 'month', type: N, optional: true },
      { name: 'day', type: N, optional: true },
      { name: 'hour', type: N, optional: true },
      { name: 'minute', type: N, optional: true },
      { name: 'second', type: N, optional: true },
    ],
    returns: (t): FormulaType =>
      t.length >= 4 ? 'datetime' : t.length === 1 ? (t[0] === 'date' ? 'date' : 'datetime') : 'date',
    volatile: false,
    description: {
      'zh-CN': 'DATE(年,月,日[,时,分,秒]) 生成日期；DATE(时间戳或文本) 转换为日期时间。溢出的月/日会顺延',
      en: 'DATE(year, month, day[, hour, minute, second]); DATE(timestamp or text) converts. Overflowing months/days roll over',
    },
    example: 'DATE(2024, 2, 30) -> 2024-03-01',
    impl: (a, ctx) => {
      const first = val(a, 0);
      if (a.length === 1) {
        if (isEmpty(first)) return null;
        if (isDecimal(first)) return dateTimeValue(first.round().toNumber());
        return toDate(first, ctx.timeZone);
      }
      if (isEmpty(first)) return null;
      if (a.length === 2) return fail('#VALUE!', 'DATE needs a year, a month and a day');
      const year = int(toNumber(first), 'Year', 0, 9999);
      const month = int(num(a, 1), 'Month', -120_000, 120_000);
      const day = int(num(a, 2), 'Day', -3_650_000, 3_650_000);
      const days = daysFromCivil(year, month, day);
      checkYear(civilFromDays(days).year);
      if (a.length === 3) return dateValue(days);
      const seconds = [3, 4, 5].reduce(
        (s, i, k) =>
          s + (a[i] === undefined ? 0 : int(num(a, i), 'Time part', -1e7, 1e7)) * [3600, 60, 1][k]!,
        0,
      );
      return dateTimeValue(instantOfWallTime(days * MS_PER_DAY + seconds * 1000, ctx.timeZone));
    },
  }),
  define({
    name: 'DATEDELTA',
    category: 'date',
    params: [dateParam('date'), { name: 'days', type: N }],
    returns: (t) => (t[0] === 'datetime' ? 'datetime' : 'date'),
    volatile: false,
    description: {
      'zh-CN': '将日期加上指定天数（可为负数）',
      en: 'A date plus a number of days (may be negative)',
    },
    example: 'DATEDELTA(DATE(2024,1,31), 1) -> 2024-02-01',
    impl: (a, ctx) => addDays(date(a, 0), num(a, 1), ctx.timeZone),
  }),
  define({
    name: 'DATEDIF',
    category: 'date',
    params: [dateParam('start'), dateParam('end'), { name: 'unit', type: 'text' }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '计算两个日期之间的整年(Y)、整月(M)、天数(D)，或 MD/YM/YD',
      en: 'Whole years (Y), months (M), days (D), or MD / YM / YD between two dates',
    },
    example: 'DATEDIF(DATE(2020,2,29), DATE(2024,2,28), "Y") -> 3',
    impl: (a, ctx) => {
      const s = dayOf(date(a, 0), ctx.timeZone);
      const e = dayOf(date(a, 1), ctx.timeZone);
      if (s > e) return fail('#NUM!', 'DATEDIF: the start date is after the end date');
      const cs = civilFromDays(s);
      const ce = civilFromDays(e);
      const months = fullMonths(cs, ce);
      switch (txt(a, 2).toUpperCase()) {
        case 'Y':
          return d(Math.floor(months / 12));
        case 'M':
          return d(months);
        case 'D':
          return d(e - s);
        case 'YM':
          return d(months % 12);
        case 'MD': {
          if (ce.day >= cs.day) return d(ce.day - cs.day);
          const pm = ce.month === 1 ? { y: ce.year - 1, m: 12 } : { y: ce.year, m: ce.month - 1 };
          return d(Math.max(0, daysInMonth(pm.y, pm.m) - cs.day) + ce.day);
        }
        case 'YD': {
          let anniversary = daysFromCivil(
            ce.year,
            cs.month,
            Math.min(cs.day, daysInMonth(ce.year, cs.month)),
          );
          if (anniversary > e)
            anniversary = daysFromCivil(
              ce.year - 1,
              cs.month,
              Math.min(cs.day, daysInMonth(ce.year - 1, cs.month)),
            );
          return d(e - anniversary);
        }
        default:
          return fail('#NUM!', 'DATEDIF unit must be one of Y, M, D, MD, YM, YD');
      }
    },
  }),
  ...(
    [
      ['YEAR', '返回日期的年份', 'Year of a date', (v: D, c: FunctionContext) => civilOf(v, c).year],
      [
        'MONTH',
        '返回日期的月份（1-12）',
        'Month of a date (1-12)',
        (v: D, c: FunctionContext) => civilOf(v, c).month,
      ],
      [
        'DAY',
        '返回日期在当月的第几天（1-31）',
        'Day of the month (1-31)',
        (v: D, c: FunctionContext) => civilOf(v, c).day,
      ],
      [
        'HOUR',
        '返回时间的小时数（0-23，按组织时区）',
        'Hour of a datetime (0-23, org time zone)',
        (v: D, c: FunctionContext) => timeOf(v, c).hour,
      ],
      [
        'MINUTE',
        '返回时间的分钟数（0-59）',
        'Minute of a datetime (0-59)',
        (v: D, c: FunctionContext) => timeOf(v, c).minute,
      ],
      [
        'SECOND',
        '返回时间的秒数（0-59）',
        'Second of a datetime (0-59)',
        (v: D, c: FunctionContext) => timeOf(v, c).second,
      ],
    ] as const
  ).map(([name, zh, en, part], i) =>
    define({
      name,
      category: 'date',
      params: [dateParam('date')],
      returns: N,
      volatile: false,
      description: { 'zh-CN': zh, en },
      example: `${name}(DATE(2024, 3, 15, 8, 30, 45)) -> ${[2024, 3, 15, 8, 30, 45][i]}`,
      impl: (a, ctx) => d(part(date(a, 0), ctx)),
    }),
  ),
  define({
    name: 'DAYS',
    category: 'date',
    params: [dateParam('end'), dateParam('start')],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回两个日期之间的天数（结束减开始）',
      en: 'Days between two dates (end minus start)',
    },
    example: 'DAYS(DATE(2024,3,1), DATE(2024,2,1)) -> 29',
    impl: (a, ctx) => d(dayOf(date(a, 0), ctx.timeZone) - dayOf(date(a, 1), ctx.timeZone)),
  }),
  define({
    name: 'DAYS360',
    category: 'date',
    params: [dateParam('start'), dateParam('end'), { name: 'european', type: 'boolean', optional: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '按一年 360 天计算两日期间的天数（美国/欧洲方法）',
      en: 'Days between dates on a 360-day year (US or European method)',
    },
    example: 'DAYS360(DATE(2024,1,31), DATE(2024,3,31)) -> 60',
    impl: (a, ctx) => {
      const s = civilOf(date(a, 0), ctx);
      const e = civilOf(date(a, 1), ctx);
      let sd = s.day;
      let ed = e.day;
      if (a[2] === true) {
        if (sd === 31) sd = 30;
        if (ed === 31) ed = 30;
      } else {
        const lastOfFeb = (c: typeof s) => c.month === 2 && c.day === daysInMonth(c.year, 2);
        if (lastOfFeb(s) && lastOfFeb(e)) ed = 30;
        if (sd === 31 || lastOfFeb(s)) sd = 30;
        if (ed === 31 && sd >= 30) ed = 30;
      }
      return d((e.year - s.year) * 360 + (e.month - s.month) * 30 + (ed - sd));
    },
  }),
  define({
    name: 'ISOWEEKNUM',
    category: 'date',
    params: [dateParam('date')],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回日期的 ISO 周数（周一为一周开始）',
      en: 'ISO week number of a date (weeks start on Monday)',
    },
    example: 'ISOWEEKNUM(DATE(2021,1,3)) -> 53',
    impl: (a, ctx) => d(isoWeek(dayOf(date(a, 0), ctx.timeZone))),
  }),
  define({
    name: 'NETWORKDAYS',
    category: 'date',
    params: [dateParam('start'), dateParam('end'), { name: 'holidays', type: 'array', optional: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回两日期之间（含首尾）的工作日天数，排除周末和节假日',
      en: 'Working days between two dates (inclusive), excluding weekends and holidays',
    },
    example: 'NETWORKDAYS(DATE(2024,1,1), DATE(2024,1,31)) -> 23',
    impl: (a, ctx) => {
      const s = dayOf(date(a, 0), ctx.timeZone);
      const e = dayOf(date(a, 1), ctx.timeZone);
      const holidays = holidaySet(list(a, 2), ctx);
      const [lo, hi, sign] = s <= e ? [s, e, 1] : [e, s, -1];
      ctx.step(hi - lo + 1);
      let count = 0;
      for (let day = lo; day <= hi; day++) if (isWorkday(day, holidays)) count++;
      return d(sign * count);
    },
  }),
  define({
    name: 'NOW',
    category: 'date',
    params: [],
    returns: 'datetime',
    volatile: true,
    description: { 'zh-CN': '返回当前日期时间', en: 'The current date and time' },
    example: 'NOW() -> 2024-05-01 09:30:00',
    impl: (_a, ctx) => dateTimeValue(ctx.now),
  }),
  define({
    name: 'TIME',
    category: 'date',
    params: [
      { name: 'hour', type: N },
      { name: 'minute', type: N },
      { name: 'second', type: N },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回时间对应的一天中的比例（0-1），可与日期相加得到日期时间',
      en: 'A time as a fraction of a day (0-1); add it to a date to get a datetime',
    },
    example: 'TIME(12, 0, 0) -> 0.5',
    impl: (a) => {
      const seconds = num(a, 0).times(3600).plus(num(a, 1).times(60)).plus(num(a, 2)).trunc();
      if (seconds.isNegative()) return fail('#NUM!', 'TIME cannot be negative');
      return seconds.mod(86_400).div(86_400);
    },
  }),
  define({
    name: 'TIMESTAMP',
    category: 'date',
    params: [dateParam('date')],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回日期的时间戳（毫秒）；日期按组织时区的零点计算',
      en: 'Milliseconds since 1970 of a date (dates: midnight in the org time zone)',
    },
    example: 'TIMESTAMP(DATE(2024,1,1)) -> 1704067200000',
    impl: (a, ctx) => d(instantOf(date(a, 0), ctx.timeZone)),
  }),
  define({
    name: 'TODAY',
    category: 'date',
    params: [],
    returns: 'date',
    volatile: true,
    description: { 'zh-CN': '返回今天的日期（按组织时区）', en: "Today's date in the org time zone" },
    example: 'TODAY() -> 2024-05-01',
    impl: (_a, ctx) => dateValue(dayOfInstant(ctx.now, ctx.timeZone)),
  }),
  define({
    name: 'WEEKDAY',
    category: 'date',
    params: [dateParam('date'), { name: 'type', type: N, optional: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回星期几：类型 1 周日=1…周六=7（默认），2 周一=1…周日=7，3 周一=0…周日=6',
      en: 'Day of the week: type 1 Sunday=1..Saturday=7 (default), 2 Monday=1..Sunday=7, 3 Monday=0..Sunday=6',
    },
    example: 'WEEKDAY(DATE(2024,1,1), 2) -> 1',
    impl: (a, ctx) => {
      const wd = weekdayOfDay(dayOf(date(a, 0), ctx.timeZone)); // Sunday 0
      const type = a[1] === undefined ? 1 : num(a, 1).trunc().toNumber();
      if (type === 1) return d(wd + 1);
      if (type === 2) return d(((wd + 6) % 7) + 1);
      if (type === 3) return d((wd + 6) % 7);
      return fail('#NUM!', 'WEEKDAY type must be 1, 2 or 3');
    },
  }),
  define({
    name: 'WEEKNUM',
    category: 'date',
    params: [dateParam('date'), { name: 'type', type: N, optional: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回一年中的第几周：类型 1 周日开始（默认），2 周一开始，21 为 ISO 周',
      en: 'Week of the year: type 1 weeks start Sunday (default), 2 Monday, 21 ISO',
    },
    example: 'WEEKNUM(DATE(2024,1,7)) -> 2',
    impl: (a, ctx) => {
      const day = dayOf(date(a, 0), ctx.timeZone);
      const type = a[1] === undefined ? 1 : num(a, 1).trunc().toNumber();
      if (type === 21) return d(isoWeek(day));
      if (type !== 1 && type !== 2) return fail('#NUM!', 'WEEKNUM type must be 1, 2 or 21');
      const jan1 = daysFromCivil(civilFromDays(day).year, 1, 1);
      const offset = (weekdayOfDay(jan1) - (type === 2 ? 1 : 0) + 7) % 7;
      return d(Math.floor((day - jan1 + offset) / 7) + 1);
    },
  }),
  define({
    name: 'ADDWORKHOURS',
    category: 'date',
    params: [
      dateParam('start'),
      { name: 'hours', type: N },
      { name: 'day_start', type: N, optional: true },
      { name: 'day_end', type: N, optional: true },
      { name: 'holidays', type: 'array', optional: true },
    ],
    returns: 'datetime',
    volatile: false,
    description: {
      'zh-CN':
        '返回从开始时间起经过若干工作小时后的时间：工作日为周一至周五（排除节假日），每天从 day_start 点到 day_end 点（默认 9 到 18，按组织时区）；开始时间不在工作时间内时从下一个工作时段开始计算',
      en: 'The moment a number of working hours after a start: Monday to Friday except holidays, from hour day_start to hour day_end (default 9 to 18, in the org time zone); a start outside working time counts from the next working period',
    },
    example: 'ADDWORKHOURS(DATE(2024,1,5), 10) -> 2024-01-08 10:00:00',
    impl: (a, ctx) => {
      const hours = num(a, 1);
      if (hours.isNegative() || hours.gt(100_000))
        return fail('#NUM!', 'Working hours must be between 0 and 100000');
      const hourOf = (i: number, fallback: number) => {
        if (a[i] === undefined || isEmpty(a[i] as Value)) return fallback;
        const h = num(a, i).toNumber();
        return h >= 0 && h <= 24 ? h : fail('#NUM!', 'A working day starts and ends between hour 0 and 24');
      };
      const open = Math.round(hourOf(2, 9) * 3_600_000);
      const close = Math.round(hourOf(3, 18) * 3_600_000);
      if (open >= close) return fail('#NUM!', 'The working day must start before it ends');
      const holidays = holidaySet(list(a, 4), ctx);
      // Walk wall-clock days in the org's zone: the part of each working day's window after the
      // current position is spent until the hours run out (exact to the millisecond).
      const start = zonedParts(instantOf(date(a, 0), ctx.timeZone), ctx.timeZone);
      let day = daysFromCivil(start.year, start.month, start.day);
      let at = ((start.hour * 60 + start.minute) * 60 + start.second) * 1000 + start.millisecond;
      let remaining = Math.round(hours.times(3_600_000).toNumber());
      for (;;) {
        ctx.step(1);
        if (isWorkday(day, holidays)) {
          const from = Math.max(at, open);
          const available = close - from;
          if (available > 0 && remaining <= available)
            return dateTimeValue(instantOfWallTime(day * MS_PER_DAY + from + remaining, ctx.timeZone));
          if (available > 0) remaining -= available;
        }
        day += 1;
        at = 0;
      }
    },
  }),
  define({
    name: 'WORKDAY',
    category: 'date',
    params: [
      dateParam('start'),
      { name: 'days', type: N },
      { name: 'holidays', type: 'array', optional: true },
    ],
    returns: 'date',
    volatile: false,
    description: {
      'zh-CN': '返回开始日期之前或之后若干个工作日的日期（排除周末和节假日）',
      en: 'The date a number of working days before or after a date (skipping weekends and holidays)',
    },
    example: 'WORKDAY(DATE(2024,1,5), 1) -> 2024-01-08',
    impl: (a, ctx) => {
      let day = dayOf(date(a, 0), ctx.timeZone);
      let remaining = int(num(a, 1), 'Working days', -1_000_000, 1_000_000);
      const holidays = holidaySet(list(a, 2), ctx);
      const stepDir = remaining < 0 ? -1 : 1;
      while (remaining !== 0) {
        day += stepDir;
        ctx.step(1);
        if (isWorkday(day, holidays)) remaining -= stepDir;
      }
      return dateValue(day);
    },
  }),
  ...(
    [
      [
        'EDATE',
        false,
        '返回开始日期之前或之后若干个月的同一天（该月没有这一天时取月末）',
        'The same day a number of months before or after a date (the month end when that day does not exist)',
        'EDATE(DATE(2024, 1, 31), 1) -> 2024-02-29',
      ],
      [
        'EOMONTH',
        true,
        '返回开始日期之前或之后若干个月的月末日期',
        'The last day of the month a number of months before or after a date',
        'EOMONTH(DATE(2024, 1, 15), 1) -> 2024-02-29',
      ],
    ] as const
  ).map(([name, monthEnd, zh, en, example]) =>
    define({
      name,
      category: 'date',
      params: [dateParam('start'), { name: 'months', type: N }],
      returns: 'date',
      volatile: false,
      description: {
        'zh-CN': `${zh}；日期时间按组织时区取日期，月数的小数部分截去`,
        en: `${en}; a datetime's day is read in the org time zone, fractions of months are dropped`,
      },
      example,
      impl: (a, ctx) => {
        const c = civilOf(date(a, 0), ctx);
        const total = c.year * 12 + (c.month - 1) + int(num(a, 1), 'Months', -120_000, 120_000);
        const year = checkYear(Math.floor(total / 12));
        const month = total - year * 12 + 1;
        const last = daysInMonth(year, month);
        return dateValue(daysFromCivil(year, month, monthEnd ? last : Math.min(c.day, last)));
      },
    }),
  ),
  define({
    name: 'DATEVALUE',
    category: 'date',
    params: [dateParam('date_text')],
    returns: 'date',
    volatile: false,
    description: {
      'zh-CN': '将日期文本（如 "2024-03-15"、"2024/3/15"）转换为日期；日期时间取组织时区的日期部分',
      en: 'Convert date text (like "2024-03-15" or "2024/3/15") to a date; a datetime gives its day in the org time zone',
    },
    example: 'DATEVALUE("2024/3/15") -> 2024-03-15',
    impl: (a, ctx) => dateValue(dayOf(date(a, 0), ctx.timeZone)),
  }),
  define({
    name: 'YEARFRAC',
    category: 'date',
    params: [dateParam('start'), dateParam('end'), { name: 'basis', type: N, optional: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN':
        '返回两个日期之间的天数占一年的比例。基准：0 美国 30/360（默认），1 实际/实际，2 实际/360，3 实际/365，4 欧洲 30/360',
      en: 'The fraction of a year between two dates. Basis: 0 US 30/360 (default), 1 actual/actual, 2 actual/360, 3 actual/365, 4 European 30/360',
    },
    example: 'YEARFRAC(DATE(2024, 1, 1), DATE(2024, 7, 1)) -> 0.5',
    impl: (a, ctx) => {
      let s = dayOf(date(a, 0), ctx.timeZone);
      let e = dayOf(date(a, 1), ctx.timeZone);
      if (s > e) [s, e] = [e, s];
      const basis = a[2] === undefined ? 0 : num(a, 2).trunc().toNumber();
      return yearFraction(s, e, basis);
    },
  }),
];
