/**
 * The outbox as the automation engine reads it (decision 0029). Events are written by the write
 * pipeline and workflow effects in the writer's transaction; here they are claimed with a lease
 * (`FOR UPDATE SKIP LOCKED`, so several server processes share them without blocking), marked
 * processed, and pruned.
 *
 * Order per record: an event is claimable only while no OLDER unprocessed event of the same record
 * (same org and payload recordId) exists. So the second event of a record waits until the first is
 * marked processed, by whichever process holds it, and a batch never holds two events of one
 * record. Events without a record (schedule ticks) are not ordered.
 */
import type { Db } from '../db/db';
import type { OutboxEvent } from './triggers';

/** After this many claims an event that keeps failing outside any run is set aside (logged). */
export const MAX_EVENT_ATTEMPTS = 5;

interface EventRow {
  id: string;
  org_id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

const toEvent = (r: EventRow): OutboxEvent & { attempts: number } => ({
  id: String(r.id),
  orgId: r.org_id,
  topic: r.topic,
  payload: r.payload,
  attempts: r.attempts,
});

const CLAIMABLE = `o.processed_at IS NULL AND (o.locked_until IS NULL OR o.locked_until <= $1)
   AND NOT EXISTS (
     SELECT 1 FROM outbox p
      WHERE p.processed_at IS NULL AND p.org_id = o.org_id
        AND p.payload->>'recordId' = o.payload->>'recordId' AND p.id < o.id)`;

/** Claims up to `limit` events for this process, oldest first, for `leaseMs`. */
export async function claimEvents(db: Db, now: Date, limit: number, leaseMs: number) {
  const { rows } = await db.query<EventRow>(
    `UPDATE outbox SET locked_until = $2, attempts = attempts + 1
      WHERE id IN (SELECT o.id FROM outbox o WHERE ${CLAIMABLE} ORDER BY o.id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, topic, payload, attempts`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  return rows.map(toEvent).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Claims one event by id (a button press processed at once), or null when it is not claimable now. */
export async function claimEvent(db: Db, id: string, now: Date, leaseMs: number) {
  const { rows } = await db.query<EventRow>(
    `UPDATE outbox SET locked_until = $2, attempts = attempts + 1
      WHERE id IN (SELECT o.id FROM outbox o WHERE o.id = $3 AND ${CLAIMABLE} FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, topic, payload, attempts`,
    [now, new Date(now.getTime() + leaseMs), id],
  );
  return rows[0] ? toEvent(rows[0]) : null;
}

export async function markProcessed(db: Db, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE outbox SET processed_at = $2, locked_until = NULL WHERE id = ANY($1::bigint[])`, [
    [...ids],
    now,
  ]);
}

/** Lets another process (or a later round) take a claimed event again at once. */
export async function releaseEvent(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE outbox SET locked_until = NULL WHERE id = $1`, [id]);
}

/** Queues an event addressed to one automation (schedule tick, button press); answers its id. */
export async function insertEvent(
  tx: Db,
  orgId: string,
  topic: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO outbox (org_id, topic, payload) VALUES ($1, $2, $3) RETURNING id`,
    [orgId, topic, JSON.stringify(payload)],
  );
  return String(rows[0]!.id);
}

/**
 * Deletes processed events older than `before`, in bounded batches, never an org's newest row:
 * the report cache reads it as the org's change stamp (reports/report-cache.ts).
 */
export async function pruneOutbox(db: Db, before: Date, batch = 5_000): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `DELETE FROM outbox WHERE id IN (
       SELECT o.id FROM outbox o
        WHERE o.processed_at < $1
          AND o.id < (SELECT max(n.id) FROM outbox n WHERE n.org_id = o.org_id)
        ORDER BY o.id LIMIT $2)
     RETURNING id`,
    [before, batch],
  );
  return rows.length;
}

/** The apps (per org) that have pending events; `appId` null for events of no app. */
export async function pendingApps(db: Db, limit: number) {
  const { rows } = await db.query<{ org_id: string; app_id: string | null }>(
    `SELECT DISTINCT org_id, payload->>'appId' AS app_id FROM outbox WHERE processed_at IS NULL LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ orgId: r.org_id, appId: r.app_id }));
}

/**
 * Marks processed, in one statement of at most `limit` rows, the pending events of one app that no
 * enabled automation listens to: record and workflow events whose `topic|formId` is not in
 * `listened` (events addressed to one automation are always left to the engine). Such events would
 * fire nothing; skipping them here costs one statement per batch instead of a claim, an app load
 * and a mark per event, and unblocks the record's later events. Leased events are left alone.
 */
export async function skipUnheard(
  db: Db,
  orgId: string,
  appId: string | null,
  listened: readonly string[],
  now: Date,
  limit: number,
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE outbox SET processed_at = $5, locked_until = NULL
      WHERE id IN (
        SELECT o.id FROM outbox o
         WHERE o.processed_at IS NULL AND o.org_id = $1
           AND (o.payload->>'appId') IS NOT DISTINCT FROM $2::text
           AND o.topic NOT LIKE 'automation.%'
           AND (o.locked_until IS NULL OR o.locked_until <= $5)
           AND NOT ((o.topic || '|' || coalesce(o.payload->>'formId', '')) = ANY($3::text[]))
         ORDER BY o.id LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [orgId, appId, [...listened], limit, now],
  );
  return rows.length;
}
