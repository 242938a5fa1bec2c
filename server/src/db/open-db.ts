import path from 'node:path';
import type { Db } from './db';
import { openPgliteDb } from './pglite.db';
import { openPostgresDb } from './postgres.db';

export interface OpenDbOptions {
  /** PostgreSQL server URL; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** Folder for PGlite data (`<dataDir>/pglite`); ignored for PostgreSQL. */
  dataDir?: string;
  /** In-memory PGlite (tests). */
  inMemory?: boolean;
}

export function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgresDb(options.databaseUrl);
  if (options.inMemory) return openPgliteDb();
  return openPgliteDb(path.resolve(options.dataDir ?? './data', 'pglite'));
}
