import type { Migration } from './migration';

// Org administration (issue 11 point 4).
// - user_links: one-time links an admin hands to a user to set a password: an invite (new user
//   without a password) or a reset. Only the SHA-256 of the token is stored, like sessions, so a
//   database dump yields no usable link. A link is used once (`used_at`) and ends at `expires_at`.
// - users (org_id, name, id): the admin user list is keyset-paged in that order.
const statements = [
  `CREATE TABLE user_links (
     id text PRIMARY KEY,
     org_id text NOT NULL,
     user_id text NOT NULL,
     purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     used_at timestamptz,
     FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
   )`,
  `CREATE INDEX user_links_user_idx ON user_links (user_id)`,
  `CREATE INDEX users_org_name_idx ON users (org_id, name, id)`,
];

export const migration007UserLinks: Migration = {
  id: '007_user_links',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
