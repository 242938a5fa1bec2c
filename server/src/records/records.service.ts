import { fieldRegistry } from '@tangram/fields';
import type { FormulaUser } from '@tangram/formula';
import type { QueryContext } from '@tangram/query';
import type { FieldDefinition } from '@tangram/schema';
import { authorize, type Principal } from '../access';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict, notFound, validationFailed, type ErrorDetail } from '../http/app-error';
import { indexName } from '../storage/search-index';
import { activeColumns, recordStore, type RecordDto } from '../storage/record-store';
import { assignRowIds, checkInput } from './record-input';
import {
  applyFormulaDefaults,
  computeFormulaFields,
  runValidationRules,
  type ComputeContext,
} from './formula-fields';
import { diffData, readHistory, writeHistory, writeOutbox } from './record-history';
import { onceWithKey, requestHash, type StoredResponse } from './idempotency';
import { nextSerial } from './serial-numbers';
import { checkReferences } from './record-references';
import { recordNumberOf, reserveRecordNumbers, usesRecordNumber, withResolvers } from './formula-resolvers';
import {
  checkReopenFields,
  checkStartFieldAccess,
  guardRecordWrite,
  reopenApproval,
  startForNewRecords,
} from '../workflow/record-hooks';

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
  const { rows } = await db.query<{ time_zone: string; name: string }>(
    `SELECT o.time_zone, u.name FROM orgs o JOIN users u ON u.org_id = o.id WHERE o.id = $1 AND u.id = $2`,
    [principal.orgId, principal.userId],
  );
  const user: FormulaUser = {
    id: principal.userId,
    name: rows[0]?.name ?? '',
    departments: principal.departmentIds,
  };
  return { now: new Date(), timeZone: rows[0]?.time_zone ?? 'UTC', user };
}

/** Visibility rules see the same clock and user as formulas. */
export const visibilityContext = (compute: ComputeContext): QueryContext => ({
  now: compute.now,
  timeZone: compute.timeZone,
  userId: compute.user.id,
  userDepartmentIds: compute.user.departments,
});

/** Static and formula defaults for fields a new record leaves out. */
function withDefaults(
  ctx: FormContext,
  data: Record<string, unknown>,
  compute: ComputeContext,
): Record<string, unknown> {
  const out = { ...data };
  for (const field of ctx.form.fields) {
    if (field.default?.kind === 'static' && out[field.id] === undefined && fieldRegistry.of(field).writable) {
      out[field.id] = field.default.value;
    }
  }
  return applyFormulaDefaults(ctx.form, out, compute);
}

/** Runs formulas and validation rules; throws 400 with the rules' messages when one fails. */
async function finishValues(
  tx: Db,
  ctx: FormContext,
  data: Record<string, unknown>,
  baseCompute: ComputeContext,
  basePath: string,
): Promise<Record<string, unknown>> {
  const compute = await withResolvers(tx, ctx, baseCompute, data);
  const computed = computeFormulaFields(ctx.form, data, compute);
  const ruleIssues = runValidationRules(ctx.form, computed, compute);
  if (ruleIssues.length)
    throw validationFailed(
      ruleIssues.map((i) => ({ ...i, path: `${basePath}${i.path}` })),
      ruleIssues[0]!.message,
    );
  return computed;
}

export async function withSubforms(
  db: Db,
  ctx: FormContext,
  rows: Record<string, unknown>[],
): Promise<RecordDto[]> {
  const records = rows.map((row) => recordStore.toDto(ctx.table, row));
  const ids = records.map((r) => r.id);
  for (const [fieldId, sub] of ctx.subTables) {
    const byParent = await recordStore.loadRows(db, sub, ids);
    for (const record of records) record.data[fieldId] = byParent.get(record.id) ?? [];
  }
  return records;
}

/** Turns a unique-index violation into 409 naming the field; rethrows anything else. */
function uniqueViolation(ctx: FormContext, error: unknown): never {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') {
    const column = activeColumns(ctx.table).find(
      (c) =>
        c.unique &&
        (e.constraint === indexName('ux', ctx.table.table, c.column) ||
          e.message?.includes(indexName('ux', ctx.table.table, c.column))),
    );
    const field = ctx.form.fields.find((f) => f.id === column?.fieldId);
    const label = field ? (field.label.en ?? field.label['zh-CN'] ?? field.id) : 'A unique field';
    throw conflict('duplicate_value', `${label} must be unique: another record already has this value.`, [
      {
        path: field ? `/data/${field.id}` : '/data',
        code: 'duplicate_value',
        message: 'is already used by another record',
      },
    ]);
  }
  throw error;
}

