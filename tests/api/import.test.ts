/**
 * Record import from Excel and CSV (issue 15 point 1, decision 0040): upload, mapping, dry run,
 * policies, upsert, permissions, bad files, and a job resumed after an interrupted run.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { deflateRawSync, crc32 } from 'node:zlib';
import type { AppDefinition, PermissionGroup } from '@tangram/schema';
import { claimJob, createRecordWrites, runClaimedJob } from '@tangram/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryBody,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

let server: TestServer;
let admin: SignedIn;
let uma: SignedIn; // import right, but may not edit "credit"
let ivy: SignedIn; // create, no import right
const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const APP = '/api/v1/apps/imp';
const form = (id: string) => `${APP}/forms/${id}`;

function app(users: { uma: string; ivy: string }): AppDefinition {
  const group = (id: string, ids: string[], over: Partial<PermissionGroup>): PermissionGroup => ({
    id,
    name: l(id, id),
    members: [{ kind: 'users', ids }],
    actions: ['view'],
    scope: { kind: 'all' },
    ...over,
  });
  const customerFields = ['name', 'email', 'tier', 'since', 'credit', 'share', 'vip', 'owner', 'signed'];
  return {
    id: 'imp',
    name: l('Import', '导入'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'import'],
    },
    forms: [
      {
        id: 'customers',
        name: l('Customers', '客户'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name', '客户名称'), required: true, unique: true },
          { id: 'email', type: 'email', label: l('Email', '邮箱') },
          {
            id: 'tier',
            type: 'select',
            label: l('Tier', '等级'),
            config: {
              options: [
                { value: 'gold', label: l('Gold', '金牌') },
                { value: 'silver', label: l('Silver', '银牌') },
              ],
            },
          },
          { id: 'since', type: 'date', label: l('Since', '签约日期') },
          {
            id: 'credit',
            type: 'money',
            label: l('Credit', '信用额度'),
            config: { currency: 'CNY', precision: 2 },
          },
          { id: 'share', type: 'percent', label: l('Share', '占比'), config: { precision: 1 } },
          { id: 'vip', type: 'boolean', label: l('VIP', '重点客户') },
          { id: 'owner', type: 'member', label: l('Owner', '负责人') },
          { id: 'signed', type: 'datetime', label: l('Signed at', '签约时间') },
        ],
        permissionGroups: [
          group('importers', [users.uma], {
            actions: ['view', 'create', 'edit', 'import'],
            fields: { visible: customerFields, editable: customerFields.filter((f) => f !== 'credit') },
          }),
          group('writers', [users.ivy], {
            actions: ['view', 'create'],
            fields: { visible: customerFields, editable: customerFields },
          }),
        ],
      },
      {
        id: 'products',
        name: l('Products', '产品'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name', '名称') }],
      },
      {
        id: 'receipts',
        name: l('Receipts', '入库'),
        fields: [
          {
            id: 'product',
            type: 'relation',
            label: l('Product', '产品'),
            config: { form: 'products', multiple: false },
          },
          { id: 'qty', type: 'number', label: l('Qty', '数量'), config: { precision: 0 } },
        ],
      },
      {
        id: 'orders',
        name: l('Orders', '订单'),
        fields: [
          { id: 'no', type: 'text', label: l('Order no', '订单号'), required: true },
          {
            id: 'customer',
            type: 'relation',
            label: l('Customer', '客户'),
            config: { form: 'customers', multiple: false },
          },
          {
            id: 'product',
            type: 'relation',
            label: l('Product', '产品'),
            config: { form: 'products', multiple: false },
          },
          { id: 'qty', type: 'number', label: l('Qty', '数量'), config: { precision: 0 } },
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines', '明细'),
            config: {
              fields: [
                { id: 'sku', type: 'text', label: l('SKU', '货号') },
                { id: 'count', type: 'number', label: l('Count', '件数'), config: { precision: 0 } },
              ],
            },
          },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock', '库存'),
        keys: [{ id: 'product', label: l('Product', '产品'), type: 'record', form: 'products' }],
        measures: [{ id: 'qty', label: l('Quantity', '数量'), decimals: 0 }],
        sources: [
          {
            id: 'in',
            form: 'receipts',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: 1 } },
          },
          {
            id: 'out',
            form: 'orders',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: -1 } },
          },
        ],
        rules: [{ measure: 'qty', op: '>=', value: 0 }],
      },
    ],
  } as AppDefinition;
}

async function xlsx(rows: unknown[][], build?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  build?.(ws);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(who: SignedIn, formId: string, body: Buffer, name: string) {
  return who.agent.post(`${form(formId)}/imports`).attach('file', body, name);
}

async function uploadOk(who: SignedIn, formId: string, body: Buffer, name: string) {
  const res = await upload(who, formId, body, name);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.import as {
    id: string;
    suggestion: Record<string, unknown>;
    sheets: { rows: number; merged: string[]; formulasWithoutValue: number }[];
  };
}

/** Waits until the job leaves queued/running (the runner works in this process). */
async function settle(who: SignedIn, formId: string, id: string, lang = 'en') {
  for (let i = 0; i < 400; i += 1) {
    const res = await who.agent.get(`${form(formId)}/imports/${id}`).set('Accept-Language', lang);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (!['queued', 'running'].includes(res.body.import.status)) return res.body.import;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('import did not settle');
}

function configure(who: SignedIn, formId: string, id: string, settings: Record<string, unknown>) {
  return who.agent.put(`${form(formId)}/imports/${id}/settings`).send(settings);
}

async function records(formId: string) {
  const res = await admin.agent.get(`${form(formId)}/records`).query({ limit: 200 });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; data: Record<string, unknown> }[];
}

