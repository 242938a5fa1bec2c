import type { Db } from '../db/db';
import { addressKey } from '../auth/login-throttle';
import { sha256Hex } from '../auth/tokens';

/**
 * Rate limits of API key requests (decision 0046), as fixed windows counted in the database so that
 * every server process on one database shares them (as the sign-in throttle of decision 0019):
 * - per key: at most `perMinute` requests per minute;
 * - per client address: after IP_MAX_FAILURES requests with a wrong, revoked or expired key within
 *   IP_WINDOW_SECONDS, every bearer request from that address gets 429 until the window ends.
 * Counter keys are hashes: the table never holds a key or an address in clear.
 */
export const KEY_WINDOW_SECONDS = 60;
export const IP_MAX_FAILURES = 20;
export const IP_WINDOW_SECONDS = 15 * 60;

export const keyCounter = (keyId: string) => `key:${keyId}`;
export const ipCounter = (ip: string) => `key-ip:${sha256Hex(addressKey(ip))}`;

/**
 * Counts one hit in `counter`'s window and returns the seconds to wait when the count is over
 * `max` (the request must be refused), or 0. One UPSERT: concurrent hits are serialised on the row
 * and each sees its own count.
 */
export async function countHit(db: Db, counter: string, max: number, windowSeconds: number): Promise<number> {
  const { rows } = await db.query<{ hits: number; wait: number }>(
    `INSERT INTO api_rate_limits AS t (key, hits, window_ends_at)
     VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.hits + 1 END,
       window_ends_at = CASE WHEN t.window_ends_at <= now()
                             THEN now() + make_interval(secs => $2) ELSE t.window_ends_at END
     RETURNING hits, ceil(extract(epoch FROM window_ends_at - now()))::int AS wait`,
    [counter, windowSeconds],
  );
  const row = rows[0]!;
  return row.hits > max ? Math.min(Math.max(row.wait, 1), windowSeconds) : 0;
}

/** Seconds an address must wait because of its failed keys, or 0 (read only: counts nothing). */
export async function addressLockout(db: Db, ip: string): Promise<number> {
  const { rows } = await db.query<{ hits: number; wait: number }>(
    `SELECT hits, ceil(extract(epoch FROM window_ends_at - now()))::int AS wait
       FROM api_rate_limits WHERE key = $1 AND window_ends_at > now()`,
    [ipCounter(ip)],
  );
  const row = rows[0];
  return row && row.hits >= IP_MAX_FAILURES ? Math.min(Math.max(row.wait, 1), IP_WINDOW_SECONDS) : 0;
}

/** Deletes counters whose window has ended (the hourly cleanup job). */
export async function deleteEndedRateWindows(db: Db, now: Date): Promise<void> {
  await db.query('DELETE FROM api_rate_limits WHERE window_ends_at < $1', [now]);
}
