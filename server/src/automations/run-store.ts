/**
 * Automation runs, effect keys and per-org settings in SQL (migration 012). Runs are the history
 * the API lists; effect keys make an action's write happen once per (event, action).
 */
import type { AutomationDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import type { ActionResult, TriggerEvent } from './actions/registry';

export interface AutomationKey {
  orgId: string;
  appId: string;
  automationId: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

/** One action's outcome in a run. */
export interface ActionOutcome {
  index: number;
  type: string;
  status: 'succeeded' | 'failed';
  result?: ActionResult;
  error?: { message: string; details?: unknown };
  /** The effect was already recorded by an earlier attempt of this run (not applied again). */
  reused?: boolean;
}

export interface RunRow {
  id: string;
  appId: string;
  automationId: string;
  eventKey: string;
  trigger: TriggerEvent;
  status: RunStatus;
  actions: ActionOutcome[];
  error: string | null;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

interface DbRun {
  id: string;
  app_id: string;
  automation_id: string;
  event_key: string;
  trigger: TriggerEvent;
  status: RunStatus;
  actions: ActionOutcome[];
  error: string | null;
  attempts: number;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
}

const RUN_COLUMNS = `id, app_id, automation_id, event_key, trigger, status, actions, error, attempts,
  started_at, finished_at, duration_ms`;

const toRun = (r: DbRun): RunRow => ({
  id: r.id,
  appId: r.app_id,
  automationId: r.automation_id,
  eventKey: r.event_key,
  trigger: r.trigger,
  status: r.status,
  actions: r.actions,
  error: r.error,
  attempts: r.attempts,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  durationMs: r.duration_ms,
});

/**
 * The run of (automation, event): a new one, or the one an earlier attempt left (its attempts
 * count goes up). One statement, so two processes on one event end up with one run.
 */
export async function openRun(
  db: Db,
  key: AutomationKey,
  eventKey: string,
  trigger: TriggerEvent,
  now: Date,
): Promise<RunRow> {
  const { rows } = await db.query<DbRun>(
    `INSERT INTO automation_runs (id, org_id, app_id, automation_id, event_key, trigger, status, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7)
     ON CONFLICT (org_id, app_id, automation_id, event_key)
       DO UPDATE SET
         attempts = automation_runs.attempts + CASE WHEN automation_runs.status = 'succeeded' THEN 0 ELSE 1 END,
         status = CASE WHEN automation_runs.status = 'succeeded' THEN 'succeeded' ELSE 'running' END,
         error = CASE WHEN automation_runs.status = 'succeeded' THEN automation_runs.error END
     RETURNING ${RUN_COLUMNS}`,
    [newId(), key.orgId, key.appId, key.automationId, eventKey, JSON.stringify(trigger), now],
  );
  return toRun(rows[0]!);
}

export async function saveRunProgress(
  db: Db,
  runId: string,
  actions: readonly ActionOutcome[],
): Promise<void> {
  await db.query(`UPDATE automation_runs SET actions = $2 WHERE id = $1`, [runId, JSON.stringify(actions)]);
}

export async function finishRun(
  db: Db,
  run: { id: string; startedAt: Date },
  outcome: { status: 'succeeded' | 'failed'; actions: readonly ActionOutcome[]; error: string | null },
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE automation_runs SET status = $2, actions = $3, error = $4, finished_at = $5, duration_ms = $6 WHERE id = $1`,
    [
      run.id,
      outcome.status,
      JSON.stringify(outcome.actions),
      outcome.error?.slice(0, 4000) ?? null,
      now,
      Math.max(0, now.getTime() - run.startedAt.getTime()),
    ],
  );
}

export async function getRun(db: Db, orgId: string, runId: string): Promise<RunRow | null> {
  const { rows } = await db.query<DbRun>(
    `SELECT ${RUN_COLUMNS} FROM automation_runs WHERE org_id = $1 AND id = $2`,
    [orgId, runId],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

export async function runOfEvent(db: Db, key: AutomationKey, eventKey: string): Promise<RunRow | null> {
  const { rows } = await db.query<DbRun>(
    `SELECT ${RUN_COLUMNS} FROM automation_runs
      WHERE org_id = $1 AND app_id = $2 AND automation_id = $3 AND event_key = $4`,
    [key.orgId, key.appId, key.automationId, eventKey],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** A page of runs, newest first; `after` is the last row of the previous page (keyset). */
export async function listRuns(
  db: Db,
  key: AutomationKey,
  limit: number,
  after?: { startedAt: string; id: string },
): Promise<RunRow[]> {
  const params: unknown[] = [key.orgId, key.appId, key.automationId, limit];
  const keyset = after
    ? `AND (started_at, id) < ($${params.push(after.startedAt)}::timestamptz, $${params.push(after.id)})`
    : '';
  const { rows } = await db.query<DbRun>(
    `SELECT ${RUN_COLUMNS} FROM automation_runs
      WHERE org_id = $1 AND app_id = $2 AND automation_id = $3 ${keyset}
      ORDER BY started_at DESC, id DESC LIMIT $4`,
    params,
  );
  return rows.map(toRun);
}

/**
 * Claims the effect key of (event, action) in the action's transaction. Answers null when this
 * transaction now owns it (the action must run), or the result an earlier attempt recorded. A
 * concurrent attempt on the same key waits here for the first to commit or roll back.
 */
export async function claimEffect(
  tx: Db,
  key: AutomationKey,
  eventKey: string,
  actionIndex: number,
  runId: string,
): Promise<{ result: ActionResult | null } | null> {
  const inserted = await tx.query(
    `INSERT INTO automation_effects (org_id, app_id, automation_id, event_key, action_index, run_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING action_index`,
    [key.orgId, key.appId, key.automationId, eventKey, actionIndex, runId],
  );
  if (inserted.rows.length) return null;
  const { rows } = await tx.query<{ result: ActionResult | null }>(
    `SELECT result FROM automation_effects
      WHERE org_id = $1 AND app_id = $2 AND automation_id = $3 AND event_key = $4 AND action_index = $5`,
    [key.orgId, key.appId, key.automationId, eventKey, actionIndex],
  );
  return { result: rows[0]?.result ?? null };
}

export async function recordEffect(
  tx: Db,
  key: AutomationKey,
  eventKey: string,
  actionIndex: number,
  result: ActionResult,
): Promise<void> {
  await tx.query(
    `UPDATE automation_effects SET result = $6
      WHERE org_id = $1 AND app_id = $2 AND automation_id = $3 AND event_key = $4 AND action_index = $5`,
    [key.orgId, key.appId, key.automationId, eventKey, actionIndex, JSON.stringify(result)],
  );
}

export interface AutomationSetting {
  enabled: boolean;
  ownerId: string | null;
}

/** Whether an automation runs: the org's switch, else the definition's default (on). */
export const isEnabled = (automation: AutomationDefinition, setting: AutomationSetting | undefined) =>
  setting?.enabled ?? automation.enabled ?? true;

export async function settingsOf(
  db: Db,
  orgId: string,
  appId: string,
): Promise<Map<string, AutomationSetting>> {
  const { rows } = await db.query<{ automation_id: string; enabled: boolean; owner_id: string | null }>(
    `SELECT automation_id, enabled, owner_id FROM automation_settings WHERE org_id = $1 AND app_id = $2`,
    [orgId, appId],
  );
  return new Map(rows.map((r) => [r.automation_id, { enabled: r.enabled, ownerId: r.owner_id }]));
}

/** Switches an automation on or off; switching it on makes `userId` its owner. */
export async function setEnabled(db: Db, key: AutomationKey, enabled: boolean, userId: string, now: Date) {
  await db.query(
    `INSERT INTO automation_settings (org_id, app_id, automation_id, enabled, owner_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (org_id, app_id, automation_id) DO UPDATE
       SET enabled = $4, owner_id = CASE WHEN $4 THEN $5 ELSE automation_settings.owner_id END, updated_at = $6`,
    [key.orgId, key.appId, key.automationId, enabled, userId, now],
  );
}

/** Deletes runs and effect keys older than `before` (bounded batches). */
export async function pruneRuns(db: Db, before: Date, batch = 5_000): Promise<number> {
  const runs = await db.query(
    `DELETE FROM automation_runs WHERE id IN (
       SELECT id FROM automation_runs WHERE started_at < $1 AND status <> 'running' ORDER BY started_at LIMIT $2)`,
    [before, batch],
  );
  await db.query(
    `DELETE FROM automation_effects WHERE ctid IN (
       SELECT ctid FROM automation_effects WHERE created_at < $1 LIMIT $2)`,
    [before, batch],
  );
  return runs.rowCount ?? 0;
}

/** The newest run of each automation of an app (the studio list's "last run"), by automation id. */
export async function lastRuns(
  db: Db,
  orgId: string,
  appId: string,
  automationIds: readonly string[],
): Promise<Map<string, { id: string; status: string; startedAt: string; finishedAt: string | null }>> {
  // One index probe per automation (automation_runs_list_idx) instead of a scan of the app's runs.
  const { rows } = await db.query<{
    automation_id: string;
    id: string;
    status: string;
    started_at: Date;
    finished_at: Date | null;
  }>(
    `SELECT s.automation_id, r.id, r.status, r.started_at, r.finished_at
       FROM unnest($3::text[]) AS s(automation_id)
       CROSS JOIN LATERAL (
         SELECT id, status, started_at, finished_at FROM automation_runs
          WHERE org_id = $1 AND app_id = $2 AND automation_id = s.automation_id
          ORDER BY started_at DESC, id DESC LIMIT 1) r`,
    [orgId, appId, [...automationIds]],
  );
  return new Map(
    rows.map((r) => [
      r.automation_id,
      {
        id: r.id,
        status: r.status,
        startedAt: r.started_at.toISOString(),
        finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
      },
    ]),
  );
}
