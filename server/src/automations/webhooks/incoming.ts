import { createHash, randomBytes } from 'node:crypto';
import type { WebhookTrigger } from '@tangram/schema';
import type { Db } from '../../db/db';

/**
 * Incoming webhooks (decision 0030): a secret URL per automation, `POST /api/v1/hooks/<token>`.
 * The token is 32 random bytes (256 bits: unguessable), shown once when generated and stored only
 * as its SHA-256, so a database leak reveals no working URL. A plain hash (no salt, no slow KDF) is
 * right for a random token of that size and lets the lookup be one index probe.
 */

export const TOKEN_PREFIX = 'whin_';
/** The request body limit of the incoming endpoint (much less than the API's): 413 beyond. */
export const INCOMING_BODY_LIMIT = 64 * 1024;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface AutomationKey {
  orgId: string;
  appId: string;
  automationId: string;
}

/** A new token for the automation, replacing the previous one (which stops working at once). */
export async function rotateIncomingToken(db: Db, key: AutomationKey, now: Date): Promise<string> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.query(
    `INSERT INTO automation_secrets (org_id, app_id, automation_id, incoming_token_hash, incoming_rotated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id, app_id, automation_id)
       DO UPDATE SET incoming_token_hash = $4, incoming_rotated_at = $5`,
    [key.orgId, key.appId, key.automationId, hashToken(token), now],
  );
  return token;
}

/** Incoming calls accepted per automation per minute; more answer 429 until the minute ends. */
export const INCOMING_PER_MINUTE = 120;

export interface TokenHit extends AutomationKey {
  /** Calls in the current minute, this one included. */
  callsThisMinute: number;
  /** Seconds until the current minute's window ends. */
  windowEndsIn: number;
}

/**
 * The automation a token belongs to, or null; counts the call in the automation's one-minute
 * window in the same statement (a fixed window: simple, one row, good enough against a runaway
 * sender).
 */
export async function automationForToken(db: Db, token: string, now: Date): Promise<TokenHit | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const window = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const { rows } = await db.query<{ org_id: string; app_id: string; automation_id: string; n: number }>(
    `UPDATE automation_secrets
        SET incoming_window_count = CASE WHEN incoming_window_start = $2 THEN incoming_window_count + 1 ELSE 1 END,
            incoming_window_start = $2
      WHERE incoming_token_hash = $1
      RETURNING org_id, app_id, automation_id, incoming_window_count AS n`,
    [hashToken(token), window],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    orgId: row.org_id,
    appId: row.app_id,
    automationId: row.automation_id,
    callsThisMinute: row.n,
    windowEndsIn: Math.ceil((window.getTime() + 60_000 - now.getTime()) / 1000),
  };
}

/** When the incoming URL was last (re)generated, or null when it never was. */
export async function incomingTokenInfo(db: Db, key: AutomationKey): Promise<Date | null> {
  const { rows } = await db.query<{ incoming_rotated_at: Date | null }>(
    `SELECT incoming_rotated_at FROM automation_secrets
      WHERE org_id = $1 AND app_id = $2 AND automation_id = $3 AND incoming_token_hash IS NOT NULL`,
    [key.orgId, key.appId, key.automationId],
  );
  return rows[0]?.incoming_rotated_at ?? null;
}

/**
 * The value at an RFC 6901 JSON pointer (`/order/lines/0/sku`; `~1` is `/`, `~0` is `~`), or
 * undefined when the path does not exist. Own properties only.
 */
export function atPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let value = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      value = value[Number(token)];
    } else if (value !== null && typeof value === 'object') {
      value = Object.hasOwn(value, token) ? (value as Record<string, unknown>)[token] : undefined;
    } else return undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

/**
 * The trigger record of an incoming call: each mapped field takes the value at its pointer; a
 * pointer that names nothing leaves the field out (absent, not null), as a form left empty.
 */
export function mapIncomingBody(trigger: WebhookTrigger, body: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const { field, pointer } of trigger.map) {
    const value = atPointer(body, pointer);
    if (value !== undefined) record[field] = value;
  }
  return record;
}
