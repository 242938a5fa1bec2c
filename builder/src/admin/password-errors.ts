import { isApiError } from '@tangram/client';

/** The server's password-policy codes (server/src/auth/password-policy.ts) -> text keys. */
const PASSWORD_PROBLEMS: Readonly<Record<string, 'errors.commonPassword' | 'errors.tooShort'>> = {
  common_password: 'errors.commonPassword',
  minLength: 'errors.tooShort',
};

/** The text key for a password-policy refusal of `e` (so it shows in the user's language), if any. */
export function passwordProblemKey(e: unknown): 'errors.commonPassword' | 'errors.tooShort' | undefined {
  if (!isApiError(e)) return undefined;
  const detail = e.details.find((d) => d.path === '/password' && d.code && PASSWORD_PROBLEMS[d.code]);
  return detail?.code ? PASSWORD_PROBLEMS[detail.code] : undefined;
}
