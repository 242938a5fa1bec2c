import type { Db } from '../db/db';
import { validationFailed, type ErrorDetail } from '../http/app-error';
import { loadUserView, type UserView } from '../auth/user-view';

/** A user as the admin list shows it: the directory view plus account state. */
export interface AdminUserView extends UserView {
  active: boolean;
  /** No password yet (invited, or reset by an admin): waiting for the user to open their link. */
  passwordPending: boolean;
}

export interface UserListQuery {
  /** Contained in the name or the email, case-insensitive. */
  q?: string;
  departmentId?: string;
  roleId?: string;
  active?: boolean;
  /** Opaque: from the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

export interface UserPage {
  items: AdminUserView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_USER_PAGE = 50;
export const MAX_USER_PAGE = 200;
const MAX_Q_LENGTH = 200;

type Raw = Record<string, unknown>;

/** Reads `GET /admin/users` query parameters; 400 naming `/query/<name>` for a bad one. */
export function parseUserListQuery(query: Raw): UserListQuery {
  const issues: ErrorDetail[] = [];
  const text = (name: string, max: number): string | undefined => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > max) {
      issues.push({
        path: `/query/${name}`,
        code: 'type',
        message: `must be text of at most ${max} characters`,
      });
      return undefined;
    }
    return v;
  };
  const out: UserListQuery = { limit: DEFAULT_USER_PAGE };
  const q = text('q', MAX_Q_LENGTH);
  if (q?.trim()) out.q = q.trim();
  const departmentId = text('departmentId', 200);
  if (departmentId) out.departmentId = departmentId;
  const roleId = text('roleId', 200);
  if (roleId) out.roleId = roleId;
  const cursor = text('cursor', 1000);
  if (cursor) {
    if (decodeCursor(cursor)) out.cursor = cursor;
    else
      issues.push({ path: '/query/cursor', code: 'cursor', message: 'is not a cursor from a previous page' });
  }
  const active = text('active', 5);
  if (active === 'true' || active === 'false') out.active = active === 'true';
  else if (active !== undefined)
    issues.push({ path: '/query/active', code: 'type', message: 'must be true or false' });
  const limit = text('limit', 10);
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > MAX_USER_PAGE)
      issues.push({
        path: '/query/limit',
        code: 'range',
        message: `must be a whole number from 1 to ${MAX_USER_PAGE}`,
      });
    else out.limit = n;
  }
  if (issues.length) throw validationFailed(issues, 'The query string is invalid.');
  return out;
}

// The cursor is the (name, id) of the last row shown: the list is ordered by both, so the next page
// starts strictly after it (keyset paging: no OFFSET, stable under inserts).
function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    // falls through: not a cursor
  }
  return undefined;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of an org's users, filtered, in (name, id) order. */
export async function listUsersPage(db: Db, orgId: string, query: UserListQuery): Promise<UserPage> {
  const params: unknown[] = [orgId];
  const where = ['u.org_id = $1'];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.q) {
    const p = add(likePattern(query.q));
    where.push(`(u.name ILIKE ${p} OR u.email ILIKE ${p})`);
  }
  if (query.departmentId)
    where.push(
      `EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.department_id = ${add(query.departmentId)})`,
    );
  if (query.roleId)
    where.push(
      `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role_id = ${add(query.roleId)})`,
    );
  if (query.active !== undefined) where.push(`u.active = ${add(query.active)}`);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (after) where.push(`(u.name, u.id) > (${add(after[0])}, ${add(after[1])})`);
  const limit = add(query.limit + 1);

  const { rows } = await db.query<{
    id: string;
    name: string;
    email: string;
    is_admin: boolean;
    active: boolean;
    password_pending: boolean;
    department_ids: string[];
    role_ids: string[];
  }>(
    `SELECT u.id, u.name, u.email, u.is_admin, u.active, u.password_hash = '' AS password_pending,
            ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids,
            ARRAY(SELECT r.role_id FROM user_roles r WHERE r.user_id = u.id ORDER BY 1) AS role_ids
       FROM users u
      WHERE ${where.join(' AND ')}
      ORDER BY u.name, u.id
      LIMIT ${limit}`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      isAdmin: r.is_admin,
      departmentIds: r.department_ids,
      roleIds: r.role_ids,
      active: r.active,
      passwordPending: r.password_pending,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}

/** One user as the admin list shows it (after a change). */
export async function loadAdminUser(
  db: Db,
  orgId: string,
  userId: string,
): Promise<AdminUserView | undefined> {
  const { rows } = await db.query<{ active: boolean; password_pending: boolean }>(
    `SELECT active, password_hash = '' AS password_pending FROM users WHERE org_id = $1 AND id = $2`,
    [orgId, userId],
  );
  const view = await loadUserView(db, orgId, userId);
  if (!view || !rows[0]) return undefined;
  return { ...view, active: rows[0].active, passwordPending: rows[0].password_pending };
}
