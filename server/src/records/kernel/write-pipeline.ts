/**
 * The write door of the records kernel (decision 0023): every change of a live record goes
 * through one pipeline, in the caller's transaction:
 *
 *   access (grant: action, row scope, editable fields) -> validate -> compute (defaults, formulas,
 *   serials, record numbers) -> persist -> history + outbox (+ audit for deletes and restores)
 *   -> registered hooks (workflow, later automations and aggregates).
 *
 * Features take part through the hook registry (hooks.ts), so this module imports none of them.
 */
import { canDo } from '@tangram/acl';
import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition } from '@tangram/schema';
import type { Principal } from '../../access';
import type { FormContext } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import { newId } from '../../db/ids';
import { quoteIdent } from '../../db/sql/ident';
import { AppError, conflict, notFound, validationFailed, type ErrorDetail } from '../../http/app-error';
import { writeAudit } from '../../org/audit-log';
import { purgeDeletedRecord } from '../../storage/purge';
import { indexName } from '../../storage/search-index';
import { activeColumns, recordStore, type RecordDto } from '../../storage/record-store';
import {
  applyFormulaDefaults,
  computeFormulaFields,
  runValidationRules,
  type ComputeContext,
} from '../formula-fields';
import { recordNumberOf, reserveRecordNumbers, usesRecordNumber, withResolvers } from '../formula-resolvers';
import { assignRowIds, checkInput } from '../record-input';
import { diffData, writeHistory, writeOutbox } from '../record-history';
import { failpoint } from '../../reliability/failpoints';
import { checkReferences } from '../record-references';
import { loadRecord, loadSubforms, visibilityContext } from '../records.service';
import { nextSerial } from '../serial-numbers';
import {
  createHookRegistry,
  type HookRegistry,
  type PendingChange,
  type StatusChange,
  type StatusContext,
  type StoredChange,
  type WriteContext,
} from './hooks';
import { writeCreated } from './created-log';
import { applyLinkageDefaults } from './linkage-defaults';
import { openReader, type RecordReader } from './reader';
import {
  assertCanCreate,
  assertWritableFields,
  classifyRows,
  refusedRecords,
  type WriteRowAction,
} from './write-access';

