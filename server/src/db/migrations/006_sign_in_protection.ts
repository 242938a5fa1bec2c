import type { Migration } from './migration';

// Sign-in protection (docs/decisions/0019-sign-in-throttling.md).
// - sign_in_throttle replaces login_throttle: counters per account and per client address, counted
//   before the password check; `window_ends_at` is when the row stops mattering (the end of its
//   window or of its lockout), so the cleanup job deletes by it.
// - Sessions carry their own lifetimes, set from the configuration when they are created: the idle
//   timeout (`idle_seconds`, sliding) and the absolute end (`max_expires_at`). `expires_at` stays the
//   one column every check reads: least(last use + idle, max_expires_at).
const statements = [
  `DROP TABLE IF EXISTS login_throttle`,
  `CREATE TABLE sign_in_throttle (
     key text PRIMARY KEY,
     failures integer NOT NULL,
     window_ends_at timestamptz NOT NULL
   )`,
  `CREATE INDEX sign_in_throttle_window_idx ON sign_in_throttle (window_ends_at)`,
  `ALTER TABLE sessions ADD COLUMN idle_seconds integer NOT NULL DEFAULT 1209600`,
  `ALTER TABLE sessions ADD COLUMN max_expires_at timestamptz`,
  `UPDATE sessions SET max_expires_at = created_at + interval '30 days'`,
  `ALTER TABLE sessions ALTER COLUMN max_expires_at SET NOT NULL`,
  `ALTER TABLE sessions ALTER COLUMN idle_seconds DROP DEFAULT`,
];

export const migration006SignInProtection: Migration = {
  id: '006_sign_in_protection',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
