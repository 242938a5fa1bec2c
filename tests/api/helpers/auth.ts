/**
 * Signing in from tests. Every agent returned here keeps the session cookie and sends the session's
 * `X-CSRF-Token` on every request, so tests read like a browser client:
 *
 *   const admin = await setupAdmin(server);
 *   await admin.agent.post('/api/v1/admin/roles').send({ name: 'Sales' }).expect(201);
 */
import type supertest from 'supertest';
import { createOrgWithAdmin } from '@tangram/server';
import type { TestServer } from './test-server';

export interface SignedIn {
  agent: supertest.Agent;
  csrfToken: string;
  /** `tangram_session=<token>`, to replay the session from another agent (e.g. without the CSRF header). */
  cookie: string;
  user: {
    id: string;
    name: string;
    email: string;
    isAdmin: boolean;
    departmentIds: string[];
    roleIds: string[];
  };
  org: { id: string; name: string; timeZone: string };
  email: string;
  password: string;
}

export const DEFAULT_ADMIN = {
  orgName: 'Acme',
  name: 'Ada Admin',
  email: 'admin@acme.test',
  password: 'correct horse battery',
};

/** Runs first-run setup (once per server) and returns the signed-in admin. */
export async function setupAdmin(
  server: TestServer,
  input: Partial<typeof DEFAULT_ADMIN> = {},
): Promise<SignedIn> {
  const body = { ...DEFAULT_ADMIN, ...input };
  const agent = server.agent();
  const res = await agent.post('/api/v1/auth/setup').send(body);
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return signedIn(agent, res, body.email, body.password);
}

/** Logs in with email and password; throws when the login is refused. */
export async function loginAs(server: TestServer, email: string, password: string): Promise<SignedIn> {
  const agent = server.agent();
  const res = await agent.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return signedIn(agent, res, email, password);
}

export interface NewUser {
  name?: string;
  email: string;
  password?: string;
  isAdmin?: boolean;
  departmentIds?: string[];
  roleIds?: string[];
}

/** Creates a user through `POST /admin/users` as `admin`, then logs them in. */
export async function createUser(server: TestServer, admin: SignedIn, input: NewUser): Promise<SignedIn> {
  const body = { name: input.email.split('@')[0], password: 'member password 1', ...input };
  const res = await admin.agent.post('/api/v1/admin/users').send(body);
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return loginAs(server, body.email, body.password);
}

/** Creates another org with its own admin directly in the database (no endpoint does this) and logs in. */
export async function createOtherOrg(
  server: TestServer,
  input: Partial<typeof DEFAULT_ADMIN> = {},
): Promise<SignedIn> {
  const body = {
    orgName: 'Other Co',
    name: 'Olga Other',
    email: 'admin@other.test',
    password: 'other org password',
    ...input,
  };
  await createOrgWithAdmin(server.db, body);
  return loginAs(server, body.email, body.password);
}

function signedIn(
  agent: supertest.Agent,
  res: supertest.Response,
  email: string,
  password: string,
): SignedIn {
  const body = res.body as { csrfToken: string; user: SignedIn['user']; org: SignedIn['org'] };
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('tangram_session='));
  if (!cookie) throw new Error('no session cookie in the response');
  agent.set('X-CSRF-Token', body.csrfToken);
  return { agent, csrfToken: body.csrfToken, cookie, user: body.user, org: body.org, email, password };
}
