import type { Db } from '../db/db';
import { validationFailed } from '../http/app-error';

type Table = 'users' | 'departments' | 'roles';

/**
 * Checks that every id exists in `table` within `orgId`; otherwise 400 with the path of each bad id.
 * Ids of other orgs are reported exactly like ids that do not exist.
 */
export async function assertInOrg(
  db: Db,
  table: Table,
  orgId: string,
  ids: string[],
  path: string,
): Promise<void> {
  if (ids.length === 0) return;
  // `table` is one of three literals, never input.
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${table} WHERE org_id = $1 AND id = ANY($2::text[])`,
    [orgId, ids],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
  if (missing.length > 0) {
    throw validationFailed(
      missing.map(({ i }) => ({
        path: ids.length === 1 && !path.endsWith('Ids') ? path : `${path}/${i}`,
        code: 'not_found',
        message: 'does not exist',
      })),
    );
  }
}
