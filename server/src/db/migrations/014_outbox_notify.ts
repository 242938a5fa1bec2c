import type { Migration } from './migration';

// Wakes the automation workers right after a commit that wrote outbox events (decision 0037).
// A statement-level trigger calls pg_notify on the `tangram_outbox` channel; PostgreSQL delivers
// notifications at commit only (a rolled-back write wakes nobody) and folds identical ones of one
// transaction into one, so a batch of 1,000 records costs one notification. Workers on a
// PostgreSQL server LISTEN on the channel and keep polling as a fallback; on PGlite nobody
// listens and the notification costs nothing worth measuring.
const statements = [
  `CREATE FUNCTION tangram_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('tangram_outbox', '');
     RETURN NULL;
   END
   $$`,
  `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
     FOR EACH STATEMENT EXECUTE FUNCTION tangram_outbox_notify()`,
];

export const migration014OutboxNotify: Migration = {
  id: '014_outbox_notify',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
