import type { Db } from '../db/db';
import { newId } from '../db/ids';
import type { Principal } from '../access/principal';
import { hashApiKey, newApiKey } from './key-format';
import type { ApiKeyScope } from './scopes';

/** A key as its owner sees it in the list: never the key itself, only its prefix. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at';

const toView = (r: KeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** The user's keys, newest first (revoked ones too, so the list shows what happened). */
export async function listKeys(db: Db, principal: Principal): Promise<ApiKeyView[]> {
  const { rows } = await db.query<KeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE org_id = $1 AND user_id = $2
      ORDER BY created_at DESC, id DESC LIMIT 200`,
    [principal.orgId, principal.userId],
  );
  return rows.map(toView);
}

/** How many keys of the user are neither revoked nor expired. */
export async function countLiveKeys(db: Db, principal: Principal): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM api_keys
      WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [principal.orgId, principal.userId],
  );
  return rows[0]!.n;
}

/** Stores a new key (its hash) and returns the key, which is never readable again. */
export async function insertKey(
  tx: Db,
  principal: Principal,
  input: { name: string; scopes: ApiKeyScope[]; expiresInDays: number },
): Promise<{ key: string; view: ApiKeyView }> {
  const { key, hash, prefix } = newApiKey();
  const { rows } = await tx.query<KeyRow>(
    `INSERT INTO api_keys (id, org_id, user_id, name, key_hash, prefix, scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8))
     RETURNING ${COLUMNS}`,
    [
      newId('key'),
      principal.orgId,
      principal.userId,
      input.name,
      hash,
      prefix,
      JSON.stringify(input.scopes),
      input.expiresInDays,
    ],
  );
  return { key, view: toView(rows[0]!) };
}

/** Revokes the user's key; null when they have no such key. Revoking twice keeps the first time. */
export async function revokeKey(tx: Db, principal: Principal, keyId: string): Promise<ApiKeyView | null> {
  const { rows } = await tx.query<KeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
      WHERE id = $1 AND org_id = $2 AND user_id = $3
      RETURNING ${COLUMNS}`,
    [keyId, principal.orgId, principal.userId],
  );
  return rows[0] ? toView(rows[0]) : null;
}

/** A live key's owner as a principal, with the key's id and scopes; null for unknown, revoked or expired keys. */
export async function resolveApiKey(
  db: Db,
  key: string,
): Promise<{ keyId: string; scopes: ApiKeyScope[]; principal: Principal } | null> {
  const { rows } = await db.query<{
    id: string;
    scopes: ApiKeyScope[];
    user_id: string;
    org_id: string;
    is_admin: boolean;
    department_ids: string[];
    role_ids: string[];
    stale: boolean;
  }>(
    `SELECT k.id, k.scopes, u.id AS user_id, u.org_id, u.is_admin,
            ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids,
            ARRAY(SELECT r.role_id FROM user_roles r WHERE r.user_id = u.id ORDER BY 1) AS role_ids,
            (k.last_used_at IS NULL OR k.last_used_at < now() - interval '60 seconds') AS stale
       FROM api_keys k JOIN users u ON u.id = k.user_id AND u.org_id = k.org_id
      WHERE k.key_hash = $1 AND k.revoked_at IS NULL
        AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.active`,
    [hashApiKey(key)],
  );
  const row = rows[0];
  if (!row) return null;
  // Last use is shown to the owner; a write per request is not needed for that.
  if (row.stale) await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
  return {
    keyId: row.id,
    scopes: row.scopes,
    principal: {
      userId: row.user_id,
      orgId: row.org_id,
      isAdmin: row.is_admin,
      departmentIds: row.department_ids,
      roleIds: row.role_ids,
    },
  };
}
