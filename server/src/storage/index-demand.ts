import type { StorageKind } from '@tangram/fields';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { indexName } from './search-index';
import { searchIndexDdl, searchIndexName } from './search-text';
import { BTREE, sortIndexDdl } from './sync-apply';

/**
 * Indexes made when a read first needs them (decisions 0052, 0065). Every index costs every insert:
 * a `(col, id)` b-tree about a tenth of a 10-field form's insert time on PostgreSQL, the form's
 * trigram search index most of it (on PGlite 70 of 90 ms per 1,000 records), while a form is read
 * by the few fields its views, reports and people filter and sort by, and searched only once
 * people search it. So a form table gets a column's b-tree only once a page, count or aggregate
 * filters or sorts by that column, and its search index once a page is searched with `q`: the
 * reader notes what it used (`want`, `wantSearch`; no I/O in the request) and the index is built
 * in the background on the outer handle, one at a time per process, `CONCURRENTLY` on a
 * PostgreSQL server so writes go on. The request that asked reads without it, as every read did
 * before it existed.
 *
 * What exists is re-checked at most once per `recheckMs` per index (a type change drops the index,
 * another process may have built it), so a read costs a map lookup. A build that failed (an invalid
 * leftover of an interrupted concurrent build is dropped first) is tried again after that time.
 */
export interface IndexDemand {
  /** Notes that a read filters or sorts by these columns of `table`. */
  want(table: string, columns: readonly { column: string; storage: StorageKind }[]): void;
  /** Notes that a read searches `table` through its search index over `columns` (search-text.ts). */
  wantSearch(table: string, columns: readonly string[]): void;
  /** Resolves when no build is queued or running (tests, benchmarks). */
  idle(): Promise<void>;
  /** Index names built by this process, in order (tests). */
  readonly built: string[];
}

const RECHECK_MS = 60_000;
const demands = new WeakMap<Db, IndexDemand>();

/**
 * The demand of a root handle that `indexDemand` was called on, else undefined: a transaction
 * handle never has one, so no DDL is ever sent into a caller's transaction (readers are opened on
 * `tx` inside writes and imports).
 */
export const registeredIndexDemand = (db: Db): IndexDemand | undefined => demands.get(db);

/**
 * The index demand of `db` (one per database handle, shared by every reader of the process).
 * Called with the root handle at app construction (`createApp`); never with a transaction handle.
 */
export function indexDemand(db: Db): IndexDemand {
  let demand = demands.get(db);
  if (!demand) {
    demand = createIndexDemand(db);
    demands.set(db, demand);
  }
  return demand;
}

/** The statements building an index, with or without CONCURRENTLY. */
type IndexDdl = (concurrently: '' | 'CONCURRENTLY') => string[];

export function createIndexDemand(db: Db, recheckMs = RECHECK_MS): IndexDemand {
  /** When each index was last known to exist or last tried. */
  const checked = new Map<string, number>();
  const built: string[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function ensure(name: string, ddl: IndexDdl): Promise<void> {
    try {
      const { rows } = await db.query<{ valid: boolean }>(
        `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
          WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
        [name],
      );
      if (rows[0]?.valid) return;
      const concurrently = db.kind === 'postgres' ? 'CONCURRENTLY' : '';
      // An interrupted concurrent build leaves an invalid index that IF NOT EXISTS would keep.
      if (rows[0]) await db.query(`DROP INDEX ${concurrently} IF EXISTS ${quoteIdent(name)}`);
      // Unbounded: a build over millions of rows outlasts the statement timeout of request work.
      for (const statement of ddl(concurrently)) await db.runUnbounded(statement);
      built.push(name);
    } catch (error) {
      // A dropped table or column, a closed database: reads go on without the index.
      console.error(`[indexes] building ${name} failed:`, (error as Error).message);
    }
  }

  /** Queues a build of `name` unless it was checked within `recheckMs`. */
  function demand(name: string, ddl: IndexDdl): void {
    const now = Date.now();
    if (now - (checked.get(name) ?? -Infinity) < recheckMs) return;
    checked.set(name, now);
    queue = queue.then(() => ensure(name, ddl));
  }

  return {
    built,
    want(table, columns) {
      for (const { column, storage } of columns) {
        if (!BTREE.has(storage)) continue;
        demand(indexName('ix', table, column), (concurrently) => [
          sortIndexDdl(table, column, storage, concurrently),
        ]);
      }
    },
    wantSearch(table, columns) {
      if (columns.length === 0) return;
      const name = searchIndexName(table, columns);
      // The planner knows an expression's values only from an ANALYZE after its index exists;
      // without them it guessed the search's selectivity and picked slower plans.
      demand(name, (concurrently) => [
        searchIndexDdl(name, table, columns, concurrently),
        `ANALYZE ${quoteIdent(table)}`,
      ]);
    },
    async idle() {
      for (let last: Promise<void> | undefined; last !== queue;) {
        last = queue;
        await last;
      }
    },
  };
}
