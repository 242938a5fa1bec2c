import type { StorageKind } from '@tangram/fields';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { indexName } from './search-index';
import { BTREE, sortIndexDdl } from './sync-apply';

/**
 * Sort indexes made when a read first needs them (decision 0052). Every `(col, id)` b-tree costs
 * every insert (about two thirds of the database's insert time for the 10-field orders form), while
 * a form is read by the few fields its views, reports and people filter and sort by. So a form
 * table gets a column's b-tree only once a page, count or aggregate filters or sorts by that column:
 * the reader notes the columns (`want`, no I/O in the request) and the index is built in the
 * background on the outer handle, one at a time per process, `CONCURRENTLY` on a PostgreSQL server
 * so writes go on. The request that asked reads without it, as every read did before it existed.
 *
 * What exists is re-checked at most once per `recheckMs` per index (a type change drops the index,
 * another process may have built it), so a read costs a map lookup. A build that failed (an invalid
 * leftover of an interrupted concurrent build is dropped first) is tried again after that time.
 */
export interface IndexDemand {
  /** Notes that a read filters or sorts by these columns of `table`. */
  want(table: string, columns: readonly { column: string; storage: StorageKind }[]): void;
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

export function createIndexDemand(db: Db, recheckMs = RECHECK_MS): IndexDemand {
  /** When each index was last known to exist or last tried. */
  const checked = new Map<string, number>();
  const built: string[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function ensure(table: string, column: string, storage: StorageKind): Promise<void> {
    const name = indexName('ix', table, column);
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
      await db.query(sortIndexDdl(table, column, storage, concurrently));
      built.push(name);
    } catch (error) {
      // A dropped table or column, a closed database: reads go on without the index.
      console.error(`[indexes] building ${name} failed:`, (error as Error).message);
    }
  }

  return {
    built,
    want(table, columns) {
      const now = Date.now();
      for (const { column, storage } of columns) {
        if (!BTREE.has(storage)) continue;
        const name = indexName('ix', table, column);
        if (now - (checked.get(name) ?? -Infinity) < recheckMs) continue;
        checked.set(name, now);
        queue = queue.then(() => ensure(table, column, storage));
      }
    },
    async idle() {
      for (let last: Promise<void> | undefined; last !== queue;) {
        last = queue;
        await last;
      }
    },
  };
}
