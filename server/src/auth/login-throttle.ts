import type { Db } from '../db/db';
import { sha256Hex } from './tokens';

// 10 failed logins per email and client address within 15 minutes, then 429 until the window ends.
export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 15 * 60;

// Kept in the database (not memory) so several server processes share one count.
const keyFor = (email: string, ip: string) => sha256Hex(`${email.toLowerCase()}|${ip}`);

/** Seconds until the caller may try again, or 0 when not throttled. */
export async function throttledFor(db: Db, email: string, ip: string): Promise<number> {
  const { rows } = await db.query<{ wait: number }>(
    `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS wait
       FROM login_throttle
      WHERE key = $1 AND failures >= $3 AND window_started_at > now() - make_interval(secs => $2)`,
    [keyFor(email, ip), WINDOW_SECONDS, MAX_FAILURES],
  );
  return Math.max(rows[0]?.wait ?? 0, 0);
}

export async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.query(
    `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE t.window_started_at END`,
    [keyFor(email, ip), WINDOW_SECONDS],
  );
}

export async function clearFailures(db: Db, email: string, ip: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [keyFor(email, ip)]);
}
