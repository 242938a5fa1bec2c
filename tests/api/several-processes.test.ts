/**
 * Several server processes on one database (issue 17 §3, decision 0054): two independent servers
 * (`tsx src/main.ts`, each a supervisor and its worker, on their own ports) share one PostgreSQL
 * database. A session made on one works on the other; sign-in failures count across both; record
 * events (the outbox) and a due schedule tick are each handled once although both processes poll
 * every 100 ms; and a server whose database connections are cut (pg_terminate_backend) answers
 * 503 or the right answer, never a 500 or a dropped connection, and keeps running.
 * PostgreSQL only: the embedded database has one process, and its refusal of WORKERS>1 is tried in
 * supervisor.test.ts (both the unit and the real start).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openDb, runMigrations } from '@tangram/server';
import { ServerProcess, freePort } from '../support/server-process';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const onPostgres = process.env.TANGRAM_TEST_DB === 'postgres';
const l = (en: string) => ({ en, 'zh-CN': en });
const APP = 'multi';

async function adminQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it answers true (no fixed pauses: the machine may be slow). */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function multiApp() {
  return {
    id: APP,
    name: l('Multi'),
    formatVersion: 3,
    forms: [
      { id: 'orders', name: l('Orders'), fields: [{ id: 'title', type: 'text', label: l('Title') }] },
      { id: 'logs', name: l('Logs'), fields: [{ id: 'text', type: 'text', label: l('Text') }] },
    ],
    automations: [
      {
        id: 'made',
        name: l('Made'),
        trigger: { type: 'record', form: 'orders', events: ['created'] },
        actions: [
          {
            type: 'create',
            form: 'logs',
            values: [{ field: 'text', value: { kind: 'formula', expression: 'CONCAT("made ", {title})' } }],
          },
        ],
      },
      {
        id: 'nightly',
        name: l('Nightly'),
        trigger: { type: 'schedule', cron: '0 3 * * *' },
        actions: [
          {
            type: 'create',
            form: 'logs',
            values: [{ field: 'text', value: { kind: 'static', value: 'tick' } }],
          },
        ],
      },
    ],
  };
}

