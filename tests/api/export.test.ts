/**
 * Record export to XLSX and CSV (issue 15 point 2, decision 0044): a round trip of every field
 * type through the import, formula-injection escaping, the Grant (hidden fields, the export
 * action), a saved view's columns and filter, the CSV BOM, and the job path with its download.
 */
import ExcelJS from 'exceljs';
import type { AppDefinition, PermissionGroup } from '@tangram/schema';
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
let viv: SignedIn; // export right, "price" hidden
let nora: SignedIn; // view only: no export right
const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const APP = '/api/v1/apps/exp';
const form = (id: string) => `${APP}/forms/${id}`;
let deptId = '';
let dept2Id = '';
let productId = '';

function itemFields() {
  const opts = (...v: string[]) => ({
    options: v.map((x) => ({ value: x, label: l(x.toUpperCase(), `选${x}`) })),
  });
  return [
    { id: 'name', type: 'text', label: l('Name', '名称'), required: true },
    { id: 'notes', type: 'textarea', label: l('Notes', '备注') },
    { id: 'qty', type: 'number', label: l('Qty', '数量'), config: { precision: 2, thousands: true } },
    { id: 'price', type: 'money', label: l('Price', '单价'), config: { currency: 'CNY', precision: 2 } },
    { id: 'rate', type: 'percent', label: l('Rate', '税率'), config: { precision: 1 } },
    { id: 'day', type: 'date', label: l('Day', '日期') },
    { id: 'at', type: 'datetime', label: l('At', '时间点') },
    { id: 'clock', type: 'time', label: l('Clock', '钟点') },
    { id: 'tier', type: 'select', label: l('Tier', '等级'), config: opts('a', 'b') },
    { id: 'tags', type: 'multiselect', label: l('Tags', '标签'), config: opts('x', 'y', 'z') },
    { id: 'size', type: 'radio', label: l('Size', '尺码'), config: opts('s', 'm') },
    { id: 'colors', type: 'checkboxes', label: l('Colors', '颜色'), config: opts('r', 'g') },
    { id: 'ok', type: 'boolean', label: l('OK', '合格') },
    { id: 'tel', type: 'phone', label: l('Phone', '电话') },
    { id: 'mail', type: 'email', label: l('Email', '邮箱') },
    { id: 'site', type: 'url', label: l('Site', '网站') },
    { id: 'addr', type: 'address', label: l('Address', '地址') },
    { id: 'loc', type: 'location', label: l('Location', '位置') },
    { id: 'owner', type: 'member', label: l('Owner', '负责人') },
    { id: 'team', type: 'members', label: l('Team', '成员') },
    { id: 'dept', type: 'department', label: l('Dept', '部门') },
    { id: 'depts', type: 'departments', label: l('Depts', '协作部门') },
    { id: 'doc', type: 'attachment', label: l('Doc', '附件') },
    { id: 'pic', type: 'image', label: l('Picture', '图片') },
    { id: 'sig', type: 'signature', label: l('Signature', '签名') },
    { id: 'body', type: 'richtext', label: l('Body', '正文') },
    {
      id: 'product',
      type: 'relation',
      label: l('Product', '产品'),
      config: { form: 'products', multiple: false },
    },
    {
      id: 'pname',
      type: 'lookup',
      label: l('Product name', '产品名'),
      config: { relation: 'product', field: 'name' },
    },
    { id: 'no', type: 'serial', label: l('No', '编号'), config: { parts: [{ kind: 'counter', digits: 4 }] } },
    {
      id: 'twice',
      type: 'formula',
      label: l('Twice', '两倍'),
      config: { formula: '{qty} * 2', resultType: 'number' },
    },
    { id: 'hint', type: 'description', label: l('Hint', '说明'), config: { content: l('x', 'x') } },
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
  ];
}

function app(users: { viv: string; nora: string }): AppDefinition {
  const ids = itemFields().map((f) => f.id);
  const group = (id: string, who: string, over: Partial<PermissionGroup>): PermissionGroup => ({
    id,
    name: l(id, id),
    members: [{ kind: 'users', ids: [who] }],
    actions: ['view'],
    scope: { kind: 'all' },
    ...over,
  });
  return {
    id: 'exp',
    name: l('Export', '导出'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'import', 'export'],
    },
    forms: [
      {
        id: 'products',
        name: l('Products', '产品'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name', '名称') }],
      },
      {
        id: 'items',
        name: l('Items', '物品'),
        titleField: 'name',
        fields: itemFields(),
        permissionGroups: [
          group('exporters', users.viv, {
            actions: ['view', 'export'],
            fields: { visible: ids.filter((f) => f !== 'price'), editable: [] },
          }),
          group('viewers', users.nora, { actions: ['view'] }),
        ],
      },
      { id: 'copy', name: l('Copy', '副本'), titleField: 'name', fields: itemFields() },
    ],
  } as unknown as AppDefinition;
}

