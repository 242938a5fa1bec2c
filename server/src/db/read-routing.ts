/**
 * Read routing to a streaming replica (`READ_DATABASE_URL`, decision 0055). The one place that
 * decides whether a read may be served by the replica.
 *
 * - Only reads a caller marks as lag-tolerant go there (`replicaReads`: record list pages, counts,
 *   report and dashboard aggregates, export pages). Everything else — writes, transactions,
 *   definitions, grants, sessions — uses the primary, because the routed primary is what every
 *   module holds as `db`; a transaction handle is never routed.
 * - Read-your-writes: after a write made during a user's request commits, the primary's WAL insert
 *   position is stored for that user (`read_fences`, an UNLOGGED table on the primary, so every
 *   server process sees it). That user's lag-tolerant reads go to the primary until the replica's
 *   `pg_last_wal_replay_lsn()` has passed it.
 * - The replica's replay position and lag are cached: for `healthTtlMs` when the user has nothing
 *   pending, for only `replayTtlMs` when a fence is ahead of the cached position. One probe at a
 *   time.
 * - A replica that is down, not a standby, or lagging more than `maxLagMs` sends reads to the
 *   primary; a replica statement that fails because the replica is unreachable, in a recovery
 *   conflict, or has not replayed a schema change yet is run again on the primary.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Db, QueryResult } from './db';
import { forgetMemo, memo } from './request-memo';

export interface ReadRoutingOptions {
  /** Reads fall back to the primary while the replica lags more than this (`READ_REPLICA_MAX_LAG_MS`). */
  maxLagMs: number;
  /** How long a replica status is reused when the reader has no write pending (health and lag only). */
  healthTtlMs: number;
  /** How long a replay position is reused when a reader's write is ahead of it. */
  replayTtlMs: number;
  /** After the replica failed, how long reads stay on the primary before it is tried again. */
  retryAfterMs: number;
}

export const defaultReadRoutingOptions: ReadRoutingOptions = {
  maxLagMs: 10_000,
  healthTtlMs: 1_000,
  replayTtlMs: 10,
  retryAfterMs: 2_000,
};

/** What the router last learned about the replica. */
export interface ReplicaStatus {
  /** When it was learned (ms clock). */
  at: number;
  /** Answering, and a standby. */
  ok: boolean;
  /** End of the last replayed WAL record; null when unknown. */
  replay: bigint | null;
  /** How far behind what it received the replay is, in ms (0 when caught up). */
  lagMs: number;
  /** Why `ok` is false, for the log. */
  problem?: string;
}

export type ReadSource = 'replica' | 'primary';

export type Decision =
  { to: 'replica' } | { to: 'primary'; why: 'down' | 'lagging' | 'behind-own-write' } | { to: 'probe' };

/**
 * Pure decision for one reader: `fence` is the WAL position of the reader's last write (null: none
 * on record); `probed` is true when `status` was just fetched for this decision (never probe twice).
 */
export function decideRead(
  status: ReplicaStatus | null,
  fence: bigint | null,
  now: number,
  options: ReadRoutingOptions,
  probed = false,
): Decision {
  if (!status) return probed ? { to: 'primary', why: 'down' } : { to: 'probe' };
  const age = now - status.at;
  if (!status.ok)
    return !probed && age >= options.retryAfterMs ? { to: 'probe' } : { to: 'primary', why: 'down' };
  if (!probed && age >= options.healthTtlMs) return { to: 'probe' };
  if (status.lagMs > options.maxLagMs) return { to: 'primary', why: 'lagging' };
  if (fence !== null && (status.replay === null || status.replay < fence))
    return !probed && age >= options.replayTtlMs
      ? { to: 'probe' }
      : { to: 'primary', why: 'behind-own-write' };
  return { to: 'replica' };
}

/** A `pg_lsn` text (`16/B374D848`) as a number that compares like the LSN. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`Not a WAL position (pg_lsn): ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

const UNREACHABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * How a failed replica statement is handled: `down` (unreachable or shutting down: mark it down and
 * use the primary), `retry` (this statement only: a recovery conflict, or a table or column the
 * replica has not replayed yet while the definition read from the primary has it), or `raise` (a
 * real error of the statement, e.g. a timeout, which the primary would answer the same way).
 */
