import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, solveProof } from '../../src/public-forms/proof-of-work';

// The browser's half of the public form bot check must agree with the server's
// (server/src/public-forms/bot-check.ts): same text, same hash, same bit count.
describe('public form proof of work', () => {
  it('finds a counter whose SHA-256 has the asked leading zero bits, over the server text', async () => {
    const proof = await solveProof('pfl_x', 10, undefined, 1_700_000_000_000);
    const digest = createHash('sha256')
      .update(`pfl_x:1700000000000:${proof.nonce}:${proof.counter}`)
      .digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
    expect(proof.issuedAt).toBe(1_700_000_000_000);
    expect(proof.nonce).toMatch(/^[0-9a-f]{24}$/);
  });

  it('stops when the page goes away', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(solveProof('pfl_x', 30, abort.signal)).rejects.toThrow(/aborted/);
  });
});
