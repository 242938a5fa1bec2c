import type { Db } from '../db/db';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore';

const isBlank = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * JSON with sorted keys and blank object members left out. Subform rows read back from their
 * table carry every column (null when empty) in column order, while submitted rows carry only
 * what the client sent, in its order: compared as plain JSON, an untouched subform looked changed
 * (the timeline showed "3 × → 3 ×" and the version went up for nothing).
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const member = (v as Record<string, unknown>)[k];
      if (!isBlank(member)) out[k] = member;
    }
    return out;
  });
}

/** Equal as stored values: blank is blank (null, '', []); objects and rows compare by content. */
export const sameStoredValue = (a: unknown, b: unknown): boolean =>
  (isBlank(a) && isBlank(b)) || canonical(a) === canonical(b);

/**
 * Field-level differences between two data objects (only fields present in `next`). A subform's
 * change keeps its whole rows before and after (with their ids), so a reader can show rows added,
 * removed and changed cell by cell.
 */
export function diffData(previous: Record<string, unknown>, next: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(next)) {
    const from = previous[field] ?? null;
    if (!sameStoredValue(from, to)) changes.push({ field, from, to: to ?? null });
  }
  return changes;
}

export interface HistoryEntry {
  orgId: string;
  appId: string;
  formId: string;
  recordId: string;
  version: number;
  action: HistoryAction;
  actorId: string;
  changes: FieldChange[];
}

/**
 * Appends history rows (one per record) in the write's transaction: one statement whatever the
 * number of rows, which travel as one JSON array (decisions 0052, 0062; the driver's array parameters
 * escaped every element, and each change list was JSON inside that).
 */
export async function writeHistory(tx: Db, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO record_history (org_id, app_id, form_id, record_id, version, action, actor_id, changes)
     SELECT org_id, app_id, form_id, record_id, version, action, actor_id, changes
       FROM jsonb_to_recordset($1::jsonb) AS h(org_id text, app_id text, form_id text, record_id text,
                                              version int, action text, actor_id text, changes jsonb)`,
    [
      JSON.stringify(
        entries.map((e) => ({
          org_id: e.orgId,
          app_id: e.appId,
          form_id: e.formId,
          record_id: e.recordId,
          version: e.version,
          action: e.action,
          actor_id: e.actorId,
          changes: e.changes,
        })),
      ),
    ],
  );
}

export async function readHistory(db: Db, orgId: string, appId: string, formId: string, recordId: string) {
  const { rows } = await db.query<{
    at: Date;
    actor_id: string | null;
    action: HistoryAction;
    version: number;
    changes: FieldChange[];
  }>(
    `SELECT at, actor_id, action, version, changes FROM record_history
      WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND record_id = $4 ORDER BY id`,
    [orgId, appId, formId, recordId],
  );
  return rows.map((r) => ({
    at: r.at.toISOString(),
    by: r.actor_id,
    action: r.action,
    version: r.version,
    changes: r.changes,
  }));
}

/** Queues an event for automations and webhooks in the same transaction as the write. */
export async function writeOutbox(
  tx: Db,
  orgId: string,
  topic: string,
  payloads: readonly unknown[],
): Promise<void> {
  if (payloads.length === 0) return;
  // One statement per batch, the payloads as one JSON array (decisions 0052, 0062); the statement-level
  // trigger notifies once.
  await tx.query(
    `INSERT INTO outbox (org_id, topic, payload)
     SELECT $1::text, $2::text, p FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS u(p, n) ORDER BY n`,
    [orgId, topic, JSON.stringify(payloads)],
  );
}
