import type { Migration } from './migration';

// Template installs (docs/decisions/0043-template-installer.md): one row per package installed in
// an org. It is the install job (status, progress, error) and, once done, the merge base of later
// upgrades: the definitions as installed (already rewritten to the org's app and role ids), the
// template version they came from, and the id maps used to rewrite the next version the same way.
// - At most one live row per package: a running or done install makes a second install an upgrade
//   offer (409), a failed one may be retried (its apps were cleaned up).
// - sample_refs: the sample records and users written ({ refs: { 'app/form#ref': id }, users: { key: id } }),
//   so a later package's sample (the CRM's leads) can refer to an earlier one's (master customers).
// - updated_at is the job's heartbeat: a running row not touched for a while belongs to a process
//   that died, and the next attempt cleans it up.
const statements = [
  `CREATE TABLE template_installs (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     package_key text NOT NULL,
     version text NOT NULL,
     status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
     sample boolean NOT NULL,
     progress jsonb NOT NULL DEFAULT '{}',
     app_ids jsonb NOT NULL DEFAULT '{}',
     role_ids jsonb NOT NULL DEFAULT '{}',
     created_role_ids jsonb NOT NULL DEFAULT '[]',
     definitions jsonb NOT NULL DEFAULT '{}',
     sample_refs jsonb NOT NULL DEFAULT '{}',
     error jsonb,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  `CREATE UNIQUE INDEX template_installs_live_idx ON template_installs (org_id, package_key)
     WHERE status <> 'failed'`,
  `CREATE INDEX template_installs_org_idx ON template_installs (org_id, created_at DESC)`,
];

export const migration017TemplateInstalls: Migration = {
  id: '017_template_installs',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
