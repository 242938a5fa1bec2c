import type { Request } from 'express';
import { authorize, requirePrincipal, type Principal } from '../access';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { AppError, validationFailed } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import type { RecordDto } from '../storage/record-store';
import { checkInput } from './record-input';
import { checkReferences } from './record-references';
import {
  MAX_BATCH,
  applySetDeleted,
  applyUpdate,
  computeContext,
  loadRecord,
  recordResource,
  type FormRef,
  visibilityContext,
} from './records.service';

/** At most this many records per bulk request (the batch limit). */
export const MAX_BULK = MAX_BATCH;

const idsSchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_BULK,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 64 },
} as const;

const bulkUpdateBody = {
  type: 'object',
  properties: { ids: idsSchema, data: { type: 'object', minProperties: 1 } },
  required: ['ids', 'data'],
  additionalProperties: false,
} as const;

const bulkDeleteBody = {
  type: 'object',
  properties: { ids: idsSchema },
  required: ['ids'],
  additionalProperties: false,
} as const;

/** 404 naming the ids that are unknown, deleted or in another org's table (never revealed apart). */
const missingRecords = (ids: string[]) =>
  new AppError(404, 'not_found', `${ids.length} of the records were not found (deleted or unknown).`, {
    missing: ids,
  });

/** Locks the live records among `ids` in `tx`; throws 404 listing the others. */
async function lockLive(tx: Db, ctx: FormContext, ids: readonly string[]): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM ${quoteIdent(ctx.table.table)} WHERE id = ANY($1::text[]) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [ids],
  );
  const live = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !live.has(id));
  if (missing.length) throw missingRecords(missing);
}

async function loadLocked(
  tx: Db,
  principal: Principal,
  ref: FormRef,
  ctx: FormContext,
  id: string,
  action: 'update' | 'delete',
): Promise<RecordDto> {
  const current = await loadRecord(tx, ctx, id);
  await authorize(principal, action, recordResource(principal, ref, id, current.ownerId ?? undefined));
  return current;
}

/**
 * Sets the same values on many records in one transaction: validated like an update, formulas
 * recomputed and history written per record; any failure (a missing id, a rule, a duplicate
 * unique value) rolls everything back. No optimistic locking: the user edits a selection, not
 * versions they have seen.
 */
export async function bulkUpdate(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: { ids: string[]; data: unknown },
): Promise<{ updated: number; records: RecordDto[] }> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const compute = await computeContext(db, principal);
  const checked = checkInput(ctx, body.data, 'update', '/data', visibilityContext(compute));
  if (checked.issues.length) throw validationFailed(checked.issues);
  return db.transaction(async (tx) => {
    await lockLive(tx, ctx, body.ids);
    const references = await checkReferences(
      tx,
      ctx,
      [{ data: checked.data, path: '/data' }],
      visibilityContext(compute),
    );
    if (references.length) throw validationFailed(references);
    const records: RecordDto[] = [];
    for (const id of body.ids) {
      const current = await loadLocked(tx, principal, ref, ctx, id, 'update');
      // applyUpdate gives new subform rows ids in place: each record gets its own copy.
      records.push(await applyUpdate(tx, ctx, principal, current, structuredClone(checked.data), compute));
    }
    return { updated: records.length, records };
  });
}

/** Soft-deletes many live records in one transaction, with history per record; all or nothing. */
export async function bulkDelete(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: { ids: string[] },
): Promise<{ deleted: number }> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  return db.transaction(async (tx) => {
    await lockLive(tx, ctx, body.ids);
    for (const id of body.ids) {
      await loadLocked(tx, principal, ref, ctx, id, 'delete');
      await applySetDeleted(tx, ctx, principal, id, true);
    }
    return { deleted: body.ids.length };
  });
}

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const BASE = '/apps/:app/forms/:form/records';

/** `POST …/records/bulk-update` and `POST …/records/bulk-delete` (docs/api.md). */
export const bulkRoutes: RouteModule = (router, { db }) => {
  router.post(`${BASE}/bulk-update`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ ids: string[]; data: unknown }>(bulkUpdateBody, req.body);
    const result = await bulkUpdate(db, principal, formRef(req), body);
    res.json({ updated: result.updated, records: result.records });
  });

  router.post(`${BASE}/bulk-delete`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ ids: string[] }>(bulkDeleteBody, req.body);
    res.json(await bulkDelete(db, principal, formRef(req), body));
  });
};
