import type { Migration } from './migration';

// Outgoing and incoming webhooks of automations (docs/decisions/0030-webhooks.md).
// - automation_secrets: per automation, the HMAC signing secret of outgoing calls (kept as written:
//   signing needs it), the SHA-256 of the incoming URL's token (the token itself is shown once) and
//   a fixed one-minute window counting incoming calls (the rate limit).
// - webhook_deliveries: one row per queued call, written in the automation action's transaction;
//   a worker claims due rows with FOR UPDATE SKIP LOCKED and a lease, sends outside any transaction,
//   then records the outcome: delivered, pending again (next_attempt_at after a backoff) or dead.
//   Dead rows are the dead-letter list; a replay makes one pending again.
// - (org_id, automation_id, event_id, action_index) is unique: an action queues one call per event.
const statements = [
  `CREATE TABLE automation_secrets (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     automation_id text NOT NULL,
     signing_secret text,
     signing_rotated_at timestamptz,
     incoming_token_hash text,
     incoming_rotated_at timestamptz,
     incoming_window_start timestamptz,
     incoming_window_count integer NOT NULL DEFAULT 0,
     PRIMARY KEY (org_id, app_id, automation_id)
   )`,
  `CREATE UNIQUE INDEX automation_secrets_token_idx ON automation_secrets (incoming_token_hash)
     WHERE incoming_token_hash IS NOT NULL`,
  `CREATE TABLE webhook_deliveries (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     automation_id text NOT NULL,
     run_id text,
     event_id text NOT NULL,
     action_index integer NOT NULL,
     url text NOT NULL,
     method text NOT NULL,
     headers jsonb NOT NULL,
     body text NOT NULL,
     timeout_ms integer NOT NULL,
     max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 20),
     status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz,
     locked_until timestamptz,
     last_status integer,
     last_error text,
     response_excerpt text,
     response_truncated boolean NOT NULL DEFAULT false,
     attempt_log jsonb NOT NULL DEFAULT '[]',
     replays integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     delivered_at timestamptz,
     dead_at timestamptz,
     UNIQUE (org_id, automation_id, event_id, action_index)
   )`,
  `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id)
     WHERE status = 'pending'`,
  `CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (org_id, app_id, status, id DESC)`,
];

export const migration013Webhooks: Migration = {
  id: '013_webhooks',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
