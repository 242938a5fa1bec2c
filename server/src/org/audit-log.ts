import type { Db } from '../db/db';

export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  /** Dotted verb, e.g. `user.create`, `department.update`. */
  action: string;
  targetType: string;
  targetId: string | null;
  /** What changed. Never put password hashes, tokens or secrets here. */
  detail?: Record<string, unknown>;
}

/** Appends one audit row; call it with the transaction that makes the change. */
export async function writeAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (org_id, actor_id, action, target_type, target_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.orgId,
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}
