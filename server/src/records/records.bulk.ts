import { maskRecord } from '@tangram/acl';
import type { Request } from 'express';
import { requirePrincipal, type Principal } from '../access';
import type { Db } from '../db/db';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { writeAudit } from '../org/audit-log';
import type { RecordDto } from '../storage/record-store';
import type { WriteContext } from './kernel/hooks';
import { openReader } from './kernel/reader';
import type { WritePipeline } from './kernel/write-pipeline';
import { MAX_BATCH, type FormRef } from './records.service';
import { writeTarget } from './records.writes';
import { requestLocale, withRelationDisplay } from './relation-display';

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

/**
 * Sets the same values on many records in one transaction: validated like an update, formulas
 * recomputed and history written per record; any failure (a missing or out-of-scope id, a rule, a
 * duplicate unique value) rolls everything back. No optimistic locking: the user edits a
 * selection, not versions they have seen. One audit row records the bulk edit.
 */
export async function bulkUpdate(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  body: { ids: string[]; data: unknown },
): Promise<{ updated: number; records: RecordDto[] }> {
  const { grant, base } = await writeTarget(db, principal, ref, 'bulk');
  return db.transaction(async (tx) => {
    const w = { ...base, tx };
    const selected = await writes.lockMany(w, 'edit', body.ids);
    const data = await writes.checkUpdate(w, body.data, '/data');
    const records: RecordDto[] = [];
    for (const current of selected) {
      // The pipeline gives new subform rows ids in place: each record gets its own copy.
      records.push(maskRecord(grant, await writes.update(w, current, structuredClone(data))));
    }
    await auditBulk(w, 'record.bulk_update', body.ids, { fields: Object.keys(data) });
    return { updated: records.length, records };
  });
}

/** Soft-deletes many live records in one transaction, with history and audit per record; all or nothing. */
export async function bulkDelete(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  body: { ids: string[] },
): Promise<{ deleted: number }> {
  const { base } = await writeTarget(db, principal, ref, 'bulk');
  return db.transaction(async (tx) => {
    const w = { ...base, tx };
    for (const current of await writes.lockMany(w, 'delete', body.ids))
      await writes.setDeleted(w, current, true);
    await auditBulk(w, 'record.bulk_delete', body.ids);
    return { deleted: body.ids.length };
  });
}

/** One audit row for a bulk request (each delete also has its own `record.delete` row). */
async function auditBulk(
  w: WriteContext,
  action: string,
  ids: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  await writeAudit(w.tx, {
    orgId: w.principal.orgId,
    actorId: w.principal.userId,
    action,
    targetType: 'form',
    targetId: w.form.form.id,
    detail: { appId: w.form.app.id, formId: w.form.form.id, count: ids.length, ids, ...extra },
  });
}

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const BASE = '/apps/:app/forms/:form/records';

/** `POST …/records/bulk-update` and `POST …/records/bulk-delete` (docs/api.md). */
export const bulkRoutes: RouteModule = (router, { db, writes }) => {
  router.post(`${BASE}/bulk-update`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ ids: string[]; data: unknown }>(bulkUpdateBody, req.body);
    const result = await bulkUpdate(db, writes, principal, formRef(req), body);
    // With their relations' titles, as a single update's answer (decision 0035): the data view
    // replaces its rows with these, and a row must not fall back to showing linked records' ids.
    const records = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      result.records,
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    res.json({ updated: result.updated, records });
  });

  router.post(`${BASE}/bulk-delete`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ ids: string[] }>(bulkDeleteBody, req.body);
    res.json(await bulkDelete(db, writes, principal, formRef(req), body));
  });
};
