import { addressKey } from '../auth/login-throttle';
import { sha256Hex } from '../auth/tokens';
import type { Db } from '../db/db';

/**
 * Submission attempts per client address (an IPv6 address by its /64), across every link and every
 * server process: the counter lives in `public_form_throttle` and is raised by one atomic UPSERT
 * BEFORE anything else is checked, so failed, naive and parallel posts count too. Decision 0047.
 */
export const SUBMIT_MAX_PER_WINDOW = 20;
export const SUBMIT_WINDOW_SECONDS = 10 * 60;

/** Counts one attempt from `ip`; answers the seconds to wait when it is over the limit, else 0. */
export async function countSubmitAttempt(db: Db, ip: string): Promise<number> {
  const { rows } = await db.query<{ hits: number; wait: number }>(
    `INSERT INTO public_form_throttle AS t (key, hits, window_ends_at)
     VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.hits + 1 END,
       window_ends_at = CASE WHEN t.window_ends_at <= now() THEN now() + make_interval(secs => $2)
                             ELSE t.window_ends_at END
     RETURNING hits, ceil(extract(epoch FROM window_ends_at - now()))::int AS wait`,
    [`ip:${sha256Hex(addressKey(ip))}`, SUBMIT_WINDOW_SECONDS],
  );
  const row = rows[0]!;
  return row.hits > SUBMIT_MAX_PER_WINDOW ? Math.min(Math.max(row.wait, 1), SUBMIT_WINDOW_SECONDS) : 0;
}

/** Removes ended windows and expired proofs (cheap; called now and then by submissions). */
export async function pruneSubmitState(db: Db): Promise<void> {
  await db.query('DELETE FROM public_form_throttle WHERE window_ends_at < now()');
  await db.query('DELETE FROM public_form_proofs WHERE expires_at < now()');
}
