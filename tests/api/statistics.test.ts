/**
 * Fresh planner statistics (decision 0050): a batch create that changes a sizeable part of a form's
 * table makes the server ANALYZE that table in the background; small writes do not; a run another
 * process holds the lock for is skipped until it is free; a failing run is logged, never thrown.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { statisticsRefresher } from '@tangram/server';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

const l = (en: string) => ({ en, 'zh-CN': en });
const STATS = { minRows: 20, fraction: 0.1, intervalMs: 300, delayMs: 50 };

function app(id: string): AppDefinition {
  return {
    id,
    name: l('Stats'),
    formatVersion: 1,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'qty', type: 'number', label: l('Quantity'), config: { precision: 0 } },
        ],
      },
    ],
  };
}

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer({ statistics: STATS });
  admin = await setupAdmin(server);
});
afterAll(() => server.close());

/** A new app with one form; its table name. */
async function newForm(id: string): Promise<string> {
  await admin.agent.post('/api/v1/apps').send(app(id)).expect(201);
  const { rows } = await server.db.query<{ table_name: string }>(
    `SELECT table_name FROM form_tables WHERE app_id = $1 AND form_id = 'orders'`,
    [id],
  );
  return rows[0]!.table_name;
}

async function load(appId: string, n: number): Promise<void> {
  const items = Array.from({ length: n }, (_, i) => ({ data: { name: `Order ${i}`, qty: i } }));
  await admin.agent
    .post(`/api/v1/apps/${appId}/forms/orders/records/batch`)
    .query({ return: 'ids' })
    .send({ items })
    .expect(201);
}

/** The planner's row count of `table`: -1 until it was first analysed (PostgreSQL 14+). */
async function reltuples(table: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)`,
    [`"${table}"`],
  );
  return Number(rows[0]!.n);
}

describe('statistics refresh', () => {
  it('analyses a form table after a big batch, in the background', async () => {
    const table = await newForm('big');
    expect(await reltuples(table)).toBe(-1);
    await load('big', 30);
    await expect.poll(() => reltuples(table), { timeout: 10_000, interval: 50 }).toBe(30);
    // The run's own bookkeeping ends just after its commit (visible above): wait for it.
    await statisticsRefresher(server.db).idle();
    expect(statisticsRefresher(server.db).runs).toContain(table);
    if (server.db.kind === 'postgres') {
      const { rows } = await server.db.query<{ at: Date | null }>(
        `SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relid = to_regclass($1)`,
        [`"${table}"`],
      );
      expect(rows[0]?.at).toBeInstanceOf(Date);
    }
    // More writes: a trailing run (after the interval) counts them too.
    await load('big', 30);
    await expect.poll(() => reltuples(table), { timeout: 10_000, interval: 50 }).toBe(60);
  });

  it('leaves a table alone after a small write', async () => {
    const table = await newForm('small');
    await load('small', 5);
    await statisticsRefresher(server.db).idle();
    expect(await reltuples(table)).toBe(-1);
    expect(statisticsRefresher(server.db).runs).not.toContain(table);
  });

  it('logs a failed run and goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const refresher = statisticsRefresher(server.db);
      refresher.noteChanges('r_no_such_table', 1000);
      await refresher.idle();
      expect(refresher.runs).not.toContain('r_no_such_table');
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('ANALYZE of r_no_such_table failed'),
        expect.any(String),
      );
    } finally {
      errors.mockRestore();
    }
  });

  it.runIf(process.env.TANGRAM_TEST_DB === 'postgres')(
    'waits while another process holds the table lock',
    async () => {
      const table = await newForm('locked');
      const dbName = (await server.db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
      const url = new URL(
        process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      );
      url.pathname = `/${dbName}`;
      const other = new pg.Client({ connectionString: url.toString() });
      await other.connect();
      try {
        await other.query('SELECT pg_advisory_lock(7216050, hashtext($1))', [table]);
        await load('locked', 30);
        // Several attempts pass while the lock is held: none analyses.
        await new Promise((resolve) => setTimeout(resolve, STATS.delayMs + 2 * STATS.intervalMs));
        expect(await reltuples(table)).toBe(-1);
        await other.query('SELECT pg_advisory_unlock(7216050, hashtext($1))', [table]);
        await expect.poll(() => reltuples(table), { timeout: 10_000, interval: 50 }).toBe(30);
      } finally {
        await other.end();
      }
    },
  );
});
