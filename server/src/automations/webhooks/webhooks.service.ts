import type { AppDefinition, AutomationDefinition } from '@tangram/schema';
import { appRoleFor } from '../../access/grants';
import type { Principal } from '../../access/principal';
import { loadApp } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import {
  badRequest,
  conflict,
  forbidden,
  notFound,
  tooManyRequests,
  validationFailed,
} from '../../http/app-error';
import { writeAudit } from '../../org/audit-log';
import { insertEvent } from '../outbox-store';
import { settingsOf } from '../run-store';
import { rotateSigningSecret, signingSecretFor, type DeliveryStatus } from './delivery-store';
import {
  INCOMING_PER_MINUTE,
  automationForToken,
  incomingTokenInfo,
  mapIncomingBody,
  rotateIncomingToken,
  type AutomationKey,
} from './incoming';

/** The app's definition when the principal administers it: 404 when they cannot see it, else 403. */
export async function requireAppAdmin(db: Db, principal: Principal, appId: string): Promise<AppDefinition> {
  const { definition } = await loadApp(db, principal.orgId, appId);
  const role = await appRoleFor(db, principal, definition);
  if (role === null) throw notFound('App');
  if (role !== 'admin')
    throw forbidden("Only the app's administrators can manage its webhooks.", 'not_app_admin');
  return definition;
}

function automationOf(app: AppDefinition, automationId: string): AutomationDefinition {
  const automation = (app.automations ?? []).find((a) => a.id === automationId);
  if (!automation) throw notFound('Automation', 'automation_not_found');
  return automation;
}

// ---- secrets -------------------------------------------------------------------------------

export async function signingSecret(
  db: Db,
  principal: Principal,
  appId: string,
  automationId: string,
  now: Date,
) {
  const app = await requireAppAdmin(db, principal, appId);
  automationOf(app, automationId);
  const key = { orgId: principal.orgId, appId, automationId };
  const secret = await signingSecretFor(db, key, now);
  return {
    signingSecret: secret,
    incoming: { rotatedAt: (await incomingTokenInfo(db, key))?.toISOString() ?? null },
  };
}

export async function rotateSecret(
  db: Db,
  principal: Principal,
  appId: string,
  automationId: string,
  now: Date,
) {
  const app = await requireAppAdmin(db, principal, appId);
  automationOf(app, automationId);
  return db.transaction(async (tx) => {
    const secret = await rotateSigningSecret(tx, { orgId: principal.orgId, appId, automationId }, now);
    await writeAudit(tx, {
      orgId: principal.orgId,
      actorId: principal.userId,
      action: 'automation.webhook_secret_rotate',
      targetType: 'app',
      targetId: appId,
      detail: { automationId },
    });
    return { signingSecret: secret };
  });
}

/** A new incoming URL token for a webhook-triggered automation (the old one stops working). */
export async function rotateIncoming(
  db: Db,
  principal: Principal,
  appId: string,
  automationId: string,
  now: Date,
) {
  const app = await requireAppAdmin(db, principal, appId);
  const automation = automationOf(app, automationId);
  if (automation.trigger.type !== 'webhook')
    throw conflict(
      'not_a_webhook_trigger',
      `Automation "${automationId}" is triggered by ${automation.trigger.type}, not by an incoming webhook.`,
    );
  return db.transaction(async (tx) => {
    const token = await rotateIncomingToken(tx, { orgId: principal.orgId, appId, automationId }, now);
    await writeAudit(tx, {
      orgId: principal.orgId,
      actorId: principal.userId,
      action: 'automation.incoming_url_rotate',
      targetType: 'app',
      targetId: appId,
      detail: { automationId },
    });
    // The token is answered once; only its hash is kept.
    return { token, path: `/api/v1/hooks/${token}` };
  });
}

// ---- incoming calls --------------------------------------------------------------------------

/**
 * The automation behind an incoming token, if it still is a webhook-triggered automation (else
 * null: 404). More than INCOMING_PER_MINUTE calls in a minute answer 429.
 */
export async function incomingTarget(
  db: Db,
  token: string,
  now: Date,
): Promise<{ key: AutomationKey; automation: AutomationDefinition } | null> {
  const hit = await automationForToken(db, token, now);
  if (!hit) return null;
  const { definition } = await loadApp(db, hit.orgId, hit.appId).catch(() => ({ definition: null }));
  const automation = definition?.automations?.find((a) => a.id === hit.automationId);
  if (!automation || automation.trigger.type !== 'webhook') return null;
  if (hit.callsThisMinute > INCOMING_PER_MINUTE)
    throw tooManyRequests(
      `More than ${INCOMING_PER_MINUTE} calls this minute to this webhook; try again in ${hit.windowEndsIn} s.`,
      hit.windowEndsIn,
    );
  return { key: { orgId: hit.orgId, appId: hit.appId, automationId: hit.automationId }, automation };
}

/** The outbox topic the automation engine consumes for an incoming call (automations/triggers.ts). */
export const INCOMING_TOPIC = 'automation.webhook';

/**
 * Accepts an incoming call: maps the JSON body to the trigger form's fields and writes one outbox
 * event for the automation engine, which runs the automation (as its owner) after the commit.
 */
