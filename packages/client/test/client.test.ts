import { describe, expect, it } from 'vitest';
import { ApiError, createClient, isApiError } from '../src/index';

interface Call {
  url: string;
  init: RequestInit;
  headers: Record<string, string>;
}

/** A fake fetch that records calls and answers from a queue of responses. */
function fakeFetch(responses: Response[] = []) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    calls.push({ url, init, headers: { ...(init.headers as Record<string, string>) } });
    return responses.shift() ?? new Response(null, { status: 204 });
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const session = {
  user: { id: 'u1', name: 'Ada', email: 'ada@example.com', isAdmin: true, departmentIds: [], roleIds: [] },
  org: { id: 'o1', name: 'Acme', timeZone: 'Asia/Shanghai' },
  csrfToken: 'tok-123',
};

const ref = { appId: 'a1', formId: 'f1' };

describe('csrf token', () => {
  it('is taken from login and sent on writes only', async () => {
    const { fetch, calls } = fakeFetch([
      json(session),
      json({ items: [] }),
      json({ app: {}, version: 1 }, 201),
    ]);
    const client = createClient({ fetch });
    await client.auth.login({ email: 'ada@example.com', password: 'pw' });
    await client.apps.list();
    await client.apps.create({ name: { en: 'CRM' }, formatVersion: 1, forms: [] });

    const [login, list, create] = calls;
    expect(login?.headers['X-CSRF-Token']).toBeUndefined();
    expect(list?.init.method).toBe('GET');
    expect(list?.headers['X-CSRF-Token']).toBeUndefined();
    expect(create?.init.method).toBe('POST');
    expect(create?.headers['X-CSRF-Token']).toBe('tok-123');
    expect(create?.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(create?.init.body))).toEqual({
      name: { en: 'CRM' },
      formatVersion: 1,
      forms: [],
    });
    for (const c of calls) expect(c.init.credentials).toBe('include');
  });

  it('is refreshed by me() and forgotten on logout', async () => {
    const { fetch, calls } = fakeFetch([
      json({ ...session, csrfToken: 'tok-me' }),
      new Response(null, { status: 204 }),
      new Response(null, { status: 204 }),
    ]);
    const client = createClient({ fetch, baseUrl: 'http://host:3000/' });
    await client.auth.me();
    expect(client.csrfToken()).toBe('tok-me');
    await client.auth.logout();
    expect(calls[1]?.headers['X-CSRF-Token']).toBe('tok-me');
    expect(calls[1]?.url).toBe('http://host:3000/api/v1/auth/logout');
    expect(client.csrfToken()).toBeNull();
    await client.records.remove(ref, 'r1');
    expect(calls[2]?.headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[2]?.init.method).toBe('DELETE');
  });

  it('is sent on PUT, PATCH and DELETE', async () => {
    const record = { id: 'r1', version: 2, data: {} };
    const { fetch, calls } = fakeFetch([
      json(session),
      json({ app: {}, version: 2 }),
      json({ record }),
      new Response(null, { status: 204 }),
    ]);
    const client = createClient({ fetch });
    await client.auth.setup({ orgName: 'Acme', name: 'Ada', email: 'a@b.c', password: 'pw' });
    await client.apps.update('a1', {
      app: { id: 'a1', name: {}, formatVersion: 1, forms: [] },
      baseVersion: 1,
    });
    await client.records.update(ref, 'r1', { f_a: 1 }, 1);
    await client.apps.remove('a1');
    expect(calls.slice(1).map((c) => [c.init.method, c.headers['X-CSRF-Token']])).toEqual([
      ['PUT', 'tok-123'],
      ['PATCH', 'tok-123'],
      ['DELETE', 'tok-123'],
    ]);
    expect(JSON.parse(String(calls[2]?.init.body))).toEqual({ data: { f_a: 1 }, version: 1 });
  });
});

