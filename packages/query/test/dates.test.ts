import { describe, expect, it } from 'vitest';
import { dynamicRange, localDate, startOfDay, truncateDate } from '../src/index.js';
import { decodeBase64url, encodeBase64url } from '../src/base64url.js';
import { averageOf } from '../src/index.js';

describe('dates in a time zone', () => {
  it('finds local midnight, also across DST changes', () => {
    expect(new Date(startOfDay('2024-03-07', 'Asia/Shanghai')).toISOString()).toBe(
      '2024-03-06T16:00:00.000Z',
    );
    expect(new Date(startOfDay('2024-03-31', 'Europe/Berlin')).toISOString()).toBe(
      '2024-03-30T23:00:00.000Z',
    );
    expect(new Date(startOfDay('2024-04-01', 'Europe/Berlin')).toISOString()).toBe(
      '2024-03-31T22:00:00.000Z',
    );
    // Midnight did not exist in São Paulo on 2018-11-04 (clocks jumped to 01:00).
    expect(new Date(startOfDay('2018-11-04', 'America/Sao_Paulo')).toISOString()).toBe(
      '2018-11-04T03:00:00.000Z',
    );
    expect(localDate(Date.parse('2024-03-06T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2024-03-07');
    expect(localDate(Date.parse('2024-03-06T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2024-03-06');
  });

  it('buckets dates with ISO weeks', () => {
    expect(truncateDate('2024-03-10', 'week')).toBe('2024-03-04'); // Sunday -> Monday
    expect(truncateDate('2024-03-04', 'week')).toBe('2024-03-04');
    expect(truncateDate('2024-08-15', 'quarter')).toBe('2024-07-01');
    expect(truncateDate('2024-08-15', 'year')).toBe('2024-01-01');
  });

  it('computes dynamic ranges', () => {
    const today = '2024-03-07';
    expect(dynamicRange('today', today)).toEqual({ start: '2024-03-07', end: '2024-03-08' });
    expect(dynamicRange('thisWeek', today)).toEqual({ start: '2024-03-04', end: '2024-03-11' });
    expect(dynamicRange('lastWeek', today)).toEqual({ start: '2024-02-26', end: '2024-03-04' });
    expect(dynamicRange('lastMonth', today)).toEqual({ start: '2024-02-01', end: '2024-03-01' });
    expect(dynamicRange('lastQuarter', today)).toEqual({ start: '2023-10-01', end: '2024-01-01' });
    expect(dynamicRange('thisYear', today)).toEqual({ start: '2024-01-01', end: '2025-01-01' });
    expect(dynamicRange('lastNDays', today, 7)).toEqual({ start: '2024-03-01', end: '2024-03-08' });
  });
});

describe('helpers', () => {
  it('base64url round-trips any text and refuses garbage', () => {
    for (const s of ['', 'a', 'ab', 'abc', '{"v":["张三 😀"]}', '\u0000\uFFFF']) {
      expect(decodeBase64url(encodeBase64url(s))).toBe(s);
    }
    expect(encodeBase64url('{"a":1}')).toBe(Buffer.from('{"a":1}').toString('base64url'));
    expect(decodeBase64url('a')).toBeNull();
    expect(decodeBase64url('ab$d')).toBeNull();
    expect(decodeBase64url('_w')).toBeNull(); // 0xFF is not UTF-8
  });
  it('averages exactly with half-away-from-zero rounding', () => {
    expect(averageOf('10', 3)).toBe(3.333333333333);
    expect(averageOf('-0.3', 2)).toBe(-0.15);
    expect(averageOf('2', 3)).toBe(0.666666666667);
  });
});
