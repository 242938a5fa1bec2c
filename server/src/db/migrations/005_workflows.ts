import type { Migration } from './migration';

// Approval workflows (DESIGN §5, docs/decisions/0013-workflow-server.md). The instance row is the
// source of truth: `state` is the engine's InstanceState and `definition` the workflow as it was
// when the instance started, so publishing a new app version never changes a running instance.
// workflow_tasks mirrors state.tasks for inbox queries only. The record tables' `workflow_status`
// system column (created since 002) mirrors the instance status for list filters.
const statements = [
  `CREATE TABLE workflow_instances (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     record_id text NOT NULL,
     workflow_id text NOT NULL,
     app_version integer NOT NULL,
     definition jsonb NOT NULL,
     state jsonb NOT NULL,
     status text NOT NULL,
     submitter text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  // One running instance per record: a concurrent second start fails on this index.
  `CREATE UNIQUE INDEX workflow_instances_running_ux ON workflow_instances (org_id, app_id, form_id, record_id)
     WHERE status = 'running'`,
  `CREATE INDEX workflow_instances_record_idx ON workflow_instances (org_id, app_id, form_id, record_id, created_at DESC)`,
  // "Initiated by me", newest first, keyset paged on (created_at, id).
  `CREATE INDEX workflow_instances_submitter_idx ON workflow_instances (org_id, submitter, created_at DESC, id DESC)`,
  `CREATE TABLE workflow_tasks (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     instance_id text NOT NULL REFERENCES workflow_instances(id) ON DELETE CASCADE,
     node_id text NOT NULL,
     visit integer NOT NULL,
     assignee text NOT NULL,
     status text NOT NULL,
     outcome text,
     created_at timestamptz NOT NULL,
     acted_at timestamptz,
     remind_at timestamptz,
     due_at timestamptz
   )`,
  // "My pending tasks" (to do) and "handled by me" (done), both keyset paged newest first.
  `CREATE INDEX workflow_tasks_todo_idx ON workflow_tasks (org_id, assignee, created_at DESC, id DESC)
     WHERE status = 'pending'`,
  `CREATE INDEX workflow_tasks_done_idx ON workflow_tasks (org_id, assignee, acted_at DESC, id DESC)
     WHERE status = 'done'`,
  `CREATE INDEX workflow_tasks_instance_idx ON workflow_tasks (instance_id)`,
  `CREATE TABLE workflow_cc (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     instance_id text NOT NULL REFERENCES workflow_instances(id) ON DELETE CASCADE,
     user_id text NOT NULL,
     node_id text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     read boolean NOT NULL DEFAULT false
   )`,
  `CREATE INDEX workflow_cc_user_idx ON workflow_cc (org_id, user_id, created_at DESC, id DESC)`,
  `CREATE TABLE notifications (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     user_id text NOT NULL,
     kind text NOT NULL,
     payload jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     read_at timestamptz
   )`,
  `CREATE INDEX notifications_user_idx ON notifications (org_id, user_id, created_at DESC, id DESC)`,
  `CREATE INDEX notifications_unread_idx ON notifications (org_id, user_id, created_at DESC, id DESC)
     WHERE read_at IS NULL`,
  // A generic scheduler: due jobs are claimed with FOR UPDATE SKIP LOCKED and a lease
  // (locked_until), so several server processes share the queue and each job runs once.
  // dedupe_key keeps one pending job per purpose (e.g. one reminder per task and due time).
  `CREATE TABLE jobs (
     id text PRIMARY KEY,
     org_id text REFERENCES orgs(id) ON DELETE CASCADE,
     kind text NOT NULL,
     run_at timestamptz NOT NULL,
     payload jsonb NOT NULL DEFAULT '{}',
     dedupe_key text,
     locked_until timestamptz,
     attempts integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now(),
     done_at timestamptz,
     last_error text
   )`,
  `CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE done_at IS NULL`,
  `CREATE UNIQUE INDEX jobs_pending_dedupe_ux ON jobs (dedupe_key) WHERE done_at IS NULL`,
];

export const migration005Workflows: Migration = {
  id: '005_workflows',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
