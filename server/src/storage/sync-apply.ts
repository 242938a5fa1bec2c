import type { StorageKind } from '@tangram/fields';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { SQL_TYPES } from './column-types';
import { indexName } from './search-index';
import { searchIndexName } from './search-text';
import type { SyncStep } from './sync-plan';

/** Kinds with an ordinary b-tree index for filters, sorts and keyset pages (with id as tie-breaker). */
export const BTREE: ReadonlySet<StorageKind> = new Set([
  'text',
  'numeric',
  'date',
  'timestamptz',
  'time',
  'boolean',
]);

/** System columns of every record table (DESIGN §3). */
const RECORD_TABLE_COLUMNS = `
  id text COLLATE "C" PRIMARY KEY,
  seq bigserial NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  owner_id text,
  owner_department_id text,
  workflow_status text,
  deleted_at timestamptz`;

/**
 * The row-scope columns of record tables: "records I own" (owner_id = me) and "my department (and
 * below)" (owner_department_id = each department, decision 0033). Subform tables have neither.
 */
export const SCOPE_COLUMNS = ['owner_id', 'owner_department_id'] as const;

/** The name of the `(scope column, column, id)` index of a sort column (decision 0033). */
export const scopeIndexName = (table: string, scopeColumn: string, column: string): string =>
  indexName('ix', table, `${scopeColumn},${column}`);

/**
 * The index serving filters, sorts and keyset pages on a column, matching the SQL of
 * @tangram/query: text sorts in code point order (`COLLATE "C"`), the id breaks ties.
 */
async function createColumnIndex(
  tx: Db,
  table: string,
  column: string,
  storage: StorageKind,
  indexed: boolean,
): Promise<void> {
  const name = quoteIdent(indexName('ix', table, column));
  const c = quoteIdent(column);
  if (indexed && BTREE.has(storage)) {
    await tx.query(sortIndexDdl(table, column, storage, ''));
  } else if (storage === 'text[]') {
    await tx.query(`CREATE INDEX ${name} ON ${quoteIdent(table)} USING gin (${c})`);
  }
}

/** Drops a table's trigram search indexes (`qx_<table>_…`), except `keep`. */
async function dropSearchIndexes(tx: Db, table: string, keep?: string): Promise<void> {
  const { rows } = await tx.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = $1 AND starts_with(indexname, $2)`,
    [table, `qx_${table}_`],
  );
  for (const { indexname } of rows)
    if (indexname !== keep) await tx.query(`DROP INDEX IF EXISTS ${quoteIdent(indexname)}`);
}

/**
 * The `(col, id)` sort index of a column (`ix_<table>_<hash(column)>`), `IF NOT EXISTS`;
 * `concurrently` for a build beside live writes (storage/index-demand.ts).
 */
export function sortIndexDdl(
  table: string,
  column: string,
  storage: StorageKind,
  concurrently: '' | 'CONCURRENTLY',
): string {
  const c = quoteIdent(column);
  const key = storage === 'text' ? `${c} COLLATE "C"` : c;
  return `CREATE INDEX ${concurrently} IF NOT EXISTS ${quoteIdent(indexName('ix', table, column))} ON ${quoteIdent(table)} (${key}, id COLLATE "C")`;
}

/**
 * Making a field unique failed because live records already share values. Carries the field (the
 * caller turns it into a 409 with the definition path) and how many values are used more than once.
 */
export class DuplicateValuesError extends Error {
  override readonly name = 'DuplicateValuesError';

  constructor(
    readonly formId: string,
    readonly fieldId: string,
    /** Distinct values held by more than one live record; null when they could not be counted. */
    readonly duplicateValues: number | null,
  ) {
    super(`field "${fieldId}" of form "${formId}" has duplicate values`);
  }
}

/**
 * Creates the unique index of a column. Only live records compete for a unique value; a
 * soft-deleted one does not block it. Existing duplicates are counted only when the index fails
 * (behind a savepoint, so the transaction can still run the count), never on the way to success.
 */
async function createUniqueIndex(
  tx: Db,
  step: Extract<SyncStep, { kind: 'setUnique' }>,
  ux: string,
): Promise<void> {
  const t = quoteIdent(step.table);
  const c = quoteIdent(step.column);
  await tx.query('SAVEPOINT tg_unique_index');
  try {
    await tx.query(`CREATE UNIQUE INDEX ${ux} ON ${t} (${c}) WHERE deleted_at IS NULL`);
  } catch (e) {
    if ((e as { code?: string }).code !== '23505') throw e;
    await tx.query('ROLLBACK TO SAVEPOINT tg_unique_index');
    const { rows } = await tx.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${t} WHERE deleted_at IS NULL AND ${c} IS NOT NULL
        GROUP BY ${c} HAVING count(*) > 1) d`,
    );
    throw new DuplicateValuesError(step.formId, step.fieldId, rows[0] ? Number(rows[0].n) : null);
  }
  await tx.query('RELEASE SAVEPOINT tg_unique_index');
}

/** Applies planned steps inside the caller's transaction. */
export async function applySync(
  tx: Db,
  orgId: string,
  appId: string,
  steps: readonly SyncStep[],
): Promise<void> {
  for (const step of steps) await apply[step.kind](tx, step as never, { orgId, appId });
}

type Ctx = { orgId: string; appId: string };
type Applier<K extends SyncStep['kind']> = (
  tx: Db,
  step: Extract<SyncStep, { kind: K }>,
  ctx: Ctx,
) => Promise<void>;

