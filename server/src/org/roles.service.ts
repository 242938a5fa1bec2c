import type { Principal } from '../access/principal';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict, notFound } from '../http/app-error';
import { writeAudit } from './audit-log';
import { assertInOrg } from './references';

export interface RoleView {
  id: string;
  name: string;
}

/** A role in the admin list, with how many users hold it. */
export interface RoleListItem extends RoleView {
  memberCount: number;
}

const nameTaken = () => conflict('role_name_taken', 'A role with this name already exists.');

export async function listRoles(db: Db, orgId: string): Promise<RoleListItem[]> {
  const { rows } = await db.query<RoleListItem>(
    `SELECT r.id, r.name, (SELECT count(*)::int FROM user_roles ur WHERE ur.role_id = r.id) AS "memberCount"
       FROM roles r WHERE r.org_id = $1 ORDER BY r.name, r.id`,
    [orgId],
  );
  return rows;
}

async function lockRole(tx: Db, orgId: string, id: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM roles WHERE org_id = $1 AND id = $2 FOR UPDATE', [
    orgId,
    id,
  ]);
  if (rows.length === 0) throw notFound('Role');
}

/** Gives the role to users (those who already hold it are left as they are). */
export async function addRoleMembers(db: Db, actor: Principal, id: string, userIds: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRole(tx, actor.orgId, id);
    await assertInOrg(tx, 'users', actor.orgId, userIds, '/userIds');
    await tx.query(
      `INSERT INTO user_roles (org_id, user_id, role_id) SELECT $1, unnest($3::text[]), $2
       ON CONFLICT DO NOTHING`,
      [actor.orgId, id, userIds],
    );
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'role.members_add',
      targetType: 'role',
      targetId: id,
      detail: { userIds },
    });
  });
}

/** Takes the role from one user; 404 when the user does not hold it. */
export async function removeRoleMember(db: Db, actor: Principal, id: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRole(tx, actor.orgId, id);
    const { rows } = await tx.query(
      'DELETE FROM user_roles WHERE org_id = $1 AND role_id = $2 AND user_id = $3 RETURNING user_id',
      [actor.orgId, id, userId],
    );
    if (rows.length === 0) throw notFound('Role member');
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'role.members_remove',
      targetType: 'role',
      targetId: id,
      detail: { userIds: [userId] },
    });
  });
}

async function nameInUse(tx: Db, orgId: string, name: string, exceptId = ''): Promise<boolean> {
  const { rows } = await tx.query(
    'SELECT 1 FROM roles WHERE org_id = $1 AND lower(name) = lower($2) AND id <> $3',
    [orgId, name, exceptId],
  );
  return rows.length > 0;
}

export async function createRole(db: Db, actor: Principal, name: string): Promise<RoleView> {
  return db.transaction(async (tx) => {
    if (await nameInUse(tx, actor.orgId, name)) throw nameTaken();
    const id = newId('rol');
    await tx.query('INSERT INTO roles (id, org_id, name) VALUES ($1, $2, $3)', [id, actor.orgId, name]);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'role.create',
      targetType: 'role',
      targetId: id,
      detail: { name },
    });
    return { id, name };
  });
}

export async function renameRole(db: Db, actor: Principal, id: string, name: string): Promise<RoleView> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<RoleView>(
      'SELECT id, name FROM roles WHERE org_id = $1 AND id = $2 FOR UPDATE',
      [actor.orgId, id],
    );
    const before = rows[0];
    if (!before) throw notFound('Role');
    if (await nameInUse(tx, actor.orgId, name, id)) throw nameTaken();
    await tx.query('UPDATE roles SET name = $3 WHERE org_id = $1 AND id = $2', [actor.orgId, id, name]);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'role.update',
      targetType: 'role',
      targetId: id,
      detail: { from: before.name, to: name },
    });
    return { id, name };
  });
}

/** Deleting a role removes it from its users (user_roles cascade). */
export async function deleteRole(db: Db, actor: Principal, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<RoleView>(
      'DELETE FROM roles WHERE org_id = $1 AND id = $2 RETURNING id, name',
      [actor.orgId, id],
    );
    if (!rows[0]) throw notFound('Role');
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'role.delete',
      targetType: 'role',
      targetId: id,
      detail: { name: rows[0].name },
    });
  });
}
