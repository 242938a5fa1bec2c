/**
 * Record write errors in the user's language (issue 13 point 3) and phone numbers checked against
 * the organisation's country (decision 0038): Accept-Language picks the language of each detail,
 * an org admin sets the country, and the same number is refused or accepted by the country.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
const ORDERS = '/api/v1/apps/shop/forms/orders/records';

const shopApp: AppDefinition = {
  id: 'shop',
  name: { 'zh-CN': '商店', en: 'Shop' },
  formatVersion: 2,
  access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view', 'create', 'edit'] },
  forms: [
    {
      id: 'orders',
      name: { 'zh-CN': '订单', en: 'Orders' },
      fields: [
        { id: 'title', type: 'text', label: { 'zh-CN': '标题', en: 'Title' }, required: true },
        {
          id: 'qty',
          type: 'number',
          label: { 'zh-CN': '数量', en: 'Quantity' },
          config: { min: 1, precision: 0 },
        },
        { id: 'tel', type: 'phone', label: { 'zh-CN': '手机', en: 'Mobile' } },
        {
          id: 'anyTel',
          type: 'phone',
          label: { 'zh-CN': '备用电话', en: 'Other phone' },
          config: { anyFormat: true },
        },
      ],
    },
  ],
} as unknown as AppDefinition;

type Detail = { path: string; code: string; message: string; localized?: unknown };
const post = (data: Record<string, unknown>, language?: string) => {
  const req = admin.agent.post(ORDERS);
  if (language) void req.set('Accept-Language', language);
  return req.send({ data });
};
const details = (res: { body: { error: { details: Detail[] } } }) =>
  Object.fromEntries(res.body.error.details.map((d) => [d.path, d]));

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  member = await createUser(server, admin, { email: 'member@shop.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(shopApp);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
});
afterAll(() => server.close());

describe('record write errors in the language the request prefers', () => {
  const bad = { title: 'x', qty: -5, tel: '12345678901' };

  it('answers in Chinese for zh-CN: required, below min and the phone format with an example', async () => {
    const missing = await post({ qty: 2 }, 'zh-CN,zh;q=0.9,en;q=0.5');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('提交的内容有误，请按提示修改。');
    expect(details(missing)['/data/title']).toMatchObject({ code: 'required', message: '标题为必填项' });

    const res = await post(bad, 'zh-CN,zh;q=0.9,en;q=0.5');
    expect(res.status).toBe(400);
    const d = details(res);
    expect(d['/data/qty']).toMatchObject({ code: 'below_min', message: '数量不能小于 1' });
    expect(d['/data/tel']!.code).toBe('phone_format');
    expect(d['/data/tel']!.message).toMatch(/^手机不是有效的中国电话号码（例如 1\d\d \d{4} \d{4}/);
    // The two-language form stays on the server.
    expect(res.body.error.details.every((x: Detail) => x.localized === undefined)).toBe(true);
  });

  it('answers in English for en and without Accept-Language', async () => {
    for (const language of ['en-US,en;q=0.9', '*', undefined]) {
      const missing = await post({ qty: 2 }, language);
      expect(missing.body.error.message).toBe('The request has invalid values.');
      expect(details(missing)['/data/title']!.message).toBe('Title is required');
      const res = await post(bad, language);
      expect(res.status).toBe(400);
      const d = details(res);
      expect(d['/data/qty']!.message).toBe('Quantity must be at least 1');
      expect(d['/data/tel']!.message).toMatch(/^Mobile is not a valid phone number in China \(for example /);
    }
  });

  it('words a number sent as text ("2O") and a phone with letters in Chinese', async () => {
    const res = await post({ title: 'x', qty: '2O', tel: '138abc' }, 'zh-CN');
    expect(res.status).toBe(400);
    const d = details(res);
    expect(d['/data/qty']!.message).toBe('数量必须是数字');
    expect(d['/data/tel']!.message).toMatch(/^手机不是电话号码/);
    // One detail per field: the "or empty" branch of a nullable value adds nothing.
    expect(res.body.error.details).toHaveLength(2);
    const en = await post({ title: 'x', qty: '2O', tel: '138abc' }, 'en');
    expect(details(en)['/data/qty']!.message).toMatch(/^Quantity: must be number/);
    // The shape is worded, not shown as a regular expression.
    expect(details(en)['/data/tel']!.message).toBe(
      'Mobile is not a phone number (only digits, spaces, +, brackets, dots and dashes)',
    );
  });

  it('stores a valid number as typed, and any shape in a field that accepts any format', async () => {
    const res = await post({ title: 'ok', qty: 2, tel: '138 0013 8000', anyTel: '12345' }, 'zh-CN');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.record.data).toMatchObject({ tel: '138 0013 8000', anyTel: '12345' });
  });
});

describe("the organisation's country", () => {
  it('is China by default and is part of the session', async () => {
    const me = await admin.agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.org.country).toBe('CN');
    const got = await admin.agent.get('/api/v1/admin/org').expect(200);
    expect(got.body.settings).toMatchObject({ country: 'CN', timeZone: expect.any(String) });
  });

  it('is set by an org admin only, and refuses unknown codes and time zones', async () => {
    await member.agent.patch('/api/v1/admin/org').send({ country: 'US' }).expect(403);
    const bad = await admin.agent.patch('/api/v1/admin/org').send({ country: 'XX', timeZone: 'Mars/Base' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: Detail) => d.path).sort()).toEqual(['/country', '/timeZone']);
    const lower = await admin.agent.patch('/api/v1/admin/org').send({ country: 'us' });
    expect(lower.status).toBe(400);
    // Nothing was half-written.
    const got = await admin.agent.get('/api/v1/admin/org').expect(200);
    expect(got.body.settings.country).toBe('CN');
  });

  it('decides which numbers are accepted: a US org refuses a Chinese mobile without +86', async () => {
    const set = await admin.agent.patch('/api/v1/admin/org').send({ country: 'US' });
    onTestFinished(() =>
      admin.agent
        .patch('/api/v1/admin/org')
        .send({ country: 'CN' })
        .then(() => undefined),
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.settings.country).toBe('US');
    const audit = await admin.agent.get('/api/v1/admin/audit').query({ action: 'org.settings' });
    if (audit.status === 200) expect(JSON.stringify(audit.body)).toContain('"to":"US"');

    const chinese = await post({ title: 'a', tel: '13800138000' }, 'en');
    expect(chinese.status).toBe(400);
    expect(details(chinese)['/data/tel']!.message).toMatch(/not a valid phone number in United States/);
    await post({ title: 'b', tel: '(201) 555-0123' }).expect(201);
    await post({ title: 'c', tel: '+86 138 0013 8000' }).expect(201);

    await admin.agent.patch('/api/v1/admin/org').send({ country: 'CN' }).expect(200);
    await post({ title: 'd', tel: '13800138000' }).expect(201);
  });

  it('can be chosen at first-run setup, and a bad one is refused there', async () => {
    const fresh = await createTestServer();
    try {
      const base = { orgName: 'Acme', name: 'Ann', email: 'ann@acme.test', password: 'correct horse 1' };
      const bad = await fresh
        .agent()
        .post('/api/v1/auth/setup')
        .send({ ...base, country: 'ZZ' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('/country');
      const ok = await fresh
        .agent()
        .post('/api/v1/auth/setup')
        .send({ ...base, country: 'GB' });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.org.country).toBe('GB');
    } finally {
      await fresh.close();
    }
  });
});
