/**
 * The write door's Grant checks (decision 0022): which action a write needs, whether the locked
 * rows are inside that action's row scope, and which sent fields the writer may not touch.
 *
 * A record outside the view scope answers 404 like an unknown one, so its existence does not leak;
 * one the writer can see but not change (no action, or outside the action's scope) answers 403.
 */
import { canDo, checkWritableFields, scopeFilter, type Grant } from '@tangram/acl';
import { fieldRegistry } from '@tangram/fields';
import type { QueryContext } from '@tangram/query';
import { compileFilter, createParams } from '@tangram/query/sql';
import type { FormContext } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import { quoteIdent } from '../../db/sql/ident';
import { AppError, forbidden, notFound, type ErrorDetail } from '../../http/app-error';
import { queryTarget } from '../query-target';

/** The row actions a write needs: an edit needs `edit`, a delete or a restore `delete`. */
export type WriteRowAction = 'edit' | 'delete';

const VERB: Record<WriteRowAction, string> = { edit: 'change', delete: 'delete or restore' };

/**
 * The ids among `ids` inside the grant's scope of `action`, decided in SQL so the write door and
 * the read door agree on every scope (deleted rows included: a restore checks a deleted row).
 */
export async function idsInScope(
  tx: Db,
  ctx: FormContext,
  grant: Grant,
  action: 'view' | WriteRowAction,
  ids: readonly string[],
  qctx: QueryContext,
): Promise<Set<string>> {
  const filter = scopeFilter(grant, action);
  if (filter === 'all') return new Set(ids);
  if (filter === 'none' || ids.length === 0) return new Set();
  const params = createParams();
  const idList = params.add(ids);
  const where = compileFilter(filter, queryTarget(ctx), qctx, params);
  const { rows } = await tx.query<{ id: string }>(
    `SELECT t.id FROM ${quoteIdent(ctx.table.table)} t WHERE t.id = ANY(${idList}::text[]) AND ${where}`,
    params.values,
  );
  return new Set(rows.map((r) => r.id));
}

/** Which of the locked records the writer may not see (→ 404) or may see but not change (→ 403). */
export async function classifyRows(
  tx: Db,
  ctx: FormContext,
  grant: Grant,
  action: WriteRowAction,
  ids: readonly string[],
  qctx: QueryContext,
): Promise<{ hidden: string[]; refused: string[] }> {
  const visible = await idsInScope(tx, ctx, grant, 'view', ids, qctx);
  const hidden = ids.filter((id) => !visible.has(id));
  const seen = ids.filter((id) => visible.has(id));
  if (!canDo(grant, action)) return { hidden, refused: seen };
  const writable = await idsInScope(tx, ctx, grant, action, seen, qctx);
  return { hidden, refused: seen.filter((id) => !writable.has(id)) };
}

/** One record: 404 outside the view scope, 403 outside the action or its scope. */
export async function assertRowAccess(
  tx: Db,
  ctx: FormContext,
  grant: Grant,
  action: WriteRowAction,
  id: string,
  qctx: QueryContext,
): Promise<void> {
  const { hidden, refused } = await classifyRows(tx, ctx, grant, action, [id], qctx);
  if (hidden.length) throw notFound('Record');
  if (refused.length)
    throw forbidden(`You are not allowed to ${VERB[action]} this record.`, 'record_not_writable');
}

/** 403 naming the records of a bulk request the writer can see but not change (all or nothing). */
export function refusedRecords(action: WriteRowAction, ids: readonly string[]): AppError {
  return new AppError(
    403,
    'record_not_writable',
    `You are not allowed to ${VERB[action]} ${ids.length} of the selected records.`,
    { ids },
  );
}

/** 403 when the grant does not allow creating records on this form. */
export function assertCanCreate(grant: Grant): void {
  if (!canDo(grant, 'create'))
    throw forbidden('You are not allowed to create records in this form.', 'form_not_writable');
}

/**
 * Refuses values sent for fields the grant may not write (hidden or not editable) with 422
 * `field_not_editable`, one detail per field and item. Unknown ids and computed fields are left to
 * the record schema (400 unknown field / read_only), so those answers do not change with the grant.
 */
export function assertWritableFields(
  ctx: FormContext,
  grant: Grant,
  items: readonly { data: unknown; path: string }[],
): void {
  const settable = new Set(ctx.form.fields.filter((f) => fieldRegistry.of(f).writable).map((f) => f.id));
  const details: ErrorDetail[] = [];
  for (const { data, path } of items) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) continue;
    const sent = Object.keys(data).filter((id) => settable.has(id));
    for (const id of checkWritableFields(grant, sent))
      details.push({
        path: `${path}/${id}`,
        code: 'field_not_editable',
        message: 'you may not change this field',
      });
  }
  if (details.length === 0) return;
  const fields = [...new Set(details.map((d) => d.path.split('/').pop()!))];
  throw new AppError(
    422,
    'field_not_editable',
    `You may not change ${fields.length === 1 ? 'field' : 'fields'} ${fields.map((f) => `"${f}"`).join(', ')}.`,
    details,
  );
}
