/**
 * The record write routes' services: create, batch create, update, delete and restore. Each
 * resolves the writer's Grant and calls the write pipeline (kernel/write-pipeline.ts), which is
 * the only code that changes live records; answers carry only the fields the writer may see.
 */
import { maskRecord, type Grant } from '@tangram/acl';
import type { Principal } from '../access';
import { grantFor } from '../access/grants';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { conflict, notFound, withChinese } from '../http/app-error';
import type { RecordDto } from '../storage/record-store';
import { onceWithKey, requestHash, type StoredResponse } from './idempotency';
import { failpoint } from '../reliability/failpoints';
import type { WriteContext, WriteSource } from './kernel/hooks';
import type { WritePipeline } from './kernel/write-pipeline';
import { openReader } from './kernel/reader';
import { computeContext, type FormRef } from './records.service';

/** The form, the writer's grant and clock: what every write of one request shares. */
export interface WriteTarget {
  ctx: FormContext;
  grant: Grant;
  base: Omit<WriteContext, 'tx'>;
}

/** Loads the form and resolves the writer's grant (404 for another org's or unknown form). */
export async function writeTarget(
  db: Db,
  principal: Principal,
  ref: FormRef,
  source: WriteSource,
): Promise<WriteTarget> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const grant = await grantFor(db, principal, ctx.app, ctx.form.id);
  // As on the read door: an app the writer is not a member of is not revealed.
  if (grant.appRole === null) throw notFound('App');
  const compute = await computeContext(db, principal);
  return { ctx, grant, base: { form: ctx, principal, grant, compute, source } };
}

/**
 * A written record as the writer reads it: with the lookup values they may see (decision 0031),
 * computed in the write's transaction, so the answer of a save shows the server's lookups.
 */
async function withLookups(
  tx: Db,
  principal: Principal,
  ref: FormRef,
  records: RecordDto[],
): Promise<RecordDto[]> {
  if (!records.length) return records;
  const ctx = await loadForm(tx, principal.orgId, ref.appId, ref.formId);
  if (!ctx.form.fields.some((f) => f.type === 'lookup')) return records;
  const reader = openReader(tx, principal);
  const { lookups } = await reader.open(ref);
  if (lookups.size === 0) return records;
  return Promise.all(
    records.map(async (r) => ({ ...r, data: { ...r.data, ...(await reader.lookupValues(ref, r.data)) } })),
  );
}

export async function createRecord(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  body: { data: unknown },
  idempotencyKey?: string,
): Promise<StoredResponse> {
  const { grant, base } = await writeTarget(db, principal, ref, 'api');
  const hash = () => requestHash('POST', `${ref.appId}/${ref.formId}/records`, body);
  return onceWithKey(
    db,
    { orgId: principal.orgId, userId: principal.userId, key: idempotencyKey, hash },
    async (tx) => {
      const created = await writes.create({ ...base, tx }, [body.data], () => '/data');
      const [record] = await withLookups(tx, principal, ref, created);
      return { status: 201, body: { record: maskRecord(grant, record!) } };
    },
  );
}

/** What a batch create answers: only ids and versions (the API's default), or the records as read. */
export type BatchAnswer = 'records' | 'ids';

export async function createRecords(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  items: { data: unknown }[],
  idempotencyKey?: string,
  answer: BatchAnswer = 'ids',
): Promise<StoredResponse> {
  const { grant, base } = await writeTarget(db, principal, ref, 'api');
  // The answer's shape is part of the request: a replay with the other shape is a different request.
  const path = `${ref.appId}/${ref.formId}/records/batch${answer === 'ids' ? '?return=ids' : ''}`;
  const hash = () => requestHash('POST', path, items);
  return onceWithKey(
    db,
    { orgId: principal.orgId, userId: principal.userId, key: idempotencyKey, hash },
    async (tx) => {
      if (answer === 'ids') {
        const created = await writes.create(
          { ...base, tx },
          items.map((i) => i.data),
          (i) => `/items/${i}/data`,
        );
        return { status: 201, body: { records: created.map((r) => ({ id: r.id, version: r.version })) } };
      }
      const records = await withLookups(
        tx,
        principal,
        ref,
        await writes.create(
          { ...base, tx },
          items.map((i) => i.data),
          (i) => `/items/${i}/data`,
        ),
      );
      return { status: 201, body: { records: records.map((r) => maskRecord(grant, r)) } };
    },
  );
}

/**
 * Updates a record with optimistic locking: `version` must be the stored one, otherwise 409 with
 * the current record (as the writer may see it) so the client can merge. Formulas are recomputed
 * over the merged values; fields the writer cannot see keep their stored values.
 */
export async function updateRecord(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  id: string,
  body: { data: unknown; version: number },
): Promise<RecordDto> {
  const { grant, base } = await writeTarget(db, principal, ref, 'api');
  const answer = await db.transaction(async (tx) => {
    const w = { ...base, tx };
    const current = await writes.lockOne(w, 'edit', id);
    const data = await writes.checkUpdate(w, body.data, '/data', current.data);
    if (current.version !== body.version) {
      throw withChinese(
        conflict(
          'stale_version',
          `This record was changed by someone else (now version ${current.version}). Review the current values and save again.`,
          { current: maskRecord(grant, current) },
        ),
        `这条数据已被他人修改（现为第 ${current.version} 版），请查看最新内容后再保存。`,
      );
    }
    const [updated] = await withLookups(tx, principal, ref, [await writes.update(w, current, data)]);
    failpoint('record.before_commit');
    return maskRecord(grant, updated!);
  });
  failpoint('record.after_commit');
  return answer;
}

/** Soft delete (`deleted: true`) or restore (`deleted: false`). */
export async function setRecordDeleted(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  id: string,
  deleted: boolean,
): Promise<RecordDto> {
  const { grant, base } = await writeTarget(db, principal, ref, 'api');
  return db.transaction(async (tx) => {
    const w = { ...base, tx };
    const current = await writes.lockOne(w, deleted ? 'delete' : 'restore', id);
    if (deleted === (current.deletedAt !== null)) {
      if (deleted) throw notFound('Record');
      return maskRecord(grant, current);
    }
    return maskRecord(grant, await writes.setDeleted(w, current, deleted));
  });
}

/**
 * `DELETE …/recycle-bin/:id`: destroys a record in the recycle bin. Locked like a restore (404
 * outside the writer's view scope, 403 outside the delete scope), then the pipeline's `purge`
 * (admins only, deleted records only, audited).
 */
export async function purgeRecord(
  db: Db,
  writes: WritePipeline,
  principal: Principal,
  ref: FormRef,
  id: string,
): Promise<void> {
  const { base } = await writeTarget(db, principal, ref, 'api');
  await db.transaction(async (tx) => {
    const w = { ...base, tx };
    const current = await writes.lockOne(w, 'restore', id);
    await writes.purge(w, current);
  });
}
