/**
 * Pictures in printed PDFs (decision 0057): image and signature fields print as the pictures
 * (PNG with transparency, JPEG embedded as it is), the company logo chosen as a file prints in the
 * header; a GIF, a PNG whose header claims 400 megapixels and a PNG with broken pixel data print
 * as their file names (and the server keeps serving); a picture in a field hidden from the reader
 * is not read into their PDF. Image columns of a subform table print as pictures in their cells,
 * one per row, and a broken one as its name (decision 0061).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
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
const dir = mkdtempSync(join(tmpdir(), 'tangram-print-images-'));

/** A 40x20 JPEG (two colour blocks), made once with pdftoppm. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAUACgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDn6KKK8c/RyGf+Goqln/hqKv0DJP8AcKfz/Nn5xn3/ACMKny/9JQUUUV6p5Bbooor8qP14hn/hqKiiv0DJP9wp/P8ANn5xn3/IwqfL/wBJQUUUV6p5B//Z',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An RGBA PNG (8 bits, with transparency) of `w`x`h`, or with the given IDAT payload. */
function png(w: number, h: number, idat?: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(h * (1 + w * 4));
  if (!idat)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const o = y * (1 + w * 4) + 1 + x * 4;
        raw[o] = 40 + x * 3;
        raw[o + 1] = 160;
        raw[o + 2] = 60 + y * 5;
        raw[o + 3] = x < 4 ? 0 : 255;
      }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat ?? deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let server: TestServer;
let admin: SignedIn;
let pat: SignedIn; // prints; the "badge" image field is hidden from them
const files: Record<string, { fileId: string; name: string }> = {};
let recordId = '';
let tripsId = '';
let brokenTripId = '';
let logoId = '';

