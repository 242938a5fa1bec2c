import type { Db } from '../db/db';
import { sha256Hex } from './tokens';

/**
 * Sign-in throttling (docs/decisions/0019-sign-in-throttling.md). Two counters per attempt, kept in
 * the database so several server processes share them:
 *
 * - per account (the email, whatever the address): after ACCOUNT_MAX_FAILURES failures within
 *   WINDOW_SECONDS the account is locked for LOCKOUT_SECONDS, even for the right password from a
 *   new address;
 * - per client address (an IPv6 address counts by its /64): after IP_MAX_FAILURES failures, on any
 *   accounts, that address is locked the same way.
 *
 * An attempt is counted BEFORE its password is checked, by one atomic UPSERT whose returned count
 * decides: of N parallel attempts exactly the first ACCOUNT_MAX_FAILURES get a password check, the
 * rest get 429. A successful sign-in then takes its attempt back (and clears the account counter).
 */
export const ACCOUNT_MAX_FAILURES = 10;
export const IP_MAX_FAILURES = 50;
export const WINDOW_SECONDS = 15 * 60;
export const LOCKOUT_SECONDS = 15 * 60;

export interface ThrottleKeys {
  account: string;
  ip: string;
}

export function throttleKeys(email: string, ip: string): ThrottleKeys {
  return { account: `account:${sha256Hex(email.toLowerCase())}`, ip: `ip:${sha256Hex(addressKey(ip))}` };
}

/**
 * Counts one sign-in attempt for the account and the address; returns the seconds to wait when
 * either is over its limit (the attempt must then be refused unchecked), or 0.
 */
export async function countAttempt(db: Db, keys: ThrottleKeys): Promise<number> {
  const account = await increment(db, keys.account, ACCOUNT_MAX_FAILURES);
  const ip = await increment(db, keys.ip, IP_MAX_FAILURES);
  return Math.max(account, ip);
}

/** After a successful sign-in: the account starts afresh, the address gets its attempt back. */
export async function forgiveAttempt(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.query('DELETE FROM sign_in_throttle WHERE key = $1', [keys.account]);
  await db.query('UPDATE sign_in_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0', [
    keys.ip,
  ]);
}

/** Deletes counters whose window or lockout has ended (the hourly cleanup job). */
export async function deleteExpiredThrottles(db: Db, now: Date): Promise<void> {
  await db.query('DELETE FROM sign_in_throttle WHERE window_ends_at < $1', [now]);
}

// One statement, so concurrent attempts are serialised on the row and each sees its own count.
// A window that has ended starts again at 1; the attempt that first goes over the limit starts a
// full lockout from now; later refused attempts do not prolong it.
async function increment(db: Db, key: string, max: number): Promise<number> {
  const { rows } = await db.query<{ failures: number; wait: number }>(
    `INSERT INTO sign_in_throttle AS t (key, failures, window_ends_at)
     VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.failures + 1 END,
       window_ends_at = CASE
         WHEN t.window_ends_at <= now() THEN now() + make_interval(secs => $2)
         WHEN t.failures = $3 THEN now() + make_interval(secs => $4)
         ELSE t.window_ends_at END
     RETURNING failures, ceil(extract(epoch FROM window_ends_at - now()))::int AS wait`,
    [key, WINDOW_SECONDS, max, LOCKOUT_SECONDS],
  );
  const row = rows[0]!;
  // now() is each transaction's start: a statement that waited on the row lock behind the one that
  // started the lockout can see a second more than the lockout's length. Never announce more.
  return row.failures > max ? Math.min(Math.max(row.wait, 1), LOCKOUT_SECONDS) : 0;
}

/**
 * The part of a client address that identifies a client: IPv4 as is (also when IPv4-mapped), IPv6
 * by its /64 prefix, since one host is usually given a whole /64 and could rotate inside it.
 */
export function addressKey(ip: string): string {
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(8 - left.length - right.length, 0)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
