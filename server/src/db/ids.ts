import { randomBytes } from 'node:crypto';

// Crockford base32, lower case: ids are readable, URL-safe and sort by creation time.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A new sortable id: 10 chars of millisecond time + 16 chars (80 bits) of randomness, optionally
 * prefixed (`newId('usr')` -> `usr_01hx...`). Generated server-side; never derived from input.
 */
export function newId(prefix?: string): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let tail = '';
  for (const byte of bytes) tail += ALPHABET[byte % 32];
  return prefix ? `${prefix}_${head}${tail}` : head + tail;
}