export function classifyReplicaError(error: unknown): 'down' | 'retry' | 'raise' {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return 'down';
    if (UNREACHABLE_NODE_CODES.has(code)) return 'down';
    if (['40001', '40P01', '42P01', '42703'].includes(code)) return 'retry';
    return 'raise';
  }
  // node-postgres reports a dropped connection or a connect timeout without a code.
  if (
    typeof message === 'string' &&
    /connection terminated|timeout exceeded when trying to connect/i.test(message)
  )
    return 'down';
  return 'raise';
}

/** Counts of lag-tolerant statements by where they ran (tests, the health log). */
export interface ReadRoutingStats {
  replica: number;
  primary: number;
  /** Replica statements that failed and were run again on the primary. */
  fallbacks: number;
}

interface Router {
  readonly primary: Db;
  readonly replica: Db;
  readonly options: ReadRoutingOptions;
  readonly stats: ReadRoutingStats;
  /** Where `userId`'s lag-tolerant reads go now. */
  choose(userId: string | undefined): Promise<ReadSource>;
  /** The replica failed: reads go to the primary until `retryAfterMs` has passed. */
  markDown(problem: string): void;
}

const routers = new WeakMap<Db, Router>();

/** The request's signed-in user, for recording their writes (set by `readRoutingScope`). */
const writer = new AsyncLocalStorage<{ userId: string | undefined }>();

const fenceKey = (userId: string) => `read-fence:${userId}`;
const sourceKey = (userId: string) => `read-source:${userId}`;

// `pg_current_wal_insert_lsn()` is at or past the end of every record inserted so far, the
// request's commit records included, whatever `synchronous_commit` says. GREATEST keeps the newest
// position when two requests of one user finish together.
const RECORD_FENCE = `INSERT INTO read_fences (user_id, lsn) VALUES ($1, pg_current_wal_insert_lsn())
  ON CONFLICT (user_id) DO UPDATE SET lsn = GREATEST(read_fences.lsn, EXCLUDED.lsn), updated_at = now()`;

// On a standby, receive = replay means caught up; otherwise the lag is the age of the last replayed
// commit (the usual measure: it overstates the lag after a long idle period, on the safe side).
const REPLICA_STATUS = `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
  CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
       ELSE COALESCE(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 0)
  END::float8 AS lag_ms`;

/** Write statements outside a transaction record a fence; plain reads do not. */
const READ_ONLY_STATEMENT = /^\s*(SELECT|SHOW|EXPLAIN|VALUES)\b/i;

/**
 * The primary with lag-tolerant reads routed to `replica`. The returned Db is the primary for every
 * caller; `replicaReads(db, userId)` gives the routed handle. Closing it closes both pools.
 */
export function routeReads(primary: Db, replica: Db, options: Partial<ReadRoutingOptions> = {}): Db {
  const opts = { ...defaultReadRoutingOptions, ...options };
  let status: ReplicaStatus | null = null;
  let probing: Promise<ReplicaStatus> | null = null;
  let announced: 'ok' | 'down' | null = null;

  const announce = (s: ReplicaStatus) => {
    const state = s.ok ? 'ok' : 'down';
    if (state === announced) return;
    announced = state;
    if (s.ok) console.log(`[db] read replica ${replica.description} is serving lag-tolerant reads`);
    else console.warn(`[db] read replica unavailable (${s.problem}); reads use the primary until it answers`);
  };

  const probe = (): Promise<ReplicaStatus> =>
    (probing ??= replica
      .query<{ standby: boolean; replay: string | null; lag_ms: number }>(REPLICA_STATUS)
      .then(({ rows }) => {
        const row = rows[0]!;
        if (!row.standby)
          return down('not a standby (pg_is_in_recovery() is false): check READ_DATABASE_URL');
        return {
          at: Date.now(),
          ok: true,
          replay: row.replay ? parseLsn(row.replay) : null,
          lagMs: row.lag_ms,
        };
      })
      .catch((err: unknown) => down(err instanceof Error ? err.message : String(err)))
      .then((s) => {
        status = s;
        announce(s);
        return s;
      })
      .finally(() => (probing = null)));

  const down = (problem: string): ReplicaStatus => ({
    at: Date.now(),
    ok: false,
    replay: null,
    lagMs: 0,
    problem,
  });

  /** The user's fence, once per request (forgotten when the request writes). */
  const fenceOf = (userId: string): Promise<bigint | null> =>
    memo(fenceKey(userId), async () => {
      const { rows } = await primary.query<{ lsn: string }>(
        'SELECT lsn::text AS lsn FROM read_fences WHERE user_id = $1',
        [userId],
      );
      return rows[0] ? parseLsn(rows[0].lsn) : null;
    });

  const decide = async (userId: string | undefined): Promise<ReadSource> => {
    const fence = userId === undefined ? null : await fenceOf(userId);
    let decision = decideRead(status, fence, Date.now(), opts);
    if (decision.to === 'probe') decision = decideRead(await probe(), fence, Date.now(), opts, true);
    return decision.to === 'replica' ? 'replica' : 'primary';
  };

  const router: Router = {
    primary,
    replica,
    options: opts,
    stats: { replica: 0, primary: 0, fallbacks: 0 },
    // One request reads from one source (its first decision): a dashboard's cache stamp and its
    // widgets, a page and its count, never mix an older replica state with a newer primary one.
    choose: (userId) =>
      userId === undefined ? decide(undefined) : memo(sourceKey(userId), () => decide(userId)),
    markDown(problem) {
      status = down(problem);
      announce(status);
    },
  };

  /** After a write in a signed-in request: that user reads from the primary until the replica passes it. */
  const recordFence = async (): Promise<void> => {
    const userId = writer.getStore()?.userId;
    if (userId === undefined) return;
    try {
      await primary.query(RECORD_FENCE, [userId]);
    } catch (err) {
      // The write itself committed; failing its answer would invite a retry that writes twice.
      console.error('[db] could not record a read fence:', err instanceof Error ? err.message : err);
    }
    forgetMemo(fenceKey(userId));
    forgetMemo(sourceKey(userId));
  };

  const routed: Db = {
    kind: primary.kind,
    description: `${primary.description}, lag-tolerant reads from ${replica.description}`,
    query: async <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
      const result = await primary.query<T>(sql, params);
      if (!READ_ONLY_STATEMENT.test(sql)) await recordFence();
      return result;
    },
    transaction: async (fn) => {
      const result = await primary.transaction(fn);
      await recordFence();
      return result;
    },
    runUnbounded: (sql) => primary.runUnbounded(sql),
    close: async () => {
      await Promise.allSettled([replica.close()]);
      await primary.close();
    },
  };
  routers.set(routed, router);
  return routed;
}

