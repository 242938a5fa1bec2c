import type { Migration } from './migration';

// The audit log API (docs/decisions/0024-audit-log.md).
// - Pages are newest first by (at, id): one index per filter the API offers, each ending in
//   (at DESC, id DESC) so a filtered page is an index range scan whatever the table's size.
//   `action` uses text_pattern_ops so the prefix filter (`user.` -> LIKE 'user.%') uses it too.
// - Sign-ins record the client's address and user agent in columns of their own (shown and searched
//   apart from the change detail).
// - A failed sign-in for an email no org knows belongs to no org: org_id may be null (those rows are
//   for the operator; an org's admins never see them, see audit-events.ts).
// - The retention job deletes by `at` across orgs: the plain (at, id) index serves it.
const statements = [
  `ALTER TABLE audit_log ADD COLUMN ip text`,
  `ALTER TABLE audit_log ADD COLUMN user_agent text`,
  `ALTER TABLE audit_log ALTER COLUMN org_id DROP NOT NULL`,
  `DROP INDEX IF EXISTS audit_log_org_at_idx`,
  `CREATE INDEX audit_log_org_page_idx ON audit_log (org_id, at DESC, id DESC)`,
  `CREATE INDEX audit_log_actor_idx ON audit_log (org_id, actor_id, at DESC, id DESC)`,
  `CREATE INDEX audit_log_action_idx ON audit_log (org_id, action text_pattern_ops, at DESC, id DESC)`,
  `CREATE INDEX audit_log_target_idx ON audit_log (org_id, target_type, target_id, at DESC, id DESC)`,
  `CREATE INDEX audit_log_at_idx ON audit_log (at, id)`,
];

export const migration008AuditLog: Migration = {
  id: '008_audit_log',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
