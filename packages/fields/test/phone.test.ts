import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '@tangram/schema';
import { checkRecordData, fieldRegistry, isValidPhone, phoneExample } from '../src/index.js';

describe('phone numbers by country', () => {
  it.each([
    ['13800138000', 'CN'],
    ['138 0013 8000', 'CN'],
    ['010-12345678', 'CN'],
    ['(201) 555-0123', 'US'],
    ['020 7946 0958', 'GB'],
    ['030 123456', 'DE'],
    ['03-1234-5678', 'JP'],
    ['9123 4567', 'SG'],
    ['9123 4567', 'HK'],
    // A number with its country code is checked against that country, wherever the org is.
    ['+44 20 7946 0958', 'CN'],
    ['+86 138 0013 8000', 'US'],
  ])('accepts %s in %s', (text, country) => {
    expect(isValidPhone(text, country)).toBe(true);
  });

  it.each([
    // No Chinese number starts with 12: the digit patterns are checked, not only the length.
    ['12345678901', 'CN'],
    ['1380013800', 'CN'],
    ['12345', 'CN'],
    ['555-0123', 'US'],
    ['2O', 'CN'],
    ['+1 555 555 0123', 'CN'],
    // A Chinese mobile number is not a British one.
    ['13800138000', 'GB'],
  ])('refuses %s in %s', (text, country) => {
    expect(isValidPhone(text, country)).toBe(false);
  });

  it('gives an example number as people in the country write it', () => {
    expect(phoneExample('CN')).toMatch(/^1\d{2} \d{4} \d{4}$/);
    expect(phoneExample('XX')).toBeNull();
  });
});

describe('the phone field check', () => {
  const form = (anyFormat?: boolean): FormDefinition =>
    ({
      id: 'f',
      name: { 'zh-CN': '客户', en: 'Customer' },
      fields: [
        {
          id: 'tel',
          type: 'phone',
          label: { 'zh-CN': '手机', en: 'Phone' },
          ...(anyFormat ? { config: { anyFormat: true } } : {}),
        },
      ],
    }) as unknown as FormDefinition;

  it("refuses a number outside the org's plan, in both languages, with the country's example", () => {
    const { issues } = checkRecordData(form(), { tel: '12345678901' }, fieldRegistry, 'create', '/data', {
      context: { country: 'CN' },
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '/data/tel', code: 'phone_format' });
    expect(issues[0]!.localized.en).toMatch(/^Phone is not a valid phone number in China \(for example 1/);
    expect(issues[0]!.localized['zh-CN']).toMatch(/^手机不是有效的中国电话号码（例如 1/);
  });

  it('checks against the country in the context (a US org refuses a Chinese mobile without +86)', () => {
    const us = { context: { country: 'US' } };
    expect(
      checkRecordData(form(), { tel: '13800138000' }, fieldRegistry, 'create', '/data', us).issues,
    ).toEqual([expect.objectContaining({ code: 'phone_format' })]);
    expect(
      checkRecordData(form(), { tel: '(201) 555-0123' }, fieldRegistry, 'create', '/data', us).issues,
    ).toEqual([]);
  });

  it('accepts any shape when the field says so, and defaults to China without a context', () => {
    expect(checkRecordData(form(true), { tel: '12345' }, fieldRegistry, 'create').issues).toEqual([]);
    expect(checkRecordData(form(), { tel: '138 0013 8000' }, fieldRegistry, 'create').issues).toEqual([]);
    expect(checkRecordData(form(), { tel: '12345' }, fieldRegistry, 'create').issues).toHaveLength(1);
  });

  it('words required and number problems in Chinese after the Chinese label', () => {
    const f = {
      id: 'f',
      name: { 'zh-CN': '订单' },
      fields: [
        {
          id: 'qty',
          type: 'number',
          label: { 'zh-CN': '数量', en: 'Quantity' },
          required: true,
          config: { min: 1 },
        },
      ],
    } as unknown as FormDefinition;
    const missing = checkRecordData(f, {}, fieldRegistry, 'create').issues[0]!;
    expect(missing.localized).toEqual({ en: 'Quantity is required', 'zh-CN': '数量为必填项' });
    const low = checkRecordData(f, { qty: -5 }, fieldRegistry, 'create').issues[0]!;
    expect(low.localized).toEqual({ en: 'Quantity must be at least 1', 'zh-CN': '数量不能小于 1' });
  });
});
