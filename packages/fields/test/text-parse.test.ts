import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '@tangram/schema';
import { fieldRegistry, parseDateTimeText, parseNumberText } from '../src/index.js';
import { everyFieldType } from '../../schema/test/field-samples.js';

const field = <T extends FieldDefinition['type']>(type: T) =>
  everyFieldType.find((f) => f.type === type) as Extract<FieldDefinition, { type: T }>;
const parse = (type: FieldDefinition['type'], text: string) =>
  fieldRegistry.of(field(type)).parseText(text, field(type) as never);

// One table per type: what an import reads from a cell, good and bad.
const good: [FieldDefinition['type'], string, unknown][] = [
  ['number', '1,234,567.5', 1234567.5],
  ['number', '１２３', 123],
  ['number', '-42', -42],
  ['number', '(1,200)', -1200],
  ['number', '.5', 0.5],
  ['money', '¥1,234.50', 1234.5],
  ['money', '￥1,234.50', 1234.5],
  ['money', '$ 99', 99],
  ['money', 'US$1,000', 1000],
  ['money', '1,000元', 1000],
  ['money', 'CNY 2,500.00', 2500],
  ['money', '-¥30', -30],
  ['percent', '12.5%', 0.125],
  ['percent', '0.3', 0.3],
  ['percent', '１００％', 1],
  ['date', '2024-03-05', '2024-03-05'],
  ['date', '2024/3/5', '2024-03-05'],
  ['date', '2024.03.05', '2024-03-05'],
  ['date', '2024年3月5日', '2024-03-05'],
  ['date', '20240305', '2024-03-05'],
  ['date', '45356', '2024-03-05'],
  ['date', '2024-03-05 00:00:00', '2024-03-05'],
  ['date', '2024-02-29', '2024-02-29'],
  ['datetime', '2024-03-05 10:00+08:00', '2024-03-05T02:00:00.000Z'],
  ['datetime', '2024-03-05T10:00:30Z', '2024-03-05T10:00:30.000Z'],
  ['datetime', '2024/3/5 9:05 +0800', '2024-03-05T01:05:00.000Z'],
  ['time', '9:30', '09:30:00'],
  ['time', '23:59:59', '23:59:59'],
  ['time', '0.5', '12:00:00'],
  ['boolean', '是', true],
  ['boolean', '否', false],
  ['boolean', 'Yes', true],
  ['boolean', 'FALSE', false],
  ['boolean', '√', true],
  ['radio', 'B', 'b'],
  ['radio', 'b', 'b'],
  ['multiselect', 'A，B', ['a', 'b']],
  ['multiselect', 'A、A', ['a']],
];
const bad: [FieldDefinition['type'], string, string][] = [
  ['number', '12abc', 'not_a_number'],
  ['number', '0x10', 'not_a_number'],
  ['number', '1,23', 'not_a_number'],
  ['number', '12%', 'not_a_number'],
  ['number', '1e5', 'not_a_number'],
  ['money', '¥', 'not_a_number'],
  ['money', '12 34 abc', 'not_a_number'],
  ['date', '2023-02-29', 'not_a_calendar_day'],
  ['date', '05/03/2024', 'not_a_date'],
  ['date', 'tomorrow', 'not_a_date'],
  ['date', '2024-03-05 10:30', 'not_a_date'],
  ['date', '0', 'not_a_date'],
  ['datetime', '2024-03-05 10:00', 'not_a_datetime'],
  ['datetime', '2024-03-05 25:00+08:00', 'not_a_datetime'],
  ['time', '24:00', 'not_a_time'],
  ['time', 'noon', 'not_a_time'],
  ['boolean', 'maybe', 'not_a_boolean'],
  ['radio', 'C', 'not_an_option'],
  ['multiselect', 'A, Z', 'not_an_option'],
  ['image', 'a.png', 'not_importable'],
  ['location', 'somewhere', 'not_a_location'],
];

describe('text parsing per field type', () => {
  it.each(good)('%s reads %j', (type, text, value) => {
    expect(parse(type, text)).toEqual({ ok: true, value });
  });
  it.each(bad)('%s refuses %j (%s)', (type, text, code) => {
    const result = parse(type, text);
    expect(result).toMatchObject({ ok: false, code });
    expect(!result.ok && result.message).toMatch(/\w/);
  });
});

describe('parseDateTimeText', () => {
  it('reads Excel serial numbers with a time of day', () => {
    expect(parseDateTimeText('45356.75')).toEqual({ date: '2024-03-05', time: '18:00:00', offset: null });
    expect(parseDateTimeText('1')).toEqual({ date: '1899-12-31', time: null, offset: null });
    expect(parseDateTimeText('2958466')).toBeNull();
  });
  it('gives local parts without an offset and flags impossible days', () => {
    expect(parseDateTimeText('2024-03-05 8:07:09')).toEqual({
      date: '2024-03-05',
      time: '08:07:09',
      offset: null,
    });
    expect(parseDateTimeText('2024-13-01')).toBe('bad_day');
    expect(parseDateTimeText('2024-03-05 10:00 tomorrow')).toBeNull();
  });
});

describe('parseNumberText', () => {
  it('keeps whether a percent sign was written', () => {
    expect(parseNumberText('12.5%')).toEqual({ value: 12.5, percentSign: true });
    expect(parseNumberText('1,234')).toEqual({ value: 1234, percentSign: false });
    expect(parseNumberText('1,2345')).toBeNull();
  });
});
