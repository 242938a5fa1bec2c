import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherOrg, createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp } from './fixtures/apps';

const LIMIT = 64 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452', 'hex'),
  Buffer.alloc(64, 1),
]);

let server: TestServer;
let admin: SignedIn;
let dataDir: string;

/** Every file on disk below `<dataDir>/files`, temporary ones included. */
async function filesOnDisk(): Promise<string[]> {
  const root = path.join(dataDir, 'files');
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full));
    }
  };
  await walk(root);
  return out.sort();
}

const upload = (who: SignedIn, content: Buffer, name: string, contentType = 'application/octet-stream') =>
  who.agent.post('/api/v1/files').attach('file', content, { filename: name, contentType });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-files-'));
  server = await createTestServer({ dataDir, fileLimit: LIMIT });
  admin = await setupAdmin(server);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('POST /files and GET /files/:id', () => {
  it('stores a file and streams it back as an attachment with its name in filename*', async () => {
    const content = Buffer.from('quarterly numbers\n1,2,3\n');
    const res = await upload(admin, content, '报告 Q1.csv', 'text/csv').expect(201);
    expect(res.body.file).toMatchObject({ name: '报告 Q1.csv', mime: 'text/csv', size: content.length });
    expect(res.body.file.id).toMatch(/^fil_/);
    expect(res.body.file.sha256).toMatch(/^[0-9a-f]{64}$/);

    const got = await admin.agent.get(`/api/v1/files/${res.body.file.id}`).expect(200);
    expect(got.text).toBe(content.toString());
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="__ Q1.csv"; filename*=UTF-8''${encodeURIComponent('报告 Q1.csv')}`,
    );
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-type']).toMatch(/^text\/csv/);
  });

  it('sniffs images from their bytes, whatever the declared type, and serves them inline', async () => {
    const res = await upload(admin, PNG, 'photo.jpg', 'application/octet-stream').expect(201);
    expect(res.body.file.mime).toBe('image/png');
    const got = await admin.agent.get(`/api/v1/files/${res.body.file.id}`).expect(200);
    expect(got.headers['content-disposition']).toMatch(/^inline;/);
    expect(got.headers['content-type']).toBe('image/png');
    const forced = await admin.agent.get(`/api/v1/files/${res.body.file.id}?download=1`).expect(200);
    expect(forced.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('does not trust a declared image type: a text file claiming image/png is octet-stream', async () => {
    const res = await upload(admin, Buffer.from('not an image'), 'fake.png', 'image/png').expect(201);
    expect(res.body.file.mime).toBe('application/octet-stream');
    const got = await admin.agent.get(`/api/v1/files/${res.body.file.id}`).expect(200);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('checks ?accept= against the sniffed type', async () => {
    await upload(admin, Buffer.from('plain'), 'a.png', 'image/png').query({ accept: 'image/*' }).expect(415);
    await upload(admin, PNG, 'a.png', 'image/png').query({ accept: 'image/*' }).expect(201);
  });

  it.each([
    ['page.html', 'text/html', '<!DOCTYPE html><script>alert(1)</script>'],
    ['logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['innocent.txt', 'text/plain', '  <html><body onload="alert(1)">'],
    ['setup.exe', 'application/octet-stream', 'MZ\x90\x00binary'],
    ['tool.bin', 'application/octet-stream', '\x7fELF\x02\x01\x01'],
    ['run.txt', 'text/plain', '#!/bin/sh\nrm -rf /'],
  ])('refuses active content %s with 415 and keeps nothing', async (name, type, body) => {
    const before = await filesOnDisk();
    const res = await upload(admin, Buffer.from(body, 'latin1'), name, type).expect(415);
    expect(res.body.error.code).toBe('file_type_refused');
    expect(await filesOnDisk()).toEqual(before);
  });

  it('refuses a file over FILE_LIMIT with 413 and leaves no bytes on disk', async () => {
    const before = await filesOnDisk();
    const count = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files')).rows[0]!.n;
    const res = await upload(admin, Buffer.alloc(LIMIT + 1, 0x61), 'big.txt', 'text/plain').expect(413);
    expect(res.body.error.code).toBe('file_too_large');
    expect(await filesOnDisk()).toEqual(before);
    const after = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files')).rows[0]!.n;
    expect(after).toBe(count);
    // Exactly at the limit is fine.
    await upload(admin, Buffer.alloc(LIMIT, 0x61), 'edge.txt', 'text/plain').expect(201);
  });

  it('keeps a path-traversal name only as metadata; the bytes live under files/<org>/<id>', async () => {
    const res = await upload(admin, Buffer.from('x'), '../../../etc/passwd', 'text/plain').expect(201);
    expect(res.body.file.name).toBe('passwd');
    const windows = await upload(admin, Buffer.from('y'), '..\\..\\boot.ini', 'text/plain').expect(201);
    expect(windows.body.file.name).toBe('boot.ini');
    const disk = await filesOnDisk();
    expect(disk).toContain(path.join(admin.org.id, res.body.file.id));
    expect(disk.every((f) => f.startsWith(admin.org.id + path.sep) || f.includes(path.sep))).toBe(true);
    expect(disk.some((f) => f.includes('passwd') || f.includes('boot.ini'))).toBe(false);
  });

  it('answers 404 for files of another org and unknown ids', async () => {
    const res = await upload(admin, Buffer.from('secret'), 'secret.txt', 'text/plain').expect(201);
    const other = await createOtherOrg(server);
    const denied = await other.agent.get(`/api/v1/files/${res.body.file.id}`).expect(404);
    expect(denied.body.error.code).toBe('not_found');
    await admin.agent.get('/api/v1/files/fil_nope').expect(404);
  });

  it('requires a session (401) and the CSRF token on upload (403)', async () => {
    await supertest(server.app)
      .post('/api/v1/files')
      .attach('file', Buffer.from('x'), { filename: 'x.txt', contentType: 'text/plain' })
      .expect(401);
    const res = await upload(admin, Buffer.from('x'), 'x.txt', 'text/plain').expect(201);
    await supertest(server.app).get(`/api/v1/files/${res.body.file.id}`).expect(401);
    const noCsrf = await supertest(server.app)
      .post('/api/v1/files')
      .set('Cookie', admin.cookie)
      .attach('file', Buffer.from('x'), { filename: 'x.txt', contentType: 'text/plain' })
      .expect(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
  });

  it('refuses bodies that are not multipart, and multipart without a file field', async () => {
    await admin.agent.post('/api/v1/files').send({ file: 'x' }).expect(415);
    const res = await admin.agent.post('/api/v1/files').field('other', 'x').expect(400);
    expect(res.body.error.code).toBe('file_missing');
  });
});

describe('file values in records', () => {
  it('accepts uploaded file ids and refuses ids that are not files of the org', async () => {
    await admin.agent.post('/api/v1/apps').send(everyFieldApp()).expect(201);
    const img = await upload(admin, PNG, 'p.png', 'image/png').expect(201);
    const orders = '/api/v1/apps/sales/forms/orders/records';
    await admin.agent
      .post(orders)
      .send({ data: { title: 'ok', photos: [{ fileId: img.body.file.id, name: 'p.png' }] } })
      .expect(201);
    const other = await createOtherOrg(server, { email: 'x@other.test', orgName: 'Other 2' });
    const foreign = await upload(other, PNG, 'p.png', 'image/png').expect(201);
    const res = await admin.agent
      .post(orders)
      .send({
        data: { title: 'bad', photos: [{ fileId: foreign.body.file.id }], sign: { fileId: 'fil_nope' } },
      })
      .expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '/data/photos/0',
      '/data/sign',
    ]);
  });
});
