/**
 * The browser's part of the public form's bot check (decision 0047, server/src/public-forms/bot-check.ts):
 * find a counter such that SHA-256(`<linkId>:<issuedAt>:<nonce>:<counter>`) starts with
 * `difficulty` zero bits. React-free; runs while the visitor fills the form, so sending is instant.
 */
export interface Proof {
  issuedAt: number;
  nonce: string;
  counter: number;
}

/** Leading zero bits of a digest. */
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

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Solves a proof with Web Crypto; `signal` stops the search (the page went away). */
export async function solveProof(
  linkId: string,
  difficulty: number,
  signal?: AbortSignal,
  now: number = Date.now(),
): Promise<Proof> {
  const nonce = randomNonce();
  const encoder = new TextEncoder();
  for (let counter = 0; ; counter++) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const text = `${linkId}:${now}:${nonce}:${counter}`;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
    if (leadingZeroBits(digest) >= difficulty) return { issuedAt: now, nonce, counter };
  }
}
