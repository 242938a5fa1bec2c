import type { Principal } from '../access/principal';
import { hashNewPassword } from '../auth/password-policy';
import { issueLink, type IssuedLink } from '../auth/password-links';
import { deleteUserSessions } from '../auth/session-store';
import { loadUserView, type UserView } from '../auth/user-view';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict, notFound, unprocessable } from '../http/app-error';
import { writeAudit } from './audit-log';
import type { CreateUserBody, UpdateUserBody } from './org.schemas';
import { assertInOrg } from './references';

// The stored hash of a user without a password: no password verifies against it (password.ts).
const NO_PASSWORD = '';

const emailTaken = () => conflict('email_taken', 'A user with this email already exists.');

async function emailInUse(tx: Db, orgId: string, email: string, exceptId?: string): Promise<boolean> {
  const { rows } = await tx.query(
    'SELECT 1 FROM users WHERE org_id = $1 AND lower(email) = lower($2) AND id <> $3',
    [orgId, email, exceptId ?? ''],
  );
  return rows.length > 0;
}

/** What creating a user answers: the user, and for an invited user the one-time link. */
export interface CreatedUser {
  user: UserView;
  link?: IssuedLink;
}

/**
 * Creates a user. With a password they can sign in at once; without one they are invited: the
 * password stays empty (no hash matches it) until they choose one through the returned link.
 */
