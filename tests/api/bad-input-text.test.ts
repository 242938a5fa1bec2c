import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldApp, fullOrder } from './fixtures/apps';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Issue 10, points 3 and 8: text PostgreSQL cannot store (a NUL, a lone UTF-16 surrogate), numbers
// beyond their column and datetimes beyond years 0001..9999 are 400s naming the bad value, never
// 500s; error answers stay small however many problems a body has.

const API = '/api/v1';
const RECORDS = `${API}/apps/sales/forms/orders/records`;
const NUL = '\u0000';

describe('bad text and numbers are 400s with the path of the bad value', () => {
  let server: TestServer;
  let admin: SignedIn;
  let recordId: string;

  beforeAll(async () => {
    server = await createTestServer();
    admin = await setupAdmin(server);
    await admin.agent.post(`${API}/apps`).send(everyFieldApp('sales')).expect(201);
    const res = await admin.agent.post(RECORDS).send({ data: fullOrder() }).expect(201);
    recordId = res.body.record.id;
  });
  afterAll(() => server.close());

  const rawJson = (method: 'post' | 'put' | 'patch', url: string, body: string, agent = admin.agent) =>
    agent[method](url).set('Content-Type', 'application/json').send(body);

  /** Expects a 400 whose first detail names `path` (and `code` when given). */
  function expectRefused(res: { status: number; body: unknown }, path: string, code?: string) {
    const error = (res.body as { error?: { details?: { path?: string; code?: string }[] } }).error;
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(error?.details?.[0]?.path).toBe(path);
    if (code) expect(error?.details?.[0]?.code).toBe(code);
  }

  const storedCount = async () =>
    Number((await admin.agent.get(`${RECORDS}?count=true&limit=1`).expect(200)).body.total ?? NaN);

  it('NUL in a record value and in a subform value', async () => {
    const before = await admin.agent.get(`${RECORDS}/${recordId}`).expect(200);
    expectRefused(
      await admin.agent.post(RECORDS).send({ data: fullOrder({ title: `a${NUL}b` }) }),
      '/data/title',
      'nul_character',
    );
    expectRefused(
      await admin.agent.post(RECORDS).send({ data: fullOrder({ lines: [{ item: `x${NUL}` }] }) }),
      '/data/lines/0/item',
      'nul_character',
    );
    expectRefused(
      await admin.agent
        .patch(`${RECORDS}/${recordId}`)
        .send({ data: { notes: NUL }, version: before.body.record.version }),
      '/data/notes',
    );
    const after = await admin.agent.get(`${RECORDS}/${recordId}`).expect(200);
    expect(after.body.record.version).toBe(before.body.record.version);
  });

  it('lone surrogates are refused, not replaced; surrogate pairs (emoji) are kept', async () => {
    for (const text of ['\\ud800', '\\udc00', 'a\\ud83dz', '\\ude00\\ud83d']) {
      const res = await rawJson('post', RECORDS, `{"data":{"title":"${text}"}}`);
      expectRefused(res, '/data/title', 'lone_surrogate');
    }
    const ok = await rawJson('post', RECORDS, '{"data":{"title":"\\ud83d\\ude00 ok"}}').expect(201);
    expect(ok.body.record.data.title).toBe('😀 ok');
  });

  it('NUL in filter values (body and query string), q, sort and cursor', async () => {
    const filter = { kind: 'cmp', field: 'title', op: 'eq', value: `a${NUL}` };
    expectRefused(await admin.agent.post(`${RECORDS}/query`).send({ filter }), '/filter/value');
    expectRefused(
      await admin.agent.get(RECORDS).query({ filter: JSON.stringify(filter) }),
      '/filter/value',
      'nul_character',
    );
    expectRefused(await admin.agent.get(`${RECORDS}?q=a%00b`), '/query/q', 'nul_character');
    expectRefused(await admin.agent.post(`${RECORDS}/query`).send({ q: NUL }), '/q');
    expectRefused(await admin.agent.get(`${RECORDS}?sort=a%00`), '/query/sort');
    // A %-escape that is not UTF-8 is refused instead of becoming U+FFFD.
    expectRefused(await admin.agent.get(`${RECORDS}?q=%ED%A0%80`), '/query/q', 'malformed_escape');
    // A forged cursor carrying a NUL is never a 500.
    const forged = Buffer.from(JSON.stringify({ sort: [], values: [], id: `x${NUL}` })).toString('base64url');
    const res = await admin.agent.get(`${RECORDS}?cursor=${forged}`);
    expect(res.status).toBe(400);
  });

  it('NUL in a comment and in the names of views, users, departments, roles and apps', async () => {
    expectRefused(
      await admin.agent.post(`${RECORDS}/${recordId}/comments`).send({ body: `hi${NUL}` }),
      '/body',
    );
    expectRefused(
      await admin.agent
        .post(`${API}/apps/sales/forms/orders/views`)
        .send({ name: `v${NUL}`, config: { columns: [{ field: 'title' }] } }),
      '/name',
    );
    expectRefused(
      await admin.agent
        .post(`${API}/admin/users`)
        .send({ name: `u${NUL}`, email: 'u@acme.test', password: 'long password 1' }),
      '/name',
    );
    expectRefused(await admin.agent.post(`${API}/admin/departments`).send({ name: `d${NUL}` }), '/name');
    expectRefused(await admin.agent.post(`${API}/admin/roles`).send({ name: `r${NUL}` }), '/name');
    const app = everyFieldApp('other');
    app.name = { en: `Other${NUL}`, 'zh-CN': '其他' };
    expectRefused(await admin.agent.post(`${API}/apps`).send(app), '/name/en');
    expect((await admin.agent.get(`${API}/apps/other`)).status).toBe(404);
  });

  it('NUL in ids in a body and in every kind of path id', async () => {
    expectRefused(
      await admin.agent.post(`${RECORDS}/bulk-delete`).send({ ids: [recordId, `x${NUL}`] }),
      '/ids/1',
    );
    expectRefused(await admin.agent.post(`${API}/tasks/t1/transfer`).send({ to: `u${NUL}` }), '/to');
    for (const [url, path] of [
      [`${RECORDS}/r%00`, '/params/id'],
      [`${API}/apps/s%00les`, '/params/app'],
      [`${API}/apps/sales/forms/ord%00ers/records`, '/params/form'],
      [`${API}/files/f%00`, '/params/id'],
      [`${RECORDS}/${recordId}/comments?x=1`.replace(recordId, `${recordId}%00`), '/params/id'],
    ] as const) {
      expectRefused(await admin.agent.get(url), path, 'nul_character');
    }
    expectRefused(await admin.agent.post(`${API}/tasks/t%00/approve`).send({}), '/params/task');
    expectRefused(await admin.agent.patch(`${API}/admin/users/u%00`).send({ name: 'x' }), '/params/id');
    expectRefused(await admin.agent.delete(`${API}/admin/departments/%00`), '/params/id');
  });

  it('the email of an unauthenticated sign-in', async () => {
    const anonymous = server.agent();
    expectRefused(
      await anonymous.post(`${API}/auth/login`).send({ email: `admin${NUL}@acme.test`, password: 'x' }),
      '/email',
      'nul_character',
    );
  });

  it('datetimes whose UTC value leaves years 0001..9999, in values and in filters', async () => {
    for (const meetingAt of ['9999-12-31T23:00:00-05:00', '0001-01-01T00:30:00+01:00']) {
      expectRefused(
        await admin.agent.post(RECORDS).send({ data: fullOrder({ meetingAt }) }),
        '/data/meetingAt',
      );
    }
    // The edges themselves are fine.
    await admin.agent
      .post(RECORDS)
      .send({ data: fullOrder({ meetingAt: '9999-12-31T23:59:59Z', email: 'edge@example.com' }) })
      .expect(201);
    const filter = { kind: 'cmp', field: 'meetingAt', op: 'gt', value: '9999-12-31T23:00:00-05:00' };
    const res = await admin.agent.post(`${RECORDS}/query`).send({ filter });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toMatch(/^\/filter/);
  });

  it('version numbers beyond a 32-bit integer, and versions looked up by a huge number', async () => {
    for (const version of [2 ** 31, Number('9999999999999999999')]) {
      expectRefused(
        await admin.agent.patch(`${RECORDS}/${recordId}`).send({ data: { notes: 'x' }, version }),
        '/version',
      );
      expectRefused(
        await admin.agent
          .put(`${API}/apps/sales`)
          .send({ app: everyFieldApp('sales'), baseVersion: version }),
        '/baseVersion',
      );
      expectRefused(await admin.agent.post(`${API}/apps/sales/restore`).send({ version }), '/version');
    }
    for (const v of ['2147483648', '9999999999999999999', '0', '-1', '1e3', 'abc'])
      expectRefused(await admin.agent.get(`${API}/apps/sales/versions/${v}`), '/params/version');
    await admin.agent.get(`${API}/apps/sales/versions/1`).expect(200);
    await admin.agent.get(`${API}/apps/sales/versions/2147483647`).expect(404);
  });

  it('numbers beyond the double range (1e309) are refused, not turned into Infinity', async () => {
    const res = await rawJson('post', RECORDS, '{"data":{"title":"x","qty":1e309}}');
    expectRefused(res, '/data/qty', 'number_out_of_range');
  });

  it('a body of 60,000 bad keys answers with a capped list of details', async () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',');
    const body = `{"data":{${keys}}}`;
    expect(body.length).toBeGreaterThan(600_000);
    const before = await storedCount();
    const res = await rawJson('post', RECORDS, body);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(20_000);
    expect(res.body.error.details).toHaveLength(50);
    expect(res.body.error.detailsTruncated).toBe(true);
    expect(res.body.error.detailsTotal).toBeGreaterThanOrEqual(60_000);
    expect(await storedCount()).toBe(before);
  });

  it('a very long key in an error answer is shortened', async () => {
    const key = 'k'.repeat(200_000);
    const res = await rawJson('post', RECORDS, `{"data":{"${key}":1,"${key}":2}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('duplicate_key');
    expect(res.text.length).toBeLessThan(5_000);
  });
});