async function assignSerials(
  tx: Db,
  ctx: FormContext,
  data: Record<string, unknown>,
  compute: ComputeContext,
): Promise<void> {
  for (const field of ctx.form.fields) {
    if (field.type === 'serial')
      data[field.id] = await nextSerial(tx, ctx.table.table, field, compute.now, compute.timeZone);
  }
}

/** A new record's values, ready to insert, with its reserved record number when formulas use RECNO. */
interface PreparedRecord {
  data: Record<string, unknown>;
  seq?: number;
}

async function insertRecords(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  items: PreparedRecord[],
  compute: ComputeContext,
): Promise<RecordDto[]> {
  const prepared = [];
  for (const { data, seq } of items) {
    await assignSerials(tx, ctx, data, compute);
    prepared.push({
      id: newId(),
      seq,
      data,
      actorId: principal.userId,
      ownerId: principal.userId,
      ownerDepartmentId: principal.departmentIds[0] ?? null,
    });
  }
  const rows = await recordStore
    .insert(tx, ctx.table, prepared)
    .catch((e: unknown) => uniqueViolation(ctx, e));
  for (const [fieldId, sub] of ctx.subTables) {
    for (const item of prepared) {
      const subRows = (item.data[fieldId] as Record<string, unknown>[] | undefined) ?? [];
      await recordStore.replaceRows(
        tx,
        sub,
        item.id,
        subRows.map((row) => ({ id: row.id as string, data: row })),
      );
    }
  }
  const records = await withSubforms(tx, ctx, rows);
  await writeHistory(
    tx,
    records.map((r) => ({
      orgId: principal.orgId,
      appId: ctx.app.id,
      formId: ctx.form.id,
      recordId: r.id,
      version: r.version,
      action: 'create' as const,
      actorId: principal.userId,
      // The record itself is the state a create leaves; history keeps the changes after it.
      changes: [],
    })),
  );
  await writeOutbox(
    tx,
    principal.orgId,
    'record.created',
    records.map((r) => ({ appId: ctx.app.id, formId: ctx.form.id, recordId: r.id })),
  );
  return records;
}

/** Validates and prepares new records' data; throws 400 listing every problem of every item. */
async function prepareNew(
  tx: Db,
  ctx: FormContext,
  items: unknown[],
  compute: ComputeContext,
  pathOf: (i: number) => string,
): Promise<PreparedRecord[]> {
  const details: ErrorDetail[] = [];
  const prepared: Record<string, unknown>[] = [];
  // RECNO() needs the record number before the insert, so it is reserved first (only then).
  const numbers = usesRecordNumber(ctx.form) ? await reserveRecordNumbers(tx, ctx, items.length) : [];
  for (const [i, raw] of items.entries()) {
    const base = pathOf(i);
    const checked = checkInput(ctx, raw, 'create', base, visibilityContext(compute));
    details.push(...checked.issues);
    if (checked.issues.length) {
      prepared.push({});
      continue;
    }
    details.push(...assignRowIds(ctx, checked.data, new Map(), base));
    const seq = numbers[i];
    const numbered =
      seq === undefined ? compute : { ...compute, recordNumber: recordNumberOf(ctx.form, seq) };
    prepared.push(await finishValues(tx, ctx, withDefaults(ctx, checked.data, numbered), numbered, base));
  }
  if (details.length) throw validationFailed(details);
  const references = await checkReferences(
    tx,
    ctx,
    prepared.map((data, i) => ({ data, path: pathOf(i) })),
    visibilityContext(compute),
  );
  if (references.length) throw validationFailed(references);
  return prepared.map((data, i) => ({ data, seq: numbers[i] }));
}

export async function createRecord(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: { data: unknown },
  idempotencyKey?: string,
): Promise<StoredResponse> {
  await authorize(principal, 'create', recordResource(principal, ref));
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const compute = await computeContext(db, principal);
  const hash = () => requestHash('POST', `${ref.appId}/${ref.formId}/records`, body);
  checkStartFieldAccess(ctx, [body.data], () => '/data');
  return onceWithKey(
    db,
    { orgId: principal.orgId, userId: principal.userId, key: idempotencyKey, hash },
    async (tx) => {
      const prepared = await prepareNew(tx, ctx, [body.data], compute, () => '/data');
      const inserted = await insertRecords(tx, ctx, principal, prepared, compute);
      // A process form's record starts its workflow in the same transaction (answered with its status).
      const [record] = await startForNewRecords(tx, ctx, principal, inserted);
      return { status: 201, body: { record } };
    },
  );
}

