import { describe, expect, it } from 'vitest';
import { createClient, isApiError } from '../src/index';

/** A fake fetch that records the URL and method of every call and answers with an empty page. */
function fakeFetch() {
  const calls: { url: URL; method: string; csrf?: string }[] = [];
  const fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const csrf = (init.headers as Record<string, string> | undefined)?.['X-CSRF-Token'];
    calls.push({ url: new URL(url, 'http://test.local'), method: init.method ?? 'GET', csrf });
    return new Response(JSON.stringify({ items: [], nextCursor: null, record: { id: 'r1' }, rows: [] }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { fetch, calls };
}

const ref = { appId: 'a1', formId: 'f1' };

describe('view as', () => {
  it('asks every read as the viewed user: GET lists, single reads, and reads sent as POST', async () => {
    const { fetch, calls } = fakeFetch();
    const client = createClient({ fetch, viewAs: 'u_bob' });
    await client.records.list(ref, { q: 'acme' });
    await client.records.get(ref, 'r1');
    await client.records.query(ref, { limit: 10 });
    await client.records.aggregate(ref, { measures: [{ fn: 'count', as: 'n' }] } as never);
    await client.views.list(ref);
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'GET /api/v1/apps/a1/forms/f1/records',
      'GET /api/v1/apps/a1/forms/f1/records/r1',
      'POST /api/v1/apps/a1/forms/f1/records/query',
      'POST /api/v1/apps/a1/forms/f1/aggregate',
      'GET /api/v1/apps/a1/forms/f1/views',
    ]);
    for (const call of calls) expect(call.url.searchParams.get('viewAs')).toBe('u_bob');
    // The list's own parameters are kept next to it.
    expect(calls[0]?.url.searchParams.get('q')).toBe('acme');
  });

  it('refuses writes before they leave: they would run as the admin', async () => {
    const { fetch, calls } = fakeFetch();
    const client = createClient({ fetch, viewAs: 'u_bob' });
    const attempts = [
      () => client.records.create(ref, { name: 'x' }),
      () => client.records.update(ref, 'r1', { name: 'x' }, 1),
      () => client.records.remove(ref, 'r1'),
      () => client.records.bulkDelete(ref, ['r1']),
    ];
    for (const attempt of attempts) {
      const error: unknown = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isApiError(error) && error.code).toBe('view_as_read_only');
    }
    expect(calls).toEqual([]);
  });

  it("sends the session's CSRF token on reads sent as POST (same session, second client)", async () => {
    const { fetch, calls } = fakeFetch();
    const client = createClient({ fetch, viewAs: 'u_bob', csrfToken: 'tok-1' });
    await client.records.query(ref, { limit: 10 });
    expect(calls[0]?.csrf).toBe('tok-1');
  });

  it('sends nothing extra without viewAs', async () => {
    const { fetch, calls } = fakeFetch();
    const client = createClient({ fetch });
    await client.records.query(ref, {});
    await client.records.create(ref, { name: 'x' });
    expect(calls.map((c) => c.url.search)).toEqual(['', '']);
  });
});