function app(patId: string): AppDefinition {
  return {
    id: 'hr',
    name: t('人事', 'HR'),
    formatVersion: CURRENT_FORMAT_VERSION,
    access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view', 'print'] },
    forms: [
      {
        id: 'cards',
        name: t('员工卡', 'Staff card'),
        fields: [
          { id: 'name', type: 'text', label: t('姓名', 'Name') },
          { id: 'photos', type: 'image', label: t('照片', 'Photos') },
          { id: 'sig', type: 'signature', label: t('签名', 'Signature') },
          { id: 'badge', type: 'image', label: t('工牌', 'Badge') },
          {
            id: 'trips',
            type: 'subform',
            label: t('出差', 'Trips'),
            config: {
              fields: [
                { id: 'place', type: 'text', label: t('地点', 'Place') },
                { id: 'shot', type: 'image', label: t('现场照片', 'Photo') },
              ],
            },
          },
        ],
        printTemplates: [
          {
            id: 'card',
            name: t('员工卡', 'Card'),
            header: { logo: { kind: 'appIcon' } },
            body: [
              { kind: 'fields', fields: ['name', 'sig'] },
              { kind: 'fields', fields: ['photos'] },
              { kind: 'fields', fields: ['badge'] },
            ],
          },
          {
            id: 'trips',
            name: t('出差', 'Trips'),
            body: [
              { kind: 'fields', fields: ['name'] },
              { kind: 'subform', field: 'trips' },
            ],
          },
        ],
        permissionGroups: [
          {
            id: 'printers',
            name: t('打印', 'Printers'),
            members: [{ kind: 'users', ids: [patId] }],
            actions: ['view', 'print'],
            scope: { kind: 'all' },
            fields: { visible: ['name', 'photos', 'sig'], editable: [] },
          },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

async function upload(name: string, bytes: Buffer, contentType: string) {
  const res = await admin.agent.post('/api/v1/files').attach('file', bytes, { filename: name, contentType });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  files[name] = { fileId: res.body.file.id, name };
  return files[name]!;
}

const print = (who: SignedIn, body: object) =>
  who.agent.post('/api/v1/apps/hr/forms/cards/print').send(body).buffer(true).parse(binaryBody);

/** `pdfimages -list` rows: [page, num, type, width, height, color, comp, bpc, enc, ...]. */
function images(pdf: Buffer): string[][] {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));
}
function text(pdf: Buffer): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server, { orgName: '星河贸易' });
  pat = await createUser(server, admin, { email: 'pat@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(app(pat.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const photo = await upload('photo.png', png(60, 30), 'image/png');
  const jpeg = await upload('desk.jpg', JPEG, 'image/jpeg');
  const gif = await upload('anim.gif', GIF, 'image/gif');
  // Claims 20000x20000 pixels: never handed to pdfkit.
  const huge = await upload('huge.png', png(20_000, 20_000, deflateSync(Buffer.alloc(10))), 'image/png');
  // Valid header, pixel data that does not inflate: png-js would throw in a callback.
  const broken = await upload('broken.png', png(10, 10, Buffer.from('not zlib data at all')), 'image/png');
  const sig = await upload('signature.png', png(50, 20), 'image/png');
  const badge = await upload('badge.jpg', JPEG, 'image/jpeg');
  logoId = (await upload('logo.png', png(24, 24), 'image/png')).fileId;
  const res = await admin.agent.post('/api/v1/apps/hr/forms/cards/records').send({
    data: {
      name: '林晓',
      photos: [photo, jpeg, gif, huge, broken],
      sig: { fileId: sig.fileId },
      badge: [badge],
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  recordId = res.body.record.id;
  // Three rows, three different pictures (pdfkit embeds a file once however often it is drawn).
  const wide = await upload('row-wide.png', png(30, 12), 'image/png');
  const tall = await upload('row-tall.png', png(12, 30), 'image/png');
  const desk = await upload('row-desk.jpg', JPEG, 'image/jpeg');
  const trips = await admin.agent.post('/api/v1/apps/hr/forms/cards/records').send({
    data: {
      name: '周一',
      trips: [
        { place: '上海', shot: [wide] },
        { place: 'Berlin', shot: [tall] },
        { place: 'Osaka', shot: [desk] },
      ],
    },
  });
  expect(trips.status, JSON.stringify(trips.body)).toBe(201);
  tripsId = trips.body.record.id;
  const brokenRows = await admin.agent.post('/api/v1/apps/hr/forms/cards/records').send({
    data: {
      name: '周二',
      trips: [
        { place: 'Lyon', shot: [files['broken.png']!] },
        { place: 'Porto', shot: [files['anim.gif']!] },
      ],
    },
  });
  expect(brokenRows.status, JSON.stringify(brokenRows.body)).toBe(201);
  brokenTripId = brokenRows.body.record.id;
});
afterAll(() => server.close());

describe('print pictures', () => {
  it('prints image and signature fields as pictures, the rest as their names', async () => {
    const res = await print(admin, { ids: [recordId], templateId: 'card', locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.body.includes('/Subtype /Image')).toBe(true);
    const list = images(res.body);
    // photo.png and signature.png (each with its soft mask), desk.jpg and badge.jpg (DCT, as uploaded).
    expect(list.filter((r) => r[2] === 'image').length).toBe(4);
    expect(list.filter((r) => r[2] === 'smask').length).toBe(2);
    expect(list.filter((r) => r[8] === 'jpeg').map((r) => `${r[3]}x${r[4]}`)).toEqual(['40x20', '40x20']);
    const printed = text(res.body);
    for (const name of ['anim.gif', 'huge.png', 'broken.png']) expect(printed).toContain(name);
    expect(printed).not.toContain('photo.png');
    expect(printed).not.toContain('desk.jpg');
    // The server is still serving after the broken PNG.
    expect((await admin.agent.get('/api/v1/auth/me')).status).toBeLessThan(500);
  });

  it('never reads a picture of a field hidden from the reader', async () => {
    const res = await print(pat, { ids: [recordId], templateId: 'card', locale: 'en' });
    expect(res.status).toBe(200);
    const list = images(res.body);
    expect(list.filter((r) => r[8] === 'jpeg').length).toBe(1); // desk.jpg, not badge.jpg
    expect(text(res.body)).not.toContain('Badge');
  });

  it('prints an uploaded logo in the header, and refuses a logo that is not a picture', async () => {
    const template = {
      id: 'draft',
      name: { en: 'Draft' },
      header: { logo: { kind: 'file', fileId: logoId } },
      body: [{ kind: 'fields', fields: ['name'] }],
    };
    const res = await print(admin, { ids: [recordId], locale: 'en', template });
    expect(res.status).toBe(200);
    const list = images(res.body);
    expect(list.map((r) => `${r[2]} ${r[3]}x${r[4]}`)).toEqual(['image 24x24', 'smask 24x24']);
    const bad = await admin.agent.post('/api/v1/apps/hr/forms/cards/print').send({
      ids: [recordId],
      template: { ...template, header: { logo: { kind: 'file', fileId: files['huge.png']!.fileId } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: '/header/logo/fileId', code: 'logo_type' });
  });

  it('prints an image column of a subform table as a picture in each row', async () => {
    const res = await print(admin, { ids: [tripsId], templateId: 'trips', locale: 'en' });
    expect(res.status).toBe(200);
    const list = images(res.body);
    // One image XObject per row (the two PNGs with their soft masks), at their pixel sizes.
    expect(list.filter((r) => r[2] === 'image').map((r) => `${r[3]}x${r[4]}`)).toEqual([
      '30x12',
      '12x30',
      '40x20',
    ]);
    expect(list.filter((r) => r[2] === 'smask').length).toBe(2);
    const printed = text(res.body);
    for (const place of ['上海', 'Berlin', 'Osaka', 'Photo']) expect(printed).toContain(place);
    // Drawn, so not printed by name.
    for (const name of ['row-wide.png', 'row-tall.png', 'row-desk.jpg']) expect(printed).not.toContain(name);
  });

  it('prints a broken or unsupported picture in a subform row as its name, and keeps serving', async () => {
    const res = await print(admin, { ids: [brokenTripId], templateId: 'trips', locale: 'en' });
    expect(res.status).toBe(200);
    expect(images(res.body)).toEqual([]);
    const printed = text(res.body);
    for (const expected of ['Lyon', 'broken.png', 'Porto', 'anim.gif']) expect(printed).toContain(expected);
    expect((await admin.agent.get('/api/v1/auth/me')).status).toBeLessThan(500);
  });
});