export async function createRecords(
  db: Db,
  principal: Principal,
  ref: FormRef,
  items: { data: unknown }[],
  idempotencyKey?: string,
): Promise<StoredResponse> {
  await authorize(principal, 'create', recordResource(principal, ref));
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const compute = await computeContext(db, principal);
  const hash = () => requestHash('POST', `${ref.appId}/${ref.formId}/records/batch`, items);
  checkStartFieldAccess(
    ctx,
    items.map((i) => i.data),
    (i) => `/items/${i}/data`,
  );
  return onceWithKey(
    db,
    { orgId: principal.orgId, userId: principal.userId, key: idempotencyKey, hash },
    async (tx) => {
      const prepared = await prepareNew(
        tx,
        ctx,
        items.map((i) => i.data),
        compute,
        (i) => `/items/${i}/data`,
      );
      const inserted = await insertRecords(tx, ctx, principal, prepared, compute);
      const records = await startForNewRecords(tx, ctx, principal, inserted);
      return { status: 201, body: { records } };
    },
  );
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

export async function getRecord(db: Db, principal: Principal, ref: FormRef, id: string): Promise<RecordDto> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const record = await loadRecord(db, ctx, id);
  await authorize(principal, 'read', recordResource(principal, ref, id, record.ownerId ?? undefined));
  return record;
}

/**
 * Updates a record with optimistic locking: `version` must be the stored one, otherwise 409 with
 * the current record so the client can merge. Formulas are recomputed over the merged values.
 */
export async function updateRecord(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  body: { data: unknown; version: number },
): Promise<RecordDto> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const compute = await computeContext(db, principal);
  const checked = checkInput(ctx, body.data, 'update', '/data', visibilityContext(compute));
  if (checked.issues.length) throw validationFailed(checked.issues);
  return db.transaction(async (tx) => {
    const current = await loadRecord(tx, ctx, id, { forUpdate: true });
    await authorize(principal, 'update', recordResource(principal, ref, id, current.ownerId ?? undefined));
    if (current.version !== body.version) {
      throw conflict(
        'stale_version',
        `This record was changed by someone else (now version ${current.version}). Review the current values and save again.`,
        { current },
      );
    }
    const referenceIssues = await checkReferences(
      tx,
      ctx,
      [{ data: checked.data, path: '/data', previous: current.data }],
      visibilityContext(compute),
    );
    if (referenceIssues.length) throw validationFailed(referenceIssues);
    return applyUpdate(tx, ctx, principal, current, checked.data, compute);
  });
}

/**
 * Writes checked update values (`checkInput(..., 'update')`, references already checked) to a
 * record locked in `tx`: subform row ids, formulas over the merged values, history and outbox.
 * Shared by single and bulk updates; returns `current` unchanged when nothing differs.
 */
