/**
 * Hostile uploads (issue 10, points 1 and 8): malformed multipart bodies answer 400 with the temp
 * file removed, an aborted upload answers nothing and leaves nothing behind, and the server keeps
 * answering afterwards. Raw bodies go over a plain socket because supertest only sends valid ones.
 */
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '@tangram/server';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

const LIMIT = 256 * 1024;
const BOUNDARY = 'tangram-test-boundary';

let server: TestServer;
let admin: SignedIn;
let dataDir: string;
let http: Server;
let port: number;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-files-hardening-'));
  server = await createTestServer({ dataDir, fileLimit: LIMIT });
  admin = await setupAdmin(server);
  http = server.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', resolve));
  port = (http.address() as AddressInfo).port;
});
afterAll(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every file below `<dataDir>/files` (the temp files `.upload-*` live beside the stored ones). */
async function filesOnDisk(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(full);
    }
  };
  await walk(path.join(dataDir, 'files'));
  return out.sort();
}

const tempFiles = async () => (await filesOnDisk()).filter((f) => path.basename(f).startsWith('.upload-'));

/** Open descriptors of this process pointing into the files folder (Linux; empty elsewhere). */
async function openFileDescriptors(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd').catch(() => [] as string[]);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t.startsWith(path.join(dataDir, 'files')));
}

const partHeader = (disposition: string, type = 'text/plain') =>
  `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n`;
const closing = `\r\n--${BOUNDARY}--\r\n`;

function requestHead(bodyLength: number, contentType = `multipart/form-data; boundary=${BOUNDARY}`): string {
  return (
    `POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    `Cookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrfToken}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${bodyLength}\r\nConnection: close\r\n\r\n`
  );
}

interface RawResponse {
  status: number;
  body: { error?: { code: string; message: string; details: unknown }; file?: { name: string } };
}

/** Sends `body` as a complete upload request over a raw socket and reads the answer until close. */
function rawUpload(body: Buffer | string, contentType?: string): Promise<RawResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const json = text.slice(text.indexOf('\r\n\r\n') + 4);
      try {
        resolve({ status, body: JSON.parse(json) as RawResponse['body'] });
      } catch {
        reject(new Error(`not a JSON answer: ${text.slice(0, 500)}`));
      }
    });
    // No half-close: node's server treats a client FIN as a hang-up. `Connection: close` ends it.
    socket.write(requestHead(bytes.length, contentType));
    socket.write(bytes);
  });
}

async function expectStillAnswering(): Promise<void> {
  const res = await admin.agent.get('/api/v1/health').expect(200);
  expect(res.body).toEqual({ ok: true });
  // And an ordinary upload still works.
  await admin.agent
    .post('/api/v1/files')
    .attach('file', Buffer.from('still here'), { filename: 'ok.txt', contentType: 'text/plain' })
    .expect(201);
}

describe('malformed multipart bodies answer 400 and leave no temp file', () => {
  const fileDisposition = 'form-data; name="file"; filename="a.txt"';
  const cases: [string, () => Buffer | string][] = [
    ['a body that ends inside the file data', () => partHeader(fileDisposition) + 'hello wor'],
    [
      'a body that ends after a large part of the file',
      () => Buffer.concat([Buffer.from(partHeader(fileDisposition)), Buffer.alloc(100_000, 0x61)]),
    ],
    ['a body that ends inside a part header', () => `--${BOUNDARY}\r\nContent-Disposition: form-da`],
    ['a body without any boundary', () => 'just some text, no multipart at all'],
    [
      'a header line without a colon',
      () =>
        `--${BOUNDARY}\r\nContent-Disposition: ${fileDisposition}\r\nThisIsNotAHeader\r\n\r\nhello` + closing,
    ],
    [
      'a NUL byte in the file name',
      () => partHeader('form-data; name="file"; filename="a\u0000b.txt"') + 'hello' + closing,
    ],
    [
      'a NUL in the encoded file name (filename*)',
      () => partHeader('form-data; name="file"; filename*=UTF-8\'\'a%00b.txt') + 'hello' + closing,
    ],
    [
      'a 100 KB file name',
      () =>
        partHeader(`form-data; name="file"; filename="${'n'.repeat(100 * 1024)}.txt"`) + 'hello' + closing,
    ],
    [
      'a header line without a colon in the part after the file',
      () =>
        partHeader('form-data; name="file"; filename="b.txt"') +
        'x'.repeat(70_000) +
        `\r\n--${BOUNDARY}\r\nno colon here\r\n\r\nx` +
        closing,
    ],
  ];

  it.each(cases)('%s', async (_name, body) => {
    const res = await rawUpload(body());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: expect.stringMatching(/^(bad_multipart|invalid_file_name)$/),
    });
    expect(typeof res.body.error?.message).toBe('string');
    expect(res.body.error).toHaveProperty('details');
    expect(await tempFiles()).toEqual([]);
    expect(await openFileDescriptors()).toEqual([]);
    await expectStillAnswering();
  });

  it('names the file name as the bad value when it holds a NUL', async () => {
    const res = await rawUpload(
      partHeader('form-data; name="file"; filename*=UTF-8\'\'bad%00name.txt') + 'hello' + closing,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_file_name',
      details: [{ path: '/file/name', code: 'invalid_file_name' }],
    });
  });

  it('answers 400 for a multipart content type without a boundary', async () => {
    const res = await rawUpload(partHeader(fileDisposition) + 'x' + closing, 'multipart/form-data');
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('bad_multipart');
    expect(await tempFiles()).toEqual([]);
  });

  it('stops reading at the limit and answers 413 without a temp file, then keeps answering', async () => {
    // Declared small enough to pass the Content-Length precheck, but the file itself is too large.
    const body = Buffer.concat([
      Buffer.from(partHeader(fileDisposition)),
      Buffer.alloc(LIMIT + 1000, 0x62),
      Buffer.from(closing),
    ]);
    const res = await rawUpload(body);
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('file_too_large');
    expect(await tempFiles()).toEqual([]);
    await expectStillAnswering();
  });
});

describe('a client that aborts mid-upload', () => {
  it('gets no answer, and the partial temp file and its descriptor are released', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('error', () => {});
    const head = Buffer.from(partHeader('form-data; name="file"; filename="partial.bin"', 'application/pdf'));
    // Announce a body far larger than what is sent, send a first slice, then hang up.
    socket.write(requestHead(head.length + 200_000 + closing.length));
    socket.write(head);
    socket.write(Buffer.alloc(64 * 1024, 0x63));
    // Wait until the server has started writing the temp file, so the abort hits a real partial file.
    await vi.waitFor(async () => expect(await tempFiles()).toHaveLength(1), {
      timeout: 10_000,
      interval: 20,
    });
    socket.destroy();

    await vi.waitFor(
      async () => {
        expect(await tempFiles()).toEqual([]);
        expect(await openFileDescriptors()).toEqual([]);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(Buffer.concat(received).length).toBe(0);
    await expectStillAnswering();
  });

  it('leaves nothing when the client hangs up inside a part header', async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    const partial = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filena`;
    socket.write(requestHead(10_000));
    await new Promise<void>((resolve) => socket.write(partial, () => resolve()));
    socket.destroy();
    await expectStillAnswering();
    expect(await tempFiles()).toEqual([]);
  });
});

