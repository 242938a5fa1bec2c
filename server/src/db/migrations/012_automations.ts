import type { Migration } from './migration';

// The automation engine (decision 0029): a lease on outbox events so several processes share them,
// the effect keys that make each action happen once per event, run history, per-org switches and
// schedule ticks.
const statements = [
  // A claimed event carries a lease; a crashed worker's lease runs out and another picks it up.
  `ALTER TABLE outbox ADD COLUMN locked_until timestamptz`,
  `ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0`,
  // Events of one record are processed in order: an event is claimable only when no older
  // pending event of the same record exists, which this index answers.
  `CREATE INDEX outbox_pending_record_idx ON outbox (org_id, (payload->>'recordId'), id)
     WHERE processed_at IS NULL`,
  `CREATE INDEX outbox_processed_idx ON outbox (processed_at) WHERE processed_at IS NOT NULL`,
  // Per-org state of an automation defined in an app: switched on or off, and whose grant it
  // writes with (the member who last switched it on).
  `CREATE TABLE automation_settings (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     automation_id text NOT NULL,
     enabled boolean NOT NULL,
     owner_id text,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (org_id, app_id, automation_id)
   )`,
  // One run per (automation, event): a reprocessed event finds its run instead of starting a
  // second one. event_key is the outbox id, or a synthetic key for button presses and retries.
  `CREATE TABLE automation_runs (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     automation_id text NOT NULL,
     event_key text NOT NULL,
     trigger jsonb NOT NULL,
     status text NOT NULL,
     actions jsonb NOT NULL DEFAULT '[]',
     error text,
     attempts integer NOT NULL DEFAULT 1,
     started_at timestamptz NOT NULL,
     finished_at timestamptz,
     duration_ms integer
   )`,
  `CREATE UNIQUE INDEX automation_runs_event_idx ON automation_runs (org_id, app_id, automation_id, event_key)`,
  `CREATE INDEX automation_runs_list_idx ON automation_runs (org_id, app_id, automation_id, started_at DESC, id DESC)`,
  `CREATE INDEX automation_runs_started_idx ON automation_runs (started_at)`,
  // The exactly-once key: inserted in the same transaction as the action's write, so an effect
  // and its key commit together or not at all.
  `CREATE TABLE automation_effects (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     automation_id text NOT NULL,
     event_key text NOT NULL,
     action_index integer NOT NULL,
     run_id text NOT NULL,
     result jsonb,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (org_id, app_id, automation_id, event_key, action_index)
   )`,
  `CREATE INDEX automation_effects_created_idx ON automation_effects (created_at)`,
  // Schedule triggers: the next tick per automation, claimed like jobs; apps_version says which
  // app version the rows were derived from, so a changed definition is re-read.
  `CREATE TABLE automation_schedules (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     automation_id text NOT NULL,
     cron text NOT NULL,
     time_zone text NOT NULL,
     next_at timestamptz NOT NULL,
     PRIMARY KEY (org_id, app_id, automation_id)
   )`,
  `CREATE INDEX automation_schedules_due_idx ON automation_schedules (next_at)`,
  `CREATE TABLE automation_schedule_apps (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     app_version integer NOT NULL,
     PRIMARY KEY (org_id, app_id)
   )`,
];

export const migration012Automations: Migration = {
  id: '012_automations',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