export interface WritePipeline {
  readonly hooks: HookRegistry;
  /**
   * Creates records (one or a batch, all or nothing): needs `create`, refuses fields the writer may
   * not edit (422), then validates every item (400 listing every problem), computes and inserts.
   * Answers the records as hooks left them (e.g. with the status of the approval they started).
   */
  create(w: WriteContext, items: readonly unknown[], pathOf: (i: number) => string): Promise<RecordDto[]>;
  /**
   * Locks one record for an edit, a delete or a restore: 404 when it is unknown, deleted (except
   * for a restore) or outside the writer's view scope, 403 when visible but outside the action.
   */
  lockOne(w: WriteContext, action: WriteAction, id: string): Promise<RecordDto>;
  /** Locks many live records, all or nothing: 404 listing the ids not found or not visible, 403 the refused. */
  lockMany(w: WriteContext, action: 'edit' | 'delete', ids: readonly string[]): Promise<RecordDto[]>;
  /**
   * Checks the values an update sends, once for any number of records: editable fields (422), the
   * record schema (400) and references (400). `previous` lets existing links stay (see checkReferences).
   */
  checkUpdate(
    w: WriteContext,
    input: unknown,
    basePath: string,
    previous?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /**
   * Writes checked values to a record obtained from `lockOne`/`lockMany` (or a workflow task's own
   * locked record): formulas over the merged values, history, outbox, hooks. Returns `current`
   * unchanged when nothing differs.
   */
  update(
    w: WriteContext,
    current: RecordDto,
    data: Record<string, unknown>,
    basePath?: string,
  ): Promise<RecordDto>;
  /** Soft-deletes or restores a locked record whose state changes, with history, outbox and audit. */
  setDeleted(w: WriteContext, current: RecordDto, deleted: boolean): Promise<RecordDto>;
  /**
   * Destroys a record in the recycle bin (locked with `lockOne(w, 'restore', id)`): needs `manage`
   * (app admins; 403 `purge_not_allowed`), refuses a live record (409 `record_not_deleted`), and
   * audits `record.purge` in the same transaction. History rows stay for the audit trail.
   */
  purge(w: WriteContext, current: RecordDto): Promise<void>;
  /**
   * Runs the hooks of a workflow status change the workflow service just stored (same
   * transaction); a hook may refuse it by throwing, which rolls the transition back.
   */
  statusChanged(ctx: StatusContext, change: StatusChange): Promise<void>;
}

/** What a write does to an existing record; a restore undoes a delete, so it needs `delete`. */
export type WriteAction = 'edit' | 'delete' | 'restore';

const ROW_ACTION: Record<WriteAction, WriteRowAction> = { edit: 'edit', delete: 'delete', restore: 'delete' };

/** Builds the pipeline around a hook registry (one per app, made by `createApp`). */
export function createWritePipeline(hooks: HookRegistry = createHookRegistry()): WritePipeline {
  async function beforeWrite(w: WriteContext, change: PendingChange): Promise<void> {
    for (const { hooks: h } of hooks.list()) await h.beforeWrite?.(w, change);
  }

  async function afterWrite(
    w: WriteContext,
    change: StoredChange,
    records: RecordDto[],
  ): Promise<RecordDto[]> {
    let out = records;
    // Later hooks see the records as earlier ones answered them (e.g. aggregates see the status
    // of the approval the workflow hook just started on a new record).
    let seen = change;
    for (const { hooks: h } of hooks.list()) {
      const answered = await h.afterWrite?.(w, seen);
      if (answered) {
        out = answered;
        seen = withRecords(seen, answered);
      }
    }
    return out;
  }

  /**
   * Whether the `record.created` events of this create carry the records (decision 0066): when a
   * hook reads them, or when no hook says whether it does (nothing is known of the readers).
   */
  async function createdEventsCarryRecords(w: WriteContext): Promise<boolean> {
    const readers = hooks.list().filter(({ hooks: h }) => h.readsCreatedRecords);
    if (readers.length === 0) return true;
    for (const { hooks: h } of readers) if (await h.readsCreatedRecords!(w)) return true;
    return false;
  }

  return {
    hooks,

    async statusChanged(ctx, change) {
      for (const { hooks: h } of hooks.list()) await h.afterStatusChange?.(ctx, change);
    },

    async create(w, items, pathOf) {
      assertCanCreate(w.grant);
      assertWritableFields(
        w.form,
        w.grant,
        items.map((data, i) => ({ data, path: pathOf(i) })),
      );
      await beforeWrite(w, { kind: 'create', items, pathOf });
      const prepared = await prepareNew(w.tx, w.form, w.principal, items, w.compute, pathOf);
      const inserted = await insertRecords(w, prepared, await createdEventsCarryRecords(w));
      return afterWrite(w, { kind: 'create', records: inserted }, inserted);
    },

    async lockOne(w, action, id) {
      const current = await loadRecord(w.tx, w.form, id, {
        forUpdate: true,
        includeDeleted: action !== 'edit',
      });
      const { hidden, refused } = await classifyRows(
        w.tx,
        w.form,
        w.grant,
        ROW_ACTION[action],
        [id],
        visibilityContext(w.compute),
      );
      if (hidden.length) throw notFound('Record');
      if (refused.length) throw refusedRecord(action);
      return current;
    },

    async lockMany(w, action, ids) {
      const { rows } = await w.tx.query<{ id: string }>(
        `SELECT id FROM ${quoteIdent(w.form.table.table)} WHERE id = ANY($1::text[]) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
        [ids],
      );
      const live = new Set(rows.map((r) => r.id));
      const { hidden, refused } = await classifyRows(
        w.tx,
        w.form,
        w.grant,
        action,
        ids.filter((id) => live.has(id)),
        visibilityContext(w.compute),
      );
      // Unknown, deleted and invisible records are reported alike: a scope never reveals existence.
      const missing = ids.filter((id) => !live.has(id) || hidden.includes(id));
      if (missing.length) throw missingRecords(missing);
      if (refused.length) throw refusedRecords(action, refused);
      const records: RecordDto[] = [];
      for (const id of ids) records.push(await loadRecord(w.tx, w.form, id));
      return records;
    },

    async checkUpdate(w, input, basePath, previous) {
      assertWritableFields(w.form, w.grant, [{ data: input, path: basePath }]);
      const qctx = visibilityContext(w.compute);
      const checked = checkInput(w.form, input, 'update', basePath, qctx, w.compute.country);
      if (checked.issues.length) throw validationFailed(checked.issues);
      const references = await checkReferences(
        w.tx,
        w.form,
        [{ data: checked.data, path: basePath, ...(previous ? { previous } : {}) }],
        w.principal,
      );
      if (references.length) throw validationFailed(references);
      return checked.data;
    },

    async update(w, current, data, basePath = '/data') {
      const { tx, form: ctx, principal } = w;
      const id = current.id;
      await beforeWrite(w, { kind: 'update', current, basePath });
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
        ? {
            ...w.compute,
            recordNumber: recordNumberOf(ctx.form, await recordStore.seqOf(tx, ctx.table, id)),
          }
        : w.compute;
      // Hidden fields are never in `data` (refused as not editable), so the merge keeps their values.
      const merged = await finishValues(tx, ctx, { ...current.data, ...data }, numbered, basePath);
      const stored = storedFields(ctx.form.fields);
      const changes = Object.fromEntries(Object.entries(merged).filter(([field]) => stored.has(field)));
      const diff = diffData(current.data, changes);
      if (diff.length === 0) return current;
      const sentChanges = diff.filter((d) => Object.hasOwn(data, d.field)).map((d) => d.field);
      for (const { hooks: h } of hooks.list())
        if ((await h.beforePersist?.(w, { current, diff, sentChanges, basePath })) === 'skip') return current;
      await recordStore
        .update(tx, ctx.table, id, changes, principal.userId)
        .catch((e: unknown) => uniqueViolation(ctx, e));
      failpoint('record.after_insert');
      for (const [fieldId, sub] of ctx.subTables) {
        if (!Object.hasOwn(data, fieldId)) continue;
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
      failpoint('record.after_history');
      await writeOutbox(tx, principal.orgId, 'record.updated', [
        {
          appId: ctx.app.id,
          formId: ctx.form.id,
          recordId: id,
          fields: diff.map((d) => d.field),
          ...eventState(w, saved, current),
        },
      ]);
      const [answer] = await afterWrite(w, { kind: 'update', before: current, record: saved, diff }, [saved]);
      return answer ?? saved;
    },

    async setDeleted(w, current, deleted) {
      const { tx, form: ctx, principal } = w;
      const id = current.id;
      const kind = deleted ? 'delete' : 'restore';
      await beforeWrite(w, { kind, current });
      await recordStore
        .setDeleted(tx, ctx.table, id, deleted, principal.userId)
        .catch((e: unknown) => uniqueViolation(ctx, e));
      const record = await loadRecord(tx, ctx, id, { includeDeleted: true });
      await writeHistory(tx, [
        {
          orgId: principal.orgId,
          appId: ctx.app.id,
          formId: ctx.form.id,
          recordId: id,
          version: record.version,
          action: kind,
          actorId: principal.userId,
          changes: [],
        },
      ]);
      await writeOutbox(tx, principal.orgId, deleted ? 'record.deleted' : 'record.restored', [
        { appId: ctx.app.id, formId: ctx.form.id, recordId: id, ...eventState(w, record) },
      ]);
      // Deletes and restores are audited where they happen, so no channel can skip it.
      await writeAudit(tx, {
        orgId: principal.orgId,
        actorId: principal.userId,
        action: `record.${kind}`,
        targetType: 'record',
        targetId: id,
        detail: { appId: ctx.app.id, formId: ctx.form.id, source: w.source, title: titleOf(ctx, record) },
      });
      const [answer] = await afterWrite(w, { kind, record }, [record]);
      return answer ?? record;
    },

    async purge(w, current) {
      const { tx, form: ctx, principal } = w;
      if (!canDo(w.grant, 'manage'))
        throw new AppError(403, 'purge_not_allowed', 'Only app admins can delete records permanently.');
      if (current.deletedAt === null)
        throw new AppError(
          409,
          'record_not_deleted',
          'Only records in the recycle bin can be deleted permanently; delete it first.',
        );
      if (!(await purgeDeletedRecord(tx, ctx.table.table, current.id))) throw notFound('Record');
      await writeAudit(tx, {
        orgId: principal.orgId,
        actorId: principal.userId,
        action: 'record.purge',
        targetType: 'record',
        targetId: current.id,
        detail: { appId: ctx.app.id, formId: ctx.form.id, source: w.source, title: titleOf(ctx, current) },
      });
    },
  };
}

/**
 * What automations need of a write in its outbox event (decision 0029): the record as the write
 * left it and, for updates, as it was, so conditions over old and new values see the state of this
 * write rather than whatever the record holds when the event is processed; and the automation
 * chain depth of the writer (absent for a person).
 */
function eventState(w: WriteContext, record: RecordDto, before?: RecordDto): Record<string, unknown> {
  return {
    record: eventRecord(record),
    ...(before ? { before: eventRecord(before) } : {}),
    ...(w.chain ? { chain: w.chain } : {}),
  };
}

const eventRecord = (r: RecordDto) => ({
  ...r.data,
  id: r.id,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
  ownerId: r.ownerId,
  workflowStatus: r.workflowStatus,
});

/** The same change with the records a hook answered (in the same order). */
function withRecords(change: StoredChange, records: RecordDto[]): StoredChange {
  if (change.kind === 'create') return { kind: 'create', records };
  const record = records[0];
  return record ? { ...change, record } : change;
}

/** The record's title for the audit log (who deleted "ACME order 42"), or null. */
function titleOf(ctx: FormContext, record: RecordDto): string | null {
  const value = ctx.form.titleField ? record.data[ctx.form.titleField] : undefined;
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 200);
}

function refusedRecord(action: WriteAction): AppError {
  const verb = action === 'edit' ? 'change' : action;
  return new AppError(403, 'record_not_writable', `You are not allowed to ${verb} this record.`);
}

/** 404 naming the ids that are unknown, deleted, another org's or out of scope (never told apart). */
const missingRecords = (ids: string[]) =>
  new AppError(404, 'not_found', `${ids.length} of the records were not found (deleted or unknown).`, {
    missing: ids,
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

/** Inserts records with their subform rows, history and `record.created` events (whole or slim). */
async function insertRecords(
  w: WriteContext,
  items: PreparedRecord[],
  eventsCarryRecords: boolean,
): Promise<RecordDto[]> {
  const { tx, form: ctx, principal, compute } = w;
  if (items.length === 0) return [];
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
  const inserted = await recordStore
    .insert(tx, ctx.table, prepared)
    .catch((e: unknown) => uniqueViolation(ctx, e));
  failpoint('record.after_insert');
  for (const [fieldId, sub] of ctx.subTables) {
    await recordStore.insertRows(
      tx,
      sub,
      prepared.flatMap((item) =>
        ((item.data[fieldId] as Record<string, unknown>[] | undefined) ?? []).map((row, position) => ({
          parentId: item.id,
          position,
          row: { id: row.id as string, data: row },
        })),
      ),
    );
  }
  await writeCreated(
    tx,
    ctx,
    prepared.map((r) => r.id),
    {
      orgId: principal.orgId,
      actorId: principal.userId,
      ...(w.chain ? { chain: w.chain } : {}),
    },
    eventsCarryRecords ? 'records' : { version: inserted.version },
  );
  failpoint('record.after_history');
  // Answered from the inserted values (the store's codec both ways, as a read does) and what the
  // insert chose; only subform rows are read back (decision 0052).
  return loadSubforms(
    tx,
    ctx,
    prepared.map((r) => recordStore.newDto(ctx.table, r, inserted)),
  );
}

/** Validates and prepares new records' data; throws 400 listing every problem of every item. */
async function prepareNew(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  items: readonly unknown[],
  compute: ComputeContext,
  pathOf: (i: number) => string,
): Promise<PreparedRecord[]> {
  const details: ErrorDetail[] = [];
  const prepared: Record<string, unknown>[] = [];
  // RECNO() needs the record number before the insert, so it is reserved first (only then).
  const numbers = usesRecordNumber(ctx.form) ? await reserveRecordNumbers(tx, ctx, items.length) : [];
  let reader: RecordReader | undefined;
  for (const [i, raw] of items.entries()) {
    const base = pathOf(i);
    const checked = checkInput(ctx, raw, 'create', base, visibilityContext(compute), compute.country);
    details.push(...checked.issues);
    if (checked.issues.length) {
      prepared.push({});
      continue;
    }
    details.push(...assignRowIds(ctx, checked.data, new Map(), base));
    const seq = numbers[i];
    const numbered =
      seq === undefined ? compute : { ...compute, recordNumber: recordNumberOf(ctx.form, seq) };
    // Linkage defaults read as the writer (decision 0031), before formula defaults that may use them.
    const linked = await applyLinkageDefaults((reader ??= openReader(tx, principal)), ctx, checked.data);
    prepared.push(await finishValues(tx, ctx, withDefaults(ctx, linked, numbered), numbered, base));
  }
  if (details.length) throw validationFailed(details);
  const references = await checkReferences(
    tx,
    ctx,
    prepared.map((data, i) => ({ data, path: pathOf(i) })),
    principal,
  );
  if (references.length) throw validationFailed(references);
  return prepared.map((data, i) => ({ data, seq: numbers[i] }));
}

/** Field ids whose values are stored with the record (columns and subform rows). */
function storedFields(fields: readonly FieldDefinition[]): Set<string> {
  return new Set(
    fields
      .filter((f) => f.type === 'subform' || fieldRegistry.of(f).storage(f as never) !== null)
      .map((f) => f.id),
  );
}
