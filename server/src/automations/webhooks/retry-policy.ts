/**
 * When a failed webhook delivery is tried again (decision 0030): exponential backoff from 30 s,
 * doubling per attempt, capped at one hour, plus up to 10 % jitter derived from the delivery id
 * (deterministic per delivery, so tests can move the clock past it, yet calls failing together do
 * not all come back in the same second).
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 3_600_000;
export const DEFAULT_RETRIES = 5;

/** The wait after failed attempt number `attempt` (1-based). */
export function retryDelayMs(attempt: number, deliveryId: string): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  let hash = 0;
  for (let i = 0; i < deliveryId.length; i++) hash = (hash * 31 + deliveryId.charCodeAt(i)) >>> 0;
  return base + Math.floor((base / 10) * ((hash % 1000) / 1000));
}

/** The longest a delivery can wait between two attempts (tests move the clock by this). */
export const MAX_RETRY_WAIT_MS = MAX_RETRY_MS + MAX_RETRY_MS / 10;
