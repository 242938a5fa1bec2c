import type { AppDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { loadTableState } from './table-state';

export interface PurgeResult {
  /** `formId.fieldId` of every dropped column. */
  columns: string[];
  /** Ids of forms (and subforms) whose tables were dropped. */
  forms: string[];
}

/**
 * Drops what earlier saves only archived: columns of removed fields and tables of removed forms.
 * This is the one place where stored data is destroyed, so it runs only on an explicit request.
 */
export async function purgeArchived(tx: Db, orgId: string, app: AppDefinition): Promise<PurgeResult> {
  const tables = await loadTableState(tx, orgId, app.id);
  const liveForms = new Set<string>();
  for (const form of app.forms) {
    liveForms.add(form.id);
    for (const field of form.fields) if (field.type === 'subform') liveForms.add(`${form.id}.${field.id}`);
  }
  const result: PurgeResult = { columns: [], forms: [] };
  // Child tables first: they reference their parent's table.
  const ordered = [...tables.values()].sort(
    (a, b) => Number(b.parentTable !== null) - Number(a.parentTable !== null),
  );
  for (const table of ordered) {
    if (!liveForms.has(table.formId)) {
      await tx.query(`DROP TABLE ${quoteIdent(table.table)} CASCADE`);
      await tx.query(`DELETE FROM form_tables WHERE table_name = $1`, [table.table]);
      await tx.query(`DELETE FROM serial_counters WHERE table_name = $1`, [table.table]);
      result.forms.push(table.formId);
      continue;
    }
    for (const column of table.columns.values()) {
      if (!column.archived) continue;
      // Dropping the column drops its indexes with it.
      await tx.query(`ALTER TABLE ${quoteIdent(table.table)} DROP COLUMN ${quoteIdent(column.column)}`);
      await tx.query(`DELETE FROM field_columns WHERE table_name = $1 AND field_id = $2`, [
        table.table,
        column.fieldId,
      ]);
      result.columns.push(`${table.formId}.${column.fieldId}`);
    }
  }
  return result;
}

/**
 * Destroys one record that is already in the recycle bin (soft-deleted): its row, and with it its
 * subform rows (their foreign key cascades). A live record is never touched: the condition is in
 * the statement, so a restore racing the purge wins. True when a row was removed.
 */
export async function purgeDeletedRecord(tx: Db, table: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `DELETE FROM ${quoteIdent(table)} WHERE id = $1 AND deleted_at IS NOT NULL`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}
