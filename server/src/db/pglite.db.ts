import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import type { Db, QueryResult } from './db';
import { Mutex } from './mutex';
import { OID, identity, parseInt8, parseTimestamp } from './type-parsers';

type PgliteInstance = PGlite;

/**
 * Opens embedded PGlite. `dataDir` undefined means in-memory (tests); `loadDataDir` starts from a
 * dumped data folder instead of running initdb (most of the seconds a fresh PGlite costs).
 * PGlite has one connection, so a transaction must own it exclusively: every top-level query and
 * transaction goes through one mutex, and statements issued on the `tx` handle bypass it.
 */
export async function openPgliteDb(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    loadDataDir,
    parsers: {
      [OID.int8]: parseInt8,
      [OID.numeric]: identity,
      [OID.date]: identity,
      [OID.timestamp]: parseTimestamp,
      [OID.timestamptz]: parseTimestamp,
    },
  });
  await pg.exec(`SET TimeZone = 'UTC'; CREATE EXTENSION IF NOT EXISTS pg_trgm;`);
  const mutex = new Mutex();
  const txDb = makeTxDb(pg, dataDir);

  return {
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite (in memory)',
    query: (sql, params) => mutex.run(() => runQuery(pg, sql, params)),
    transaction: (fn) =>
      mutex.run(async () => {
        await pg.query('BEGIN');
        try {
          const result = await fn(txDb);
          await pg.query('COMMIT');
          return result;
        } catch (err) {
          await pg.query('ROLLBACK');
          throw err;
        }
      }),
    // PGlite sets no statement timeout: every statement already runs unbounded.
    runUnbounded: (sql) => mutex.run(async () => void (await runQuery(pg, sql))),
    close: () => mutex.run(() => pg.close()),
  };
}

function makeTxDb(pg: PgliteInstance, dataDir: string | undefined): Db {
  const tx: Db = {
    kind: 'pglite',
    description: dataDir ?? 'memory',
    query: (sql, params) => runQuery(pg, sql, params),
    transaction: (fn) => fn(tx),
    runUnbounded: async (sql) => void (await runQuery(pg, sql)),
    close: () => Promise.reject(new Error('close() called on a transaction handle')),
  };
  return tx;
}

async function runQuery<T>(
  pg: PgliteInstance,
  sql: string,
  params?: readonly unknown[],
): Promise<QueryResult<T>> {
  const res = await pg.query<T>(sql, params ? [...params] : []);
  // PGlite reports affectedRows 0 for SELECT; node-postgres reports the rows returned.
  const rowCount = res.command === 'SELECT' ? res.rows.length : (res.affectedRows ?? res.rows.length);
  return { rows: res.rows, rowCount };
}
