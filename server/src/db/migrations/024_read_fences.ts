import type { Migration } from './migration';

// Read-your-writes with a read replica (docs/decisions/0055-read-replica.md): the primary's WAL
// position after each user's last write; their lag-tolerant reads stay on the primary until the
// replica has replayed past it. Only the primary reads it, so it is UNLOGGED: a row that changes on
// every write adds nothing to the WAL the replica must replay. The price: a crash of PostgreSQL
// itself (not of a Tangram process) empties it, so writes made in the last moment before such a
// crash may be missing from their writer's next replica read until the replica replays them.
// One row per user who ever wrote; no foreign key, so deleting a user never waits on it.
const statements = [
  `CREATE UNLOGGED TABLE read_fences (
     user_id text PRIMARY KEY,
     lsn pg_lsn NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
];

export const migration024ReadFences: Migration = {
  id: '024_read_fences',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
