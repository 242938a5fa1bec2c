/**
 * The public form's bot check, without outside services (decision 0047): a honeypot field that
 * people never see and a small proof of work.
 *
 * The browser picks a random nonce and searches a counter such that
 * SHA-256(`<linkId>:<issuedAt>:<nonce>:<counter>`) starts with `difficulty` zero bits (about
 * 2^difficulty hashes: a fraction of a second in a browser, real cost for a script posting
 * thousands of times). `issuedAt` must be recent, and a proof is accepted once (the caller stores
 * its hash), so work cannot be done ahead or replayed. Pure except for hashing.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../http/app-error';

/** Leading zero bits a proof needs (~16k hashes on average). */
export const POW_DIFFICULTY = 14;
/** How old a proof's `issuedAt` may be (the form can stay open a while before it is sent). */
export const PROOF_MAX_AGE_MS = 2 * 60 * 60 * 1000;
/** Clock skew tolerated for an `issuedAt` in the future. */
const PROOF_MAX_SKEW_MS = 5 * 60 * 1000;

export interface Proof {
  issuedAt: number;
  nonce: string;
  counter: number;
}

export const proofText = (linkId: string, p: Proof) => `${linkId}:${p.issuedAt}:${p.nonce}:${p.counter}`;

/** How many leading zero bits a digest has. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export const botCheckFailed = (reason: string) => {
  const error = new AppError(
    400,
    'bot_check_failed',
    `The anti-robot check failed (${reason}). Reload the page and try again.`,
  );
  error.localized = {
    en: error.message,
    'zh-CN': `防机器人校验未通过（${reason}），请刷新页面后重试。`,
  };
  return error;
};

/**
 * Checks the honeypot and the proof; answers the proof's hash (to be stored against replay) or
 * throws 400 `bot_check_failed`.
 */
export function checkBot(
  linkId: string,
  honeypot: unknown,
  proof: Proof | undefined,
  now: number,
  difficulty = POW_DIFFICULTY,
): string {
  if (honeypot !== undefined && honeypot !== '') throw botCheckFailed('honeypot');
  if (!proof) throw botCheckFailed('no proof');
  if (proof.issuedAt < now - PROOF_MAX_AGE_MS || proof.issuedAt > now + PROOF_MAX_SKEW_MS)
    throw botCheckFailed('stale proof');
  const digest = createHash('sha256').update(proofText(linkId, proof)).digest();
  if (leadingZeroBits(digest) < difficulty) throw botCheckFailed('proof too weak');
  return digest.toString('hex');
}

/** Finds a proof by brute force (tests and scripts that play the browser's part). */
export function solveProof(
  linkId: string,
  nonce: string,
  issuedAt: number,
  difficulty = POW_DIFFICULTY,
): Proof {
  for (let counter = 0; ; counter++) {
    const p = { issuedAt, nonce, counter };
    if (leadingZeroBits(createHash('sha256').update(proofText(linkId, p)).digest()) >= difficulty) return p;
  }
}
