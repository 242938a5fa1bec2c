import type { Db } from '../db/db';
import { AppError, notFound } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import { hashNewPassword } from './password-policy';
import { deleteUserSessions } from './session-store';
import { newToken, sha256Hex } from './tokens';

/**
 * One-time links that let a user set their password: an invite (an admin created the user without
 * a password) or a reset (an admin reset it). The raw token is shown once, to the admin who made
 * the link; only its SHA-256 is stored. Issuing a new link for a user voids their older ones.
 */
export type LinkPurpose = 'invite' | 'reset';

/** How long a link stays valid: an invite waits for a new colleague, a reset is urgent. */
export const LINK_LIFETIME_SECONDS: Readonly<Record<LinkPurpose, number>> = {
  invite: 7 * 24 * 3600,
  reset: 24 * 3600,
};

/** Where the player's page for a link lives; the token travels in the fragment, never to a log. */
export const linkPath = (token: string) => `/invite#${token}`;

export interface IssuedLink {
  token: string;
  purpose: LinkPurpose;
  expiresAt: Date;
}

/** Creates a link for `userId` inside the caller's transaction (voiding older unused ones). */
export async function issueLink(
  tx: Db,
  input: { orgId: string; userId: string; purpose: LinkPurpose; createdBy: string },
): Promise<IssuedLink> {
  await tx.query('DELETE FROM user_links WHERE user_id = $1 AND used_at IS NULL', [input.userId]);
  const token = newToken();
  const { rows } = await tx.query<{ expires_at: Date }>(
    `INSERT INTO user_links (id, org_id, user_id, purpose, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING expires_at`,
    [
      sha256Hex(token),
      input.orgId,
      input.userId,
      input.purpose,
      input.createdBy,
      LINK_LIFETIME_SECONDS[input.purpose],
    ],
  );
  return { token, purpose: input.purpose, expiresAt: rows[0]!.expires_at };
}

export interface LinkInfo {
  purpose: LinkPurpose;
  name: string;
  email: string;
  orgName: string;
  expiresAt: Date;
}

interface LinkRow {
  user_id: string;
  org_id: string;
  purpose: LinkPurpose;
  name: string;
  email: string;
  org_name: string;
  expires_at: Date;
  used: boolean;
  expired: boolean;
  active: boolean;
}

// The holder of a token may learn why it no longer works (it is their link); a token that matches
// nothing says only that.
const linkUsed = () => new AppError(410, 'link_used', 'This link has already been used.');
const linkExpired = () =>
  new AppError(410, 'link_expired', 'This link has expired. Ask your administrator for a new one.');
const linkNotFound = () => notFound('Link', 'link_not_found');

async function findLink(db: Db, token: string, lock: boolean): Promise<LinkRow> {
  const { rows } = await db.query<LinkRow>(
    `SELECT l.user_id, l.org_id, l.purpose, u.name, u.email, o.name AS org_name, l.expires_at,
            l.used_at IS NOT NULL AS used, l.expires_at <= now() AS expired, u.active
       FROM user_links l
       JOIN users u ON u.org_id = l.org_id AND u.id = l.user_id
       JOIN orgs o ON o.id = l.org_id
      WHERE l.id = $1${lock ? ' FOR UPDATE OF l' : ''}`,
    [sha256Hex(token)],
  );
  const row = rows[0];
  // A deactivated user's link is as dead as one that never existed.
  if (!row || !row.active) throw linkNotFound();
  if (row.used) throw linkUsed();
  if (row.expired) throw linkExpired();
  return row;
}

/** What the set-password page shows before the user chooses a password. */
export async function inspectLink(db: Db, token: string): Promise<LinkInfo> {
  const row = await findLink(db, token, false);
  return {
    purpose: row.purpose,
    name: row.name,
    email: row.email,
    orgName: row.org_name,
    expiresAt: row.expires_at,
  };
}

/**
 * Sets the password through a link, once: the link row is locked, checked and marked used in the
 * transaction that sets the password, so two concurrent uses cannot both succeed. The user's other
 * sessions end (a reset may follow a leak). Returns the user to sign in.
 */
export async function acceptLink(
  db: Db,
  token: string,
  password: string,
): Promise<{ userId: string; orgId: string }> {
  await findLink(db, token, false); // a dead link is refused before the slow hash
  const passwordHash = await hashNewPassword(password);
  return db.transaction(async (tx) => {
    const row = await findLink(tx, token, true);
    await tx.query('UPDATE user_links SET used_at = now() WHERE id = $1', [sha256Hex(token)]);
    await tx.query('UPDATE users SET password_hash = $3 WHERE org_id = $1 AND id = $2', [
      row.org_id,
      row.user_id,
      passwordHash,
    ]);
    await deleteUserSessions(tx, row.user_id);
    await writeAudit(tx, {
      orgId: row.org_id,
      actorId: row.user_id,
      action: row.purpose === 'invite' ? 'user.invite_accept' : 'user.password_reset_complete',
      targetType: 'user',
      targetId: row.user_id,
    });
    return { userId: row.user_id, orgId: row.org_id };
  });
}
