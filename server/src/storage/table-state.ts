import type { StorageKind } from '@tangram/fields';
import type { Db } from '../db/db';

/** A field's column as recorded in field_columns. */
export interface ColumnState {
  fieldId: string;
  column: string;
  storage: StorageKind;
  unique: boolean;
  archived: boolean;
}

/** The physical table behind a form (or a subform: formId `form.subformField`). */
export interface TableState {
  formId: string;
  table: string;
  parentTable: string | null;
  columns: Map<string, ColumnState>;
}

/** Reads the physical tables and columns of one app. */
export async function loadTableState(db: Db, orgId: string, appId: string): Promise<Map<string, TableState>> {
  const { rows } = await db.query<{
    form_id: string;
    table_name: string;
    parent_table: string | null;
    field_id: string | null;
    column_name: string | null;
    storage: StorageKind | null;
    is_unique: boolean | null;
    archived_at: Date | null;
  }>(
    `SELECT t.form_id, t.table_name, t.parent_table, c.field_id, c.column_name, c.storage, c.is_unique, c.archived_at
       FROM form_tables t LEFT JOIN field_columns c ON c.table_name = t.table_name
      WHERE t.org_id = $1 AND t.app_id = $2`,
    [orgId, appId],
  );
  const tables = new Map<string, TableState>();
  for (const row of rows) {
    let table = tables.get(row.form_id);
    if (!table) {
      table = {
        formId: row.form_id,
        table: row.table_name,
        parentTable: row.parent_table,
        columns: new Map(),
      };
      tables.set(row.form_id, table);
    }
    if (row.field_id && row.column_name && row.storage) {
      table.columns.set(row.field_id, {
        fieldId: row.field_id,
        column: row.column_name,
        storage: row.storage,
        unique: row.is_unique ?? false,
        archived: row.archived_at !== null,
      });
    }
  }
  return tables;
}
