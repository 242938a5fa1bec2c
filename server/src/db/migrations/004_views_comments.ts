import type { Migration } from './migration';

// Saved data views per form (shared when owner_id is NULL, personal otherwise). The comments table
// exists since 002; records are listed newest first in the drawer, so it gets a covering index.
const statements = [
  `CREATE TABLE views (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     owner_id text,
     name text NOT NULL,
     config jsonb NOT NULL,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX views_form_idx ON views (org_id, app_id, form_id, owner_id)`,
];

export const migration004ViewsComments: Migration = {
  id: '004_views_comments',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
