import type { FormContext } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import { quoteIdent } from '../../db/sql/ident';
import { AS_API_JSON } from '../../storage/column-types';
import { JsonKeys, recordStore } from '../../storage/record-store';
import type { WriteContext } from './hooks';

/** Who created records, for their history rows and events. */
export interface CreateLogWriter {
  orgId: string;
  actorId: string;
  /** The automation chain the write belongs to (decision 0029), absent for a person. */
  chain?: WriteContext['chain'];
}

/**
 * What the `record.created` events of a create hold (decision 0066): `'records'`, one event per
 * record carrying it as a read answers it, when something reads them; else one event naming the
 * records and the version they share, when no reader needs more (no enabled automation listens).
 */
export type CreatedEvents = 'records' | { version: number };

/**
 * The history rows and `record.created` events of records just inserted (with their subform
 * rows), in the order of `ids`, with one statement: the batch's data is not sent to the database
 * a second and a third time (decision 0064). Events with records build them from the stored rows,
 * in the shape of a single write's event (eventRecord in the write pipeline); the batch's one slim
 * event needs no stored row at all.
 */
export async function writeCreated(
  tx: Db,
  ctx: FormContext,
  ids: readonly string[],
  writer: CreateLogWriter,
  events: CreatedEvents,
): Promise<void> {
  if (ids.length === 0) return;
  if (events === 'records') await writeWithRecords(tx, ctx, ids, writer);
  else await writeSlim(tx, ctx, ids, writer, events.version);
}

async function writeWithRecords(
  tx: Db,
  ctx: FormContext,
  ids: readonly string[],
  writer: CreateLogWriter,
): Promise<void> {
  const keys = new JsonKeys(7);
  const data = recordStore.dataJsonSql(ctx.table, ctx.subTables, 'r', keys);
  await tx.query(
    `WITH r AS (
       SELECT t.*, i.n FROM unnest($1::text[]) WITH ORDINALITY AS i(id, n)
         JOIN ${quoteIdent(ctx.table.table)} t ON t.id = i.id COLLATE "C"
     ), h AS (
       INSERT INTO record_history (org_id, app_id, form_id, record_id, version, action, actor_id, changes)
       SELECT $2, $3, $4, r.id, r.version, 'create', $5, '[]'::jsonb FROM r ORDER BY r.n
     )
     INSERT INTO outbox (org_id, topic, payload)
     SELECT $2, 'record.created',
            jsonb_build_object('appId', $3::text, 'formId', $4::text, 'recordId', r.id, 'record',
              ${data} || jsonb_build_object(
                'id', r.id, 'createdAt', ${AS_API_JSON.timestamptz('r.created_at')}, 'createdBy', r.created_by,
                'updatedAt', ${AS_API_JSON.timestamptz('r.updated_at')}, 'updatedBy', r.updated_by,
                'ownerId', r.owner_id, 'workflowStatus', r.workflow_status)
            ) || $6::jsonb
       FROM r ORDER BY r.n`,
    [
      ids,
      writer.orgId,
      ctx.app.id,
      ctx.form.id,
      writer.actorId,
      JSON.stringify(writer.chain ? { chain: writer.chain } : {}),
      keys.list,
    ],
  );
}

/**
 * Unheard, a create needs no event per record: nothing will read one (a record trigger never fires
 * on it) beyond the outbox row itself, whose id is the report cache's change stamp. So one event
 * names the batch's records and the version they share, and nothing joins the form table. On
 * PGlite this statement took 57 ms per 1,000 records with an event each carrying its record, 22
 * with an event each naming its record, 13 now.
 */
async function writeSlim(
  tx: Db,
  ctx: FormContext,
  ids: readonly string[],
  writer: CreateLogWriter,
  version: number,
): Promise<void> {
  await tx.query(
    `WITH h AS (
       INSERT INTO record_history (org_id, app_id, form_id, record_id, version, action, actor_id, changes)
       SELECT $2, $3, $4, i.id, $6, 'create', $5, '[]'::jsonb
         FROM unnest($1::text[]) WITH ORDINALITY AS i(id, n) ORDER BY i.n
     )
     INSERT INTO outbox (org_id, topic, payload)
     VALUES ($2, 'record.created', jsonb_build_object('appId', $3::text, 'formId', $4::text,
       'recordIds', to_jsonb($1::text[]), 'version', $6::int))`,
    [ids, writer.orgId, ctx.app.id, ctx.form.id, writer.actorId, version],
  );
}