const HEAD = ['客户名称', 'Email', '等级', '签约日期', 'Credit', '占比', '重点客户', '负责人', '签约时间'];

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  uma = await createUser(server, admin, { email: 'uma@acme.test', name: '吴玛' });
  ivy = await createUser(server, admin, { email: 'ivy@acme.test', name: 'Ivy' });
  const res = await admin.agent.post('/api/v1/apps').send(app({ uma: uma.user.id, ivy: ivy.user.id }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 60_000);
afterAll(() => server.close());

describe('xlsx happy path', () => {
  it('maps headers by label in both languages, coerces every type and writes through the write door', async () => {
    const file = await xlsx([
      HEAD,
      [
        'Acme 上海',
        'a@acme.test',
        '金牌',
        new Date(Date.UTC(2024, 2, 5)),
        '¥1,234.50',
        '12.5%',
        '是',
        '吴玛',
        '2024-03-05 10:00',
      ],
      [
        'Beta',
        'b@beta.test',
        'Silver',
        '2024/3/6',
        2000,
        0.3,
        'no',
        'uma@acme.test',
        new Date(Date.UTC(2024, 2, 6, 9, 30)),
      ],
    ]);
    const job = await uploadOk(admin, 'customers', file, '客户.xlsx');
    expect(job.sheets[0]!.rows).toBe(3);
    const s = job.suggestion as { columns: { column: number; field: string }[] };
    expect(s.columns.map((c) => c.field)).toEqual([
      'name',
      'email',
      'tier',
      'since',
      'credit',
      'share',
      'vip',
      'owner',
      'signed',
    ]);
    const put = await configure(admin, 'customers', job.id, {
      ...s,
      policy: 'all_or_nothing',
      mode: 'create',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const run = await admin.agent.post(`${form('customers')}/imports/${job.id}/run`);
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    const done = await settle(admin, 'customers', job.id);
    expect(done.status, JSON.stringify(done)).toBe('done');
    expect(done.created).toBe(2);
    expect(done.progress).toMatchObject({ total: 2, done: 2 });
    const rows = await records('customers');
    const acme = rows.find((r) => r.data.name === 'Acme 上海')!;
    expect(acme.data).toMatchObject({
      email: 'a@acme.test',
      tier: 'gold',
      since: '2024-03-05',
      credit: 1234.5,
      share: 0.125,
      vip: true,
      owner: uma.user.id,
      // Local times are placed in the org's zone (UTC in tests).
      signed: '2024-03-05T10:00:00.000Z',
    });
    expect(rows.find((r) => r.data.name === 'Beta')!.data).toMatchObject({
      tier: 'silver',
      vip: false,
      share: 0.3,
      signed: '2024-03-06T09:30:00.000Z',
    });
    // The mapping is remembered for the form.
    const again = await uploadOk(admin, 'customers', await xlsx([HEAD, ['X']]), 'again.xlsx');
    expect((again.suggestion as { policy: string }).policy).toBe('all_or_nothing');
  });
});

describe('CSV in GBK', () => {
  it('detects GBK (not UTF-8) and imports Chinese text intact', async () => {
    const text = '客户名称,等级,签约日期\r\n华东贸易,银牌,2024年3月7日\r\n"南方, 有限公司",金牌,20240308\r\n';
    const job = await uploadOk(admin, 'customers', iconv.encode(text, 'gbk'), 'customers.csv');
    const res = await admin.agent.get(`${form('customers')}/imports/${job.id}`);
    expect(res.body.import.file.encoding).toBe('gb18030');
    await configure(admin, 'customers', job.id, {
      ...job.suggestion,
      policy: 'skip_bad_rows',
      mode: 'create',
    }).expect(200);
    await admin.agent.post(`${form('customers')}/imports/${job.id}/run`).expect(202);
    const done = await settle(admin, 'customers', job.id);
    expect(done.created).toBe(2);
    const rows = await records('customers');
    expect(rows.find((r) => r.data.name === '南方, 有限公司')?.data).toMatchObject({
      tier: 'gold',
      since: '2024-03-08',
    });
    expect(rows.find((r) => r.data.name === '华东贸易')?.data).toMatchObject({
      tier: 'silver',
      since: '2024-03-07',
    });
  });

  it('reads UTF-8 with a BOM as UTF-8', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('客户名称\r\n北方\r\n')]);
    const job = await uploadOk(admin, 'customers', body, 'bom.csv');
    const res = await admin.agent.get(`${form('customers')}/imports/${job.id}`);
    expect(res.body.import.file.encoding).toBe('utf-8-bom');
    expect(res.body.import.sheets[0].preview[0].cells).toEqual(['客户名称']);
  });
});

