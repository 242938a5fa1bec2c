import type { Migration } from './migration';

// Uploaded files (DESIGN §3). The bytes live on disk under `<dataDir>/files/<org_id>/<id>`; the
// client's file name is metadata only and never part of a path.
const statements = [
  `CREATE TABLE files (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     name text NOT NULL,
     mime text NOT NULL,
     size bigint NOT NULL,
     sha256 text NOT NULL,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX files_org_idx ON files (org_id, id)`,
];

export const migration003Files: Migration = {
  id: '003_files',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