export async function createUser(db: Db, actor: Principal, body: CreateUserBody): Promise<CreatedUser> {
  const passwordHash = body.password !== undefined ? await hashNewPassword(body.password) : NO_PASSWORD;
  return db.transaction(async (tx) => {
    await assertInOrg(tx, 'departments', actor.orgId, body.departmentIds ?? [], '/departmentIds');
    await assertInOrg(tx, 'roles', actor.orgId, body.roleIds ?? [], '/roleIds');
    // The unique index is the real guard (concurrent creates); this check gives the nicer error first.
    if (await emailInUse(tx, actor.orgId, body.email)) throw emailTaken();
    const id = newId('usr');
    await tx.query(
      `INSERT INTO users (id, org_id, name, email, password_hash, is_admin) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, actor.orgId, body.name, body.email, passwordHash, body.isAdmin ?? false],
    );
    await setLinks(tx, actor.orgId, id, body.departmentIds, body.roleIds);
    const { password: _omit, ...rest } = body;
    const invited = body.password === undefined;
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      detail: invited ? { ...rest, invited } : rest,
    });
    const link = invited
      ? await issueLink(tx, { orgId: actor.orgId, userId: id, purpose: 'invite', createdBy: actor.userId })
      : undefined;
    return { user: (await loadUserView(tx, actor.orgId, id))!, ...(link ? { link } : {}) };
  });
}

/**
 * An admin resets a user's password: to the given one, or (without one) to none plus a one-time
 * link for the user to choose it; a user still waiting for their invite gets a fresh invite link.
 * Either way the user's sessions end now: a reset usually follows a leak.
 */
export async function resetPassword(
  db: Db,
  actor: Principal,
  userId: string,
  password: string | undefined,
): Promise<IssuedLink | undefined> {
  const passwordHash = password !== undefined ? await hashNewPassword(password) : undefined;
  return db.transaction(async (tx) => {
    await lockUser(tx, actor.orgId, userId);
    const { rows } = await tx.query<{ pending: boolean; active: boolean }>(
      `SELECT password_hash = '' AS pending, active FROM users WHERE org_id = $1 AND id = $2`,
      [actor.orgId, userId],
    );
    if (!rows[0]!.active)
      throw unprocessable('user_inactive', 'Reactivate the user before resetting their password.');
    await tx.query('UPDATE users SET password_hash = $3 WHERE org_id = $1 AND id = $2', [
      actor.orgId,
      userId,
      passwordHash ?? NO_PASSWORD,
    ]);
    await deleteUserSessions(tx, userId);
    const purpose = rows[0]!.pending ? 'invite' : 'reset';
    const link = passwordHash
      ? undefined
      : await issueLink(tx, { orgId: actor.orgId, userId, purpose, createdBy: actor.userId });
    if (passwordHash)
      await tx.query('DELETE FROM user_links WHERE user_id = $1 AND used_at IS NULL', [userId]);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      detail: { method: link ? `${purpose}_link` : 'set_by_admin' },
    });
    return link;
  });
}

/** Lets a deactivated user sign in again (with their old password, or a link if they had none). */
export async function reactivateUser(db: Db, actor: Principal, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockUser(tx, actor.orgId, userId);
    await tx.query('UPDATE users SET active = true WHERE org_id = $1 AND id = $2', [actor.orgId, userId]);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'user.reactivate',
      targetType: 'user',
      targetId: userId,
    });
  });
}

export async function updateUser(
  db: Db,
  actor: Principal,
  userId: string,
  body: UpdateUserBody,
): Promise<UserView> {
  const passwordHash = body.password !== undefined ? await hashNewPassword(body.password) : undefined;
  return db.transaction(async (tx) => {
    await lockUser(tx, actor.orgId, userId);
    if (userId === actor.userId && body.isAdmin === false) {
      throw unprocessable('cannot_demote_self', 'You cannot remove your own administrator rights.');
    }
    await assertInOrg(tx, 'departments', actor.orgId, body.departmentIds ?? [], '/departmentIds');
    await assertInOrg(tx, 'roles', actor.orgId, body.roleIds ?? [], '/roleIds');
    if (body.email !== undefined && (await emailInUse(tx, actor.orgId, body.email, userId)))
      throw emailTaken();
    await tx.query(
      `UPDATE users SET name = coalesce($3, name), email = coalesce($4, email),
              password_hash = coalesce($5, password_hash), is_admin = coalesce($6, is_admin)
        WHERE org_id = $1 AND id = $2`,
      [
        actor.orgId,
        userId,
        body.name ?? null,
        body.email ?? null,
        passwordHash ?? null,
        body.isAdmin ?? null,
      ],
    );
    await setLinks(tx, actor.orgId, userId, body.departmentIds, body.roleIds);
    // A new password ends the user's other sessions (it may have been changed because of a leak).
    if (passwordHash) await deleteUserSessions(tx, userId);
    const { password, ...rest } = body;
    const detail = password !== undefined ? { ...rest, passwordChanged: true } : rest;
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'user.update',
      targetType: 'user',
      targetId: userId,
      detail,
    });
    return (await loadUserView(tx, actor.orgId, userId))!;
  });
}

/** DELETE deactivates: the user keeps their history but cannot sign in, and sessions end now. */
export async function deactivateUser(db: Db, actor: Principal, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockUser(tx, actor.orgId, userId);
    if (userId === actor.userId)
      throw unprocessable('cannot_deactivate_self', 'You cannot deactivate yourself.');
    await tx.query('UPDATE users SET active = false WHERE org_id = $1 AND id = $2', [actor.orgId, userId]);
    await deleteUserSessions(tx, userId);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'user.deactivate',
      targetType: 'user',
      targetId: userId,
    });
  });
}

async function lockUser(tx: Db, orgId: string, userId: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM users WHERE org_id = $1 AND id = $2 FOR UPDATE', [
    orgId,
    userId,
  ]);
  if (rows.length === 0) throw notFound('User');
}

async function setLinks(tx: Db, orgId: string, userId: string, departmentIds?: string[], roleIds?: string[]) {
  if (departmentIds) {
    await tx.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
    await tx.query(
      `INSERT INTO memberships (org_id, user_id, department_id) SELECT $1, $2, unnest($3::text[])`,
      [orgId, userId, departmentIds],
    );
  }
  if (roleIds) {
    await tx.query('DELETE FROM user_roles WHERE user_id = $1', [userId]);
    await tx.query(`INSERT INTO user_roles (org_id, user_id, role_id) SELECT $1, $2, unnest($3::text[])`, [
      orgId,
      userId,
      roleIds,
    ]);
  }
}
