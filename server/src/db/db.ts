/**
 * The one database interface every server module uses. Two implementations share the same SQL:
 * embedded PGlite (default) and a node-postgres pool (`DATABASE_URL`).
 *
 * Value types returned by both back ends (kept identical by `type-parsers.ts`):
 * - `timestamptz` / `timestamp` -> JS `Date`; `date` -> `'YYYY-MM-DD'` string (no time-zone shift)
 * - `numeric` -> string (exact; callers decide how to convert)
 * - `int2`/`int4`/`int8` (so also `count(*)` and `bigserial`) -> JS number; int8 beyond 2^53 throws
 *   instead of silently losing precision
 * - `json`/`jsonb` -> parsed value; `boolean` -> boolean; arrays -> JS arrays
 * Sessions run with `TimeZone = 'UTC'`.
 */
export interface QueryResult<T> {
  rows: T[];
  /** Rows returned by a SELECT or changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Db {
  /** Runs one parameterized statement ($1, $2, ...). Never interpolate values into `sql`. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Calling `transaction` on the `tx` handle (or nested) reuses the same transaction.
   * Inside `fn`, use only `tx`: on PGlite the outer handle waits for the transaction to end.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs one maintenance statement without the statement timeout that bounds request work: index
   * builds in the background (storage/index-demand.ts), which can take minutes at millions of rows
   * and cannot run in a transaction (CONCURRENTLY). Never for anything a request sends.
   */
  runUnbounded(sql: string): Promise<void>;
  /** Human-readable description for the startup banner (never contains a password). */
  readonly description: string;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}
