import { ApiError, createClient } from '@tangram/client';
import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../src/core/session-store';

const session = {
  user: { id: 'u1', name: 'Ada', email: 'a@b.c', isAdmin: true, departmentIds: [], roleIds: [] },
  org: { id: 'o1', name: 'Acme', timeZone: 'UTC' },
  csrfToken: 't',
};

/** A fake fetch answering by "METHOD path". */
function fetchFrom(routes: Record<string, () => Response>) {
  return async (url: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${new URL(url, 'http://x').pathname.replace('/api/v1', '')}`;
    const route = routes[key];
    if (!route) throw new Error(`unexpected ${key}`);
    return route();
  };
}
const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status });

describe('session store', () => {
  it('asks for setup on a fresh server', async () => {
    const store = createSessionStore(
      createClient({ fetch: fetchFrom({ 'GET /auth/setup': json({ needed: true }) }) }),
    );
    await store.getState().init();
    expect(store.getState().status).toBe('setup');
  });

  it('is anonymous on 401 and authenticated after login and logout clears it', async () => {
    const store = createSessionStore(
      createClient({
        fetch: fetchFrom({
          'GET /auth/setup': json({ needed: false }),
          'GET /auth/me': json({ error: { code: 'unauthenticated', message: 'Sign in' } }, 401),
          'POST /auth/login': json(session),
          'POST /auth/logout': () => new Response(null, { status: 204 }),
        }),
      }),
    );
    await store.getState().init();
    expect(store.getState().status).toBe('anonymous');
    await store.getState().login({ email: 'a@b.c', password: 'pw' });
    expect(store.getState()).toMatchObject({ status: 'authenticated', session });
    await store.getState().logout();
    expect(store.getState()).toMatchObject({ status: 'anonymous', session: null });
  });

  it('reports other failures as an error state', async () => {
    const store = createSessionStore(
      createClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) }),
    );
    await store.getState().init();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toBeInstanceOf(ApiError);
  });
});
