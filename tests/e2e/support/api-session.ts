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
