/**
 * The import's pure parts (decision 0040): coercion per field type with the org's directory and
 * linked records, grouping of subform rows, header matching and checks, encoding detection, cell
 * text from exceljs values, and the parser's bounds on real files.
 */
import iconv from 'iconv-lite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { cellText } from '../src/imports/cell-text';
import {
  addName,
  coerceCell,
  coerceRecord,
  groupRows,
  placeInZone,
  type Lookups,
  type NameIndex,
} from '../src/imports/coerce';
import { autoMap, headerProblems, settingsIssues } from '../src/imports/mapping';
import { fileKind, sheetRows, summarize } from '../src/imports/sheet-reader';
import { detectEncoding, detectFileEncoding } from '../src/imports/text-encoding';

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const index = (pairs: [string, string][]): NameIndex => {
  const m: NameIndex = new Map();
  for (const [name, id] of pairs) addName(m, name, id);
  return m;
};
const lookups: Lookups = {
  members: index([
    ['usr_1', 'usr_1'],
    ['王芳', 'usr_1'],
    ['fang@acme.test', 'usr_1'],
    ['张伟', 'usr_2'],
    ['张伟', 'usr_3'],
    ['usr_2', 'usr_2'],
  ]),
  departments: index([
    ['销售部', 'dep_1'],
    ['dep_1', 'dep_1'],
  ]),
  relations: new Map([
    [
      'customer',
      index([
        ['Acme', 'rec_1'],
        ['KH-0001', 'rec_1'],
        ['Beta', 'rec_2'],
      ]),
    ],
  ]),
  timeZone: 'Asia/Shanghai',
};
const f = (def: Partial<FieldDefinition> & { id: string; type: FieldDefinition['type'] }) =>
  ({ label: l(def.id, def.id), ...def }) as FieldDefinition;

describe('coerceCell: the org and other forms', () => {
  const cases: [FieldDefinition, string, unknown][] = [
    [f({ id: 'm', type: 'member' }), '王芳', 'usr_1'],
    [f({ id: 'm', type: 'member' }), 'FANG@acme.test', 'usr_1'],
    [f({ id: 'ms', type: 'members' }), '王芳；usr_2', ['usr_1', 'usr_2']],
    [f({ id: 'd', type: 'department' }), '销售部', 'dep_1'],
    [
      f({ id: 'customer', type: 'relation', config: { form: 'c', multiple: false } } as never),
      'KH-0001',
      'rec_1',
    ],
    [
      f({ id: 'customer', type: 'relation', config: { form: 'c', multiple: true } } as never),
      'Acme, Beta',
      ['rec_1', 'rec_2'],
    ],
    [f({ id: 't', type: 'datetime' }), '2024-03-05 10:00', '2024-03-05T02:00:00.000Z'],
    [f({ id: 't', type: 'datetime' }), '45356.5', '2024-03-05T04:00:00.000Z'],
    [f({ id: 'x', type: 'text' }), '', null],
  ];
  it.each(cases)('%#: %s', (field, text, value) => {
    expect(coerceCell(field, text, lookups, field.id)).toEqual({ ok: true, value });
  });

  const bad: [FieldDefinition, string, string][] = [
    [f({ id: 'm', type: 'member' }), '李雷', 'unknown_member'],
    [f({ id: 'm', type: 'member' }), '张伟', 'ambiguous_member'],
    [f({ id: 'ms', type: 'members' }), '王芳, 李雷', 'unknown_member'],
    [f({ id: 'd', type: 'department' }), '财务部', 'unknown_department'],
    [
      f({ id: 'customer', type: 'relation', config: { form: 'c', multiple: false } } as never),
      'Gamma',
      'unknown_record',
    ],
    [f({ id: 'n', type: 'number' }), '12abc', 'not_a_number'],
    [f({ id: 't', type: 'datetime' }), 'yesterday', 'not_a_datetime'],
  ];
  it.each(bad)('%#: refuses %s', (field, text, code) => {
    expect(coerceCell(field, text, lookups, field.id)).toMatchObject({ ok: false, code });
  });
});

