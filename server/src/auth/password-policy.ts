import { readFileSync } from 'node:fs';
import { validationFailed, type ErrorDetail } from '../http/app-error';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password';

// The policy for new passwords (setup, user creation, password change), NIST SP 800-63B style:
// a minimum length and a check against passwords attackers try first, no composition rules.

const normalize = (password: string) => password.normalize('NFKC').toLowerCase();

let commonPasswords: Set<string> | undefined;

/** The bundled list (common-passwords.txt), read once on first use. */
function common(): Set<string> {
  commonPasswords ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map(normalize),
  );
  return commonPasswords;
}

/** Why `password` may not be used as a new password, as an error detail at `path`; undefined when it may. */
export function passwordProblem(password: string, path = '/password'): ErrorDetail | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return { path, code: 'minLength', message: `must NOT have fewer than ${MIN_PASSWORD_LENGTH} characters` };
  if (length > MAX_PASSWORD_LENGTH)
    return { path, code: 'maxLength', message: `must NOT have more than ${MAX_PASSWORD_LENGTH} characters` };
  if (common().has(normalize(password)))
    return {
      path,
      code: 'common_password',
      message: 'is one of the most common passwords, which attackers try first; choose a less guessable one',
    };
  return undefined;
}

/** Checks a new password against the policy (400 `validation_failed` naming `path`) and hashes it. */
export async function hashNewPassword(password: string, path = '/password'): Promise<string> {
  const problem = passwordProblem(password, path);
  if (problem) throw validationFailed([problem]);
  return hashPassword(password);
}
