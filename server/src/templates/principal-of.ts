import type { Principal } from '../access';
import type { Db } from '../db/db';

/** The principal of an active user, as a session would resolve it (sample approvals act as them). */
export async function principalOf(db: Db, orgId: string, userId: string): Promise<Principal | null> {
  const { rows } = await db.query<{ is_admin: boolean; department_ids: string[]; role_ids: string[] }>(
    `SELECT u.is_admin,
            ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids,
            ARRAY(SELECT r.role_id FROM user_roles r WHERE r.user_id = u.id ORDER BY 1) AS role_ids
       FROM users u WHERE u.org_id = $1 AND u.id = $2 AND u.active`,
    [orgId, userId],
  );
  const row = rows[0];
  return row
    ? { userId, orgId, isAdmin: row.is_admin, departmentIds: row.department_ids, roleIds: row.role_ids }
    : null;
}