const apply: { [K in SyncStep['kind']]: Applier<K> } = {
  async createTable(tx, step, { orgId, appId }) {
    const t = quoteIdent(step.table);
    if (step.parentTable) {
      const parent = quoteIdent(step.parentTable);
      await tx.query(`CREATE TABLE ${t} (
        id text COLLATE "C" PRIMARY KEY,
        parent_id text COLLATE "C" NOT NULL REFERENCES ${parent} (id) ON DELETE CASCADE,
        position integer NOT NULL)`);
      await tx.query(
        `CREATE INDEX ${quoteIdent(indexName('ix', step.table, 'parent_id'))} ON ${t} (parent_id, position)`,
      );
    } else {
      await tx.query(`CREATE TABLE ${t} (${RECORD_TABLE_COLUMNS})`);
      // Default order (newest first) and keyset pages over live records.
      await tx.query(
        `CREATE INDEX ${quoteIdent(indexName('ix', step.table, 'created_at'))} ON ${t} (created_at, id COLLATE "C")`,
      );
      await tx.query(
        `CREATE INDEX ${quoteIdent(indexName('ix', step.table, 'updated_at'))} ON ${t} (updated_at, id COLLATE "C")`,
      );
      // Row scopes "records I own" and "my department (and below)" (decision 0023); tables that
      // existed before get them from migration 009.
      for (const column of SCOPE_COLUMNS)
        await tx.query(
          `CREATE INDEX ${quoteIdent(indexName('ix', step.table, column))} ON ${t} (${column}, id COLLATE "C")`,
        );
    }
    await tx.query(
      `INSERT INTO form_tables (org_id, app_id, form_id, table_name, parent_table) VALUES ($1, $2, $3, $4, $5)`,
      [orgId, appId, step.formId, step.table, step.parentTable],
    );
  },

  async addColumn(tx, step) {
    const t = quoteIdent(step.table);
    const c = quoteIdent(step.column);
    await tx.query(`ALTER TABLE ${t} ADD COLUMN ${c} ${SQL_TYPES[step.storage]}`);
    await createColumnIndex(tx, step.table, step.column, step.storage, step.indexed);
    await tx.query(
      `INSERT INTO field_columns (table_name, field_id, column_name, storage) VALUES ($1, $2, $3, $4)`,
      [step.table, step.fieldId, step.column, step.storage],
    );
  },

  async reactivateColumn(tx, step) {
    await tx.query(`UPDATE field_columns SET archived_at = NULL WHERE table_name = $1 AND field_id = $2`, [
      step.table,
      step.fieldId,
    ]);
  },

  async convertColumn(tx, step) {
    const t = quoteIdent(step.table);
    const c = quoteIdent(step.column);
    await tx.query(`DROP INDEX IF EXISTS ${quoteIdent(indexName('ix', step.table, step.column))}`);
    for (const scope of SCOPE_COLUMNS)
      await tx.query(`DROP INDEX IF EXISTS ${quoteIdent(scopeIndexName(step.table, scope, step.column))}`);
    // The search index's expression only fits text columns; the table's searchIndex step (planned
    // after every conversion) recreates it.
    await dropSearchIndexes(tx, step.table);
    await tx.query(`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${SQL_TYPES[step.to]} USING ${step.expression}`);
    await createColumnIndex(tx, step.table, step.column, step.to, step.indexed);
    await tx.query(`UPDATE field_columns SET storage = $3 WHERE table_name = $1 AND field_id = $2`, [
      step.table,
      step.fieldId,
      step.to,
    ]);
  },

  async archiveColumn(tx, step) {
    await tx.query(`UPDATE field_columns SET archived_at = now() WHERE table_name = $1 AND field_id = $2`, [
      step.table,
      step.fieldId,
    ]);
  },

  async setUnique(tx, step) {
    const ux = quoteIdent(indexName('ux', step.table, step.column));
    if (step.unique) {
      await createUniqueIndex(tx, step, ux);
    } else {
      await tx.query(`DROP INDEX IF EXISTS ${ux}`);
    }
    await tx.query(`UPDATE field_columns SET is_unique = $3 WHERE table_name = $1 AND field_id = $2`, [
      step.table,
      step.fieldId,
      step.unique,
    ]);
  },

  async searchIndex(tx, step) {
    // One trigram index over the joined searchable columns (decision 0052), built when a search
    // first needs it (storage/index-demand.ts, decision 0065). Its name hashes the column list, so
    // a changed set drops the old one (and the per-column indexes tables had before migration 021)
    // and the next search builds the new one.
    await dropSearchIndexes(tx, step.table, searchIndexName(step.table, step.columns));
  },
  /**
   * A page read under "records I own" or "my department (and below)" filters on owner_id or
   * owner_department_id and sorts by a column: with `(scope column, column, id)` PostgreSQL walks
   * only the scope's rows in page order and stops after the page, instead of walking the whole
   * sort index and dropping other owners' rows (250 ms for a team's page at 1M records against
   * 1 ms; bench/RESULTS.md "Row scopes"). They cost inserts, so only forms with an owner-based
   * permission group have them, for the default order and every sortable column (decision 0033).
   */
  async scopeIndexes(tx, step) {
    const sortKeys = [
      { column: 'created_at', key: 'created_at' },
      ...step.columns
        .filter((c) => BTREE.has(c.storage))
        .map((c) => ({
          column: c.column,
          key: c.storage === 'text' ? `${quoteIdent(c.column)} COLLATE "C"` : quoteIdent(c.column),
        })),
    ];
    const t = quoteIdent(step.table);
    for (const { column, key } of sortKeys)
      for (const scope of SCOPE_COLUMNS) {
        const name = quoteIdent(scopeIndexName(step.table, scope, column));
        await tx.query(
          step.scoped
            ? `CREATE INDEX IF NOT EXISTS ${name} ON ${t} (${scope}, ${key}, id COLLATE "C")`
            : `DROP INDEX IF EXISTS ${name}`,
        );
      }
  },
};
