import type { Db } from '../db/db';

/**
 * Current names of audited objects, so the admin page shows "Sales" rather than an id. One entry
 * per target type; types without one (records, widgets, sign-ins of unknown emails) show their id
 * and detail. A deleted object keeps no name here: the row's detail says what it was.
 */
type Labeler = (db: Db, orgId: string, ids: string[]) => Promise<{ id: string; name: unknown }[]>;

const byNameColumn =
  (table: 'users' | 'departments' | 'roles'): Labeler =>
  async (db, orgId, ids) =>
    (
      await db.query<{ id: string; name: string }>(
        `SELECT id, name FROM ${table} WHERE org_id = $1 AND id = ANY($2)`,
        [orgId, ids],
      )
    ).rows;

const labelers: Readonly<Record<string, Labeler>> = {
  org: async (db, orgId, ids) =>
    (
      await db.query<{ id: string; name: string }>(
        `SELECT id, name FROM orgs WHERE id = $1 AND id = ANY($2)`,
        [orgId, ids],
      )
    ).rows,
  user: byNameColumn('users'),
  department: byNameColumn('departments'),
  role: byNameColumn('roles'),
  app: async (db, orgId, ids) =>
    (
      await db.query<{ id: string; name: unknown }>(
        `SELECT id, name FROM apps WHERE org_id = $1 AND id = ANY($2)`,
        [orgId, ids],
      )
    ).rows,
};

/** Names keyed `type:id` for the targets of one page (one query per target type present). */
export async function labelTargets(
  db: Db,
  orgId: string,
  targets: { type: string; id: string | null }[],
): Promise<Map<string, unknown>> {
  const idsByType = new Map<string, Set<string>>();
  for (const t of targets) {
    if (!t.id || !Object.hasOwn(labelers, t.type)) continue;
    const ids = idsByType.get(t.type) ?? new Set<string>();
    ids.add(t.id);
    idsByType.set(t.type, ids);
  }
  const names = new Map<string, unknown>();
  for (const [type, ids] of idsByType)
    for (const row of await labelers[type]!(db, orgId, [...ids])) names.set(`${type}:${row.id}`, row.name);
  return names;
}
