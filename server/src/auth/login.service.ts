import { auditSignInFailure, type ClientInfo, type SignInFailure } from '../audit/audit-events';
import type { Db } from '../db/db';
import { AppError, tooManyRequests } from '../http/app-error';
import { countAttempt, forgiveAttempt, throttleKeys } from './login-throttle';
import { dummyPasswordHash, verifyPassword } from './password';

export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is wrong.');

/**
 * Checks an email and password; returns the user. The attempt is counted first (login-throttle.ts):
 * over the account's or the address's limit it is refused with 429 and Retry-After, unchecked.
 * Unknown email, wrong password and inactive user all give the same 401 after one scrypt
 * verification (a dummy hash when there is no candidate), so neither the answer nor its timing
 * tells whether an account exists. A refusal after the password check is audited with the attempted
 * email and the client (never the password); refusals by the throttle are not (each would be a row
 * an attacker could add at will, and the lockout bounds the audited failures).
 */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  client: ClientInfo,
): Promise<{ userId: string; orgId: string }> {
  const keys = throttleKeys(email, client.ip ?? 'unknown');
  const wait = await countAttempt(db, keys);
  if (wait > 0) throw tooManyRequests('Too many failed sign-ins. Try again later.', wait);

  // The same email may exist in several orgs; the password picks the account.
  const { rows } = await db.query<{ id: string; org_id: string; password_hash: string; active: boolean }>(
    `SELECT id, org_id, password_hash, active FROM users WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 5`,
    [email],
  );
  let match: { userId: string; orgId: string } | undefined;
  const refused: { userId: string; orgId: string; reason: SignInFailure }[] = [];
  if (rows.length === 0) await verifyPassword(password, await dummyPasswordHash);
  for (const row of rows) {
    const passwordOk = await verifyPassword(password, row.password_hash);
    if (passwordOk && row.active && !match) match = { userId: row.id, orgId: row.org_id };
    else
      refused.push({ userId: row.id, orgId: row.org_id, reason: passwordOk ? 'inactive' : 'wrong_password' });
  }
  if (!match) {
    await auditSignInFailure(db, { email, accounts: refused }, client);
    throw invalidCredentials(); // already counted
  }
  await forgiveAttempt(db, keys);
  return match;
}
