/**
 * Read replica (issue 17 §4, decision 0055): with a real streaming replica made by pg_basebackup on
 * throwaway clusters (tests/support/pg-clusters.ts), list pages, counts and dashboard widgets are
 * served by the replica; a writer reads their own write at once even while the replica's replay is
 * paused, while another user's list lags; with the replica stopped, reads are served by the primary.
 *
 * Runs in the PostgreSQL pass only (the replica is a PostgreSQL feature) and skips, saying why, where
 * initdb/pg_basebackup are missing. Cluster set-up takes a few seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import {
  createApp,
  defaultConfig,
  openDb,
  readRoutingStats,
  runMigrations,
  type Db,
  type ReadRoutingStats,
} from '@tangram/server';
import { createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { clusterToolsMissing, startCluster, startReplica, type PgCluster } from '../support/pg-clusters';

const onPostgres = (process.env.TANGRAM_TEST_DB ?? 'pglite') === 'postgres';
const missing = clusterToolsMissing();
if (onPostgres && missing) console.warn(`read-replica.test.ts skipped: ${missing}`);

const l = (en: string) => ({ en, 'zh-CN': en });
const RECORDS = '/api/v1/apps/sales/forms/orders/records';
const DATA = '/api/v1/apps/sales/dashboards/overview/data';

const overview: Dashboard = {
  id: 'overview',
  name: l('Overview'),
  widgets: [
    {
      id: 'total',
      type: 'kpi',
      title: l('Orders'),
      layout: { x: 0, y: 0, w: 6, h: 4 },
      source: { form: 'orders' },
      dimensions: [],
      measures: [{ op: 'count', as: 'orders' }],
    },
  ],
};

const salesApp: AppDefinition = {
  id: 'sales',
  name: l('Sales'),
  formatVersion: 1,
  forms: [
    {
      id: 'orders',
      name: l('Orders'),
      fields: [
        { id: 'orderNo', type: 'text', label: l('Order') },
        { id: 'amount', type: 'number', label: l('Amount') },
      ],
    },
  ],
  dashboards: [overview],
  navigation: [{ kind: 'form', target: 'orders' }],
};

/** Polls `check` until it passes (the replica replays on its own schedule); fails after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const title = !onPostgres
  ? 'lag-tolerant reads on a streaming replica (PostgreSQL pass only)'
  : `lag-tolerant reads on a streaming replica${missing ? ` (skipped: ${missing})` : ''}`;

describe.skipIf(!onPostgres || missing !== null)(title, () => {
  let primary: PgCluster;
  let replica: PgCluster;
  let db: Db;
  let stats: ReadRoutingStats;
  let admin: SignedIn;
  let member: SignedIn;

  /** The replica has replayed everything the primary has written so far. */
  const caughtUp = async () => {
    const [at] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    const lsn = at!.lsn;
    await eventually(async () => {
      const [row] = await replica.query<{ ok: boolean }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok',
        [lsn],
      );
      return row?.ok ? true : undefined;
    }, 'the replica to replay the primary');
  };
  const orderNos = async (who: SignedIn) => {
    const res = await who.agent.get(`${RECORDS}?count=true&limit=100`).expect(200);
    return {
      total: res.body.total as number,
      nos: (res.body.items as { data: { orderNo: string } }[]).map((r) => r.data.orderNo).sort(),
    };
  };
  const dashboardCount = async (who: SignedIn) => {
    const res = await who.agent.post(DATA).send({}).expect(200);
    return res.body.widgets.total.rows[0].orders as number;
  };
  /** What `fn` sent where. */
  const routed = async (fn: () => Promise<unknown>) => {
    const before = { ...stats };
    await fn();
    return {
      replica: stats.replica - before.replica,
      primary: stats.primary - before.primary,
      fallbacks: stats.fallbacks - before.fallbacks,
    };
  };

  beforeAll(async () => {
    primary = await startCluster({ replication: true });
    replica = await startReplica(primary);
    db = await openDb({
      databaseUrl: primary.url(),
      readDatabaseUrl: replica.url(),
      // A paused replay must not count as "lagging" on a slow CI machine; failures retry quickly.
      readRouting: { maxLagMs: 600_000, healthTtlMs: 50, retryAfterMs: 200 },
    });
    await runMigrations(db);
    stats = readRoutingStats(db)!;
    const app = createApp({ db, config: { ...defaultConfig }, serveStatic: false });
    const server: TestServer = {
      app,
      db,
      config: defaultConfig,
      agent: () => supertest.agent(app),
      close: () => db.close(),
    };
    admin = await setupAdmin(server);
    await admin.agent.post('/api/v1/apps').send(salesApp).expect(201);
    await admin.agent
      .post(`${RECORDS}/batch`)
      .send({ items: ['A1', 'A2', 'A3'].map((orderNo) => ({ data: { orderNo, amount: 10 } })) })
      .expect(201);
    member = await createUser(server, admin, { email: 'mia@acme.test' });
    await caughtUp();
  });

  afterAll(async () => {
    await db?.close();
    replica?.destroy();
    primary?.destroy();
  });

  it('serves list pages, counts and dashboard widgets from the replica', async () => {
    expect(stats).toBeDefined();
    const list = await routed(async () =>
      expect(await orderNos(member)).toEqual({ total: 3, nos: ['A1', 'A2', 'A3'] }),
    );
    expect(list.replica).toBeGreaterThanOrEqual(2); // the page and its count
    expect(list.primary).toBe(0);
    const report = await routed(async () => expect(await dashboardCount(member)).toBe(3));
    expect(report.replica).toBeGreaterThanOrEqual(2); // the cache stamp and the widget
    expect(report.primary).toBe(0);
  });

  it('lets a writer read their own write while replay is paused; another user lags', async () => {
    await replica.query('SELECT pg_wal_replay_pause()');
    await eventually(async () => {
      const [row] = await replica.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state');
      return row?.state === 'paused' ? true : undefined;
    }, 'replay to pause');
    try {
      await admin.agent
        .post(RECORDS)
        .send({ data: { orderNo: 'A4', amount: 10 } })
        .expect(201);

      // The writer: from the primary, at once.
      const own = await routed(async () =>
        expect(await orderNos(admin)).toEqual({ total: 4, nos: ['A1', 'A2', 'A3', 'A4'] }),
      );
      expect(own.primary).toBeGreaterThanOrEqual(2);
      expect(own.replica).toBe(0);
      expect(await dashboardCount(admin)).toBe(4);

      // Someone else: from the paused replica, which has not replayed A4 — proof of where it reads.
      const other = await routed(async () =>
        expect(await orderNos(member)).toEqual({ total: 3, nos: ['A1', 'A2', 'A3'] }),
      );
      expect(other.replica).toBeGreaterThanOrEqual(2);
      expect(await dashboardCount(member)).toBe(3);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
    }
    // Once replayed, the other user sees it, and the writer is back on the replica.
    await eventually(
      async () => ((await orderNos(member)).total === 4 ? true : undefined),
      'A4 on the replica',
    );
    // The writer's fence is a little past A4's commit (taken after it): poll until replayed.
    await eventually(async () => {
      const r = await routed(() => orderNos(admin));
      return r.replica >= 2 && r.primary === 0 ? true : undefined;
    }, 'the writer to read from the replica again');
  });

  it('serves reads from the primary while the replica is down, and returns to it', async () => {
    replica.stop('immediate');
    const down = await routed(async () => {
      expect(await orderNos(member)).toEqual({ total: 4, nos: ['A1', 'A2', 'A3', 'A4'] });
      expect(await dashboardCount(member)).toBe(4);
    });
    expect(down.replica).toBe(0);
    expect(down.primary).toBeGreaterThanOrEqual(2);
    // Writes never depended on the replica.
    await admin.agent
      .post(RECORDS)
      .send({ data: { orderNo: 'A5', amount: 10 } })
      .expect(201);
    expect((await orderNos(member)).total).toBe(5);

    replica.start();
    // Back on the replica once it answers again (and, having no write of their own pending, the
    // member may see A5 only when the replica has replayed it).
    await eventually(async () => {
      let total = 0;
      const r = await routed(async () => (total = (await orderNos(member)).total));
      return r.replica > 0 && total === 5 ? true : undefined;
    }, 'reads to return to the restarted replica');
  });
});
