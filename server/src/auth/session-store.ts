import type { Db } from '../db/db';
import type { Principal } from '../access/principal';
import { newToken, sha256Hex } from './tokens';

/** How long a session lives (`SESSION_IDLE_HOURS`, `SESSION_MAX_HOURS` in config.ts). */
export interface SessionLifetimes {
  /** Ends after this long without a request (sliding). */
  idleSeconds: number;
  /** Ends this long after sign-in, however active. */
  maxSeconds: number;
}

// Sliding expiry is refreshed at most this often (or every half idle period, when that is shorter),
// so reads do not turn into a write per request.
const TOUCH_AFTER_SECONDS = 300;

export interface NewSession {
  /** The raw token for the cookie; only its SHA-256 is stored. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Creates a session; its lifetimes are stored with it, so a resolve needs no configuration. */
export async function createSession(
  db: Db,
  userId: string,
  orgId: string,
  lifetimes: SessionLifetimes,
): Promise<NewSession> {
  const token = newToken();
  const sessionId = sha256Hex(token);
  const csrfToken = newToken();
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (id, user_id, org_id, csrf_token, idle_seconds, max_expires_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), now() + make_interval(secs => $7))
     RETURNING expires_at`,
    [
      sessionId,
      userId,
      orgId,
      csrfToken,
      lifetimes.idleSeconds,
      lifetimes.maxSeconds,
      Math.min(lifetimes.idleSeconds, lifetimes.maxSeconds),
    ],
  );
  return { token, sessionId, csrfToken, expiresAt: rows[0]!.expires_at };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  principal: Principal;
}

/**
 * Looks up the session for a cookie token. Expired sessions (idle or past their absolute end) and
 * sessions of deactivated users resolve to null on the very next request (no caching).
 */
export async function resolveSession(db: Db, token: string): Promise<ResolvedSession | null> {
  const sessionId = sha256Hex(token);
  const { rows } = await db.query<{
    csrf_token: string;
    user_id: string;
    org_id: string;
    is_admin: boolean;
    department_ids: string[];
    role_ids: string[];
    stale: boolean;
  }>(
    `SELECT s.csrf_token, u.id AS user_id, u.org_id, u.is_admin,
            ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids,
            ARRAY(SELECT r.role_id FROM user_roles r WHERE r.user_id = u.id ORDER BY 1) AS role_ids,
            s.last_seen_at < now() - make_interval(secs => least($2, s.idle_seconds / 2)) AS stale
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id
      WHERE s.id = $1 AND s.expires_at > now() AND s.max_expires_at > now() AND u.active`,
    [sessionId, TOUCH_AFTER_SECONDS],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.stale) {
    await db.query(
      `UPDATE sessions SET last_seen_at = now(),
              expires_at = least(now() + make_interval(secs => idle_seconds), max_expires_at)
        WHERE id = $1`,
      [sessionId],
    );
  }
  return {
    sessionId,
    csrfToken: row.csrf_token,
    principal: {
      userId: row.user_id,
      orgId: row.org_id,
      isAdmin: row.is_admin,
      departmentIds: row.department_ids,
      roleIds: row.role_ids,
    },
  };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
}

/** Ends every session of a user (deactivation, password change). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}
