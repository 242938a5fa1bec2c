import type { Db } from '../db/db';

export interface AuditEntry {
  /** Null only for what belongs to no org (a failed sign-in for an email no org knows). */
  orgId: string | null;
  actorId: string | null;
  /** Dotted verb, e.g. `user.create`, `department.update`. */
  action: string;
  targetType: string;
  targetId: string | null;
  /** What changed. Never put password hashes, tokens or secrets here (they are redacted anyway). */
  detail?: Record<string, unknown>;
  /** The client's address, for sign-ins (as the trusted proxy saw it, see TRUST_PROXY). */
  ip?: string | null;
  userAgent?: string | null;
}

/** Longest user agent kept: enough to tell browsers apart, bounded against junk headers. */
const MAX_USER_AGENT = 400;

/** Appends one audit row; call it with the transaction that makes the change. */
export async function writeAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (org_id, actor_id, action, target_type, target_id, detail, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.orgId,
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(redactSecrets(entry.detail ?? {})),
      entry.ip ?? null,
      entry.userAgent ? entry.userAgent.slice(0, MAX_USER_AGENT) : null,
    ],
  );
}

/** Keys whose values are secrets wherever they appear in a detail (case-insensitive). */
const SECRET_KEY = /password|passwd|secret|token|hash|cookie|csrf|api_?key/i;

/**
 * A copy of `value` with every secret-named key's value replaced, at any depth. A second line of
 * defence: callers should not pass secrets, but an audit row outlives the mistake of passing one.
 */
export function redactSecrets(value: unknown): Record<string, unknown> {
  return redact(value) as Record<string, unknown>;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v)]),
  );
}
