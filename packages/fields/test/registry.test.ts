import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { checkRecordData, compileRecordSchema, createFieldRegistry, fieldRegistry } from '../src/index.js';
import { everyFieldType } from '../../schema/test/field-samples.js';

const form: FormDefinition = { id: 'main', name: { en: 'Main' }, fields: everyFieldType };
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateCreate = ajv.compile(compileRecordSchema(form, fieldRegistry, 'create'));
const validateUpdate = ajv.compile(compileRecordSchema(form, fieldRegistry, 'update'));

const field = <T extends FieldDefinition['type']>(type: T) =>
  everyFieldType.find((f) => f.type === type) as Extract<FieldDefinition, { type: T }>;

describe('field-type registry', () => {
  it('has exactly one spec per field type and refuses unknown types', () => {
    expect([...fieldRegistry.types].sort()).toEqual([...new Set(everyFieldType.map((f) => f.type))].sort());
    expect(() => fieldRegistry.spec('hologram' as never)).toThrow(/unknown field type "hologram"/);
    expect(createFieldRegistry()).not.toBe(fieldRegistry);
  });

  it.each(everyFieldType.map((f) => [f.type, f] as const))(
    '%s: spec is complete and consistent',
    (_type, f) => {
      const spec = fieldRegistry.of(f);
      const storage = spec.storage(f as never);
      expect(spec.label.en && spec.label['zh-CN']).toBeTruthy();
      expect(Array.isArray(spec.operators(f as never))).toBe(true);
      if (spec.writable) expect(spec.valueSchema(f as never, { rowSchema: () => ({}) })).not.toBeNull();
      if (spec.computed) expect(spec.writable).toBe(false);
      if (storage === null) expect(spec.sortable).toBe(false);
      expect(spec.format(null, f as never, 'en')).toBe('');
      expect(spec.parseText('', f as never)).toEqual({ ok: true, value: null });
    },
  );
});

describe('record schema and checks', () => {
  const good = {
    f_text: 'ABC',
    f_number: 12.5,
    f_money: 0.1,
    f_percent: 0.125,
    f_date: '2024-02-29',
    f_datetime: '2024-03-01T09:30:00+08:00',
    f_time: '09:30',
    f_select: 'something else',
    f_multiselect: ['a', 'b'],
    f_radio: 'a',
    f_checkboxes: ['b'],
    f_boolean: true,
    f_email: 'Buyer@Example.com',
    f_url: 'https://example.com/a?b=1',
    f_address: { province: '广东省', city: '深圳市' },
    f_location: { lat: 22.5, lng: 114 },
    f_member: 'usr_1',
    f_members: ['usr_1', 'usr_2'],
    f_image: [{ fileId: 'fil_1', name: 'a.png', size: 10, mime: 'image/png' }],
    f_subform: [{ s_qty: 2 }],
    f_relation: ['rec_1'],
  };

  it('accepts a good record and normalizes it', () => {
    expect(validateCreate(good), JSON.stringify(validateCreate.errors)).toBe(true);
    const { data, issues } = checkRecordData(form, good, fieldRegistry, 'create');
    expect(issues).toEqual([]);
    expect(data).toMatchObject({
      f_email: 'buyer@example.com',
      f_datetime: '2024-03-01T01:30:00.000Z',
      f_time: '09:30:00',
    });
    expect(data).not.toHaveProperty('f_formula');
  });

  it.each([
    ['f_formula', 999],
    ['f_serial', 'forged'],
    ['f_lookup', ['x']],
    ['f_formula', null],
  ])('refuses a value for the computed field %s (%j), naming it', (id, value) => {
    const record = { ...good, [id]: value };
    expect(validateCreate(record), JSON.stringify(validateCreate.errors)).toBe(true);
    const { issues } = checkRecordData(form, record, fieldRegistry, 'create');
    expect(issues).toEqual([expect.objectContaining({ path: `/data/${id}`, code: 'read_only' })]);
    expect(issues[0]!.message).toContain('computed by the server');
  });

  it('marks exactly formula, lookup and serial as computed', () => {
    const computed = everyFieldType.filter((f) => fieldRegistry.of(f).computed).map((f) => f.type);
    expect(computed.sort()).toEqual(['formula', 'lookup', 'serial']);
  });

  it.each([
    ['an unknown field', { ...good, nope: 1 }],
    ['text for a number', { ...good, f_number: '12' }],
    ['an option not in the list', { ...good, f_radio: 'zzz' }],
    ['duplicate multi-select values', { ...good, f_multiselect: ['a', 'a'] }],
    ['too many multi-select values', { ...good, f_multiselect: ['a', 'b', 'a'] }],
    ['a javascript: url', { ...good, f_url: 'javascript:alert(1)' }],
    ['a latitude out of range', { ...good, f_location: { lat: 91, lng: 0 } }],
    ['an extra key in a file', { ...good, f_image: [{ fileId: 'x', path: '/etc/passwd' }] }],
    ['an unknown subform column', { ...good, f_subform: [{ s_qty: 1, evil: true }] }],
    ['a missing required field', { f_number: 1 }],
  ])('the record schema refuses %s', (_name, record) => {
    expect(validateCreate(record)).toBe(false);
  });

  it('an update may send any subset, but not unknown fields', () => {
    expect(validateUpdate({ f_number: 3 })).toBe(true);
    expect(validateUpdate({ f_number: null })).toBe(true);
    expect(validateUpdate({ nope: 1 })).toBe(false);
  });

  it.each([
    ['more decimals than the precision', { f_number: 1.234 }, 'allows at most 2 decimal places'],
    ['below the minimum', { f_number: -1 }, 'must be at least 0'],
    ['money with 3 decimals', { f_money: 0.001 }, 'allows at most 2 decimal places'],
    ['a day that does not exist', { f_date: '2023-02-29' }, 'real calendar day'],
    ['a date before the minimum', { f_date: '1999-12-31' }, 'on or after 2000-01-01'],
    ['an impossible time of day', { f_datetime: '2024-01-01T24:00:00Z' }, 'ISO 8601'],
    ['a pattern mismatch', { f_text: 'abc' }, 'Capitals only'],
    ['a blank required text', { f_text: '   ' }, 'is required'],
  ])('checks %s', (_name, patch, message) => {
    const { issues } = checkRecordData(form, { ...good, ...patch }, fieldRegistry, 'create');
    expect(issues.map((i) => i.message).join(' | ')).toContain(message);
  });

  it('stores empty values as null and look-alike text canonically', () => {
    const { data } = checkRecordData(
      form,
      { ...good, f_textarea: '', f_members: [] },
      fieldRegistry,
      'create',
    );
    expect(data.f_textarea).toBeNull();
    expect(data.f_members).toBeNull();
    const lookAlike = checkRecordData(form, { ...good, f_textarea: 'admin\u200B' }, fieldRegistry, 'create');
    expect(lookAlike.data.f_textarea).toBe('admin');
  });
});

