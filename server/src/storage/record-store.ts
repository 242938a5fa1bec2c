import type { StorageKind } from '@tangram/fields';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { AS_API_JSON } from './column-types';
import type { ColumnState, TableState } from './table-state';
import { fromSqlValue, isEmpty, toSqlValue } from './record-codec';

/** A record as the API returns it (docs/api.md). */
export interface RecordDto {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  ownerId: string | null;
  /** The approval state of a process form's record: running / approved / rejected / withdrawn, or null. */
  workflowStatus: string | null;
  deletedAt: string | null;
  data: Record<string, unknown>;
}

export interface NewRecord {
  id: string;
  /** A record number reserved from the table's sequence (RECNO), or the sequence's next value. */
  seq?: number;
  data: Record<string, unknown>;
  actorId: string;
  ownerId: string;
  ownerDepartmentId: string | null;
}

/** A subform row to store: `id` is the row's own id. */
export interface SubformRow {
  id: string;
  data: Record<string, unknown>;
}

/**
 * What the database chose for the records of one insert, the same for all of them (column
 * defaults: the first version, the transaction's time); the rest of a new record is what was inserted.
 */
export interface NewRowDefaults {
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The SQL type each storage kind is read as from an insert's JSON rows (jsonb_to_recordset turns
 * JSON arrays into text[] and takes a jsonb member as it is).
 */
const RECORDSET_TYPES: Record<StorageKind, string> = {
  text: 'text',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  time: 'time',
  boolean: 'boolean',
  jsonb: 'jsonb',
  'text[]': 'text[]',
};

/**
 * A JSON value with object keys in jsonb's order (shorter keys first, then by bytes), so a value
 * answered from memory reads like the same value read back from a jsonb column.
 */
function jsonbOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return Object.fromEntries(keys.map((k) => [k, jsonbOrder((value as Record<string, unknown>)[k])]));
}

/** A column's member of an insert's JSON rows; jsonb travels as a JSON value, not JSON text in a string. */
const recordsetMember = (column: ColumnState, value: unknown): unknown =>
  column.storage === 'jsonb' ? (isEmpty(value) ? null : value) : toSqlValue(column.storage, value);

/** A column of a recordset insert: its name (quoted), its SQL type and each row's value. */
interface InsertColumn<T> {
  name: string;
  type: string;
  value: (row: T) => unknown;
}

/** A table column's insert column: the value as the row's data holds it, through the codec. */
const dataColumn = (column: ColumnState): InsertColumn<{ data: Record<string, unknown> }> => ({
  name: quoteIdent(column.column),
  type: RECORDSET_TYPES[column.storage],
  value: (row) => recordsetMember(column, row.data[column.fieldId]),
});

/**
 * A value as the text of a parameter standing for a JSON member, or undefined when it cannot: a
 * plain member is read by the type's input function, as its text is; a jsonb member is JSON
 * itself, so only its null can be shared.
 */