describe('dry run and policies', () => {
  const bad = [
    HEAD.slice(0, 7),
    ['Gamma', 'g@gamma.test', '金牌', '2024-02-30', '12abc', '5%', 'maybe'],
    ['Delta', 'd@delta.test', 'Bronze', '2024-03-01', '100', '5%', '否'],
    ['Epsilon', '', '', '', '', '', ''],
    ['Acme 上海', '', '', '', '', '', ''],
  ];

  it('reports every bad cell with row, column, value and reason in the user language, and writes nothing', async () => {
    const before = (await records('customers')).length;
    const job = await uploadOk(admin, 'customers', await xlsx(bad), 'bad.xlsx');
    await configure(admin, 'customers', job.id, {
      ...job.suggestion,
      policy: 'skip_bad_rows',
      mode: 'create',
    }).expect(200);
    await admin.agent.post(`${form('customers')}/imports/${job.id}/dry-run`).expect(202);
    const zh = await settle(admin, 'customers', job.id, 'zh-CN');
    expect(zh.status).toBe('checked');
    expect(zh.badRows).toBe(3);
    const cells = zh.errors.map((e: { row: number; column: number | null; value: string; code: string }) => [
      e.row,
      e.column,
      e.value,
      e.code,
    ]);
    expect(cells).toEqual(
      expect.arrayContaining([
        [2, 4, '2024-02-30', 'not_a_calendar_day'],
        [2, 5, '12abc', 'not_a_number'],
        [2, 7, 'maybe', 'not_a_boolean'],
        [3, 3, 'Bronze', 'not_an_option'],
        // Already a customer: the unique field is refused by the database, reported on its column.
        [5, 1, 'Acme 上海', 'duplicate_value'],
      ]),
    );
    expect(zh.errors.find((e: { code: string }) => e.code === 'not_a_number').reason).toBe('“12abc”不是数字');
    const en = await settle(admin, 'customers', job.id, 'en');
    expect(en.errors.find((e: { code: string }) => e.code === 'not_a_number').reason).toBe(
      '"12abc" is not a number',
    );
    expect((await records('customers')).length).toBe(before);

    // The report: the bad rows as they were, with a first column saying what is wrong.
    const report = await admin.agent
      .get(`${form('customers')}/imports/${job.id}/errors.xlsx`)
      .set('Accept-Language', 'en')
      .buffer(true)
      .parse(binaryBody);
    expect(report.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(report.body as never);
    const ws = book.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Errors');
    expect(ws.rowCount).toBe(4);
    expect(String(ws.getRow(2).getCell(1).value)).toContain('"12abc" is not a number');
    expect(ws.getRow(2).getCell(3).text).toBe('Gamma');
  });

  it('all or nothing writes nothing when one row is bad', async () => {
    const before = (await records('customers')).length;
    const job = await uploadOk(admin, 'customers', await xlsx(bad), 'bad.xlsx');
    await configure(admin, 'customers', job.id, {
      ...job.suggestion,
      policy: 'all_or_nothing',
      mode: 'create',
    }).expect(200);
    await admin.agent.post(`${form('customers')}/imports/${job.id}/run`).expect(202);
    const done = await settle(admin, 'customers', job.id);
    expect(done.status).toBe('failed');
    expect(done.message).toMatch(/nothing was imported/);
    expect((await records('customers')).length).toBe(before);
  });

  it('skip bad rows writes the good ones and counts the skipped', async () => {
    const job = await uploadOk(admin, 'customers', await xlsx(bad), 'bad.xlsx');
    await configure(admin, 'customers', job.id, {
      ...job.suggestion,
      policy: 'skip_bad_rows',
      mode: 'create',
    }).expect(200);
    await admin.agent.post(`${form('customers')}/imports/${job.id}/run`).expect(202);
    const done = await settle(admin, 'customers', job.id);
    expect(done).toMatchObject({ status: 'done', created: 1, skipped: 3 });
    expect((await records('customers')).some((r) => r.data.name === 'Epsilon')).toBe(true);
  });

  it('upsert updates the record with the same key and creates the rest', async () => {
    const job = await uploadOk(
      admin,
      'customers',
      await xlsx([
        ['客户名称', '等级'],
        ['Beta', '金牌'],
        ['Zeta', '银牌'],
      ]),
      'up.xlsx',
    );
    await configure(admin, 'customers', job.id, {
      ...job.suggestion,
      policy: 'skip_bad_rows',
      mode: 'upsert',
      keyField: 'name',
    }).expect(200);
    await admin.agent.post(`${form('customers')}/imports/${job.id}/run`).expect(202);
    const done = await settle(admin, 'customers', job.id);
    expect(done).toMatchObject({ status: 'done', created: 1, updated: 1 });
    const rows = await records('customers');
    expect(rows.filter((r) => r.data.name === 'Beta')).toHaveLength(1);
    expect(rows.find((r) => r.data.name === 'Beta')!.data.tier).toBe('gold');
  });
});

describe('relations, subforms and balance rules', () => {
  it('links by title, groups subform rows under a key column, and reports a row that breaks a balance rule', async () => {
    const p = await admin.agent
      .post(`${form('products')}/records`)
      .send({ data: { name: '螺丝' } })
      .expect(201);
    await admin.agent
      .post(`${form('receipts')}/records`)
      .send({ data: { product: p.body.record.id, qty: 10 } })
      .expect(201);
    const rows = [
      ['订单号', '客户', '产品', '数量', '货号', '件数'],
      ['SO-1', 'Acme 上海', '螺丝', 4, 'A-1', 2],
      ['SO-1', '', '', '', 'A-2', 3],
      ['SO-2', 'Nobody', '螺丝', 1, '', ''],
      ['SO-3', 'Beta', '螺丝', 50, '', ''],
      ['SO-4', 'Beta', '螺丝', 6, '', ''],
    ];
    const job = await uploadOk(admin, 'orders', await xlsx(rows), 'orders.xlsx');
    const s = job.suggestion as { columns: { column: number; field: string; sub?: string }[] };
    expect(s.columns).toEqual([
      { column: 0, field: 'no' },
      { column: 1, field: 'customer' },
      { column: 2, field: 'product' },
      { column: 3, field: 'qty' },
      { column: 4, field: 'lines', sub: 'sku' },
      { column: 5, field: 'lines', sub: 'count' },
    ]);
    await configure(admin, 'orders', job.id, {
      ...s,
      policy: 'skip_bad_rows',
      mode: 'create',
      groupBy: 0,
    }).expect(200);
    await admin.agent.post(`${form('orders')}/imports/${job.id}/run`).expect(202);
    const done = await settle(admin, 'orders', job.id);
    expect(done.status).toBe('done');
    expect(done.created).toBe(2); // SO-1 (2 lines) and SO-4
    const codes = done.errors.map((e: { row: number; code: string }) => [e.row, e.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        [4, 'unknown_record'],
        [5, 'write_refused'],
      ]),
    );
    expect(done.errors.find((e: { row: number }) => e.row === 5).reason).toMatch(/Stock|qty|below|0/i);
    const orders = await records('orders');
    const so1 = orders.find((o) => o.data.no === 'SO-1')!;
    expect(so1.data.lines).toMatchObject([
      { sku: 'A-1', count: 2 },
      { sku: 'A-2', count: 3 },
    ]);
    expect(so1.data.customer).toBeTruthy();
  });
});

