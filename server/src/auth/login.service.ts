import type { Db } from '../db/db';
import { AppError, tooManyRequests } from '../http/app-error';
import { clearFailures, recordFailure, throttledFor } from './login-throttle';
import { dummyPasswordHash, verifyPassword } from './password';

export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is wrong.');

/**
 * Checks an email and password; returns the user. Unknown email, wrong password and inactive user
 * all give the same 401 after one scrypt verification (a dummy hash when there is no candidate),
 * so neither the answer nor its timing tells whether an account exists.
 */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  ip: string,
): Promise<{ userId: string; orgId: string }> {
  const wait = await throttledFor(db, email, ip);
  if (wait > 0) throw tooManyRequests('Too many failed sign-ins. Try again later.', wait);

  // The same email may exist in several orgs; the password picks the account.
  const { rows } = await db.query<{ id: string; org_id: string; password_hash: string; active: boolean }>(
    `SELECT id, org_id, password_hash, active FROM users WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 5`,
    [email],
  );
  let match: { userId: string; orgId: string } | undefined;
  if (rows.length === 0) await verifyPassword(password, await dummyPasswordHash);
  for (const row of rows) {
    if ((await verifyPassword(password, row.password_hash)) && row.active && !match) {
      match = { userId: row.id, orgId: row.org_id };
    }
  }
  if (!match) {
    await recordFailure(db, email, ip);
    throw invalidCredentials();
  }
  await clearFailures(db, email, ip);
  return match;
}
