import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures of outgoing webhook calls (decision 0030). The signed text is
 * `<timestamp>.<body>`, so a receiver that checks the timestamp's age also refuses a replayed call
 * (signing the body alone would let a captured call be replayed forever).
 *
 *   X-Tangram-Timestamp: 1733350000
 *   X-Tangram-Signature: sha256=<hex HMAC-SHA256(secret, "1733350000.<raw body>")>
 */
export const SIGNATURE_HEADER = 'x-tangram-signature';
export const TIMESTAMP_HEADER = 'x-tangram-timestamp';
export const DELIVERY_HEADER = 'x-tangram-delivery';
export const EVENT_HEADER = 'x-tangram-event';

/** `sha256=<hex>` over `${timestamp}.${body}`; `timestamp` in whole seconds since the epoch. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (used by the tests and shown in the docs): constant-time comparison. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new signing secret: 32 random bytes, prefixed so it is recognisable in a receiver's config. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
