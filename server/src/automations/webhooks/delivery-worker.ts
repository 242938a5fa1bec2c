import type { Config } from '../../config';
import type { Db } from '../../db/db';
import { parseAllowlist } from '../http/address-policy';
import { sendGuarded, type OutgoingResponse } from '../http/guarded-request';
import { OutgoingError, httpStatusRetryable } from '../http/outgoing-error';
import { systemResolver, type GuardSettings } from '../http/resolve-target';
import {
  claimDueDeliveries,
  pruneDeliveries,
  recordOutcome,
  signingSecretFor,
  type ClaimedDelivery,
  type Outcome,
} from './delivery-store';
import { retryDelayMs } from './retry-policy';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './signature';

/**
 * Sends queued webhook calls (decision 0030). Claims due deliveries (FOR UPDATE SKIP LOCKED, with a
 * lease), sends each OUTSIDE any transaction (a slow receiver must not hold row locks), then
 * records the outcome. Delivery is at least once: a process that dies after the receiver answered
 * but before recording it leaves the lease to run out and the call is sent again; receivers
 * deduplicate by the `X-Tangram-Delivery` id, which stays the same across attempts.
 */

export const MAX_RESPONSE_BYTES = 64 * 1024;
/** Kept in the delivery row for the dead-letter view. */
const EXCERPT_BYTES = 2048;
const BATCH = 20;
/** Longer than the longest timeout (30 s) plus resolving: a live send never loses its lease. */
export const LEASE_MS = 120_000;

export interface DeliveryDeps {
  db: Db;
  config: Pick<Config, 'webhookAllowlist' | 'webhookResolver' | 'automationRetentionDays'>;
  now?: () => Date;
}

export interface DeliveryRound {
  delivered: number;
  retried: number;
  dead: number;
}

/** The guard settings from the config (allowlist parsed once per call; it is small). */
export function guardSettings(config: DeliveryDeps['config']): GuardSettings {
  return {
    allowlist: parseAllowlist(config.webhookAllowlist),
    resolver: config.webhookResolver ?? systemResolver,
  };
}

/**
 * Sends every delivery due at `now`, in batches until none is left. Tests call it with a moved
 * clock; the poller (startWebhookWorker) with the wall clock.
 */
export async function runDueDeliveries(deps: DeliveryDeps, now: Date = new Date()): Promise<DeliveryRound> {
  const round: DeliveryRound = { delivered: 0, retried: 0, dead: 0 };
  const guard = guardSettings(deps.config);
  for (;;) {
    const batch = await claimDueDeliveries(deps.db, now, LEASE_MS, BATCH);
    // One batch in parallel: receivers are independent, and a slow one should not stall the rest.
    const outcomes = await Promise.all(batch.map((d) => attempt(deps, guard, d, now)));
    for (const o of outcomes) {
      if (o === 'delivered') round.delivered++;
      else if (o === 'retry') round.retried++;
      else if (o === 'dead') round.dead++;
    }
    if (batch.length < BATCH) return round;
  }
}

async function attempt(
  deps: DeliveryDeps,
  guard: GuardSettings,
  d: ClaimedDelivery,
  now: Date,
): Promise<Outcome['kind'] | 'lost'> {
  const secret = await signingSecretFor(deps.db, d, now);
  const timestamp = Math.floor(now.getTime() / 1000);
  let outcome: Outcome;
  try {
    const response = await sendGuarded(
      {
        url: d.url,
        method: d.method as 'POST',
        headers: {
          ...d.headers,
          'content-type': 'application/json',
          'user-agent': 'Tangram-Webhook/1',
          [DELIVERY_HEADER]: d.id,
          [EVENT_HEADER]: d.eventId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, d.body),
        },
        body: d.body,
        timeoutMs: d.timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      },
      guard,
    );
    outcome = fromResponse(d, response, now);
  } catch (err) {
    outcome = fromError(d, err, now);
  }
  const recorded = await recordOutcome(deps.db, d, outcome, now);
  return recorded ? outcome.kind : 'lost';
}

const excerpt = (response: OutgoingResponse) => ({
  excerpt: response.body.slice(0, EXCERPT_BYTES),
  truncated: response.truncated || response.body.length > EXCERPT_BYTES,
});

/** A 2xx is delivered; other statuses fail (retried when the status says a retry may pass). */
export function fromResponse(d: ClaimedDelivery, response: OutgoingResponse, now: Date): Outcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered', status, ...excerpt(response) };
  return failure(d, now, {
    status,
    error: `The receiver answered ${status}.`,
    retryable: httpStatusRetryable(status),
    ...excerpt(response),
  });
}

function fromError(d: ClaimedDelivery, err: unknown, now: Date): Outcome {
  if (err instanceof OutgoingError)
    return failure(d, now, {
      status: err.status ?? null,
      error: `${err.code}: ${err.message}`,
      retryable: err.retryable,
      excerpt: null,
      truncated: false,
    });
  const message = err instanceof Error ? err.message : String(err);
  return failure(d, now, { status: null, error: message, retryable: true, excerpt: null, truncated: false });
}

function failure(
  d: ClaimedDelivery,
  now: Date,
  f: { status: number | null; error: string; retryable: boolean; excerpt: string | null; truncated: boolean },
): Outcome {
  const last = !f.retryable || d.attempt >= d.maxAttempts;
  return {
    kind: last ? 'dead' : 'retry',
    status: f.status,
    error: f.error,
    excerpt: f.excerpt,
    truncated: f.truncated,
    nextAttemptAt: last ? null : new Date(now.getTime() + retryDelayMs(d.attempt, d.id)),
  };
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Deletes delivered and dead deliveries older than `AUTOMATION_RETENTION_DAYS` (the run history's
 * retention: a dead letter is kept as long as the run that queued it). Pending ones stay.
 */
export async function pruneOldDeliveries(deps: DeliveryDeps, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - deps.config.automationRetentionDays * 86_400_000);
  let total = 0;
  for (let n = -1; n !== 0; total += n) n = await pruneDeliveries(deps.db, before);
  return total;
}

/**
 * Polls for due deliveries every `intervalMs` (0: off), and prunes old ones hourly. Every process may run one: the claim keeps
 * them apart. Answers a stop function that waits for the current round.
 */
export function startWebhookWorker(deps: DeliveryDeps, intervalMs: number): () => Promise<void> {
  if (intervalMs <= 0) return async () => {};
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let lastPrune = 0;
  const round = async () => {
    const now = deps.now?.() ?? new Date();
    await runDueDeliveries(deps, now);
    if (!stopped && now.getTime() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now.getTime();
      await pruneOldDeliveries(deps, now);
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return; // a slow round is not stacked upon
    running = round()
      .catch((e: unknown) => console.error('Webhook round failed:', e instanceof Error ? e.message : e))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
