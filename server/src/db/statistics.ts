/**
 * Fresh planner statistics after big writes (decision 0050). PGlite has no autovacuum at all and a
 * server's autovacuum may be off or late, so after a batch create, an import or a bulk edit changes
 * a sizeable part of a form's table, this process runs `ANALYZE` on that table itself:
 *
 * - in the background, never inside the request's transaction: writes only note how many rows they
 *   changed; a timer runs the ANALYZE `delayMs` later on the outer handle (PGlite's mutex makes it
 *   wait for the open transaction; on a server the delay lets the batch commit first — an ANALYZE
 *   that ran too early only sees fewer rows, and the next batch schedules another);
 * - only when the changes since the last run reach `max(minRows, fraction × rows)` (like
 *   autovacuum's threshold, so a growing table is analysed less and less often);
 * - at most once per `intervalMs` per table: a run asked for sooner is moved to the end of the
 *   interval (a trailing run, so the last batch of a load is always counted);
 * - at most one process at a time: the run holds a transaction-level advisory lock on the table and
 *   skips when another process holds it or analysed the table within the interval
 *   (`pg_stat_user_tables`, PostgreSQL server only);
 * - errors (a table dropped meanwhile, a closed database) are logged, never thrown.
 */
import type { Db } from './db';
import { quoteIdent } from './sql/ident';

export interface StatisticsOptions {
  /** Changed rows that always justify an ANALYZE (small tables). */
  minRows: number;
  /** Share of the table's rows (as last analysed) whose change justifies an ANALYZE. */
  fraction: number;
  /** Shortest time between two ANALYZE runs of one table, in ms. */
  intervalMs: number;
  /** Wait after the write that crossed the threshold, so its transaction commits first, in ms. */
  delayMs: number;
}

export const defaultStatisticsOptions: StatisticsOptions = {
  minRows: 500,
  fraction: 0.1,
  intervalMs: 30_000,
  delayMs: 1_000,
};

/** First key of the two-key advisory lock (the second is the table name's hash). */
const STATISTICS_LOCK_CLASS = 7_216_050;

export interface StatisticsRefresher {
  /** A write changed `rows` rows of `table` (called inside the write's transaction: only counts). */
  noteChanges(table: string, rows: number): void;
  /** Resolves when no run is scheduled or running (tests and benchmarks). */
  idle(): Promise<void>;
  /** Table names analysed by this process, in order (tests and benchmarks). */
  readonly runs: readonly string[];
}

interface TableState {
  pending: number;
  /** Rows of the table as of the last run (planner's reltuples); 0 when unknown. */
  rows: number;
  lastRun: number;
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
}

const refreshers = new WeakMap<Db, StatisticsRefresher>();

/** The refresher of `db` (one per database handle, shared by the API and the workers). */
export function statisticsRefresher(db: Db, options: Partial<StatisticsOptions> = {}): StatisticsRefresher {
  let refresher = refreshers.get(db);
  if (!refresher) {
    refresher = createStatisticsRefresher(db, { ...defaultStatisticsOptions, ...options });
    refreshers.set(db, refresher);
  }
  return refresher;
}

export function createStatisticsRefresher(db: Db, options: StatisticsOptions): StatisticsRefresher {
  const tables = new Map<string, TableState>();
  const runs: string[] = [];

  const threshold = (s: TableState) => Math.max(options.minRows, options.fraction * s.rows);

  function schedule(table: string, s: TableState): void {
    if (s.timer || s.running || s.pending < threshold(s)) return;
    const at = Math.max(Date.now() + options.delayMs, s.lastRun + options.intervalMs);
    s.timer = setTimeout(() => {
      s.timer = null;
      s.running = run(table, s).finally(() => {
        s.running = null;
        // Writes that arrived during the run count towards the next one.
        schedule(table, s);
      });
    }, at - Date.now());
    // A pending refresh never keeps the process (or a test run) alive.
    s.timer.unref?.();
  }

  async function run(table: string, s: TableState): Promise<void> {
    const counted = s.pending;
    try {
      const analysed = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
          [STATISTICS_LOCK_CLASS, table],
        );
        if (!rows[0]?.locked) return false;
        if (db.kind === 'postgres') {
          // Another process (or autovacuum) analysed it within the interval: try again after it.
          // 90% of the interval: our own last run must not hold back our trailing one.
          const recent = await tx.query(
            `SELECT 1 FROM pg_stat_user_tables WHERE relid = to_regclass($1)
               AND greatest(last_analyze, last_autoanalyze) > now() - make_interval(secs => $2)`,
            [quoteIdent(table), (0.9 * options.intervalMs) / 1000],
          );
          if (recent.rowCount) return false;
        }
        await tx.query(`ANALYZE ${quoteIdent(table)}`);
        return true;
      });
      // The interval counts from the end of a run (or of a skipped attempt).
      s.lastRun = Date.now();
      if (!analysed) return; // another process is on it or just did it: keep the count for our next turn
      s.pending = Math.max(0, s.pending - counted);
      runs.push(table);
      const { rows } = await db.query<{ n: number }>(
        'SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = to_regclass($1)',
        [quoteIdent(table)],
      );
      s.rows = Number(rows[0]?.n ?? 0);
    } catch (error) {
      // A dropped table or a closed database: the statistics stay as they were.
      s.lastRun = Date.now();
      s.pending = Math.max(0, s.pending - counted);
      console.error(`[statistics] ANALYZE of ${table} failed:`, (error as Error).message);
    }
  }

  return {
    runs,
    noteChanges(table, rows) {
      if (rows <= 0) return;
      let s = tables.get(table);
      if (!s) {
        s = { pending: 0, rows: 0, lastRun: -Infinity, timer: null, running: null };
        tables.set(table, s);
      }
      s.pending += rows;
      schedule(table, s);
    },
    async idle() {
      for (;;) {
        const busy = [...tables.values()].filter((s) => s.timer || s.running);
        if (!busy.length) return;
        await Promise.all(
          busy.map(
            (s) =>
              s.running ??
              new Promise<void>((resolve) => {
                const check = setInterval(() => {
                  if (!s.timer) {
                    clearInterval(check);
                    resolve();
                  }
                }, 10);
              }),
          ),
        );
      }
    },
  };
}