describe('placeInZone', () => {
  it('uses the offset in force at that wall-clock time', () => {
    expect(placeInZone('2024-03-05', '10:00:00', 'Asia/Shanghai')).toBe('2024-03-05T10:00:00+08:00');
    expect(placeInZone('2024-07-01', '12:00:00', 'America/New_York')).toBe('2024-07-01T12:00:00-04:00');
    expect(placeInZone('2024-01-15', '12:00:00', 'America/New_York')).toBe('2024-01-15T12:00:00-05:00');
    expect(placeInZone('2024-01-15', '00:00:00', 'UTC')).toBe('2024-01-15T00:00:00+00:00');
  });
});

const orders: FormDefinition = {
  id: 'orders',
  name: l('Orders', '订单'),
  fields: [
    f({ id: 'no', type: 'text', label: l('Order no', '订单号') }),
    f({ id: 'total', type: 'money', label: l('Total', '金额') }),
    f({ id: 'seq', type: 'serial', label: l('Serial', '流水号') }),
    {
      id: 'lines',
      type: 'subform',
      label: l('Lines', '明细'),
      config: {
        fields: [
          f({ id: 'sku', type: 'text', label: l('SKU', '货号') }),
          f({ id: 'qty', type: 'number', label: l('Qty', '数量') }),
        ],
      },
    } as FieldDefinition,
  ],
};

describe('grouping and records', () => {
  const rows = [
    { number: 2, cells: ['SO-1', '¥10', 'A', '1'] },
    { number: 3, cells: ['SO-1', '', 'B', '2'] },
    { number: 4, cells: ['SO-2', '5', 'C', 'x'] },
    { number: 5, cells: ['', '1', 'D', '1'] },
  ];
  const settings = {
    sheet: 0,
    headerRow: 1,
    columns: [
      { column: 0, field: 'no' },
      { column: 1, field: 'total' },
      { column: 2, field: 'lines', sub: 'sku' },
      { column: 3, field: 'lines', sub: 'qty' },
    ],
    policy: 'skip_bad_rows' as const,
    mode: 'create' as const,
    groupBy: 0,
  };
  it('groups consecutive rows with the same key; an empty key stands alone', () => {
    expect(groupRows(rows, 0).map((g) => g.map((r) => r.number))).toEqual([[2, 3], [4], [5]]);
    expect(groupRows(rows, undefined)).toHaveLength(4);
  });
  it('builds one record with its subform lines and reports bad cells by row and column', () => {
    const [so1, so2] = groupRows(rows, 0).map((g) => coerceRecord(g, settings, orders, lookups));
    expect(so1).toMatchObject({
      row: 2,
      lastRow: 3,
      issues: [],
      data: {
        no: 'SO-1',
        total: 10,
        lines: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 2 },
        ],
      },
    });
    expect(so2!.issues).toEqual([
      expect.objectContaining({ row: 4, column: 3, value: 'x', code: 'not_a_number' }),
    ]);
  });
  it('reports a formula cell without a cached value', () => {
    const r = coerceRecord(
      [{ number: 9, cells: ['SO-9', ''], formulasWithoutValue: [2] }],
      settings,
      orders,
      lookups,
    );
    expect(r.issues).toEqual([expect.objectContaining({ row: 9, column: 1, code: 'formula_without_value' })]);
  });
});

describe('mapping', () => {
  it('matches headers by label in either language, loosely, and never a computed field', () => {
    expect(autoMap(['订单号*', 'TOTAL', '流水号', '货号', 'Qty', '备注'], orders)).toEqual([
      { column: 0, field: 'no' },
      { column: 1, field: 'total' },
      { column: 3, field: 'lines', sub: 'sku' },
      { column: 4, field: 'lines', sub: 'qty' },
    ]);
  });
  it('reports empty headers over data and repeated headers', () => {
    expect(headerProblems(['A', '', 'a ', ''], new Set([0, 1, 2]))).toEqual([
      { column: 1, code: 'empty_header', value: '' },
      { column: 2, code: 'duplicate_header', first: 0, value: 'a ' },
    ]);
  });
  it('checks targets, columns and the upsert key', () => {
    const codes = settingsIssues(
      {
        sheet: 0,
        headerRow: 1,
        columns: [
          { column: 0, field: 'seq' },
          { column: 7, field: 'no' },
          { column: 1, field: 'no' },
        ],
        policy: 'skip_bad_rows',
        mode: 'upsert',
        keyField: 'total',
      },
      orders,
      3,
    ).map((i) => i.code);
    expect(codes).toEqual(['unknown_field', 'unknown_column', 'duplicate_mapping', 'key_not_mapped']);
  });
});

