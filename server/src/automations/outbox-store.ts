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
