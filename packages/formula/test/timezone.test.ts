import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/index';

const at = (iso: string, timeZone: string, formula: string) =>
  evaluate(formula, { now: new Date(iso), timeZone }).value;

describe('time zones', () => {
  it('TODAY follows the org time zone around midnight', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(at('2024-05-01T16:30:00Z', 'Asia/Shanghai', 'TODAY()')).toBe('2024-05-02');
    expect(at('2024-05-01T16:30:00Z', 'UTC', 'TODAY()')).toBe('2024-05-01');
    // 15:59 UTC is still 23:59 in Shanghai.
    expect(at('2024-05-01T15:59:00Z', 'Asia/Shanghai', 'TODAY()')).toBe('2024-05-01');
    expect(at('2024-05-01T23:59:59Z', 'UTC', 'TODAY()')).toBe('2024-05-01');
  });

  it('defaults to UTC, never the machine zone', () => {
    expect(evaluate('TODAY()', { now: new Date('2024-05-01T23:30:00Z') }).value).toBe('2024-05-01');
  });

  it('reads datetime fields in the org zone', () => {
    const values = { t: '2024-12-31T20:00:00Z' };
    const fieldTypes = { t: 'datetime' as const };
    expect(evaluate('YEAR({t})', { values, fieldTypes, timeZone: 'Asia/Shanghai' }).value).toBe(2025);
    expect(evaluate('YEAR({t})', { values, fieldTypes, timeZone: 'UTC' }).value).toBe(2024);
    expect(evaluate('HOUR({t})', { values, fieldTypes, timeZone: 'America/New_York' }).value).toBe(15);
    expect(evaluate('WEEKDAY({t})', { values, fieldTypes, timeZone: 'Asia/Shanghai' }).value).toBe(4);
  });

  it('builds datetimes from wall time in the zone, across DST', () => {
    expect(evaluate('DATE(2024, 7, 1, 9, 0, 0)', { timeZone: 'America/New_York' }).value).toBe(
      '2024-07-01T13:00:00.000Z',
    );
    expect(evaluate('DATE(2024, 1, 1, 9, 0, 0)', { timeZone: 'America/New_York' }).value).toBe(
      '2024-01-01T14:00:00.000Z',
    );
    expect(evaluate('TIMESTAMP(DATE(2024, 1, 1))', { timeZone: 'Asia/Shanghai' }).value).toBe(
      Date.UTC(2023, 11, 31, 16),
    );
    // A day with a DST change is 23 hours long in New York.
    expect(
      evaluate('(DATE(2024, 3, 11, 0, 0, 0) - DATE(2024, 3, 10, 0, 0, 0)) * 24', {
        timeZone: 'America/New_York',
      }).value,
    ).toBe(23);
  });

  it('NOW is the context instant', () => {
    expect(at('2024-05-01T16:30:00Z', 'Asia/Shanghai', 'TEXT(NOW(), "yyyy-MM-dd HH:mm")')).toBe(
      '2024-05-02 00:30',
    );
    expect(at('2024-05-01T16:30:00Z', 'UTC', 'TEXT(NOW(), "yyyy-MM-dd HH:mm")')).toBe('2024-05-01 16:30');
  });
});
