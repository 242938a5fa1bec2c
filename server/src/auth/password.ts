import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 8;
// Long enough for any passphrase, short enough that hashing cannot be abused for CPU exhaustion.
export const MAX_PASSWORD_LENGTH = 1024;

// scrypt parameters (OWASP: N=2^15, r=8, p=1 is the minimum recommended for interactive logins).
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// Never accept stored parameters above this cost, so a tampered hash cannot pin the CPU.
const MAX_N = 2 ** 17;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

const maxmemFor = (n: number, r: number) => 256 * n * r; // 2x what scrypt needs (128*N*r)

/** Hashes a password into `scrypt$N$r$p$<salt b64>$<hash b64>` with a random 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against an encoded hash in constant time. Malformed hashes never match. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!Number.isInteger(n) || n < 2 || n > MAX_N || !Number.isInteger(r) || r < 1 || r > 32 || p !== 1)
    return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length < 16) return false;
  const actual = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: maxmemFor(n, r) });
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password: verifying against it costs the same as a real check (login timing). */
export const dummyPasswordHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));