describe('encoding detection', () => {
  const text = '客户名称,等级\r\n华东贸易,银牌\r\n';
  it('tells UTF-8, UTF-8 with a BOM and GBK apart', () => {
    expect(detectEncoding([Buffer.from(text)])).toBe('utf-8');
    expect(detectEncoding([Buffer.from(`\uFEFF${text}`)])).toBe('utf-8-bom');
    expect(detectEncoding([iconv.encode(text, 'gbk')])).toBe('gb18030');
    expect(detectEncoding([Buffer.from('plain,ascii\n')])).toBe('utf-8');
  });
  it('keeps a character split between two chunks as UTF-8', () => {
    const bytes = Buffer.from(text);
    expect(detectEncoding([bytes.subarray(0, 1), bytes.subarray(1)])).toBe('utf-8');
  });
  it('finds GBK late in a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imp-'));
    const file = path.join(dir, 'late.csv');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('a,b\n'.repeat(400_000)), iconv.encode('华东,银牌\n', 'gbk')]),
    );
    expect(await detectFileEncoding(file)).toBe('gb18030');
  });
});

describe('cell text', () => {
  it('reads exceljs values as text', () => {
    expect(cellText(new Date(Date.UTC(2024, 2, 5)))).toEqual({ text: '2024-03-05' });
    expect(cellText(new Date(Date.UTC(2024, 2, 5, 9, 30)))).toEqual({ text: '2024-03-05 09:30:00' });
    expect(cellText({ formula: 'A1*2', result: 42 })).toEqual({ text: '42' });
    expect(cellText({ formula: 'A1*2' })).toEqual({ text: '', formulaWithoutValue: true });
    expect(cellText({ richText: [{ text: '华' }, { text: '东' }] })).toEqual({ text: '华东' });
    expect(cellText({ text: 'site', hyperlink: 'https://x.test' })).toEqual({ text: 'site' });
    expect(cellText(true)).toEqual({ text: 'TRUE' });
  });
});

describe('parser bounds on files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imp-'));
  const write = (name: string, body: Buffer | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    return file;
  };
  it('refuses a CSV row with more than 500 columns', async () => {
    const file = write('wide.csv', `${Array.from({ length: 501 }, (_v, i) => `c${i}`).join(',')}\n`);
    await expect(summarize(file, 'csv')).rejects.toMatchObject({ code: 'too_many_columns' });
  });
  it('reads quoted cells with commas and new lines as one row', async () => {
    const file = write('quoted.csv', 'a,b\n"x, y","line 1\nline 2"\n');
    const rows = [];
    for await (const r of sheetRows(file, 'csv', 0, 'utf-8')) rows.push(r);
    expect(rows).toEqual([
      { number: 1, cells: ['a', 'b'] },
      { number: 2, cells: ['x, y', 'line 1\nline 2'] },
    ]);
  });
  it('tells files apart by their bytes', async () => {
    await expect(fileKind(write('a.xlsx', 'name,qty\n'))).resolves.toBe('csv');
    await expect(
      fileKind(write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))),
    ).rejects.toMatchObject({ code: 'xls_not_supported' });
    await expect(fileKind(write('utf16.csv', Buffer.from('\uFEFFa,b', 'utf16le')))).rejects.toMatchObject({
      code: 'not_a_spreadsheet',
    });
    await expect(fileKind(write('empty.csv', ''))).rejects.toMatchObject({ code: 'empty_file' });
  });
});
