/**
 * Exactly once across kill -9 (decision 0029), with the real production start (`tsx src/main.ts`,
 * supervisor + workers + the background automation worker). The worker process kills itself with
 * SIGKILL at two failpoints, once each: inside the action's transaction before its commit, and
 * after the commit before the event is marked processed. The supervisor starts a fresh worker,
 * which takes the event over when its lease runs out. The effect must exist exactly once.
 * With TANGRAM_TEST_DB=postgres two worker processes share the database and then process a burst
 * of events: each event's effect once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { ServerProcess, freePort } from '../support/server-process';
import { ADMIN_URL, adminQuery } from './helpers/db-template';

const onPostgres = process.env.TANGRAM_TEST_DB === 'postgres';
const UNTIL_UP = { timeout: 150_000, interval: 200 };
const SLOW = 300_000;
const l = (en: string) => ({ en, 'zh-CN': en });

const app = {
  id: 'crash',
  name: l('Crash'),
  formatVersion: 3,
  forms: [
    { id: 'orders', name: l('Orders'), fields: [{ id: 'title', type: 'text', label: l('Title') }] },
    { id: 'shipments', name: l('Shipments'), fields: [{ id: 'order', type: 'text', label: l('Order') }] },
  ],
  automations: [
    {
      id: 'ship',
      name: l('Ship'),
      trigger: { type: 'record', form: 'orders', events: ['created'] },
      actions: [
        {
          type: 'create',
          form: 'shipments',
          values: [{ field: 'order', value: { kind: 'field', field: 'title' } }],
        },
      ],
    },
  ],
};

/** The parts of the API answers this test reads. */
interface ApiBody {
  runs: { status: string; attempts: number; actions: unknown[] }[];
  items: { data: { order: string } }[];
}

describe('automations survive kill -9', () => {
  let dataDir: string;
  let markers: string;
  let database: string | null = null;
  let running: ServerProcess | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-crash-'));
    markers = await mkdtemp(path.join(tmpdir(), 'tangram-failpoints-'));
    if (onPostgres) {
      database = `tangram_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${database}`);
    }
  });
  afterAll(async () => {
    running?.kill();
    if (database && !process.env.KEEP_DB)
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if (database) console.log(`database ${database}`);
    await rm(dataDir, { recursive: true, force: true });
    await rm(markers, { recursive: true, force: true });
  });

  it(
    'a crash before and after the effect commit: the effect happens once; two processes process each event once',
    async () => {
      const env: Record<string, string> = {
        DATA_DIR: dataDir,
        AUTOMATION_INTERVAL_MS: '100',
        AUTOMATION_LEASE_MS: '1000',
        TANGRAM_FAILPOINT: 'automation.before_effect,automation.after_effect',
        TANGRAM_FAILPOINT_DIR: markers,
      };
      if (database) {
        const url = new URL(ADMIN_URL);
        url.pathname = `/${database}`;
        env.DATABASE_URL = url.toString();
        env.WORKERS = '2';
      }
      const server = (running = new ServerProcess(env, await freePort()));
      server.start();
      onTestFailed(() => console.error(`server output:\n${server.output}`));
      const base = server.base;
      await vi.waitFor(async () => expect((await fetch(`${base}/api/v1/health`)).ok).toBe(true), UNTIL_UP);

      // Plain fetch with a timeout per request: a request caught by a worker's death fails fast
      // and is retried by the polling below instead of hanging it.
      let session = '';
      let csrf = '';
      const call = async (method: string, url: string, body?: unknown) => {
        const res = await fetch(`${base}/api/v1${url}`, {
          method,
          headers: {
            'Content-Type': 'application/json',
            ...(session ? { Cookie: session, 'X-CSRF-Token': csrf } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(10_000),
        });
        return { status: res.status, body: (await res.json()) as ApiBody };
      };
      const setupRes = await fetch(`${base}/api/v1/auth/setup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          orgName: 'Acme',
          name: 'Ada Admin',
          email: 'admin@acme.test',
          password: 'correct horse battery',
        }),
      });
      expect(setupRes.status).toBe(201);
      session = (setupRes.headers.get('set-cookie') ?? '').split(';')[0]!;
      csrf = ((await setupRes.json()) as { csrfToken: string }).csrfToken;
      expect((await call('POST', '/apps', app)).status).toBe(201);

      const created = await call('POST', '/apps/crash/forms/orders/records', { data: { title: 'crash-1' } });
      expect(created.status).toBe(201);

      // Both failpoints fire (each once), the supervisor replaces the worker each time, and a
      // replacement finishes the run when the lease of the dead worker's claim has run out.
      await vi.waitFor(async () => {
        const runs = await call('GET', '/apps/crash/automations/ship/runs');
        expect(runs.status, JSON.stringify(runs.body)).toBe(200);
        expect(runs.body.runs[0]?.status, JSON.stringify(runs.body)).toBe('succeeded');
      }, UNTIL_UP);
      expect(server.deaths.filter((line) => line.includes('died (signal SIGKILL)'))).toHaveLength(2);
      const shipments = await call('GET', '/apps/crash/forms/shipments/records?limit=100');
      expect(shipments.body.items.map((s: { data: { order: string } }) => s.data.order)).toEqual(['crash-1']);
      const [run] = (await call('GET', '/apps/crash/automations/ship/runs')).body.runs;
      // The attempt after the second crash found the effect already recorded.
      expect(run!.actions).toMatchObject([{ status: 'succeeded', reused: true }]);
      expect(run!.attempts).toBeGreaterThanOrEqual(3);

      // A burst: every event once (two processes share them on PostgreSQL).
      for (let i = 0; i < 20; i++)
        expect(
          (await call('POST', '/apps/crash/forms/orders/records', { data: { title: `burst-${i}` } })).status,
        ).toBe(201);
      // Runs are unique per event and finish after their effects: 21 finished runs, 21 shipments.
      await vi.waitFor(async () => {
        const runs = (await call('GET', '/apps/crash/automations/ship/runs?limit=100')).body.runs as {
          status: string;
        }[];
        expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(21);
      }, UNTIL_UP);
      const all = (await call('GET', '/apps/crash/forms/shipments/records?limit=100')).body.items as {
        data: { order: string };
      }[];
      expect(all).toHaveLength(21);
      expect(new Set(all.map((s) => s.data.order)).size).toBe(21);

      server.child!.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    },
    SLOW,
  );
});
