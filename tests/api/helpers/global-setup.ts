/**
 * Vitest global setup of the api and e2e projects: builds ONE migrated database per run, which
 * `createTestServer()` copies for each test file instead of creating and migrating its own.
 *
 * Why: a fresh in-memory PGlite runs initdb (5-9 s on the 2-core CI machine) and then the
 * migrations (1-2 s); on PostgreSQL, CREATE DATABASE plus the migrations take 2-3 s. Copying a
 * migrated one costs about 2 s (PGlite `loadDataDir`) or a fraction of a second (PostgreSQL
 * `CREATE DATABASE … TEMPLATE`). Every file still gets its own database, so no state is shared.
 * See docs/decisions/0059-ci-time.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { TestProject } from 'vitest/node';
import { openDb, runMigrations } from '@tangram/server';
import { adminQuery, ADMIN_URL, type DbTemplate } from './db-template';

declare module 'vitest' {
  export interface ProvidedContext {
    tangramDbTemplate: DbTemplate;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = process.env.TANGRAM_TEST_DB ?? 'pglite';
  if (mode === 'postgres') {
    const name = `tangram_tpl_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const db = await openDb({ databaseUrl: url.toString() });
    try {
      await runMigrations(db);
    } finally {
      // CREATE DATABASE … TEMPLATE refuses a template with open connections.
      await db.close();
    }
    project.provide('tangramDbTemplate', { kind: 'postgres', name });
    return () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  if (mode !== 'pglite') return async () => undefined; // createTestServer reports the bad value
  // Migrate in a data folder (the server's own open path), then save it as one tar file.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tangram-pglite-tpl-'));
  const db = await openDb({ dataDir: dir });
  await runMigrations(db);
  await db.close();
  const pg = await PGlite.create(path.join(dir, 'pglite'), { extensions: { pg_trgm } });
  const dump = await pg.dumpDataDir('none');
  await pg.close();
  const file = path.join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('tangramDbTemplate', { kind: 'pglite', file });
  return async () => rmSync(dir, { recursive: true, force: true });
}
