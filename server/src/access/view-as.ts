import type { Request } from 'express';
import type { Db } from '../db/db';
import { badRequest, forbidden, notFound } from '../http/app-error';
import { requirePrincipal } from './authenticate';
import type { Principal } from './principal';

/**
 * Who a read route reads as. Normally the session's principal; with `?viewAs=<userId>` an org
 * admin reads as that user of their org (the permission designer's "View as", decision 0023): the
 * answer is exactly what that user's grants give. Read routes only: writes always act as the
 * signed-in user. A member asking is refused (403); an unknown or deactivated user is 404.
 * The value's shape is checked by the request guard (`QUERY_KINDS`).
 */
export async function readingPrincipal(db: Db, req: Request): Promise<Principal> {
  const principal = requirePrincipal(req);
  const viewAs = req.query.viewAs;
  if (viewAs === undefined) return principal;
  if (typeof viewAs !== 'string')
    throw badRequest('invalid_query', 'Query parameter viewAs must appear once.', [
      { path: '/query/viewAs', code: 'type', message: 'must appear once' },
    ]);
  if (!principal.isAdmin)
    throw forbidden('Only administrators can view the data as another user.', 'view_as_forbidden');
  if (viewAs === principal.userId) return principal;
  const { rows } = await db.query<{
    id: string;
    org_id: string;
    is_admin: boolean;
    department_ids: string[];
    role_ids: string[];
  }>(
    `SELECT u.id, u.org_id, u.is_admin,
            ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids,
            ARRAY(SELECT r.role_id FROM user_roles r WHERE r.user_id = u.id ORDER BY 1) AS role_ids
       FROM users u WHERE u.org_id = $1 AND u.id = $2 AND u.active`,
    [principal.orgId, viewAs],
  );
  const user = rows[0];
  if (!user) throw notFound('User');
  return {
    userId: user.id,
    orgId: user.org_id,
    isAdmin: user.is_admin,
    departmentIds: user.department_ids,
    roleIds: user.role_ids,
  };
}