describe('file names', () => {
  const upload = (name: string) =>
    admin.agent
      .post('/api/v1/files')
      .attach('file', Buffer.from('content'), { filename: name, contentType: 'text/plain' });

  it('cuts a long name by whole characters, never inside an emoji, and keeps the extension', async () => {
    const single = await upload(`${'a'.repeat(300)}😀.txt`).expect(201);
    expect(single.body.file.name).toBe(`${'a'.repeat(251)}.txt`);

    const emoji = await upload(`${'b'.repeat(250)}😀😀.txt`).expect(201);
    expect([...emoji.body.file.name]).toHaveLength(255);
    expect(emoji.body.file.name).toBe(`${'b'.repeat(250)}😀.txt`);

    // A family emoji is one character made of five code points joined by ZWJ: kept whole or dropped.
    const family = '👨\u200D👩\u200D👧';
    const joined = await upload(`${'c'.repeat(248)}${family}.txt`).expect(201);
    expect(joined.body.file.name).toBe(`${'c'.repeat(248)}.txt`);
    expect(joined.body.file.name).not.toMatch(/[\uD800-\uDFFF]/u);

    const fits = await upload(`${'d'.repeat(246)}${family}.txt`).expect(201);
    expect(fits.body.file.name).toBe(`${'d'.repeat(246)}${family}.txt`);
  });

  it('strips bidi override and isolate characters, so a name cannot disguise its extension', async () => {
    const res = await upload('re\u202Aport\u202B\u202C\u200E\u200F\u2066\u2067\u2068\u2069\u061C.txt').expect(
      201,
    );
    expect(res.body.file.name).toBe('report.txt');
    // "invoice<RLO>fdp.exe" shows as "invoiceexe.pdf"; stripped, it is an .exe and refused.
    const disguised = await upload('invoice\u202Efdp.exe').expect(415);
    expect(disguised.body.error.code).toBe('file_type_refused');
    expect(await tempFiles()).toEqual([]);
  });

  it('strips C0 and C1 control characters but keeps letters of every script', async () => {
    // Raw control bytes are not allowed in a header line; filename* carries them percent-encoded.
    const name = encodeURIComponent('报\u0007告\u0085 Q1\u009b\u202E.csv');
    const res = await rawUpload(
      partHeader(`form-data; name="file"; filename*=UTF-8''${name}`) + 'a,b' + closing,
    );
    expect(res.status).toBe(201);
    expect(res.body.file?.name).toBe('报告 Q1.csv');
  });
});

describe('an error thrown inside a request', () => {
  it('ends in the error handler as a logged 500, never in a process exit', async () => {
    const app = createApp({
      db: server.db,
      config: server.config,
      serveStatic: false,
      routes: [
        (router) => {
          router.get('/boom/sync', () => {
            throw new Error('sync boom');
          });
          router.get('/boom/async', async () => {
            await server.db.query('SELECT 1');
            throw new Error('async boom');
          });
        },
      ],
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const url of ['/api/v1/boom/sync', '/api/v1/boom/async']) {
        const res = await supertest(app).get(url).expect(500);
        expect(res.body.error.code).toBe('internal_error');
        expect(JSON.stringify(res.body)).not.toMatch(/boom/);
      }
      expect(logged.mock.calls.map((c) => String(c[1]))).toEqual([
        expect.stringContaining('sync boom'),
        expect.stringContaining('async boom'),
      ]);
    } finally {
      logged.mockRestore();
    }
    await expectStillAnswering();
  });
});
