import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../auth/tokens';

/**
 * API keys look like `tgk_<43 base64url characters>` (32 random bytes). The `tgk_` mark lets secret
 * scanners and people recognise a Tangram key; only its SHA-256 is stored (decision 0046: with 256
 * random bits a fast hash is enough, nothing is left to guess from a leaked table).
 */
export const KEY_MARK = 'tgk_';
/** How much of a key is kept in clear and shown in the list: the mark and 8 random characters. */
export const PREFIX_LENGTH = KEY_MARK.length + 8;
const KEY_PATTERN = /^tgk_[A-Za-z0-9_-]{43}$/;

export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_MARK + randomBytes(32).toString('base64url');
  return { key, hash: sha256Hex(key), prefix: key.slice(0, PREFIX_LENGTH) };
}

export const hashApiKey = (key: string): string => sha256Hex(key);

/** Whether `text` has the shape of a key (checked before any database work). */
export const isKeyShaped = (text: string): boolean => KEY_PATTERN.test(text);

/**
 * The credentials of an `Authorization: Bearer <key>` header: undefined when the request has no
 * bearer header (a session request), otherwise the text after the scheme (possibly malformed).
 */
export function bearerCredentials(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^bearer[ \t]+(.*)$/is.exec(header.trim());
  return match ? match[1]!.trim() : undefined;
}
