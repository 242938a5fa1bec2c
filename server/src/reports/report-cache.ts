import type { Db } from '../db/db';

/**
 * Results of dashboards, kept in process. An entry is valid while the org's newest outbox id is
 * the one it was computed under: every record write (create, update, delete, restore, bulk) adds
 * an outbox row in its own transaction, so a changed id means "some record of the org changed".
 * The app version is part of the key, so a saved definition is never answered from the cache.
 * Entries also expire after a minute, for dynamic filter values (today, this week).
 */
export interface ReportCache<T> {
  /** The org's current change stamp (one indexed read of the outbox). */
  stamp(db: Db, orgId: string): Promise<string>;
  get(key: string, stamp: string): T | undefined;
  set(key: string, stamp: string, value: T): void;
  clear(): void;
}

interface Entry<T> {
  stamp: string;
  at: number;
  value: T;
}

export function createReportCache<T>(options: { maxEntries?: number; ttlMs?: number } = {}): ReportCache<T> {
  const maxEntries = options.maxEntries ?? 500;
  const ttlMs = options.ttlMs ?? 60_000;
  const entries = new Map<string, Entry<T>>();
  return {
    async stamp(db, orgId) {
      // ORDER BY id DESC LIMIT 1 walks the primary key backwards and stops at the org's newest row.
      // (The output is named `stamp`: ordering by a text alias `id` would compare '9' > '10'.)
      const { rows } = await db.query<{ stamp: string }>(
        `SELECT id::text AS stamp FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT 1`,
        [orgId],
      );
      return rows[0]?.stamp ?? '0';
    },
    get(key, stamp) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.stamp !== stamp || Date.now() - entry.at > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      // Refresh the position: the map's order is least recently used first.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, stamp, value) {
      entries.delete(key);
      entries.set(key, { stamp, at: Date.now(), value });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    clear() {
      entries.clear();
    },
  };
}