/**
 * A handle for reads that may lag behind the primary (list pages, counts, report queries, export
 * pages) on behalf of `userId`. It picks its source on its first statement and keeps it, except that
 * a failing replica sends it to the primary for good. Without a replica (PGlite, no
 * `READ_DATABASE_URL`) or on a transaction handle it is `db` itself.
 */
export function replicaReads(db: Db, userId: string | undefined): Db {
  const found = routers.get(db);
  if (!found) return db;
  const router: Router = found;
  // The requester's own writes count, not those of a user an admin is viewing as.
  const reader = writer.getStore()?.userId ?? userId;
  let source: Promise<ReadSource> | null = null;
  const pick = () => (source ??= router.choose(reader));

  async function run<T>(op: (target: Db) => Promise<T>): Promise<T> {
    if ((await pick()) === 'primary') {
      router.stats.primary++;
      return op(router.primary);
    }
    try {
      const result = await op(router.replica);
      router.stats.replica++;
      return result;
    } catch (err) {
      const kind = classifyReplicaError(err);
      if (kind === 'raise') throw err;
      if (kind === 'down') {
        router.markDown(err instanceof Error ? err.message : String(err));
        source = Promise.resolve('primary');
        if (reader !== undefined) forgetMemo(sourceKey(reader));
      }
      router.stats.fallbacks++;
      router.stats.primary++;
      return op(router.primary);
    }
  }

  const handle: Db = {
    kind: db.kind,
    description: 'lag-tolerant reads',
    query: (sql, params) => run((target) => target.query(sql, params)),
    // A read transaction (a count with its own timeout) runs whole on one source; rerunning it on
    // the primary after a replica failure is safe because it only reads.
    transaction: (fn) => run((target) => target.transaction(fn)),
    runUnbounded: () => Promise.reject(new Error('runUnbounded() called on a read handle')),
    close: () => Promise.reject(new Error('close() called on a read handle')),
  };
  return handle;
}

/** Statement counts of the routed reads of `db`; undefined without a replica. */
export function readRoutingStats(db: Db): ReadRoutingStats | undefined {
  return routers.get(db)?.stats;
}

/**
 * Mounted after authentication: remembers the signed-in user for the rest of the request, so the
 * writes the request makes hold that user's reads on the primary. A pass-through without a replica.
 */
export function readRoutingScope(db: Db): RequestHandler {
  if (!routers.has(db)) return (_req, _res, next) => next();
  return (req, _res, next) => writer.run({ userId: req.principal?.userId }, next);
}