describe('import coercion and display', () => {
  it.each([
    ['number', '1,234.50', 1234.5],
    ['money', '¥1,234.5', 1234.5],
    ['percent', '12.5%', 0.125],
    ['date', '2024/3/5', '2024-03-05'],
    ['date', '2024年3月5日', '2024-03-05'],
    ['datetime', '2024-03-05 10:00+08:00', '2024-03-05T02:00:00.000Z'],
    ['time', '9:30'.padStart(5, '0'), '09:30:00'],
    ['boolean', '是', true],
    ['boolean', 'No', false],
    ['radio', 'B', 'b'],
    ['multiselect', 'A，B', ['a', 'b']],
    ['members', 'usr_1; usr_2', ['usr_1', 'usr_2']],
    ['location', '22.5, 114.1 HQ', { lat: 22.5, lng: 114.1, name: 'HQ' }],
  ] as const)('%s parses %j', (type, text, value) => {
    expect(fieldRegistry.of(field(type as never)).parseText(text, field(type as never) as never)).toEqual({
      ok: true,
      value,
    });
  });

  it.each([
    ['number', '12abc'],
    ['number', '0x10'],
    ['date', '2023-02-29'],
    ['datetime', '2024-03-05 10:00'],
    ['boolean', 'maybe'],
    ['radio', 'C'],
    ['image', 'a.png'],
  ] as const)('%s refuses %j with a message', (type, text) => {
    const result = fieldRegistry.of(field(type as never)).parseText(text, field(type as never) as never);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(text.slice(0, 2) === 'a.' ? 'files' : text);
  });

  it('formats values for tables', () => {
    expect(fieldRegistry.spec('number').format(1234.5, field('number'), 'en')).toBe('1,234.50 kg');
    expect(fieldRegistry.spec('money').format(1234.5, field('money'), 'zh-CN')).toBe('¥1,234.50');
    expect(fieldRegistry.spec('percent').format(0.125, field('percent'), 'en')).toBe('12.5%');
    expect(fieldRegistry.spec('multiselect').format(['a', 'b'], field('multiselect'), 'en')).toBe('A, B');
    expect(fieldRegistry.spec('boolean').format(true, field('boolean'), 'zh-CN')).toBe('是');
    expect(
      fieldRegistry.spec('address').format({ province: '广东省', city: '深圳市' }, field('address'), 'zh-CN'),
    ).toBe('广东省 深圳市');
  });
});
