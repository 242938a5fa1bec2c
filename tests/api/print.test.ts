/**
 * Printing records to PDF (decision 0045): one PDF for one record or a selection, with Chinese
 * text embedded (read back with pdftotext), values formatted like the record view (select labels,
 * member names, relation titles, exact money, date-times in the org's zone), the subform as a
 * table; the print action of the Grant enforced, hidden fields never printed, bad templates
 * refused with their path, and the selection bounded.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, type AppDefinition } from '@tangram/schema';
import {
  binaryBody,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const SECRET = '7654321.5';

let server: TestServer;
let admin: SignedIn;
let pat: SignedIn; // prints, salary hidden
let vic: SignedIn; // views only
const ids: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tangram-print-'));

/** The text of a PDF, as poppler reads it. */
function pdfText(bytes: Buffer): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const print = (who: SignedIn, body: object, form = 'orders') =>
  who.agent.post(`/api/v1/apps/shop/forms/${form}/print`).send(body).buffer(true).parse(binaryBody);

function shopApp(users: { pat: string; vic: string }): AppDefinition {
  return {
    id: 'shop',
    name: t('商店', 'Shop'),
    formatVersion: CURRENT_FORMAT_VERSION,
    access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view', 'print'] },
    forms: [
      {
        id: 'customers',
        name: t('客户', 'Customers'),
        fields: [{ id: 'cname', type: 'text', label: t('名称', 'Name') }],
        titleField: 'cname',
      },
      {
        id: 'orders',
        name: t('销售订单', 'Sales order'),
        fields: [
          { id: 'title', type: 'text', label: t('标题', 'Title') },
          { id: 'customer', type: 'relation', label: t('客户', 'Customer'), config: { form: 'customers' } },
          { id: 'amount', type: 'money', label: t('金额', 'Amount'), config: { currency: 'CNY' } },
          {
            id: 'status',
            type: 'select',
            label: t('状态', 'Status'),
            config: { options: [{ value: 'paid', label: t('已付款', 'Paid') }] },
          },
          { id: 'seller', type: 'member', label: t('销售员', 'Seller') },
          { id: 'placed', type: 'datetime', label: t('下单时间', 'Placed at') },
          { id: 'salary', type: 'number', label: t('工资', 'Salary') },
          {
            id: 'lines',
            type: 'subform',
            label: t('明细', 'Lines'),
            config: {
              fields: [
                { id: 'item', type: 'text', label: t('商品', 'Item') },
                { id: 'qty', type: 'number', label: t('数量', 'Qty') },
                { id: 'memo', type: 'text', label: t('备注', 'Memo') },
              ],
            },
          },
        ],
        printTemplates: [
          {
            id: 'invoice',
            name: t('发票', 'Invoice'),
            page: { size: 'A5', orientation: 'landscape' },
            header: { companyName: true, logo: { kind: 'appIcon' }, title: t('销售单', 'Sales slip') },
            footer: { text: t('谢谢惠顾', 'Thank you'), pageNumbers: true },
            body: [
              { kind: 'text', text: t('正本', 'Original'), size: 'large' },
              { kind: 'fields', fields: ['title', 'customer', 'amount'] },
              { kind: 'fields', fields: ['status', 'seller', 'placed', 'salary'] },
              { kind: 'subform', field: 'lines', columns: ['item', 'qty'] },
            ],
          },
        ],
        permissionGroups: [
          {
            id: 'printers',
            name: t('打印', 'Printers'),
            members: [{ kind: 'users', ids: [users.pat] }],
            actions: ['view', 'print'],
            scope: { kind: 'all' },
            fields: {
              visible: ['title', 'customer', 'amount', 'status', 'seller', 'placed', 'lines'],
              editable: [],
            },
          },
          {
            id: 'viewers',
            name: t('查看', 'Viewers'),
            members: [{ kind: 'users', ids: [users.vic] }],
            actions: ['view'],
            scope: { kind: 'all' },
          },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server, { orgName: '上海星辰贸易有限公司' });
  pat = await createUser(server, admin, { email: 'pat@acme.test', name: '潘婷' });
  vic = await createUser(server, admin, { email: 'vic@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(shopApp({ pat: pat.user.id, vic: vic.user.id }));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const customer = await admin.agent
    .post('/api/v1/apps/shop/forms/customers/records')
    .send({ data: { cname: '北京华夏科技' } })
    .expect(201);
  for (const n of [1, 2]) {
    const res = await admin.agent.post('/api/v1/apps/shop/forms/orders/records').send({
      data: {
        title: `订单${n}号`,
        customer: customer.body.record.id,
        amount: 12345678.9,
        status: 'paid',
        seller: pat.user.id,
        placed: '2026-03-01T16:30:00Z',
        salary: Number(SECRET),
        lines: [
          { item: '苹果', qty: 3, memo: 'memo-hidden-by-template' },
          { item: 'Banana', qty: 12 },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.push(res.body.record.id);
  }
});
afterAll(() => server.close());

describe('print', () => {
  it('prints one record with its template, in Chinese, values as the record view shows them', async () => {
    const res = await print(admin, { ids: [ids[0]], templateId: 'invoice', locale: 'zh-CN' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/pdf/);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.body);
    for (const expected of [
      '上海星辰贸易有限公司', // company name = org name
      '销售单', // header title
      '正本',
      '订单1号',
      '北京华夏科技', // relation title
      '12,345,678.90', // money exact
      '已付款', // select label
      '潘婷', // member name
      '苹果',
      '谢谢惠顾',
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/1\s*\/\s*1/); // page numbers
    expect(text).toMatch(/2026-03-0[12] \d\d:30/); // in the org's time zone
    expect(text).not.toContain('memo-hidden-by-template'); // a column the template leaves out
    expect(res.body.length).toBeLessThan(300_000); // the CJK font is subset
  });

  it('prints a selection into one PDF in English, one record per page, with the default template', async () => {
    const res = await print(admin, { ids, templateId: 'default', locale: 'en' });
    expect(res.status).toBe(200);
    // `default` picks the first designed template; an inline copy of the form's layout is the fallback.
    const text = pdfText(res.body);
    expect(text).toContain('订单1号');
    expect(text).toContain('订单2号');
    expect(text).toContain('Thank you');
    expect(text).toMatch(/2\s*\/\s*2/);
    // Printed records left the server: the audit log says who printed how many.
    const audit = await admin.agent.get('/api/v1/admin/audit').query({ action: 'record.print' }).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'record.print',
      actor: { id: admin.user.id },
      target: { type: 'form', id: 'orders' },
      detail: { format: 'pdf', rows: 2 },
    });
  });

  it('prints with an unsaved template sent along (the studio preview)', async () => {
    const res = await print(admin, {
      ids: [ids[1]],
      locale: 'en',
      template: {
        id: 'draft',
        name: { en: 'Draft' },
        body: [{ kind: 'fields', fields: ['title', 'status'] }],
      },
    });
    expect(res.status).toBe(200);
    const text = pdfText(res.body);
    expect(text).toContain('Paid');
    expect(text).toContain('Sales order'); // title defaults to the form's name
    expect(text).not.toContain('北京华夏科技');
  });

  it('never prints a field hidden from the reader, not even its label', async () => {
    const res = await print(pat, { ids: [ids[0]], templateId: 'invoice', locale: 'zh-CN' });
    expect(res.status).toBe(200);
    const text = pdfText(res.body);
    expect(text).toContain('订单1号');
    expect(text).not.toContain('工资');
    expect(text).not.toContain('7,654,321');
    expect(text).not.toContain('7654321');
  });

  it('refuses a reader without the print action (403) and unknown records (404)', async () => {
    const denied = await vic.agent.post('/api/v1/apps/shop/forms/orders/print').send({ ids: [ids[0]] });
    expect(denied.status).toBe(403);
    const missing = await admin.agent.post('/api/v1/apps/shop/forms/orders/print').send({ ids: ['nope'] });
    expect(missing.status).toBe(404);
  });

  it('bounds the selection', async () => {
    const many = Array.from({ length: 201 }, (_, i) => `r${i}`);
    const res = await admin.agent.post('/api/v1/apps/shop/forms/orders/print').send({ ids: many });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('/ids');
  });

  it('refuses bad templates with the path of the bad value', async () => {
    const inline = await admin.agent.post('/api/v1/apps/shop/forms/orders/print').send({
      ids: [ids[0]],
      template: { id: 'x', name: { en: 'X' }, body: [{ kind: 'fields', fields: ['title', 'nope'] }] },
    });
    expect(inline.status).toBe(400);
    expect(inline.body.error.details).toContainEqual(
      expect.objectContaining({ path: '/template/body/0/fields/1', code: 'unknown_field' }),
    );
    const unknown = await admin.agent
      .post('/api/v1/apps/shop/forms/orders/print')
      .send({ ids: [ids[0]], templateId: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('/templateId');

    const app = shopApp({ pat: pat.user.id, vic: vic.user.id });
    const form = app.forms[1]!;
    form.printTemplates![0]!.body[3] = { kind: 'subform', field: 'lines', columns: ['item', 'ghost'] };
    const current = await admin.agent.get('/api/v1/apps/shop').expect(200);
    const saved = await admin.agent.put('/api/v1/apps/shop').send({ app, baseVersion: current.body.version });
    expect(saved.status).toBe(400);
    expect(saved.body.error.details).toContainEqual(
      expect.objectContaining({ path: '/forms/1/printTemplates/0/body/3/columns/1', code: 'unknown_field' }),
    );
  });
});
