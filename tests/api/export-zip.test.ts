/**
 * Export "as a zip with the files" (decision 0057): the sheet and the records' files in one zip,
 * each file under `files/<record number>/<column>/<name>` as its cell says, bytes as uploaded;
 * only files of records and fields the exporter may read; the size bound a clear 422 before any
 * byte is sent; the job path; the audit line.
 */
import ExcelJS from 'exceljs';
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
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
let viv: SignedIn; // exports, "secret" hidden, only records of the "north" region
const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const FORM = '/api/v1/apps/zipx/forms/claims';

/** Uploaded bytes by name, to compare with what the zip holds. */
const uploaded = new Map<string, { id: string; bytes: Buffer }>();

function app(vivId: string): AppDefinition {
  return {
    id: 'zipx',
    name: l('Claims', '报销'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'export'],
    },
    forms: [
      {
        id: 'claims',
        name: l('Claims', '报销单'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title', '标题') },
          { id: 'region', type: 'text', label: l('Region', '区域') },
          {
            id: 'no',
            type: 'serial',
            label: l('No', '编号'),
            config: { parts: [{ kind: 'counter', digits: 4 }] },
          },
          { id: 'receipts', type: 'attachment', label: l('Receipts', '票据') },
          { id: 'secret', type: 'attachment', label: l('Secret', '机密') },
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines', '明细'),
            config: {
              fields: [
                { id: 'item', type: 'text', label: l('Item', '项目') },
                { id: 'scan', type: 'attachment', label: l('Scan', '扫描件') },
              ],
            },
          },
        ],
        permissionGroups: [
          {
            id: 'north',
            name: l('North', '北区'),
            members: [{ kind: 'users', ids: [vivId] }],
            actions: ['view', 'export'],
            scope: { kind: 'custom', filter: { kind: 'cmp', field: 'region', op: 'eq', value: 'north' } },
            fields: { visible: ['title', 'region', 'no', 'receipts', 'lines'], editable: [] },
          },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

async function upload(name: string, bytes: Buffer, contentType: string) {
  const res = await admin.agent.post('/api/v1/files').attach('file', bytes, { filename: name, contentType });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  uploaded.set(name, { id: res.body.file.id, bytes });
  return { fileId: res.body.file.id as string, name };
}

/** The entries of a zip, path -> bytes. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Rows of the first sheet, header row first, as text. */
async function sheetRows(xlsx: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
  });
  return rows;
}

const exportZip = (who: SignedIn, body: object) =>
  who.agent
    .post(`${FORM}/exports`)
    .set('Accept-Language', 'en')
    .send({ attachments: 'zip', ...body })
    .buffer(true)
    .parse(binaryBody);

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  viv = await createUser(server, admin, { email: 'viv@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(app(viv.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const receipt = await upload('receipt.txt', Buffer.from('taxi 42.00\n'), 'text/plain');
  const same = await upload('receipt (copy).txt', Buffer.from('hotel 380.00\n'), 'text/plain');
  const secret = await upload('salary.txt', Buffer.from('top secret salary list'), 'text/plain');
  const scan = await upload('扫描.txt', Buffer.from('scan of line one'), 'text/plain');
  const south = await upload('south.txt', Buffer.from('south only'), 'text/plain');
  for (const data of [
    {
      title: 'Trip to Wuhan',
      region: 'north',
      receipts: [receipt, same],
      secret: [secret],
      lines: [{ item: 'Taxi', scan: [scan] }],
    },
    { title: 'Southern trip', region: 'south', receipts: [south] },
  ]) {
    const res = await admin.agent.post(`${FORM}/records`).send({ data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(() => server.close());

describe('export with the files in a zip', () => {
  it('holds the sheet and every file under the path its cell names, bytes as uploaded', async () => {
    const res = await exportZip(admin, {
      format: 'xlsx',
      subforms: 'rows',
      sort: [{ field: 'no', dir: 'asc' }],
    });
    expect(res.status, res.body.toString().slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/zip/);
    expect(res.headers['content-disposition']).toMatch(/^attachment;.*\.zip/);
    const entries = await unzip(res.body);
    expect([...entries.keys()].sort()).toEqual(
      [
        'Claims.xlsx',
        'files/0001/Receipts/receipt.txt',
        'files/0001/Receipts/receipt (copy).txt',
        'files/0001/Secret/salary.txt',
        'files/0001/Lines.Scan/扫描.txt',
        'files/0002/Receipts/south.txt',
      ].sort(),
    );
    expect(entries.get('files/0001/Receipts/receipt.txt')).toEqual(uploaded.get('receipt.txt')!.bytes);
    expect(entries.get('files/0001/Lines.Scan/扫描.txt')).toEqual(uploaded.get('扫描.txt')!.bytes);
    expect(entries.get('files/0002/Receipts/south.txt')).toEqual(uploaded.get('south.txt')!.bytes);
    // The sheet's cells name the paths inside the zip (no links to the server).
    const rows = await sheetRows(entries.get('Claims.xlsx')!);
    const header = rows[0]!;
    const first = rows.find((r) => r.includes('Trip to Wuhan'))!;
    expect(first[header.indexOf('Receipts')]).toBe(
      'files/0001/Receipts/receipt.txt, files/0001/Receipts/receipt (copy).txt',
    );
    expect(first[header.indexOf('Lines.Scan')]).toBe('files/0001/Lines.Scan/扫描.txt');
    expect(rows.flat().join(' ')).not.toContain('/api/v1/files');
  });

  it('holds only files of records and fields the exporter may read', async () => {
    const res = await exportZip(viv, { format: 'csv', subforms: 'rows' });
    expect(res.status, res.body.toString().slice(0, 300)).toBe(200);
    const entries = await unzip(res.body);
    expect([...entries.keys()].sort()).toEqual(
      [
        'Claims.csv',
        'files/0001/Lines.Scan/扫描.txt',
        'files/0001/Receipts/receipt (copy).txt',
        'files/0001/Receipts/receipt.txt',
      ].sort(),
    );
    const all = Buffer.concat([...entries.values()]).toString('utf8');
    expect(all).not.toContain('top secret'); // a hidden field's file
    expect(all).not.toContain('south only'); // a record outside their scope
    expect(entries.get('Claims.csv')!.toString('utf8')).not.toContain('Secret');
    // A field they cannot see cannot be asked for by name either.
    const asked = await viv.agent
      .post(`${FORM}/exports`)
      .send({ format: 'xlsx', attachments: 'zip', columns: ['title', 'secret'] });
    expect(asked.status).toBe(400);
    expect(asked.body.error.details[0]).toMatchObject({ path: '/columns/1', code: 'unknown_field' });
  });

  it('refuses a zip past the size bound with a clear error before sending anything, and audits zips', async () => {
    process.env.EXPORT_ZIP_MAX_BYTES = '20';
    try {
      const res = await admin.agent.post(`${FORM}/exports`).send({ format: 'xlsx', attachments: 'zip' });
      expect(res.status).toBe(422);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.error).toMatchObject({ code: 'export_files_too_large', details: { maxBytes: 20 } });
      expect(res.body.error.message).toMatch(/export attachments as links/);
    } finally {
      delete process.env.EXPORT_ZIP_MAX_BYTES;
    }
    const { rows } = await server.db.query<{ detail: { attachments?: string; format: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'record.export' AND actor_id = $1`,
      [viv.user.id],
    );
    expect(rows.some((r) => r.detail.attachments === 'zip' && r.detail.format === 'csv')).toBe(true);
  });

  it('runs a large zip export as a job whose file is the zip', async () => {
    process.env.EXPORT_JOB_ROWS = '1';
    try {
      const start = await admin.agent
        .post(`${FORM}/exports`)
        .set('Accept-Language', 'zh-CN')
        .send({ format: 'csv', attachments: 'zip', columns: ['title', 'receipts'] });
      expect(start.status, JSON.stringify(start.body)).toBe(202);
      const id = start.body.export.id as string;
      expect(start.body.export.fileName).toMatch(/\.zip$/);
      let job = start.body.export;
      for (let i = 0; i < 400 && ['queued', 'running'].includes(job.status); i += 1) {
        job = (await admin.agent.get(`${FORM}/exports/${id}`)).body.export;
        await new Promise((r) => setImmediate(r));
      }
      expect(job).toMatchObject({ status: 'done', rowsDone: 2 });
      const file = await admin.agent.get(`${FORM}/exports/${id}/file`).buffer(true).parse(binaryBody);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toMatch(/application\/zip/);
      const entries = await unzip(file.body);
      // In Chinese: the sheet and the column folders are named in the exporter's language.
      expect([...entries.keys()].sort()).toEqual(
        [
          '报销单.csv',
          'files/0001/票据/receipt (copy).txt',
          'files/0001/票据/receipt.txt',
          'files/0002/票据/south.txt',
        ].sort(),
      );
      expect(entries.get('files/0002/票据/south.txt')).toEqual(uploaded.get('south.txt')!.bytes);
    } finally {
      delete process.env.EXPORT_JOB_ROWS;
    }
  });
});