export async function acceptIncoming(
  db: Db,
  target: { key: AutomationKey; automation: AutomationDefinition },
  body: unknown,
): Promise<string> {
  const { trigger } = target.automation;
  if (trigger.type !== 'webhook') throw notFound('Webhook');
  if (body === undefined)
    throw badRequest('missing_body', 'Send a JSON body (Content-Type: application/json).');
  if (body === null || typeof body !== 'object')
    throw validationFailed([{ path: '', code: 'type', message: 'The body must be a JSON object or array.' }]);
  // A switched-off automation would drop the call silently; the caller is told instead.
  const setting = (await settingsOf(db, target.key.orgId, target.key.appId)).get(target.key.automationId);
  if (!(setting?.enabled ?? target.automation.enabled ?? true))
    throw conflict(
      'automation_disabled',
      `Automation "${target.key.automationId}" is switched off; switch it on to accept calls.`,
    );
  const record = mapIncomingBody(trigger, body);
  return insertEvent(db, target.key.orgId, INCOMING_TOPIC, {
    appId: target.key.appId,
    automationId: target.key.automationId,
    formId: trigger.form,
    record,
    body,
    chain: { depth: 0, automationIds: [] },
  });
}

// ---- deliveries and the dead-letter list -------------------------------------------------------

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];
const MAX_LIMIT = 100;

export interface DeliveryQuery {
  status: DeliveryStatus;
  automationId?: string;
  cursor?: string;
  limit: number;
}

export function parseDeliveryQuery(query: Record<string, unknown>): DeliveryQuery {
  const status = query.status ?? 'dead';
  if (typeof status !== 'string' || !STATUSES.includes(status as DeliveryStatus))
    throw validationFailed([
      { path: '/query/status', code: 'enum', message: `must be one of ${STATUSES.join(', ')}` },
    ]);
  const limitText = query.limit ?? '50';
  const limit = Number(limitText);
  if (typeof limitText !== 'string' || !/^\d{1,3}$/.test(limitText) || limit < 1 || limit > MAX_LIMIT)
    throw validationFailed([
      { path: '/query/limit', code: 'range', message: `must be a whole number from 1 to ${MAX_LIMIT}` },
    ]);
  const str = (name: string) => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > 100 || /[^A-Za-z0-9_-]/.test(v))
      throw validationFailed([{ path: `/query/${name}`, code: 'format', message: 'must be an id' }]);
    return v;
  };
  return { status: status as DeliveryStatus, automationId: str('automation'), cursor: str('cursor'), limit };
}

interface DeliveryRow {
  id: string;
  automation_id: string;
  run_id: string | null;
  event_id: string;
  action_index: number;
  url: string;
  method: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  response_truncated: boolean;
  attempt_log: unknown[];
  replays: number;
  created_at: Date;
  delivered_at: Date | null;
  dead_at: Date | null;
  body: string;
}

const toDto = (r: DeliveryRow) => ({
  id: r.id,
  automationId: r.automation_id,
  runId: r.run_id,
  eventId: r.event_id,
  actionIndex: r.action_index,
  url: r.url,
  method: r.method,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
  lastStatus: r.last_status,
  lastError: r.last_error,
  response: r.response_excerpt,
  responseTruncated: r.response_truncated,
  attemptLog: r.attempt_log,
  replays: r.replays,
  createdAt: r.created_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  deadAt: r.dead_at?.toISOString() ?? null,
  body: r.body.length > 4000 ? `${r.body.slice(0, 4000)}…` : r.body,
});

/** A page of the app's deliveries of one status (default: the dead letters), newest first. */
export async function listDeliveries(db: Db, principal: Principal, appId: string, q: DeliveryQuery) {
  await requireAppAdmin(db, principal, appId);
  const params: unknown[] = [principal.orgId, appId, q.status];
  let where = `org_id = $1 AND app_id = $2 AND status = $3`;
  if (q.automationId) where += ` AND automation_id = $${params.push(q.automationId)}`;
  if (q.cursor) where += ` AND id < $${params.push(q.cursor)}`;
  const { rows } = await db.query<DeliveryRow>(
    `SELECT id, automation_id, run_id, event_id, action_index, url, method, status, attempts, max_attempts,
            next_attempt_at, last_status, last_error, response_excerpt, response_truncated, attempt_log,
            replays, created_at, delivered_at, dead_at, body
       FROM webhook_deliveries WHERE ${where} ORDER BY id DESC LIMIT $${params.push(q.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(toDto),
    nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Sends a dead delivery again: it becomes pending, due now, with a fresh set of attempts; the
 * earlier attempts stay in its log. Only dead ones can be replayed (409 otherwise).
 */
export async function replayDelivery(
  db: Db,
  principal: Principal,
  appId: string,
  deliveryId: string,
  now: Date,
) {
  await requireAppAdmin(db, principal, appId);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: DeliveryStatus; automation_id: string }>(
      `SELECT status, automation_id FROM webhook_deliveries WHERE id = $1 AND org_id = $2 AND app_id = $3 FOR UPDATE`,
      [deliveryId, principal.orgId, appId],
    );
    const row = rows[0];
    if (!row) throw notFound('Delivery', 'delivery_not_found');
    if (row.status !== 'dead')
      throw conflict('delivery_not_dead', `Only dead deliveries can be replayed; this one is ${row.status}.`);
    const updated = await tx.query<DeliveryRow>(
      `UPDATE webhook_deliveries
          SET status = 'pending', attempts = 0, next_attempt_at = $2, locked_until = NULL, dead_at = NULL,
              replays = replays + 1, updated_at = $2
        WHERE id = $1
        RETURNING id, automation_id, run_id, event_id, action_index, url, method, status, attempts, max_attempts,
                  next_attempt_at, last_status, last_error, response_excerpt, response_truncated, attempt_log,
                  replays, created_at, delivered_at, dead_at, body`,
      [deliveryId, now],
    );
    await writeAudit(tx, {
      orgId: principal.orgId,
      actorId: principal.userId,
      action: 'automation.webhook_replay',
      targetType: 'app',
      targetId: appId,
      detail: { automationId: row.automation_id, deliveryId },
    });
    return toDto(updated.rows[0]!);
  });
}
