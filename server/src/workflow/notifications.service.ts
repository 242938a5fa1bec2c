import type { Principal } from '../access';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import type { NotificationKind } from './engine/types';
import { decodeCursor, encodeCursor, parseLimit } from './paging';
import { enqueueJob } from './scheduler';

/** What a notification points at; the inbox and the record page open it. */
export interface NotificationPayload {
  instanceId: string;
  appId: string;
  formId: string;
  recordId: string;
  taskId?: string;
  nodeId?: string;
  title?: string | null;
  actor?: string | null;
}

/** Kinds that are also emailed when SMTP is configured (cc and withdrawn stay in-app). */
export const EMAILED_KINDS: ReadonlySet<NotificationKind> = new Set([
  'task',
  'remind',
  'urge',
  'approved',
  'rejected',
]);

export const EMAIL_JOB = 'notification.email';

/**
 * Writes notifications in the caller's transaction. Each emailed kind also gets a job that sends it
 * after the commit (a rolled-back action sends nothing, a failed send retries); the job does
 * nothing when no SMTP is configured, so record writes need not know the mail settings.
 */
export async function notify(
  tx: Db,
  orgId: string,
  kind: NotificationKind,
  userIds: readonly string[],
  payload: NotificationPayload,
  opts: { now: Date },
): Promise<void> {
  for (const userId of new Set(userIds)) {
    const id = newId();
    await tx.query(
      `INSERT INTO notifications (id, org_id, user_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, orgId, userId, kind, JSON.stringify(payload), opts.now],
    );
    if (EMAILED_KINDS.has(kind))
      await enqueueJob(tx, { orgId, kind: EMAIL_JOB, runAt: opts.now, payload: { notificationId: id } });
  }
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  payload: NotificationPayload;
  created_at: Date;
  read_at: Date | null;
}

export async function listNotifications(
  db: Db,
  principal: Principal,
  opts: { unread: boolean; limit?: string; cursor?: string },
) {
  const limit = parseLimit(opts.limit);
  const after = decodeCursor(opts.cursor);
  const params: unknown[] = [principal.orgId, principal.userId];
  const where = ['org_id = $1', 'user_id = $2'];
  if (opts.unread) where.push('read_at IS NULL');
  if (after)
    where.push(`(created_at, id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)})`);
  const { rows } = await db.query<NotificationRow>(
    `SELECT id, kind, payload, created_at, read_at FROM notifications WHERE ${where.join(' AND ')}
      ORDER BY created_at DESC, id DESC LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: r.payload,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at ? r.read_at.toISOString() : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export async function countNotifications(db: Db, principal: Principal) {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM notifications WHERE org_id = $1 AND user_id = $2 AND read_at IS NULL`,
    [principal.orgId, principal.userId],
  );
  return { unread: Number(rows[0]?.n ?? 0) };
}

/** Marks the caller's own notifications read (ids of other users' are silently not matched). */
export async function markNotificationsRead(
  db: Db,
  principal: Principal,
  body: { ids?: string[]; all?: boolean },
) {
  const params: unknown[] = [principal.orgId, principal.userId];
  const only = body.all ? '' : ` AND id = ANY($${params.push(body.ids ?? [])})`;
  const result = await db.query(
    `UPDATE notifications SET read_at = now() WHERE org_id = $1 AND user_id = $2 AND read_at IS NULL${only}`,
    params,
  );
  return { updated: result.rowCount ?? 0 };
}