/** RFC 4180 rows (quotes, doubled quotes, CRLF), after the BOM: enough to read what the export wrote. */
function parse(text: string, _opts?: unknown): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\r' && body[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as never);
  return book;
}

async function exportFile(who: SignedIn, formId: string, body: Record<string, unknown>, lang = 'en') {
  return who.agent
    .post(`${form(formId)}/exports`)
    .set('Accept-Language', lang)
    .send(body)
    .buffer(true)
    .parse(binaryBody);
}

/** Rows of the first sheet as plain values (header first). */
function sheetRows(book: ExcelJS.Workbook, index = 0): unknown[][] {
  const rows: unknown[][] = [];
  book.worksheets[index]!.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

let fileId = '';
const sample = () => ({
  name: 'Widget 一号',
  notes: 'two\nlines',
  qty: 1234.5,
  price: 99.99,
  rate: 0.125,
  day: '2024-03-05',
  at: '2024-03-05T02:30:00.000Z',
  clock: '09:30:00',
  tier: 'b',
  tags: ['x', 'z'],
  size: 'm',
  colors: ['r', 'g'],
  ok: true,
  tel: '13800138000',
  mail: 'w@acme.test',
  site: 'https://acme.test/w',
  addr: { province: '上海市', city: '上海市', district: '黄浦区', detail: '中山东一路1号' },
  loc: { lat: 31.23, lng: 121.47, name: 'Bund' },
  owner: viv.user.id,
  team: [viv.user.id, nora.user.id],
  dept: deptId,
  depts: [deptId, dept2Id],
  doc: [{ fileId, name: 'spec.txt' }],
  body: 'Plain body',
  product: productId,
  lines: [
    { sku: 'A-1', count: 2 },
    { sku: 'B-2', count: 5 },
  ],
});

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  viv = await createUser(server, admin, { email: 'viv@acme.test', name: '魏薇' });
  nora = await createUser(server, admin, { email: 'nora@acme.test', name: 'Nora' });
  await server.db.query(`UPDATE orgs SET time_zone = 'Asia/Shanghai'`);
  for (const [name, set] of [
    ['销售部', (id: string) => (deptId = id)],
    ['Ops', (id: string) => (dept2Id = id)],
  ] as const) {
    const res = await admin.agent.post('/api/v1/admin/departments').send({ name });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    set(res.body.department.id);
  }
  const res = await admin.agent.post('/api/v1/apps').send(app({ viv: viv.user.id, nora: nora.user.id }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const file = await admin.agent
    .post('/api/v1/files')
    .attach('file', Buffer.from('spec'), { filename: 'spec.txt', contentType: 'text/plain' });
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  fileId = file.body.file.id;
  const product = await admin.agent.post(`${form('products')}/records`).send({ data: { name: 'Gadget' } });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  productId = product.body.record.id;
  const rec = await admin.agent.post(`${form('items')}/records`).send({ data: sample() });
  expect(rec.status, JSON.stringify(rec.body)).toBe(201);
  const injection = await admin.agent.post(`${form('items')}/records`).send({
    data: { name: '=HYPERLINK("http://evil.test","x")', notes: '+1+1', body: '@SUM(A1)', tel: '13900139000' },
  });
  expect(injection.status, JSON.stringify(injection.body)).toBe(201);
}, 60_000);
afterAll(() => server.close());

describe('round trip', () => {
  it('exports every field type and imports the file into an empty copy with identical data', async () => {
    const res = await exportFile(admin, 'items', { format: 'xlsx', subforms: 'rows' }, 'zh-CN');
    expect(res.status, res.body.toString()).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment;.*\.xlsx/);
    const book = await workbook(res.body);
    const rows = sheetRows(book);
    const head = rows[0] as string[];
    expect(head[0]).toBe('记录ID');
    expect(head).toContain('明细.货号');
    expect(head).not.toContain('说明');
    // Titles, names and labels, not ids; date-times on the org's wall clock (UTC+8).
    const widget = rows.find((r) => r.includes('Widget 一号'))!;
    const cell = (label: string) => widget[head.indexOf(label)];
    expect(cell('产品')).toBe('Gadget');
    expect(cell('负责人')).toBe('魏薇');
    expect(cell('部门')).toBe('销售部');
    expect(cell('等级')).toBe('选b');
    expect(cell('合格')).toBe('是');
    expect(cell('单价')).toBe(99.99);
    expect((cell('时间点') as Date).toISOString()).toBe('2024-03-05T10:30:00.000Z');
    expect(String(cell('附件'))).toContain(`/api/v1/files/${fileId}`);

    const upload = await admin.agent.post(`${form('copy')}/imports`).attach('file', res.body, 'items.xlsx');
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const job = upload.body.import;
    const put = await admin.agent
      .put(`${form('copy')}/imports/${job.id}/settings`)
      .send({ ...job.suggestion, groupBy: 0, policy: 'all_or_nothing', mode: 'create' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const run = await admin.agent.post(`${form('copy')}/imports/${job.id}/run`);
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    let status = '';
    for (let i = 0; i < 400 && !['done', 'failed', 'checked'].includes(status); i += 1) {
      const got = await admin.agent.get(`${form('copy')}/imports/${job.id}`);
      status = got.body.import.status;
      if (status === 'failed' || got.body.import.errors?.length)
        throw new Error(JSON.stringify(got.body.import).slice(0, 2000));
      await new Promise((r) => setImmediate(r));
    }
    expect(status).toBe('done');
    const copied = (await admin.agent.get(`${form('copy')}/records`).query({ limit: 10 })).body.items as {
      data: Record<string, unknown>;
    }[];
    const original = (await admin.agent.get(`${form('items')}/records`).query({ limit: 10 })).body.items as {
      data: Record<string, unknown>;
    }[];
    expect(copied).toHaveLength(original.length);
    // Files cannot come from a cell; computed fields are computed again.
    const skip = new Set(['doc', 'pic', 'sig', 'no', 'twice', 'pname']);
    const comparable = (d: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(d)
          .filter(([k, v]) => !skip.has(k) && v !== null && !(Array.isArray(v) && v.length === 0))
          .map(([k, v]) => [
            k,
            k === 'lines' ? (v as Record<string, unknown>[]).map(({ sku, count }) => ({ sku, count })) : v,
          ]),
      );
    const byName = (items: { data: Record<string, unknown> }[]) =>
      Object.fromEntries(items.map((r) => [r.data.name as string, comparable(r.data)]));
    expect(byName(copied)).toEqual(byName(original));
    expect(byName(copied)['Widget 一号']).toMatchObject({ at: '2024-03-05T02:30:00.000Z', rate: 0.125 });
  });
});

describe('escaping and formats', () => {
  it('writes formula-like texts as text cells in xlsx and quoted in CSV, with a BOM', async () => {
    const x = await exportFile(admin, 'items', { format: 'xlsx', columns: ['name', 'notes', 'body'] });
    expect(x.status).toBe(200);
    const ws = (await workbook(x.body)).worksheets[0]!;
    let found = 0;
    ws.eachRow((row) => {
      row.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        if (c.value === '=HYPERLINK("http://evil.test","x")') {
          found += 1;
          expect(c.type).toBe(ExcelJS.ValueType.String);
          expect(c.numFmt).toBe('@');
        }
      });
    });
    expect(found).toBe(1);

    const c = await exportFile(admin, 'items', { format: 'csv', columns: ['name', 'notes', 'body', 'qty'] });
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toContain('text/csv');
    expect([...c.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(c.body.toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Name', 'Notes', 'Body', 'Qty']);
    const evil = rows.find((r) => r[0]!.includes('HYPERLINK'))!;
    expect(evil).toEqual([`'=HYPERLINK("http://evil.test","x")`, `'+1+1`, `'@SUM(A1)`, '']);
    expect(rows.find((r) => r[0] === 'Widget 一号')![3]).toBe('1234.5');
  });

  it('refuses a CSV with subforms on a second sheet, unknown columns and bad filters, clearly', async () => {
    const sheet = await admin.agent
      .post(`${form('items')}/exports`)
      .send({ format: 'csv', subforms: 'sheet' });
    expect(sheet.status).toBe(422);
    expect(sheet.body.error.code).toBe('csv_one_sheet');
    const unknown = await admin.agent
      .post(`${form('items')}/exports`)
      .send({ format: 'xlsx', columns: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('/columns/0');
    const bad = await admin.agent.post(`${form('items')}/exports`).send({ format: 'pdf' });
    expect(bad.status).toBe(400);
  });

  it('puts subform rows on a second sheet keyed by the parent', async () => {
    const res = await exportFile(admin, 'items', {
      format: 'xlsx',
      columns: ['name', 'lines'],
      subforms: 'sheet',
    });
    expect(res.status).toBe(200);
    const book = await workbook(res.body);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Items', 'Lines']);
    const main = sheetRows(book, 0);
    const lines = sheetRows(book, 1);
    expect(lines[0]).toEqual(['Record ID', 'SKU', 'Count']);
    const widgetId = main.find((r) => r[1] === 'Widget 一号')![0];
    expect(lines.slice(1)).toEqual([
      [widgetId, 'A-1', 2],
      [widgetId, 'B-2', 5],
    ]);
  });
});

describe('grant', () => {
  it('leaves hidden fields out, refuses asking for them, and needs the export action', async () => {
    const res = await exportFile(viv, 'items', { format: 'xlsx' });
    expect(res.status, res.body.toString()).toBe(200);
    const head = sheetRows(await workbook(res.body))[0] as string[];
    expect(head).toContain('Name');
    expect(head).not.toContain('Price');
    const asked = await viv.agent
      .post(`${form('items')}/exports`)
      .send({ format: 'csv', columns: ['name', 'price'] });
    expect(asked.status).toBe(400);
    const refused = await nora.agent.post(`${form('items')}/exports`).send({ format: 'csv' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('form_not_readable');
  });

  it('follows a saved view: its visible columns and its filter', async () => {
    const view = await admin.agent.post(`${form('items')}/views`).send({
      name: 'Widgets',
      config: {
        columns: [{ field: 'name' }, { field: 'qty' }, { field: 'notes', hidden: true }],
        filter: { kind: 'cmp', field: 'name', op: 'contains', value: 'Widget' },
      },
    });
    expect(view.status, JSON.stringify(view.body)).toBe(201);
    const res = await exportFile(admin, 'items', { format: 'xlsx', view: view.body.view.id });
    expect(res.status).toBe(200);
    expect(sheetRows(await workbook(res.body))).toEqual([
      ['Name', 'Qty'],
      ['Widget 一号', 1234.5],
    ]);
  });

  it('audit-logs who exported which form and how many rows', async () => {
    const { rows } = await server.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
      `SELECT actor_id, detail FROM audit_log WHERE action = 'record.export' AND target_id = 'items'`,
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(
      rows.some((r) => r.actor_id === viv.user.id && r.detail.rows === 2 && r.detail.format === 'xlsx'),
    ).toBe(true);
  });
});

describe('job path', () => {
  it('runs a large export as a job with progress, and only its creator may download it', async () => {
    process.env.EXPORT_JOB_ROWS = '1';
    try {
      const start = await admin.agent
        .post(`${form('items')}/exports`)
        .set('Accept-Language', 'en')
        .send({ format: 'csv', columns: ['name'] });
      expect(start.status, JSON.stringify(start.body)).toBe(202);
      const id = start.body.export.id as string;
      expect(start.body.export.rowsTotal).toBe(2);
      let job = start.body.export;
      for (let i = 0; i < 400 && ['queued', 'running'].includes(job.status); i += 1) {
        job = (await admin.agent.get(`${form('items')}/exports/${id}`)).body.export;
        await new Promise((r) => setImmediate(r));
      }
      expect(job).toMatchObject({ status: 'done', rowsDone: 2, format: 'csv' });
      expect(Date.parse(job.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
      const file = await admin.agent
        .get(`${form('items')}/exports/${id}/file`)
        .buffer(true)
        .parse(binaryBody);
      expect(file.status).toBe(200);
      expect(file.headers['content-disposition']).toMatch(/\.csv/);
      const rows = parse(file.body.toString('utf8'), { bom: true }) as string[][];
      expect(rows.map((r) => r[0]).sort()).toEqual(
        ['Name', 'Widget 一号', `'=HYPERLINK("http://evil.test","x")`].sort(),
      );
      // Another user's job does not exist for them.
      expect((await viv.agent.get(`${form('items')}/exports/${id}`)).status).toBe(404);
      expect((await viv.agent.get(`${form('items')}/exports/${id}/file`)).status).toBe(404);
      // Past its day the job and its file are gone.
      await server.db.query(`UPDATE export_jobs SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        id,
      ]);
      expect((await admin.agent.get(`${form('items')}/exports/${id}/file`)).status).toBe(404);
    } finally {
      delete process.env.EXPORT_JOB_ROWS;
    }
  });
});
