import type { Db } from '../../db/db';
import { newId } from '../../db/ids';
import { newSigningSecret } from './signature';

/**
 * The `webhook_deliveries` and `automation_secrets` tables (migration 013, decision 0030). SQL
 * only; the worker (delivery-worker.ts) decides what to send and when.
 */

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface NewDelivery {
  orgId: string;
  appId: string;
  automationId: string;
  runId: string | null;
  eventId: string;
  actionIndex: number;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxAttempts: number;
}

/**
 * Queues a call in the caller's transaction (the automation action's), due at once. One call per
 * (automation, event, action): a second queue of the same answers the first's id.
 */
export async function queueDelivery(tx: Db, d: NewDelivery, now: Date): Promise<string> {
  const id = newId('whd');
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (id, org_id, app_id, automation_id, run_id, event_id, action_index,
        url, method, headers, body, timeout_ms, max_attempts, status, next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14, $14, $14)
     ON CONFLICT (org_id, automation_id, event_id, action_index) DO NOTHING
     RETURNING id`,
    [
      id,
      d.orgId,
      d.appId,
      d.automationId,
      d.runId,
      d.eventId,
      d.actionIndex,
      d.url,
      d.method,
      JSON.stringify(d.headers),
      d.body,
      d.timeoutMs,
      d.maxAttempts,
      now,
    ],
  );
  if (rows[0]) return rows[0].id;
  const existing = await tx.query<{ id: string }>(
    `SELECT id FROM webhook_deliveries WHERE org_id = $1 AND automation_id = $2 AND event_id = $3 AND action_index = $4`,
    [d.orgId, d.automationId, d.eventId, d.actionIndex],
  );
  return existing.rows[0]!.id;
}

export interface ClaimedDelivery {
  id: string;
  orgId: string;
  appId: string;
  automationId: string;
  eventId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxAttempts: number;
  /** This attempt's number (1-based). */
  attempt: number;
  /** The lease this process holds; the outcome is recorded only while it is still ours. */
  lease: Date;
}

interface ClaimRow {
  id: string;
  org_id: string;
  app_id: string;
  automation_id: string;
  event_id: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  timeout_ms: number;
  max_attempts: number;
  attempts: number;
  locked_until: Date;
}

/**
 * Claims up to `limit` due deliveries: `FOR UPDATE SKIP LOCKED` keeps several processes apart, and
 * the lease (`locked_until`) keeps a claimed row from being claimed again while it is being sent.
 * The attempt counter goes up at claim time, so a process that dies mid-send still used an attempt.
 */
export async function claimDueDeliveries(
  db: Db,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimRow>(
    `UPDATE webhook_deliveries SET locked_until = $2, attempts = attempts + 1, updated_at = $1
      WHERE id IN (
        SELECT id FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
         ORDER BY next_attempt_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, app_id, automation_id, event_id, url, method, headers, body, timeout_ms,
                max_attempts, attempts, locked_until`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    appId: r.app_id,
    automationId: r.automation_id,
    eventId: r.event_id,
    url: r.url,
    method: r.method,
    headers: r.headers,
    body: r.body,
    timeoutMs: r.timeout_ms,
    maxAttempts: r.max_attempts,
    attempt: r.attempts,
    lease: r.locked_until,
  }));
}

/** One attempt as kept in `attempt_log` (the newest 20 stay). */
export interface AttemptRecord {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  truncated?: boolean;
}

export type Outcome =
  | { kind: 'delivered'; status: number; excerpt: string; truncated: boolean }
  | {
      kind: 'retry' | 'dead';
      status: number | null;
      error: string;
      excerpt: string | null;
      truncated: boolean;
      nextAttemptAt: Date | null;
    };

/**
 * Records an attempt's outcome, only while this process still holds the lease it claimed with: a
 * process whose lease ran out (and whose row another process took) changes nothing. Answers whether
 * the outcome was recorded.
 */
export async function recordOutcome(
  db: Db,
  delivery: ClaimedDelivery,
  outcome: Outcome,
  now: Date,
): Promise<boolean> {
  const entry: AttemptRecord = {
    attempt: delivery.attempt,
    at: now.toISOString(),
    status: outcome.status,
    error: outcome.kind === 'delivered' ? null : outcome.error,
    ...(outcome.truncated ? { truncated: true } : {}),
  };
  const status: DeliveryStatus =
    outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'retry' ? 'pending' : 'dead';
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries
        SET status = $3, locked_until = NULL, updated_at = $4,
            next_attempt_at = $5,
            last_status = $6, last_error = $7, response_excerpt = $8, response_truncated = $9,
            delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz ELSE delivered_at END,
            dead_at = CASE WHEN $3 = 'dead' THEN $4::timestamptz ELSE NULL END,
            attempt_log = (
              SELECT COALESCE(jsonb_agg(e ORDER BY n), '[]'::jsonb) FROM (
                SELECT e, n FROM jsonb_array_elements(attempt_log || $10::jsonb) WITH ORDINALITY AS t(e, n)
                 ORDER BY n DESC LIMIT 20) kept)
      WHERE id = $1 AND status = 'pending' AND locked_until = $2`,
    [
      delivery.id,
      delivery.lease,
      status,
      now,
      outcome.kind === 'retry' ? outcome.nextAttemptAt : null,
      outcome.status,
      outcome.kind === 'delivered' ? null : outcome.error.slice(0, 2000),
      outcome.excerpt,
      outcome.truncated,
      JSON.stringify([entry]),
    ],
  );
  return rowCount === 1;
}

/** The automation's signing secret, created on first use (a plain read once it exists). */
export async function signingSecretFor(
  db: Db,
  key: { orgId: string; appId: string; automationId: string },
  now: Date,
): Promise<string> {
  const read = async () =>
    (
      await db.query<{ signing_secret: string | null }>(
        `SELECT signing_secret FROM automation_secrets WHERE org_id = $1 AND app_id = $2 AND automation_id = $3`,
        [key.orgId, key.appId, key.automationId],
      )
    ).rows[0]?.signing_secret ?? null;
  const existing = await read();
  if (existing) return existing;
  // Two first uses may race: the conflict clause keeps whichever secret was written first.
  await db.query(
    `INSERT INTO automation_secrets (org_id, app_id, automation_id, signing_secret, signing_rotated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id, app_id, automation_id) DO UPDATE
       SET signing_secret = $4, signing_rotated_at = $5 WHERE automation_secrets.signing_secret IS NULL`,
    [key.orgId, key.appId, key.automationId, newSigningSecret(), now],
  );
  return (await read())!;
}

/** Replaces the signing secret; answers the new one (shown to the app admin). */
export async function rotateSigningSecret(
  db: Db,
  key: { orgId: string; appId: string; automationId: string },
  now: Date,
): Promise<string> {
  const secret = newSigningSecret();
  await db.query(
    `INSERT INTO automation_secrets (org_id, app_id, automation_id, signing_secret, signing_rotated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id, app_id, automation_id) DO UPDATE SET signing_secret = $4, signing_rotated_at = $5`,
    [key.orgId, key.appId, key.automationId, secret, now],
  );
  return secret;
}

/**
 * Deletes delivered and dead deliveries last changed before `before`, at most `batch` rows per
 * call (callers loop); pending ones are never pruned. Answers how many were deleted.
 */
export async function pruneDeliveries(db: Db, before: Date, batch = 5_000): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM webhook_deliveries WHERE id IN (
       SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1 LIMIT $2)`,
    [before, batch],
  );
  return rowCount;
}
