import path from 'node:path';
import type { Db } from './db';
import { openPgliteDb } from './pglite.db';
import { openPostgresDb } from './postgres.db';
import { routeReads, type ReadRoutingOptions } from './read-routing';

export interface OpenDbOptions {
  /** PostgreSQL server URL; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** Folder for PGlite data (`<dataDir>/pglite`); ignored for PostgreSQL. */
  dataDir?: string;
  /**
   * A streaming replica of `databaseUrl` for lag-tolerant reads (`READ_DATABASE_URL`, decision 0055,
   * db/read-routing.ts). PostgreSQL only: ignored, with a log line, on PGlite.
   */
  readDatabaseUrl?: string;
  /** Read routing bounds (tests lower them; `maxLagMs` from `READ_REPLICA_MAX_LAG_MS`). */
  readRouting?: Partial<ReadRoutingOptions>;
  /** In-memory PGlite (tests). */
  inMemory?: boolean;
  /**
   * A PGlite data folder saved with `dumpDataDir()` to start from (tests: one migrated database
   * per run, copied per file, skips initdb and the migrations). Ignored for PostgreSQL.
   */
  loadDataDir?: Blob;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const primary = await openPostgresDb(options.databaseUrl);
    if (!options.readDatabaseUrl) return primary;
    const replica = await openPostgresDb(options.readDatabaseUrl, { replica: true });
    return routeReads(primary, replica, options.readRouting);
  }
  if (options.readDatabaseUrl)
    console.warn(
      '[db] READ_DATABASE_URL is ignored: a read replica needs DATABASE_URL (PostgreSQL); embedded PGlite serves every read.',
    );
  if (options.inMemory) return openPgliteDb(undefined, options.loadDataDir);
  return openPgliteDb(path.resolve(options.dataDir ?? './data', 'pglite'), options.loadDataDir);
}
