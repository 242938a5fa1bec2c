import { describe, expect, it } from 'vitest';
import type { FormDefinition, PrintTemplate } from '@tangram/schema';
import { defaultTemplate, layoutRecord, templateOf, type PrintContext } from '../src/print/print-layout';
import { formatPrintValue } from '../src/print/print-values';
import { parseFontSetting, findPrintFont } from '../src/print/print-font';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const form = {
  id: 'orders',
  name: t('订单', 'Orders'),
  fields: [
    { id: 'title', type: 'text', label: t('标题', 'Title') },
    { id: 'note', type: 'description', label: t('说明', 'Note') },
    { id: 'amount', type: 'money', label: t('金额', 'Amount'), config: { currency: 'CNY' } },
    {
      id: 'kind',
      type: 'select',
      label: t('类型', 'Kind'),
      config: { options: [{ value: 'a', label: t('甲', 'A') }] },
    },
    { id: 'owner', type: 'member', label: t('负责人', 'Owner') },
    { id: 'at', type: 'datetime', label: t('时间', 'At') },
    { id: 'cust', type: 'relation', label: t('客户', 'Customer'), config: { form: 'c' } },
    { id: 'secret', type: 'text', label: t('机密', 'Secret') },
    {
      id: 'lines',
      type: 'subform',
      label: t('明细', 'Lines'),
      config: {
        fields: [
          { id: 'item', type: 'text', label: t('品名', 'Item') },
          { id: 'qty', type: 'number', label: t('数量', 'Qty') },
        ],
      },
    },
  ],
  layout: {
    items: [
      { kind: 'row', cells: [{ field: 'title' }, { field: 'amount' }] },
      {
        kind: 'section',
        id: 's',
        title: t('更多', 'More'),
        items: [{ kind: 'row', cells: [{ field: 'lines' }] }],
      },
    ],
  },
} as unknown as FormDefinition;

const ctx = (over: Partial<PrintContext> = {}): PrintContext => ({
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  visible: new Set(form.fields.map((f) => f.id)),
  names: {
    users: new Map([['u1', '张三']]),
    departments: new Map(),
    relations: { cust: { r1: '华夏科技', r2: null } },
  },
  ...over,
});

const data = {
  title: '第一单',
  amount: 1234567.89,
  kind: 'a',
  owner: 'u1',
  at: '2026-03-01T16:30:00.000Z',
  cust: ['r1', 'r2'],
  secret: 'S3CRET',
  lines: [{ item: '苹果', qty: 2 }],
};

describe('default template', () => {
  it('follows the layout, puts subforms in tables, sections as headings, and appends unplaced fields', () => {
    const tpl = defaultTemplate(form);
    expect(tpl.body[0]).toEqual({ kind: 'fields', fields: ['title', 'amount'] });
    expect(tpl.body[1]).toEqual({ kind: 'text', text: t('更多', 'More'), size: 'large' });
    expect(tpl.body[2]).toEqual({ kind: 'subform', field: 'lines' });
    // The rest two a row; the description field has nothing to print.
    expect(tpl.body.slice(3)).toEqual([
      { kind: 'fields', fields: ['kind', 'owner'] },
      { kind: 'fields', fields: ['at', 'cust'] },
      { kind: 'fields', fields: ['secret'] },
    ]);
  });

  it('is what `default` or no id picks when none is designed; an unknown id is null', () => {
    expect(templateOf(form, undefined)?.id).toBe('default');
    expect(templateOf(form, 'nope')).toBeNull();
    const designed = { id: 'inv', name: t('发', 'Inv'), body: [] } as PrintTemplate;
    expect(templateOf({ ...form, printTemplates: [designed] }, 'default')).toBe(designed);
  });
});

