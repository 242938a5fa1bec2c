/**
 * Whether an error means "the database cannot be reached right now" (stopped, restarting, the
 * connection cut by pg_terminate_backend or a network drop) rather than "this request is wrong".
 * The error handler answers those 503 with Retry-After instead of 500 (decision 0054): the request
 * did not happen (a transaction whose connection died is rolled back by PostgreSQL), the client may
 * send it again, and the pool opens fresh connections once the server is back.
 */

/**
 * SQLSTATE codes: class 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend,
 * `pg_ctl stop -m fast`), 57P02 crash_shutdown (`-m immediate`, another backend crashed),
 * 57P03 cannot_connect_now (starting up, in recovery), 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** Socket-level errors node raises when the server is gone or not listening. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres reports a dropped connection and an exhausted connect timeout as plain Errors
 * without a code; their messages are the only mark (pg 8: client.js, pg-pool).
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code)))
    return true;
  // AggregateError (node's happy-eyeballs connect to several addresses) carries the codes inside.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some(isDatabaseUnavailable)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}
