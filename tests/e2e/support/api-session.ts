import { expect } from 'vitest';

export interface AdminAccount {
  orgName: string;
  name: string;
  email: string;
  password: string;
}

/** A signed-in API session (cookie + CSRF token) made by first-run setup, without the UI. */
export async function setupApiSession(base: string, admin: AdminAccount) {
  const res = await fetch(`${base}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, timeZone: 'Asia/Shanghai' }),
  });
  expect(res.status).toBe(201);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const [name, value] = cookie.split('=') as [string, string];
  return { call, cookie: { name, value } };
}

export interface Credentials {
  email: string;
  password: string;
}

/** A user's API session (cookie + CSRF token), signed in with their password through the API. */
export interface UserSession {
  /** The session cookie, ready for `BrowserContext.addCookies` with a `url`. */
  cookie: { name: string; value: string };
  csrfToken: string;
  /** Calls the API as this user; throws with the status and body on a non-2xx answer. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Signs `who` in through `POST /auth/login` (seeding as that user: what they create, they own). */
export async function signIn(base: string, who: Credentials): Promise<UserSession> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  expect(res.status, `sign-in of ${who.email}`).toBe(200);
  const raw = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const [name, value] = raw.split('=') as [string, string];
  const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: {
        cookie: raw,
        'x-csrf-token': csrfToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { cookie: { name, value }, csrfToken, call };
}

/** Creates records as `who` (so they own them), one request per record. */
export async function createRecordsAs(
  base: string,
  who: Credentials,
  ref: { appId: string; formId: string },
  records: readonly Record<string, unknown>[],
): Promise<void> {
  const session = await signIn(base, who);
  for (const data of records)
    await session.call('POST', `/apps/${ref.appId}/forms/${ref.formId}/records`, { data });
}
