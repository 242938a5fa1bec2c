import { randomFillSync } from 'node:crypto';

// Crockford base32, lower case: ids are readable, URL-safe and sort by creation time.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

// Randomness is drawn 4 KiB at a time: one call per 256 ids instead of one per id (a 1,000-record
// batch spent more time asking the OS for 16 bytes than building its ids).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomChunk(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += size;
  return pool.subarray(poolOffset - size, poolOffset);
}

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
  const bytes = randomChunk(16);
  let tail = '';
  for (const byte of bytes) tail += ALPHABET[byte % 32];
  return prefix ? `${prefix}_${head}${tail}` : head + tail;
}
