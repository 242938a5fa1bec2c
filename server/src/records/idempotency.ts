import { createHash } from 'node:crypto';
import type { Db } from '../db/db';
import { unprocessable, validationFailed } from '../http/app-error';
import { failpoint } from '../reliability/failpoints';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

/** Checks the header's shape; returns undefined when the request carries none. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw validationFailed([
      {
        path: '/headers/idempotency-key',
        code: 'format',
        message: 'must be 8-200 characters of letters, digits and _.:-',
      },
    ]);
  }
  return header;
}

export const requestHash = (method: string, path: string, body: unknown) =>
  createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body)}`)
    .digest('hex');

/**
 * Runs a write at most once per key. The key row is inserted first in the write's transaction: a
 * concurrent retry blocks on the primary key until the first commits, then finds the stored
 * response; a retry after a rollback finds nothing and runs the write again. The same key with a
 * different request is a 422.
 */
export async function onceWithKey(
  db: Db,
  scope: { orgId: string; userId: string; key: string | undefined; hash: () => string },
  write: (tx: Db) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!scope.key) return db.transaction(write);
  // Hashed only when a key is given: a 1,000-record batch without one pays nothing.
  const hash = scope.hash();
  const answer = await db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (org_id, user_id, key, request_hash, status, response) VALUES ($1, $2, $3, $4, 0, 'null')
       ON CONFLICT DO NOTHING RETURNING key`,
      [scope.orgId, scope.userId, scope.key, hash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await tx.query<{ request_hash: string; status: number; response: unknown }>(
        `SELECT request_hash, status, response FROM idempotency_keys WHERE org_id = $1 AND user_id = $2 AND key = $3`,
        [scope.orgId, scope.userId, scope.key],
      );
      const stored = rows[0]!;
      if (stored.request_hash !== hash) {
        throw unprocessable(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
        );
      }
      return { status: stored.status, body: stored.response };
    }
    const response = await write(tx);
    await tx.query(
      `UPDATE idempotency_keys SET status = $4, response = $5 WHERE org_id = $1 AND user_id = $2 AND key = $3`,
      [scope.orgId, scope.userId, scope.key, response.status, JSON.stringify(response.body)],
    );
    failpoint('record.before_commit');
    return response;
  });
  failpoint('record.after_commit');
  return answer;
}