describe.skipIf(!onPostgres)('two server processes on one PostgreSQL database', () => {
  const database = `tangram_multi_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  let dataDir = '';
  let a: ServerProcess;
  let b: ServerProcess;
  let cookie = '';
  let csrf = '';

  const call = async (server: ServerProcess, method: string, route: string, body?: unknown) => {
    const res = await fetch(`${server.base}/api/v1${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely here
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${database}`);
    // Migrated once up front, so the two starts below do not both wait on the migration lock.
    const db = await openDb({ databaseUrl });
    await runMigrations(db);
    await db.close();
    dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-multi-'));
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      // Both poll often, so a tick or an event left to one of them would show up twice quickly.
      AUTOMATION_INTERVAL_MS: '100',
      SCHEDULER_INTERVAL_MS: '100',
    };
    [a, b] = [new ServerProcess(env, await freePort()), new ServerProcess(env, await freePort())];
    a.start();
    b.start();
    await Promise.all([a.waitUp(), b.waitUp()]);
    const setup = await fetch(`${a.base}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        orgName: 'Multi',
        name: 'Ada',
        email: 'ada@multi.test',
        password: 'correct horse battery',
      }),
    });
    expect(setup.status, await setup.clone().text()).toBe(201);
    cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
    const app = await call(b, 'POST', '/apps', multiApp());
    expect(app.status, JSON.stringify(app.body)).toBe(201);
  }, 240_000);

  afterAll(async () => {
    a?.kill();
    b?.kill();
    await Promise.all([a?.exited, b?.exited]);
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const showOutput = () =>
    onTestFailed(() => console.log(`--- server A ---\n${a.output}\n--- server B ---\n${b.output}`));

  it('a session made on one process works on the other, for reads and writes', async () => {
    showOutput();
    const me = await call(b, 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('ada@multi.test');
    const made = await call(b, 'POST', `/apps/${APP}/forms/logs/records`, { data: { text: 'session on b' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const read = await call(a, 'GET', `/apps/${APP}/forms/logs/records/${made.body.record.id}`);
    expect(read.body.record.data.text).toBe('session on b');
    // Signing out on A ends the session on B too: it lives in the database, not in a process.
    const other = await fetch(`${a.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ada@multi.test', password: 'correct horse battery' }),
    });
    expect(other.status).toBe(200);
    const second = (other.headers.get('set-cookie') ?? '').split(';')[0]!;
    const secondCsrf = ((await other.json()) as { csrfToken: string }).csrfToken;
    const out = await fetch(`${a.base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { Cookie: second, 'X-CSRF-Token': secondCsrf },
    });
    expect(out.status).toBeLessThan(300);
    const after = await fetch(`${b.base}/api/v1/auth/me`, { headers: { Cookie: second } });
    expect(after.status).toBe(401);
  });

  it('sign-in failures on both processes count toward one limit', async () => {
    showOutput();
    const email = `victim-${randomBytes(3).toString('hex')}@multi.test`;
    const attempt = (server: ServerProcess) =>
      fetch(`${server.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'wrong password here' }),
      });
    // ACCOUNT_MAX_FAILURES is 10: five on each process are all checked (401)...
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 ? b : a)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    // ...and the eleventh is refused on either, unchecked: each process alone has seen only five.
    const refusedA = await attempt(a);
    const refusedB = await attempt(b);
    expect([refusedA.status, refusedB.status]).toEqual([429, 429]);
    expect(Number(refusedB.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('record events and a due schedule tick are each handled once by the two pollers', async () => {
    showOutput();
    const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    };
    // The schedule is derived from the app by whichever worker syncs first; then its tick is made
    // due now, so both pollers find it on their next round and race for it.
    await until('the schedule row', async () => {
      const rows = await q(
        `SELECT 1 FROM automation_schedules WHERE app_id = $1 AND automation_id = 'nightly'`,
        [APP],
      );
      return rows.length === 1;
    });
    await q(
      `UPDATE automation_schedules SET next_at = now() - interval '1 second' WHERE app_id = $1 AND automation_id = 'nightly'`,
      [APP],
    );
    const titles = Array.from({ length: 12 }, (_, i) => `o${i}`);
    await Promise.all(
      titles.map(async (title, i) => {
        const r = await call(i % 2 ? b : a, 'POST', `/apps/${APP}/forms/orders/records`, { data: { title } });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }),
    );
    // Done when no event is left unprocessed and the tick has moved on to tomorrow.
    await until('every event handled', async () => {
      const [left] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`,
      );
      const [tick] = await q<{ due: boolean }>(
        `SELECT next_at <= now() AS due FROM automation_schedules WHERE app_id = $1 AND automation_id = 'nightly'`,
        [APP],
      );
      return left!.n === 0 && tick!.due === false;
    });
    const logs = await call(a, 'GET', `/apps/${APP}/forms/logs/records?limit=200`);
    const texts = (logs.body.items as { data: { text: string } }[]).map((r) => r.data.text);
    expect(texts.filter((t) => t === 'tick')).toHaveLength(1);
    for (const title of titles)
      expect(
        texts.filter((t) => t === `made ${title}`),
        title,
      ).toHaveLength(1);
    const runs = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM automation_runs WHERE automation_id = 'made'`,
    );
    expect(runs[0]!.n).toBe(titles.length);
  });

  it('connections cut by pg_terminate_backend: answers 200 or 503, never 500; both keep running', async () => {
    showOutput();
    const statuses: number[] = [];
    const burst = () =>
      Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const server = i % 2 ? b : a;
          const r =
            i % 3 === 0
              ? await call(server, 'POST', `/apps/${APP}/forms/logs/records`, { data: { text: `cut ${i}` } })
              : await call(server, 'GET', `/apps/${APP}/forms/logs/records?limit=5`);
          statuses.push(r.status);
        }),
      );
    // Requests in flight while every connection of both servers to this database is terminated.
    const cut = async () => {
      const rows = await adminQuery<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database],
      );
      return rows[0]!.n;
    };
    const [, terminated] = await Promise.all([burst(), cut()]);
    expect(terminated).toBeGreaterThan(0);
    await burst();
    expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    // The pools replace the dead connections by themselves: a healthy answer again, same processes.
    await until('both healthy', async () => {
      const [ha, hb] = await Promise.all([call(a, 'GET', '/health'), call(b, 'GET', '/health')]);
      return ha.status === 200 && hb.status === 200;
    });
    expect(a.running && b.running).toBe(true);
    expect(a.output + b.output).not.toMatch(/uncaught exception|worker \d+ died/i);
    const after = await call(b, 'POST', `/apps/${APP}/forms/logs/records`, {
      data: { text: 'after the cut' },
    });
    expect(after.status).toBe(201);
  });
});
