import type { Principal } from '../access/principal';
import type { Db } from '../db/db';
import { encodeAuditCursor, type AuditFilter, type TimeBound } from './audit-query';
import { labelTargets } from './audit-targets';

/** One audit row as the API answers it. */
export interface AuditItem {
  id: string;
  at: string;
  actor: { id: string; name: string | null; email: string | null } | null;
  action: string;
  target: { type: string; id: string | null; name?: unknown };
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditPage {
  items: AuditItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

interface AuditRow {
  id: string;
  at_key: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
}

/**
 * One page of the org's audit log, newest first, keyset-paged on (at, id): a page costs the same
 * at row 10 as at row 10 million, and rows written while paging never shift a page. The caller has
 * checked that `principal` administers the org.
 */
export async function listAudit(db: Db, principal: Principal, filter: AuditFilter): Promise<AuditPage> {
  const params: unknown[] = [principal.orgId];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where = ['a.org_id = $1'];
  if (filter.actor) where.push(`a.actor_id = ${p(filter.actor)}`);
  if (filter.action && 'exact' in filter.action) where.push(`a.action = ${p(filter.action.exact)}`);
  if (filter.action && 'prefix' in filter.action)
    where.push(`a.action LIKE ${p(`${escapeLike(filter.action.prefix)}%`)}`);
  if (filter.targetType) where.push(`a.target_type = ${p(filter.targetType)}`);
  if (filter.targetId) where.push(`a.target_id = ${p(filter.targetId)}`);
  if (filter.from || filter.to) {
    const zone = await orgTimeZone(db, principal.orgId);
    if (filter.from) where.push(`a.at >= ${dayStartOr(filter.from, 0, zone, p)}`);
    // An instant `to` is inclusive; a day `to` includes that whole day (before the next one starts).
    if (filter.to)
      where.push(
        'day' in filter.to
          ? `a.at < ${dayStartOr(filter.to, 1, zone, p)}`
          : `a.at <= ${dayStartOr(filter.to, 0, zone, p)}`,
      );
  }
  if (filter.cursor)
    where.push(`(a.at, a.id) < (${p(filter.cursor.at)}::timestamptz, ${p(filter.cursor.id)}::bigint)`);
  const { rows } = await db.query<AuditRow>(
    `SELECT a.id::text AS id,
            to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key,
            a.actor_id, u.name AS actor_name, u.email AS actor_email,
            a.action, a.target_type, a.target_id, a.detail, a.ip, a.user_agent
       FROM audit_log a
       LEFT JOIN users u ON u.id = a.actor_id AND u.org_id = a.org_id
      WHERE ${where.join(' AND ')}
      ORDER BY a.at DESC, a.id DESC
      LIMIT ${p(filter.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const names = await labelTargets(
    db,
    principal.orgId,
    page.map((r) => ({ type: r.target_type, id: r.target_id })),
  );
  return {
    items: page.map((r) => toItem(r, names.get(`${r.target_type}:${r.target_id}`))),
    nextCursor:
      rows.length > filter.limit && last ? encodeAuditCursor({ at: last.at_key, id: last.id }) : null,
  };
}

function toItem(r: AuditRow, name: unknown): AuditItem {
  return {
    id: r.id,
    at: r.at_key,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, email: r.actor_email } : null,
    action: r.action,
    target: { type: r.target_type, id: r.target_id, ...(name !== undefined ? { name } : {}) },
    detail: r.detail,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

/** An instant as given, or the start of a day (plus `addDays`) at midnight in the org's time zone. */
function dayStartOr(b: TimeBound, addDays: number, zone: string, p: (v: unknown) => string): string {
  if ('instant' in b) return `${p(b.instant)}::timestamptz`;
  return `((${p(b.day)}::date + ${addDays})::timestamp AT TIME ZONE ${p(zone)})`;
}

async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const { rows } = await db.query<{ time_zone: string }>('SELECT time_zone FROM orgs WHERE id = $1', [orgId]);
  return rows[0]?.time_zone ?? 'UTC';
}

/** `_` and `%` are LIKE wildcards; actions may contain `_` (`user.invite_accept`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