export async function applyUpdate(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  current: RecordDto,
  data: Record<string, unknown>,
  compute: ComputeContext,
  basePath = '/data',
  opts: { workflowAction?: boolean } = {},
): Promise<RecordDto> {
  const id = current.id;
  // While a workflow runs, values change only through its task actions (field permissions); an
  // approved record follows its workflow's editAfterApproval rule (decision 0020).
  const grant = opts.workflowAction ? 'write' : await guardRecordWrite(tx, ctx, principal, id, 'edit');
  const rowIds = new Map<string, Set<string>>();
  for (const fieldId of ctx.subTables.keys()) {
    rowIds.set(
      fieldId,
      new Set(((current.data[fieldId] as { id: string }[] | undefined) ?? []).map((r) => r.id)),
    );
  }
  const rowIssues = assignRowIds(ctx, data, rowIds, basePath);
  if (rowIssues.length) throw validationFailed(rowIssues);
  const numbered = usesRecordNumber(ctx.form)
    ? { ...compute, recordNumber: recordNumberOf(ctx.form, await recordStore.seqOf(tx, ctx.table, id)) }
    : compute;
  const merged = await finishValues(tx, ctx, { ...current.data, ...data }, numbered, basePath);
  const stored = storedFields(ctx.form.fields);
  const changes = Object.fromEntries(Object.entries(merged).filter(([field]) => stored.has(field)));
  const diff = diffData(current.data, changes);
  if (diff.length === 0) return current;
  if (grant === 'reopen') {
    // Only values the submitter changed re-open the approval (not formulas recomputed alone).
    const changed = diff.filter((d) => Object.hasOwn(data, d.field));
    if (changed.length === 0) return current;
    checkReopenFields(ctx, Object.fromEntries(changed.map((d) => [d.field, true])), basePath);
  }
  await recordStore
    .update(tx, ctx.table, id, changes, principal.userId)
    .catch((e: unknown) => uniqueViolation(ctx, e));
  for (const [fieldId, sub] of ctx.subTables) {
    if (!Object.prototype.hasOwnProperty.call(data, fieldId)) continue;
    const rows = (merged[fieldId] as Record<string, unknown>[] | null) ?? [];
    await recordStore.replaceRows(
      tx,
      sub,
      id,
      rows.map((row) => ({ id: row.id as string, data: row })),
    );
  }
  const saved = await loadRecord(tx, ctx, id);
  await writeHistory(tx, [
    {
      orgId: principal.orgId,
      appId: ctx.app.id,
      formId: ctx.form.id,
      recordId: id,
      version: saved.version,
      action: 'update',
      actorId: principal.userId,
      changes: diff,
    },
  ]);
  await writeOutbox(tx, principal.orgId, 'record.updated', [
    { appId: ctx.app.id, formId: ctx.form.id, recordId: id, fields: diff.map((d) => d.field) },
  ]);
  // reopen: the submitter changed their approved record, so it goes through the approval again.
  return grant === 'reopen' ? reopenApproval(tx, ctx, principal, saved) : saved;
}

/** Field ids whose values are stored with the record (columns and subform rows). */
function storedFields(fields: readonly FieldDefinition[]): Set<string> {
  return new Set(
    fields
      .filter((f) => f.type === 'subform' || fieldRegistry.of(f).storage(f as never) !== null)
      .map((f) => f.id),
  );
}

/** Soft delete (`deleted: true`) or restore (`deleted: false`). */
export async function setRecordDeleted(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  deleted: boolean,
): Promise<RecordDto> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  return db.transaction(async (tx) => {
    const current = await loadRecord(tx, ctx, id, { forUpdate: true, includeDeleted: true });
    await authorize(
      principal,
      deleted ? 'delete' : 'update',
      recordResource(principal, ref, id, current.ownerId ?? undefined),
    );
    if (deleted === (current.deletedAt !== null)) {
      if (deleted) throw notFound('Record');
      return current;
    }
    return applySetDeleted(tx, ctx, principal, id, deleted);
  });
}

/**
 * Marks a record locked in `tx` deleted or restored, with history and outbox. The caller has
 * checked that the state changes. Shared by single and bulk deletes.
 */
export async function applySetDeleted(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  id: string,
  deleted: boolean,
): Promise<RecordDto> {
  // A record in a running approval is withdrawn or finished first, never deleted under its tasks;
  // an approved one only when its workflow allows edits after approval (decision 0020).
  if (deleted) await guardRecordWrite(tx, ctx, principal, id, 'delete');
  await recordStore
    .setDeleted(tx, ctx.table, id, deleted, principal.userId)
    .catch((e: unknown) => uniqueViolation(ctx, e));
  const record = await loadRecord(tx, ctx, id, { includeDeleted: true });
  const action = deleted ? 'delete' : 'restore';
  await writeHistory(tx, [
    {
      orgId: principal.orgId,
      appId: ctx.app.id,
      formId: ctx.form.id,
      recordId: id,
      version: record.version,
      action,
      actorId: principal.userId,
      changes: [],
    },
  ]);
  await writeOutbox(tx, principal.orgId, deleted ? 'record.deleted' : 'record.restored', [
    { appId: ctx.app.id, formId: ctx.form.id, recordId: id },
  ]);
  return record;
}

export async function recordHistory(db: Db, principal: Principal, ref: FormRef, id: string) {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const record = await loadRecord(db, ctx, id, { includeDeleted: true });
  await authorize(principal, 'read', recordResource(principal, ref, id, record.ownerId ?? undefined));
  return readHistory(db, principal.orgId, ref.appId, ref.formId, id);
}
