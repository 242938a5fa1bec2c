/**
 * Schedule triggers: each scheduled automation has a row with its next tick (automation_schedules).
 * Rows are derived from app definitions (re-read when an app's version changes); due rows are
 * claimed with FOR UPDATE SKIP LOCKED, and each due tick becomes one outbox event addressed to the
 * automation in the same transaction that moves the row to its next tick, so a tick fires once
 * even with several processes. A server that was down for a while fires one catch-up tick, not
 * one per missed tick.
 */
import { CronExpressionParser } from 'cron-parser';
import type { AutomationDefinition } from '@tangram/schema';
import { loadApp } from '../apps/app-cache';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { insertEvent } from './outbox-store';

/** The next instant after `after` that `cron` (five fields, in `timeZone`) names. Throws for a bad expression. */
export function nextTick(cron: string, timeZone: string, after: Date): Date {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    throw new Error(`"${cron}" must have five fields: minute hour day-of-month month day-of-week.`);
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}

const scheduled = (automations: readonly AutomationDefinition[]) =>
  automations.flatMap((a) => (a.trigger.type === 'schedule' ? [{ id: a.id, cron: a.trigger.cron }] : []));

/** Re-reads the schedules of apps changed since the last sync (at most `limit` apps per call). */
export async function syncSchedules(db: Db, now: Date, limit = 100): Promise<number> {
  const { rows: apps } = await db.query<{ org_id: string; id: string; version: number; time_zone: string }>(
    `SELECT a.org_id, a.id, a.version, o.time_zone FROM apps a
       JOIN orgs o ON o.id = a.org_id
       LEFT JOIN automation_schedule_apps s ON s.org_id = a.org_id AND s.app_id = a.id
      WHERE s.app_version IS DISTINCT FROM a.version
      ORDER BY a.org_id, a.id LIMIT $1`,
    [limit],
  );
  for (const app of apps) {
    let automations: AutomationDefinition[] = [];
    try {
      automations = (await loadApp(db, app.org_id, app.id)).definition.automations ?? [];
    } catch (e) {
      if (!(e instanceof AppError && e.status === 404)) throw e; // a deleted app schedules nothing
    }
    await db.transaction(async (tx) => {
      const wanted = scheduled(automations);
      await tx.query(
        `DELETE FROM automation_schedules WHERE org_id = $1 AND app_id = $2 AND NOT (automation_id = ANY($3::text[]))`,
        [app.org_id, app.id, wanted.map((w) => w.id)],
      );
      for (const w of wanted) {
        let next: Date;
        try {
          next = nextTick(w.cron, app.time_zone, now);
        } catch (e) {
          console.error(`Automation ${app.id}/${w.id}: bad schedule: ${e instanceof Error ? e.message : e}`);
          continue;
        }
        // An unchanged expression keeps its pending tick; a changed one starts over.
        await tx.query(
          `INSERT INTO automation_schedules (org_id, app_id, automation_id, cron, time_zone, next_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (org_id, app_id, automation_id) DO UPDATE SET cron = $4, time_zone = $5, next_at = $6
             WHERE automation_schedules.cron IS DISTINCT FROM $4 OR automation_schedules.time_zone IS DISTINCT FROM $5`,
          [app.org_id, app.id, w.id, w.cron, app.time_zone, next],
        );
      }
      await tx.query(
        `INSERT INTO automation_schedule_apps (org_id, app_id, app_version) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, app_id) DO UPDATE SET app_version = $3`,
        [app.org_id, app.id, app.version],
      );
    });
  }
  return apps.length;
}

/** Turns due ticks into outbox events and moves each schedule to its next tick. */
export async function fireDueSchedules(db: Db, now: Date, limit = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      org_id: string;
      app_id: string;
      automation_id: string;
      cron: string;
      time_zone: string;
      next_at: Date;
    }>(
      `SELECT org_id, app_id, automation_id, cron, time_zone, next_at FROM automation_schedules
        WHERE next_at <= $1 ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    for (const r of rows) {
      await insertEvent(tx, r.org_id, 'automation.schedule', {
        appId: r.app_id,
        automationId: r.automation_id,
        at: r.next_at.toISOString(),
      });
      await tx.query(
        `UPDATE automation_schedules SET next_at = $4 WHERE org_id = $1 AND app_id = $2 AND automation_id = $3`,
        [r.org_id, r.app_id, r.automation_id, nextTick(r.cron, r.time_zone, now)],
      );
    }
    return rows.length;
  });
}