function sharedText(type: string, value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (type === 'jsonb') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * `INSERT … SELECT` of `rows` from one JSON array parameter ($1) read by `jsonb_to_recordset`
 * (decision 0062), as members u0, u1, … (column names are not used as JSON keys, so nothing needs
 * quoting twice). One native JSON.stringify is several times cheaper than the driver escaping an
 * array parameter per column, element by element.
 *
 * What the JSON would only repeat travels once: a plain value every row shares (the writer and
 * their department, a status common to a batch) is one parameter, read by the type's input
 * function as a JSON member would be, and null members are left out (a missing member reads as
 * NULL). On PGlite every byte of the parameter is measured, copied and parsed on the server's
 * thread: a batch of 1,000 bench orders sends 230 KB instead of 361 KB, and its statement takes
 * 25 ms instead of 33.
 */
function recordsetInsert<T>(
  table: TableState,
  columns: readonly InsertColumn<T>[],
  rows: readonly T[],
): { sql: string; params: unknown[] } {
  const params: unknown[] = [null];
  const select: string[] = [];
  const members: { key: string; type: string; values: unknown[] }[] = [];
  for (const column of columns) {
    const values = rows.map((row) => column.value(row));
    const shared = rows.length > 1 ? sharedText(column.type, values[0]) : undefined;
    if (shared !== undefined && values.every((v) => v === values[0])) {
      params.push(shared);
      select.push(`$${params.length}::${column.type}`);
    } else {
      const key = `u${members.length}`;
      members.push({ key, type: column.type, values });
      select.push(key);
    }
  }
  params[0] = JSON.stringify(
    rows.map((_, i) => {
      const row: Record<string, unknown> = {};
      for (const m of members) if (m.values[i] !== null) row[m.key] = m.values[i];
      return row;
    }),
  );
  const sql = `INSERT INTO ${quoteIdent(table.table)} (${columns.map((c) => c.name).join(', ')})
    SELECT ${select.join(', ')}
      FROM jsonb_to_recordset($1::jsonb) AS u(${members.map((m) => `${m.key} ${m.type}`).join(', ')})`;
  return { sql, params };
}

/**
 * Names used as JSON keys in a statement, sent as one text[] parameter: `of(name)` answers the
 * SQL reading that name back (`($n::text[])[i]`), `list` is the parameter's value.
 */
export class JsonKeys {
  readonly list: string[] = [];
  constructor(private readonly param: number) {}

  of(name: string): string {
    let i = this.list.indexOf(name);
    if (i < 0) i = this.list.push(name) - 1;
    return `($${this.param}::text[])[${i + 1}]`;
  }
}

/** `jsonb_build_object` over key/value SQL pairs, 50 pairs per call (its limit is 100 arguments). */
function jsonObjectSql(members: readonly (readonly [string, string])[]): string {
  const calls: string[] = [];
  for (let i = 0; i < members.length; i += 50)
    calls.push(
      `jsonb_build_object(${members
        .slice(i, i + 50)
        .flat()
        .join(', ')})`,
    );
  return calls.length ? calls.join(' || ') : `'{}'::jsonb`;
}

/** A table's live columns as `jsonb_build_object` members: field id key, value as a read answers it. */
const columnMembers = (
  table: TableState,
  quotedAlias: string,
  keys: JsonKeys,
): (readonly [string, string])[] =>
  activeColumns(table).map(
    (c) => [keys.of(c.fieldId), AS_API_JSON[c.storage](`${quotedAlias}.${quoteIdent(c.column)}`)] as const,
  );

const SYSTEM_SELECT =
  'id, seq, version, created_at, created_by, updated_at, updated_by, owner_id, workflow_status, deleted_at';

/** Live (not archived) columns of a table, in a stable order. */
export const activeColumns = (table: TableState): ColumnState[] =>
  [...table.columns.values()].filter((c) => !c.archived).sort((a, b) => a.column.localeCompare(b.column));

/**
 * Reads and writes records of one form table. SQL only: validation, permissions and history are
 * the service's job. Kept behind this module so a second storage driver can replace it.
 */
export const recordStore = {
  selectList(table: TableState, alias = 't'): string {
    const a = quoteIdent(alias);
    const system = SYSTEM_SELECT.split(', ').map((c) => `${a}.${c}`);
    return [...system, ...activeColumns(table).map((c) => `${a}.${quoteIdent(c.column)}`)].join(', ');
  },

  toDto(table: TableState, row: Record<string, unknown>): RecordDto {
    const data: Record<string, unknown> = {};
    for (const column of activeColumns(table))
      data[column.fieldId] = fromSqlValue(column.storage, row[column.column]);
    return {
      id: row.id as string,
      version: row.version as number,
      createdAt: (row.created_at as Date).toISOString(),
      createdBy: (row.created_by as string | null) ?? null,
      updatedAt: (row.updated_at as Date).toISOString(),
      updatedBy: (row.updated_by as string | null) ?? null,
      ownerId: (row.owner_id as string | null) ?? null,
      workflowStatus: (row.workflow_status as string | null) ?? null,
      deletedAt: row.deleted_at ? (row.deleted_at as Date).toISOString() : null,
      data,
    };
  },

  /**
   * Inserts records with one statement, whatever their number (see recordsetInsert), and answers
   * what the database chose for them. The rows are not sent back: every new row gets the same
   * defaults, which the statement checks (one distinct answer) rather than assumes.
   */
  async insert(tx: Db, table: TableState, records: readonly NewRecord[]): Promise<NewRowDefaults> {
    const withSeq = records.some((r) => r.seq !== undefined);
    const system: InsertColumn<NewRecord>[] = [
      ...(withSeq ? [{ name: 'seq', type: 'bigint', value: (r: NewRecord) => r.seq ?? null }] : []),
      { name: 'id', type: 'text', value: (r) => r.id },
      { name: 'created_by', type: 'text', value: (r) => r.actorId },
      { name: 'updated_by', type: 'text', value: (r) => r.actorId },
      { name: 'owner_id', type: 'text', value: (r) => r.ownerId },
      { name: 'owner_department_id', type: 'text', value: (r) => r.ownerDepartmentId },
    ];
    const { sql, params } = recordsetInsert(
      table,
      [...system, ...activeColumns(table).map(dataColumn)],
      records,
    );
    const { rows: chosen } = await tx.query<{ version: number; created_at: Date; updated_at: Date }>(
      `WITH ins AS (${sql} RETURNING version, created_at, updated_at)
       SELECT DISTINCT version, created_at, updated_at FROM ins`,
      params,
    );
    if (chosen.length !== 1)
      throw new Error(`insert into ${table.table}: expected one set of defaults, got ${chosen.length}`);
    const [row] = chosen;
    return { version: row!.version, createdAt: row!.created_at, updatedAt: row!.updated_at };
  },

  /**
   * SQL building the `data` of the record in table alias `alias` as jsonb, exactly as a read
   * answers it: field ids as keys, values as the codec reads them (AS_API_JSON), subform rows
   * in order with their ids. Keys are taken from `keys`, a text[] parameter the caller sends
   * (`keys.list`), so no name is written into the SQL as a literal.
   */
  dataJsonSql(
    table: TableState,
    subTables: ReadonlyMap<string, TableState>,
    alias: string,
    keys: JsonKeys,
  ): string {
    const a = quoteIdent(alias);
    const members = columnMembers(table, a, keys);
    for (const [i, [fieldId, sub]] of [...subTables].entries()) {
      const s = quoteIdent(`${alias}_s${i}`);
      const row = jsonObjectSql([[keys.of('id'), `${s}.id`], ...columnMembers(sub, s, keys)]);
      members.push([
        keys.of(fieldId),
        `COALESCE((SELECT jsonb_agg(${row} ORDER BY ${s}.position) FROM ${quoteIdent(sub.table)} ${s}
                    WHERE ${s}.parent_id = ${a}.id), '[]'::jsonb)`,
      ]);
    }
    return jsonObjectSql(members);
  },

  /**
   * A new record as a read would answer it, from its inserted values and what the insert returned:
   * each value goes through the column's codec both ways, as a read does, so the two cannot
   * differ (jsonb also orders object keys as PostgreSQL does).
   */
  newDto(table: TableState, record: NewRecord, inserted: NewRowDefaults): RecordDto {
    const data: Record<string, unknown> = {};
    for (const column of activeColumns(table)) {
      const value = toSqlValue(column.storage, record.data[column.fieldId]);
      data[column.fieldId] =
        value === null
          ? null
          : column.storage === 'jsonb'
            ? jsonbOrder(JSON.parse(value as string))
            : column.storage === 'timestamptz'
              ? new Date(value as string).toISOString()
              : fromSqlValue(column.storage, value);
    }
    return {
      id: record.id,
      version: inserted.version,
      createdAt: inserted.createdAt.toISOString(),
      createdBy: record.actorId,
      updatedAt: inserted.updatedAt.toISOString(),
      updatedBy: record.actorId,
      ownerId: record.ownerId,
      workflowStatus: null,
      deletedAt: null,
      data,
    };
  },

  /**
   * Reserves the next `count` values of the table's `seq` sequence (record numbers are reserved
   * before the insert when formulas read them; a rolled-back create does not give them back).
   */
  async reserveSeq(db: Db, table: TableState, count: number): Promise<number[]> {
    const { rows } = await db.query<{ n: number }>(
      `SELECT nextval(pg_get_serial_sequence($1, 'seq'))::int AS n FROM generate_series(1, $2)`,
      [quoteIdent(table.table), count],
    );
    return rows.map((r) => r.n);
  },

  /** Writes the `workflow_status` system column (lists filter by it; the workflow owns its value). */
  async setWorkflowStatus(tx: Db, table: TableState, id: string, status: string | null): Promise<void> {
    await tx.query(`UPDATE ${quoteIdent(table.table)} SET workflow_status = $2 WHERE id = $1`, [id, status]);
  },

  /** The row's sequence number (for RECNO). */
  async seqOf(db: Db, table: TableState, id: string): Promise<number> {
    const { rows } = await db.query<{ seq: number }>(
      `SELECT seq FROM ${quoteIdent(table.table)} WHERE id = $1`,
      [id],
    );
    return rows[0]?.seq ?? 0;
  },

  async get(
    db: Db,
    table: TableState,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<Record<string, unknown> | null> {
    const { rows } = await db.query(
      `SELECT ${recordStore.selectList(table)} FROM ${quoteIdent(table.table)} t WHERE t.id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  },

  /** Writes changed field values and bumps the version. */
  async update(
    tx: Db,
    table: TableState,
    id: string,
    changes: Record<string, unknown>,
    actorId: string,
  ): Promise<Record<string, unknown>> {
    const params: unknown[] = [id, actorId];
    const sets = ['version = version + 1', 'updated_at = now()', 'updated_by = $2'];
    for (const column of activeColumns(table)) {
      if (!Object.prototype.hasOwnProperty.call(changes, column.fieldId)) continue;
      sets.push(
        `${quoteIdent(column.column)} = $${params.push(toSqlValue(column.storage, changes[column.fieldId]))}`,
      );
    }
    const { rows } = await tx.query(
      `UPDATE ${quoteIdent(table.table)} SET ${sets.join(', ')} WHERE id = $1 RETURNING ${recordStore.selectList(table, table.table)}`,
      params,
    );
    return rows[0]!;
  },

  async setDeleted(
    tx: Db,
    table: TableState,
    id: string,
    deleted: boolean,
    actorId: string,
  ): Promise<Record<string, unknown>> {
    const { rows } = await tx.query(
      `UPDATE ${quoteIdent(table.table)} SET deleted_at = ${deleted ? 'now()' : 'NULL'}, version = version + 1, updated_at = now(), updated_by = $2
        WHERE id = $1 RETURNING ${recordStore.selectList(table, table.table)}`,
      [id, actorId],
    );
    return rows[0]!;
  },

  /** Subform rows of many parents, in row order, as API row objects keyed by sub-field id. */
  async loadRows(
    db: Db,
    sub: TableState,
    parentIds: readonly string[],
  ): Promise<Map<string, Record<string, unknown>[]>> {
    const byParent = new Map<string, Record<string, unknown>[]>();
    if (parentIds.length === 0) return byParent;
    const columns = activeColumns(sub);
    const { rows } = await db.query(
      `SELECT id, parent_id${columns.map((c) => `, ${quoteIdent(c.column)}`).join('')} FROM ${quoteIdent(sub.table)}
        WHERE parent_id = ANY($1) ORDER BY parent_id, position`,
      [parentIds],
    );
    for (const row of rows) {
      const item: Record<string, unknown> = { id: row.id };
      for (const c of columns) item[c.fieldId] = fromSqlValue(c.storage, row[c.column]);
      const list = byParent.get(row.parent_id as string) ?? [];
      list.push(item);
      byParent.set(row.parent_id as string, list);
    }
    return byParent;
  },

  /** Replaces a record's subform rows: kept ids are updated, new ones inserted, missing ones deleted. */
  /**
   * Stores the subform rows of new records with one statement for the whole batch (their row ids
   * are fresh, so nothing can conflict and there is nothing to delete first).
   */
  async insertRows(
    tx: Db,
    sub: TableState,
    rows: readonly { parentId: string; position: number; row: SubformRow }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    type NewRow = (typeof rows)[number];
    const system: InsertColumn<NewRow>[] = [
      { name: 'id', type: 'text', value: (r) => r.row.id },
      { name: 'parent_id', type: 'text', value: (r) => r.parentId },
      { name: 'position', type: 'int', value: (r) => r.position },
    ];
    const data = activeColumns(sub).map((c) => {
      const column = dataColumn(c);
      return { ...column, value: (r: NewRow) => column.value(r.row) };
    });
    const { sql, params } = recordsetInsert(sub, [...system, ...data], rows);
    await tx.query(sql, params);
  },

  async replaceRows(tx: Db, sub: TableState, parentId: string, rows: readonly SubformRow[]): Promise<void> {
    const t = quoteIdent(sub.table);
    const columns = activeColumns(sub);
    await tx.query(`DELETE FROM ${t} WHERE parent_id = $1 AND NOT (id = ANY($2))`, [
      parentId,
      rows.map((r) => r.id),
    ]);
    for (const [position, row] of rows.entries()) {
      const params: unknown[] = [
        row.id,
        parentId,
        position,
        ...columns.map((c) => toSqlValue(c.storage, row.data[c.fieldId])),
      ];
      const names = ['id', 'parent_id', 'position', ...columns.map((c) => quoteIdent(c.column))];
      const updates = names.slice(2).map((n) => `${n} = EXCLUDED.${n}`);
      await tx.query(
        `INSERT INTO ${t} (${names.join(', ')}) VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')} WHERE ${t}.parent_id = EXCLUDED.parent_id`,
        params,
      );
    }
  },
};