describe('permissions', () => {
  it('refuses a user without the import right (403) before reading the file', async () => {
    const res = await upload(ivy, 'customers', await xlsx([HEAD, ['Ivy Co']]), 'x.xlsx');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('import_not_allowed');
  });

  it('refuses mapping a column to a field the importer may not edit', async () => {
    const job = await uploadOk(
      uma,
      'customers',
      await xlsx([
        ['客户名称', 'Credit'],
        ['Uma Co', '5'],
      ]),
      'u.xlsx',
    );
    const res = await configure(uma, 'customers', job.id, {
      sheet: 0,
      headerRow: 1,
      columns: [
        { column: 0, field: 'name' },
        { column: 1, field: 'credit' },
      ],
      policy: 'skip_bad_rows',
      mode: 'create',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('field_not_editable');
    // Another user's job is not reachable.
    await admin.agent.get(`${form('customers')}/imports/${job.id}`).expect(404);
  });
});

/** A zip holding one entry, written by hand so its declared sizes are what a bomb declares. */
function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('bad files are refused with a clear error and nothing is kept', () => {
  it.each([
    [
      'not a spreadsheet',
      () => Promise.resolve(Buffer.from('%PDF-1.4\n\0\0binary')),
      'x.pdf',
      'not_a_spreadsheet',
    ],
    [
      'a zip bomb',
      () =>
        Promise.resolve(
          zipOf([
            { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
            { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * 1024 * 1024, 0x20) },
          ]),
        ),
      'bomb.xlsx',
      'zip_bomb',
    ],
    [
      '10,000 columns',
      () => xlsx([Array.from({ length: 10_000 }, (_v, i) => `c${i}`)]),
      'wide.xlsx',
      'too_many_columns',
    ],
    [
      'a zip that is no workbook',
      () => Promise.resolve(zipOf([{ name: 'a.txt', data: Buffer.from('hi') }])),
      'a.xlsx',
      'not_a_spreadsheet',
    ],
    ['an empty file', () => Promise.resolve(Buffer.alloc(0)), 'e.csv', 'empty_file'],
  ])('%s', async (_name, make, fileName, code) => {
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_jobs`);
    const res = await upload(admin, 'customers', await make(), fileName);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(10);
    const after = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_jobs`);
    expect(after.rows[0]!.n).toBe(rows[0]!.n);
  });

  it('reports empty and duplicate headers over data when the header row is chosen', async () => {
    const job = await uploadOk(
      admin,
      'customers',
      await xlsx([
        ['客户名称', '', '客户名称'],
        ['A', 'x', 'y'],
      ]),
      'h.xlsx',
    );
    const res = await configure(admin, 'customers', job.id, {
      sheet: 0,
      headerRow: 1,
      columns: [{ column: 0, field: 'name' }],
      policy: 'skip_bad_rows',
      mode: 'create',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_headers');
    expect(res.body.error.details.map((d: { code: string }) => d.code)).toEqual([
      'empty_header',
      'duplicate_header',
    ]);
  });

  it('reports merged cells and formulas without a value, and imports a formula cell by its cached result', async () => {
    const file = await xlsx(
      [
        ['客户名称', '信用额度'],
        ['Merged Co', ''],
        ['Formula Co', ''],
      ],
      (ws) => {
        ws.mergeCells('A5:B5');
        ws.getCell('B2').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
        ws.getCell('B3').value = { formula: '2+2' } as ExcelJS.CellFormulaValue;
      },
    );
    const job = await uploadOk(admin, 'customers', file, 'f.xlsx');
    expect(job.sheets[0]!.merged).toEqual(['A5:B5']);
    expect(job.sheets[0]!.formulasWithoutValue).toBe(1);
    await configure(admin, 'customers', job.id, {
      ...job.suggestion,
      policy: 'skip_bad_rows',
      mode: 'create',
    }).expect(200);
    await admin.agent.post(`${form('customers')}/imports/${job.id}/run`).expect(202);
    const done = await settle(admin, 'customers', job.id);
    expect(done.created).toBe(1);
    expect(done.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'formula_without_value'],
    ]);
    expect((await records('customers')).find((r) => r.data.name === 'Merged Co')?.data.credit).toBe(2);
  });
});

describe('resume', () => {
  it('a job interrupted between batches resumes and writes each row once', async () => {
    const rows: unknown[][] = [['订单号', '数量']];
    for (let i = 1; i <= 1200; i += 1) rows.push([`R-${i}`, 0]);
    const job = await uploadOk(admin, 'orders', await xlsx(rows), 'many.xlsx');
    await configure(admin, 'orders', job.id, {
      ...job.suggestion,
      policy: 'skip_bad_rows',
      mode: 'create',
    }).expect(200);
    // Queue it by hand so that this test's worker, not the route's, takes it.
    await server.db.query(
      `UPDATE import_jobs SET status = 'queued', phase = 'write', write_after_check = true WHERE id = $1`,
      [job.id],
    );
    const deps = { db: server.db, config: server.config, writes: createRecordWrites() };
    const first = await claimJob(server.db, 'worker-a', 120_000);
    expect(first?.id).toBe(job.id);
    // Worker A writes one batch (500 rows) and stops there, as a crash would leave it.
    await runClaimedJob(deps, first!, { owner: 'worker-a', maxBatches: 1 });
    const mid = await server.db.query<{ next_row: number; rows_created: number; status: string }>(
      `SELECT next_row, rows_created, status FROM import_jobs WHERE id = $1`,
      [job.id],
    );
    expect(mid.rows[0]).toMatchObject({ next_row: 502, rows_created: 500, status: 'running' });
    // Its lease expires; worker B takes over from the checkpoint.
    await server.db.query(`UPDATE import_jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, [
      job.id,
    ]);
    const second = await claimJob(server.db, 'worker-b', 120_000);
    await runClaimedJob(deps, second!, { owner: 'worker-b' });
    // Worker A waking up late cannot write its next batch again: the lease and checkpoint moved on.
    await runClaimedJob(deps, first!, { owner: 'worker-a' });
    const done = await settle(admin, 'orders', job.id);
    expect(done).toMatchObject({ status: 'done', created: 1200 });
    // Counted in the form's table itself: every row once, none twice.
    const { rows: meta } = await server.db.query<{ table_name: string; column_name: string }>(
      `SELECT t.table_name, c.column_name FROM form_tables t JOIN field_columns c USING (table_name)
        WHERE t.app_id = 'imp' AND t.form_id = 'orders' AND c.field_id = 'no'`,
    );
    const { table_name, column_name } = meta[0]!;
    const { rows: counts } = await server.db.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "${column_name}")::int AS d FROM "${table_name}" WHERE "${column_name}" LIKE 'R-%'`,
    );
    expect(counts[0]).toEqual({ n: 1200, d: 1200 });
  }, 120_000);
});