describe('errors', () => {
  it('parse the error body into ApiError with field paths', async () => {
    const body = {
      error: {
        code: 'validation_failed',
        message: 'Some values are not valid',
        details: [
          { path: '/data/f_amount', code: 'type', message: 'must be a number' },
          { path: '/email', code: 'format', message: 'must be an email' },
        ],
      },
    };
    const { fetch } = fakeFetch([json(body, 400)]);
    const client = createClient({ fetch });
    const error = await client.records.create(ref, { f_amount: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error, 'validation_failed')).toBe(true);
    const e = error as ApiError;
    expect(e.status).toBe(400);
    expect(e.message).toBe('Some values are not valid');
    expect(e.details).toHaveLength(2);
    expect(e.fieldErrors()).toEqual({ f_amount: 'must be a number', email: 'must be an email' });
  });

  it('keep non-list details (409 stale_version) and survive non-JSON bodies', async () => {
    const current = { id: 'r1', version: 3 };
    const { fetch } = fakeFetch([
      json(
        { error: { code: 'stale_version', message: 'Changed by someone else', details: { current } } },
        409,
      ),
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    ]);
    const client = createClient({ fetch });
    const stale = (await client.records.update(ref, 'r1', {}, 1).catch((e: unknown) => e)) as ApiError;
    expect(stale.code).toBe('stale_version');
    expect(stale.details).toEqual([]);
    expect(stale.rawDetails).toEqual({ current });
    const gateway = (await client.apps.list().catch((e: unknown) => e)) as ApiError;
    expect(gateway).toBeInstanceOf(ApiError);
    expect(gateway.status).toBe(502);
    expect(gateway.code).toBe('http_502');
    expect(gateway.message).toBe('Bad Gateway');
  });

  it('turn network failures into status 0', async () => {
    const client = createClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const e = (await client.auth.me().catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(0);
    expect(e.code).toBe('network_error');
  });
});

describe('query strings and bodies', () => {
  it('encode filter as JSON and sort as f1,-f2', async () => {
    const { fetch, calls } = fakeFetch([json({ items: [], nextCursor: null })]);
    const client = createClient({ fetch });
    const filter = { kind: 'cmp', field: 'f_name', op: 'eq', value: 'a&b' } as const;
    await client.records.list(ref, {
      filter,
      sort: [
        { field: 'f1', dir: 'asc' },
        { field: 'f2', dir: 'desc' },
      ],
      limit: 50,
      cursor: 'c/1',
      q: '客户',
      count: true,
    });
    const url = new URL(calls[0]?.url ?? '', 'http://x');
    expect(url.pathname).toBe('/api/v1/apps/a1/forms/f1/records');
    expect(JSON.parse(url.searchParams.get('filter') ?? '')).toEqual(filter);
    expect(url.searchParams.get('sort')).toBe('f1,-f2');
    expect(url.searchParams.get('limit')).toBe('50');
    expect(url.searchParams.get('cursor')).toBe('c/1');
    expect(url.searchParams.get('q')).toBe('客户');
    expect(url.searchParams.get('count')).toBe('true');
  });

  it('omit undefined options and accept wire-form sorts', async () => {
    const { fetch, calls } = fakeFetch([json({ items: [] }), json({ items: [] })]);
    const client = createClient({ fetch });
    await client.records.list(ref);
    await client.records.list(ref, { sort: ['-f1', 'f2'] });
    expect(calls[0]?.url).toBe('/api/v1/apps/a1/forms/f1/records');
    expect(calls[1]?.url).toBe('/api/v1/apps/a1/forms/f1/records?sort=-f1%2Cf2');
  });

  it('send the query body with AST sort keys', async () => {
    const { fetch, calls } = fakeFetch([json({ items: [] })]);
    const client = createClient({ fetch });
    await client.records.query(ref, { sort: 'f1,-f2', limit: 10 });
    expect(calls[0]?.url).toBe('/api/v1/apps/a1/forms/f1/records/query');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      sort: [
        { field: 'f1', dir: 'asc' },
        { field: 'f2', dir: 'desc' },
      ],
      limit: 10,
    });
  });

  it('send Idempotency-Key on create when given, and escape ids in paths', async () => {
    const { fetch, calls } = fakeFetch([
      json({ record: { id: 'r1' } }, 201),
      json({ record: { id: 'r/2' } }),
    ]);
    const client = createClient({ fetch });
    const rec = await client.records.create(ref, { f: 1 }, { idempotencyKey: 'k-1' });
    expect(rec.id).toBe('r1');
    expect(calls[0]?.headers['Idempotency-Key']).toBe('k-1');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ data: { f: 1 } });
    await client.records.get({ appId: 'a 1', formId: 'f1' }, 'r/2');
    expect(calls[1]?.url).toBe('/api/v1/apps/a%201/forms/f1/records/r%2F2');
    expect(calls[1]?.init.body).toBeUndefined();
  });

  it('unwrap setupNeeded', async () => {
    const { fetch } = fakeFetch([json({ needed: true })]);
    expect(await createClient({ fetch }).auth.setupNeeded()).toBe(true);
  });
});
