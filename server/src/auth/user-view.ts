import type { Db } from '../db/db';

/** The user as the API shows it (docs/api.md). */
export interface UserView {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  departmentIds: string[];
  roleIds: string[];
}

export interface OrgView {
  id: string;
  name: string;
  timeZone: string;
  /** ISO 3166-1 alpha-2: the country whose phone numbers forms check. */
  country: string;
}

/** Loads users of one org (optionally only some ids), with their departments and roles. */
export async function loadUserViews(db: Db, orgId: string, ids?: string[]): Promise<UserView[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    email: string;
    is_admin: boolean;
    department_ids: string[];
    role_ids: string[];
  }>(
    `SELECT u.id, u.name, u.email, u.is_admin,
            ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids,
            ARRAY(SELECT r.role_id FROM user_roles r WHERE r.user_id = u.id ORDER BY 1) AS role_ids
       FROM users u
      WHERE u.org_id = $1 AND ($2::text[] IS NULL OR u.id = ANY($2::text[]))
      ORDER BY u.name, u.id`,
    [orgId, ids ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    isAdmin: r.is_admin,
    departmentIds: r.department_ids,
    roleIds: r.role_ids,
  }));
}

export async function loadUserView(db: Db, orgId: string, userId: string): Promise<UserView | undefined> {
  return (await loadUserViews(db, orgId, [userId]))[0];
}

export async function loadOrgView(db: Db, orgId: string): Promise<OrgView | undefined> {
  const { rows } = await db.query<OrgView>(
    'SELECT id, name, time_zone AS "timeZone", country FROM orgs WHERE id = $1',
    [orgId],
  );
  return rows[0];
}
