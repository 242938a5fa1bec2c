import pg from 'pg';
import type { Db, QueryResult } from './db';
import { MIGRATION_LOCK_KEY } from './migrations/lock-key';
import { OID, identity, parseInt8, parseTimestamp } from './type-parsers';

const parsers = new Map<number, (text: string) => unknown>([
  [OID.int8, parseInt8],
  [OID.numeric, identity],
  [OID.date, identity],
  [OID.timestamp, parseTimestamp],
  [OID.timestamptz, parseTimestamp],
]);

// Per-pool type parsers (never the global pg.types registry, which would leak into other pools).
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    parsers.get(oid) ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens a node-postgres pool on `url` and makes sure pg_trgm exists. A `replica` (a read-only
 * standby, decision 0055) gets no extension check and a short connect timeout: reads fall back to the
 * primary rather than wait for it.
 */
export async function openPostgresDb(
  url: string,
  options: { max?: number; replica?: boolean } = {},
): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    // A runaway query (a hostile filter, a missing index) is cut off instead of holding a
    // connection; schema changes lift the limit for their own transaction (SET LOCAL).
    options: '-c TimeZone=UTC -c statement_timeout=15000',
    connectionTimeoutMillis: options.replica ? 2_000 : 10_000,
  });
  // Idle clients can fail when the server restarts; log instead of crashing the process.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  // The pool listens only to idle clients; a checked-out one (a transaction awaiting our code) whose
  // connection drops would emit an unhandled 'error'. Its query fails anyway, and release() drops it.
  pool.on('connect', (client) =>
    client.on('error', (err) => console.error('[db] connection error:', err.message)),
  );
  if (!options.replica) await ensureExtensions(pool);

  const txDb = (client: pg.PoolClient): Db => {
    const tx: Db = {
      kind: 'postgres',
      description: 'transaction',
      query: (sql, params) => runQuery(client, sql, params),
      transaction: (fn) => fn(tx),
      runUnbounded: async (sql) => void (await runQuery(client, sql)),
      close: () => Promise.reject(new Error('close() called on a transaction handle')),
    };
    return tx;
  };

  return {
    kind: 'postgres',
    description: `PostgreSQL ${describeUrl(url)}`,
    query: (sql, params) => runQuery(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(txDb(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      } finally {
        client.release();
      }
    },
    runUnbounded: async (sql) => {
      const client = await pool.connect();
      try {
        await client.query('SET statement_timeout = 0');
        await client.query(sql);
      } finally {
        // Dropped rather than returned, so the lifted limit never reaches a request's statement.
        client.release(true);
      }
    },
    close: () => pool.end(),
  };
}

async function runQuery<T>(
  runner: pg.Pool | pg.PoolClient,
  sql: string,
  params?: readonly unknown[],
): Promise<QueryResult<T>> {
  const res = await runner.query(sql, params ? [...params] : []);
  return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
}

/**
 * CREATE EXTENSION IF NOT EXISTS is not safe against a concurrent twin (unique violation in
 * pg_extension), so processes starting together take the migration lock first.
 */
async function ensureExtensions(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** `host:port/database` of a connection URL: never the user's password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
