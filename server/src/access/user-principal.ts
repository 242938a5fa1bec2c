import type { Db } from '../db/db';
import type { Principal } from './principal';

/**
 * The principal of an active user of `orgId`, as a session would resolve it: for work done on a
 * user's behalf outside their request (an automation as its owner, an import job as its creator,
 * sample approvals as the assignee, "view as" for an admin). Null when the user is unknown or
 * deactivated.
 */
export async function principalOfUser(db: Db, orgId: string, userId: string): Promise<Principal | null> {
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
