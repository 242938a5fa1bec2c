/**
 * A fresh Tangram server for one API test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server when `TANGRAM_TEST_DB=postgres` (dropped again by `close()`).
 *
 *   const server = await createTestServer();
 *   afterAll(() => server.close());
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { createApp, defaultConfig, openDb, runMigrations, type Config, type Db } from '@tangram/server';

/** The express app returned by createApp. */
export type TestApp = ReturnType<typeof createApp>;

export interface TestServer {
  app: TestApp;
  db: Db;
  config: Config;
  /** A supertest agent (keeps cookies between calls). */
  agent(): supertest.Agent;
  close(): Promise<void>;
}

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const config: Config = { ...defaultConfig, ...overrides };
  const mode = process.env.TANGRAM_TEST_DB ?? 'pglite';
  let dropDatabase = async () => {};
  let db: Db;
  if (mode === 'postgres') {
    const name = `tangram_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    db = await openDb({ databaseUrl: url.toString() });
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else if (mode === 'pglite') {
    db = await openDb({ inMemory: true });
  } else {
    throw new Error(`TANGRAM_TEST_DB must be pglite or postgres, got ${mode}`);
  }
  await runMigrations(db);
  const app = createApp({ db, config, serveStatic: false });
  return {
    app,
    db,
    config,
    agent: () => supertest.agent(app),
    close: async () => {
      await db.close();
      await dropDatabase();
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
