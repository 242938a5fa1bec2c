import type { Db } from '../db';
import { MIGRATION_LOCK_KEY } from './lock-key';
import type { Migration } from './migration';
import { migrations as allMigrations } from './index';

/**
 * Applies pending migrations, each in its own transaction holding an advisory lock, so two
 * processes starting together apply each migration exactly once (the second waits, then sees it
 * recorded and skips it). Returns the ids applied by this call.
 */
export async function runMigrations(
  db: Db,
  migrations: readonly Migration[] = allMigrations,
): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           id text PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (done.rows.length > 0) return false;
      await migration.up(tx);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}
