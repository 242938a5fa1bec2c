/**
 * The per-type cell table shared by import and export (decision 0044), pure: what the export
 * writes for a value, read back by the import, is the same value (the CSV text of each cell), and
 * formula-like texts are escaped in CSV.
 */
import type { FieldDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { readCell, writeCell, type NameIndex, type WriteContext } from '../src/imports/cell-codecs';
import { addName } from '../src/imports/coerce';
import { csvText, looksLikeFormula } from '../src/exports/sheet-writers';

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const index = (pairs: [string, string][]): NameIndex => {
  const m: NameIndex = new Map();
  for (const [name, id] of pairs) addName(m, name, id);
  return m;
};
const opts = {
  options: [
    { value: 'a', label: l('Alpha', '甲') },
    { value: 'b', label: l('Beta', '乙') },
  ],
};
const f = (type: string, config?: unknown) =>
  ({ id: type, type, label: l(type, type), config }) as FieldDefinition;

const write: Omit<WriteContext, 'relationKey'> = {
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  memberName: (id) => ({ u1: '张三', u2: 'Li Si' })[id] ?? id,
  departmentName: (id) => ({ d1: '销售部' })[id] ?? id,
  recordTitle: (_key, id) => ({ r1: 'Gadget' })[id] ?? id,
  fileUrl: (id) => `https://x.test/api/v1/files/${id}`,
};
const read = {
  members: index([
    ['张三', 'u1'],
    ['Li Si', 'u2'],
  ]),
  departments: index([['销售部', 'd1']]),
  relations: new Map([['relation', index([['Gadget', 'r1']])]]),
  timeZone: 'Asia/Shanghai',
};

const cases: [FieldDefinition, unknown][] = [
  [f('text'), 'hello, world'],
  [f('number', { precision: 2 }), -1234.5],
  [f('money', { currency: 'CNY', precision: 2 }), 0.07],
  [f('percent', { precision: 1 }), 0.125],
  [f('date'), '2024-02-29'],
  [f('datetime'), '2024-03-10T18:30:00.000Z'],
  [f('time'), '09:30:00'],
  [f('select', opts), 'b'],
  [f('multiselect', opts), ['a', 'b']],
  [f('boolean'), false],
  [f('member'), 'u1'],
  [f('members'), ['u1', 'u2']],
  [f('department'), 'd1'],
  [f('relation', { form: 'p', multiple: false }), 'r1'],
  [f('location'), { lat: 31.23, lng: 121.47, name: 'Bund' }],
];

describe('cell codecs', () => {
  it.each(cases)('reads back what it writes: %s', (field, value) => {
    const cell = writeCell(field, value, { ...write, relationKey: field.id });
    const back = readCell(field, csvText(cell), { ...read, relationKey: field.id });
    expect(back).toEqual({ ok: true, value });
  });

  it('writes date-times on the org wall clock and percent exactly', () => {
    expect(writeCell(f('datetime'), '2024-03-10T18:30:00.000Z', { ...write, relationKey: '' })).toEqual({
      date: '2024-03-11',
      time: '02:30:00',
    });
    expect(csvText(writeCell(f('percent'), 0.07, { ...write, relationKey: '' }))).toBe('7%');
  });

  it('escapes formula-like texts in CSV only', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) {
      expect(looksLikeFormula(s)).toBe(true);
      expect(csvText(s)).toBe(`'${s}`);
    }
    expect(csvText('a=1')).toBe('a=1');
    // Numbers are numbers: a negative number is not a text to escape.
    expect(csvText(writeCell(f('number'), -5, { ...write, relationKey: '' }))).toBe('-5');
  });

  it('refuses unknown names with their code', () => {
    expect(readCell(f('member'), 'Nobody', { ...read, relationKey: '' })).toMatchObject({
      ok: false,
      code: 'unknown_member',
    });
  });
});
