/**
 * A fresh Tangram server for one API test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server when `TANGRAM_TEST_DB=postgres` (dropped again by `close()`). The database is a
 * copy of the run's migrated template (db-template.ts) when the global setup made one.
 *
 *   const server = await createTestServer();
 *   afterAll(() => server.close());
 */
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { createApp, defaultConfig, openDb, runMigrations, type Config, type Db } from '@tangram/server';
import { ADMIN_URL, adminQuery, dbTemplate, pgliteDump } from './db-template';

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

export async function createTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const config: Config = { ...defaultConfig, ...overrides };
  const mode = process.env.TANGRAM_TEST_DB ?? 'pglite';
  const template = dbTemplate();
  let dropDatabase = async () => {};
  let db: Db;
  if (mode === 'postgres') {
    const name = `tangram_test_${randomBytes(6).toString('hex')}`;
    const from = template?.kind === 'postgres' ? ` TEMPLATE ${template.name}` : '';
    await adminQuery(`CREATE DATABASE ${name}${from}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    db = await openDb({ databaseUrl: url.toString() });
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else if (mode === 'pglite') {
    const loadDataDir = template?.kind === 'pglite' ? pgliteDump(template.file) : undefined;
    db = await openDb({ inMemory: true, loadDataDir });
  } else {
    throw new Error(`TANGRAM_TEST_DB must be pglite or postgres, got ${mode}`);
  }
  // A no-op on a copy of the template (each migration is found recorded); migrates a fresh one.
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