describe('layoutRecord', () => {
  it('formats values like the record view', () => {
    const section = layoutRecord(defaultTemplate(form), form, data, ctx());
    const cells = Object.fromEntries(
      section.blocks.flatMap((b) => (b.kind === 'cells' ? b.cells.map((c) => [c.label, c.value]) : [])),
    );
    expect(section.title).toBe('订单');
    expect(cells['金额']).toContain('1,234,567.89');
    expect(cells['类型']).toBe('甲');
    expect(cells['负责人']).toBe('张三');
    expect(cells['时间']).toBe('2026-03-02 00:30'); // Asia/Shanghai
    expect(cells['客户']).toBe('华夏科技、（无权查看）');
    const table = section.blocks.find((b) => b.kind === 'table');
    expect(table).toEqual({ kind: 'table', title: '明细', columns: ['品名', '数量'], rows: [['苹果', '2']] });
  });

  it('leaves out hidden fields entirely (label and value), and hidden subforms', () => {
    const visible = new Set(['title', 'amount']);
    const section = layoutRecord(defaultTemplate(form), form, data, ctx({ visible }));
    const text = JSON.stringify(section);
    expect(text).not.toContain('S3CRET');
    expect(text).not.toContain('机密');
    expect(section.blocks.some((b) => b.kind === 'table')).toBe(false);
  });

  it('prints the chosen subform columns, static text and the header title in the locale', () => {
    const tpl: PrintTemplate = {
      id: 'x',
      name: t('x', 'x'),
      header: { title: t('送货单', 'Delivery note') },
      body: [
        { kind: 'text', text: t('你好', 'Hello'), size: 'small' },
        { kind: 'subform', field: 'lines', columns: ['qty'] },
      ],
    };
    const section = layoutRecord(tpl, form, data, ctx({ locale: 'en' }));
    expect(section.title).toBe('Delivery note');
    expect(section.blocks).toEqual([
      { kind: 'text', text: 'Hello', size: 'small' },
      { kind: 'table', title: 'Lines', columns: ['Qty'], rows: [['2']] },
    ]);
  });

  it('marks image and signature columns of a subform table as pictures, from the field registry', () => {
    const withPictures = {
      ...form,
      fields: [
        {
          id: 'visits',
          type: 'subform',
          label: t('走访', 'Visits'),
          config: {
            fields: [
              { id: 'place', type: 'text', label: t('地点', 'Place') },
              { id: 'shot', type: 'image', label: t('照片', 'Photo') },
              { id: 'sig', type: 'signature', label: t('签字', 'Signed') },
            ],
          },
        },
      ],
    } as unknown as FormDefinition;
    const tpl: PrintTemplate = { id: 'v', name: t('v', 'v'), body: [{ kind: 'subform', field: 'visits' }] };
    const section = layoutRecord(
      tpl,
      withPictures,
      {
        visits: [
          { place: 'A', shot: [{ fileId: 'f1', name: 'a.png' }], sig: { fileId: 'f2' } },
          { place: 'B', shot: [] },
        ],
      },
      ctx({ visible: new Set(['visits']), locale: 'en' }),
    );
    expect(section.blocks).toEqual([
      {
        kind: 'table',
        title: 'Visits',
        columns: ['Place', 'Photo', 'Signed'],
        rows: [
          [
            'A',
            { pictures: [{ fileId: 'f1', name: 'a.png' }], picture: 'photo' },
            // A signature has no file name: its label is what prints if the picture cannot be drawn.
            { pictures: [{ fileId: 'f2', name: 'Signed' }], picture: 'signature' },
          ],
          ['B', '', ''],
        ],
      },
    ]);
  });

  it('bounds a long value', () => {
    const field = form.fields[0]!;
    const text = formatPrintValue(field, 'x'.repeat(10_000), ctx());
    expect(text.length).toBeLessThanOrEqual(4001);
  });
});

describe('print font', () => {
  it('reads a face of a collection from the setting', () => {
    expect(parseFontSetting('/f/a.ttc#Face')).toEqual({ path: '/f/a.ttc', family: 'Face' });
    expect(parseFontSetting('/f/a.ttf')).toEqual({ path: '/f/a.ttf' });
  });
  it('fails clearly when the configured font does not exist', () => {
    expect(() => findPrintFont({ TANGRAM_PRINT_FONT: '/nope/font.ttf' })).toThrow(/does not exist/);
  });
  it('prints with the Noto Sans SC that comes with the npm dependencies when nothing is set', () => {
    expect(findPrintFont({}).path).toMatch(/NotoSansSC_400Regular\.ttf$/);
  });
});
