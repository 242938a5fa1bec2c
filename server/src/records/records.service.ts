import { DEFAULT_COUNTRY } from '@tangram/fields';
import type { FormulaUser } from '@tangram/formula';
import type { QueryContext } from '@tangram/query';
import type { Principal } from '../access';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { notFound } from '../http/app-error';
import { recordStore, type RecordDto } from '../storage/record-store';
import type { ComputeContext } from './formula-fields';
import { openReader } from './kernel/reader';

// Record writes live in the records kernel's write pipeline (kernel/write-pipeline.ts) and their
// route services in records.writes.ts; this module keeps what readers and writers share.

export interface FormRef {
  appId: string;
  formId: string;
}

export const MAX_BATCH = 1000;

export const recordResource = (p: Principal, ref: FormRef, recordId?: string, ownerId?: string) => ({
  kind: 'record' as const,
  orgId: p.orgId,
  appId: ref.appId,
  formId: ref.formId,
  recordId,
  ownerId,
});

/** The org's clock and the acting user, for formulas and serial numbers. */
export async function computeContext(db: Db, principal: Principal): Promise<ComputeContext> {
  const { rows } = await db.query<{ time_zone: string; country: string; name: string }>(
    `SELECT o.time_zone, o.country, u.name FROM orgs o JOIN users u ON u.org_id = o.id WHERE o.id = $1 AND u.id = $2`,
    [principal.orgId, principal.userId],
  );
  const user: FormulaUser = {
    id: principal.userId,
    name: rows[0]?.name ?? '',
    departments: principal.departmentIds,
  };
  return {
    now: new Date(),
    timeZone: rows[0]?.time_zone ?? 'UTC',
    country: rows[0]?.country ?? DEFAULT_COUNTRY,
    user,
  };
}

/** Visibility rules see the same clock and user as formulas. */
export const visibilityContext = (compute: ComputeContext): QueryContext => ({
  now: compute.now,
  timeZone: compute.timeZone,
  userId: compute.user.id,
  userDepartmentIds: compute.user.departments,
});

export async function withSubforms(
  db: Db,
  ctx: FormContext,
  rows: Record<string, unknown>[],
): Promise<RecordDto[]> {
  return loadSubforms(
    db,
    ctx,
    rows.map((row) => recordStore.toDto(ctx.table, row)),
  );
}

/** Fills each record's subform fields with its rows as stored (in place); returns the records. */
export async function loadSubforms(db: Db, ctx: FormContext, records: RecordDto[]): Promise<RecordDto[]> {
  const ids = records.map((r) => r.id);
  for (const [fieldId, sub] of ctx.subTables) {
    const byParent = await recordStore.loadRows(db, sub, ids);
    for (const record of records) record.data[fieldId] = byParent.get(record.id) ?? [];
  }
  return records;
}

/** Loads a live record or 404 (another org's or a deleted record is simply not found). */
export async function loadRecord(
  db: Db,
  ctx: FormContext,
  id: string,
  opts: { forUpdate?: boolean; includeDeleted?: boolean } = {},
) {
  const row = await recordStore.get(db, ctx.table, id, opts);
  if (!row || (row.deleted_at && !opts.includeDeleted)) throw notFound('Record');
  const [record] = await withSubforms(db, ctx, [row]);
  return record!;
}

/** One permitted live record, hidden fields left out (records kernel reader; outside the scope: 404). */
export async function getRecord(db: Db, principal: Principal, ref: FormRef, id: string): Promise<RecordDto> {
  return openReader(db, principal).get(ref, id);
}

/** The history of a permitted record, without changes of hidden fields (records kernel reader). */
export async function recordHistory(db: Db, principal: Principal, ref: FormRef, id: string) {
  return openReader(db, principal).history(ref, id);
}
