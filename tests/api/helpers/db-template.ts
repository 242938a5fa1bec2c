/**
 * The migrated database the global setup (global-setup.ts) builds once per test run, and the copy
 * `createTestServer()` makes of it for each file. Without a global setup (a script calling the
 * helpers outside vitest) the copy falls back to a fresh database migrated on the spot.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';

export type DbTemplate = { kind: 'pglite'; file: string } | { kind: 'postgres'; name: string };

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The template of this run, or undefined when no global setup provided one or
 * `TANGRAM_TEST_DB_TEMPLATE=0` asks for fresh databases (to compare, or to rule the copy out).
 */
export function dbTemplate(): DbTemplate | undefined {
  if (process.env.TANGRAM_TEST_DB_TEMPLATE === '0') return undefined;
  try {
    return inject('tangramDbTemplate');
  } catch {
    return undefined; // not inside a vitest worker
  }
}

// One read per worker process: files that run in the same worker share the bytes (each load
// still makes its own in-memory copy).
let pgliteBytes: { file: string; blob: Blob } | undefined;

/** The saved PGlite data folder, as `loadDataDir` takes it. */
export function pgliteDump(file: string): Blob {
  if (pgliteBytes?.file !== file) pgliteBytes = { file, blob: new Blob([readFileSync(file)]) };
  return pgliteBytes.blob;
}

/** Runs one statement on the PostgreSQL server's admin database (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
