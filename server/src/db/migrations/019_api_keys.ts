import type { Migration } from './migration';

// API keys (docs/decisions/0046-api-keys-and-openapi.md). The table from 001 gains what a key needs:
// - `prefix`: the first characters of the key, shown so a user recognises it (the key itself is
//   never stored; `key_hash` is its SHA-256);
// - `scopes`: the apps and forms it reaches and whether it may write (a JSON array);
// - `expires_at` (every key expires), `last_used_at` (shown in the list, touched at most once a minute).
// `api_rate_limits` holds the window counters per key and per client address for failed keys,
// shared by every server process; `window_ends_at` is when a row stops mattering (cleanup job).
const statements = [
  `ALTER TABLE api_keys ADD COLUMN prefix text NOT NULL DEFAULT ''`,
  `ALTER TABLE api_keys ADD COLUMN scopes jsonb NOT NULL DEFAULT '[]'::jsonb`,
  `ALTER TABLE api_keys ADD COLUMN expires_at timestamptz`,
  `ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz`,
  `ALTER TABLE api_keys ALTER COLUMN prefix DROP DEFAULT`,
  `CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at)`,
  `CREATE TABLE api_rate_limits (
     key text PRIMARY KEY,
     hits integer NOT NULL,
     window_ends_at timestamptz NOT NULL
   )`,
  `CREATE INDEX api_rate_limits_window_idx ON api_rate_limits (window_ends_at)`,
];

export const migration019ApiKeys: Migration = {
  id: '019_api_keys',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
