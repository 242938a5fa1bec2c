import type { WebhookAction } from '@tangram/schema';
import { parseTargetUrl } from '../http/resolve-target';
import { renderTemplate } from '../webhooks/body-template';
import { queueDelivery } from '../webhooks/delivery-store';
import { DEFAULT_RETRIES } from '../webhooks/retry-policy';
import type { ActionEntry, TriggerEvent } from './registry';

/**
 * The `webhook` action (decision 0030): renders the JSON body template against the trigger and
 * QUEUES the call in the action's transaction (webhook_deliveries). Nothing leaves the server here:
 * the delivery worker sends it after the commit, through the SSRF guard, signed with the
 * automation's secret, and retries it with backoff; so a rolled-back run or a test run sends
 * nothing, and an event's call is queued once (keyed by automation, event and action).
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_BODY_BYTES = 256 * 1024;

/** Headers the server sets itself; a definition may not override them. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'user-agent',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/;

/** The action's own headers, checked: names are tokens, values one line, none reserved. */
export function checkedHeaders(headers: WebhookAction['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) throw new Error(`headers/${name}: not a valid HTTP header name.`);
    if (RESERVED_HEADERS.has(lower) || lower.startsWith('x-tangram-'))
      throw new Error(`headers/${name}: this header is set by Tangram and cannot be overridden.`);
    if (/[\r\n\0]/.test(value)) throw new Error(`headers/${name}: a header value must be one line.`);
    out[lower] = value;
  }
  return out;
}

/** The request body: the template filled from the trigger, or a default describing the event. */
export function webhookBody(action: WebhookAction, event: TriggerEvent): string {
  const eventInfo = {
    id: event.eventId,
    topic: event.topic,
    appId: event.appId,
    formId: event.formId,
    recordId: event.recordId,
  };
  const body =
    action.body === undefined
      ? { event: eventInfo, record: event.record, old: event.old }
      : renderTemplate(action.body, {
          record: event.record,
          old: event.old,
          event: eventInfo,
          detail: event.detail ?? {},
        });
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new Error(`body: the rendered webhook body exceeds ${MAX_BODY_BYTES} bytes.`);
  return text;
}

export const webhookActionEntry: ActionEntry<WebhookAction> = {
  async run(ctx, action, event) {
    const url = parseTargetUrl(action.url).toString();
    const method = action.method ?? 'POST';
    const headers = checkedHeaders(action.headers);
    const body = webhookBody(action, event);
    const deliveryId = await queueDelivery(
      ctx.tx,
      {
        orgId: ctx.orgId,
        appId: ctx.appId,
        automationId: ctx.automation.id,
        runId: ctx.runId,
        eventId: event.eventId,
        actionIndex: ctx.actionIndex,
        url,
        method,
        headers,
        body,
        timeoutMs: action.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxAttempts: 1 + (action.retries ?? DEFAULT_RETRIES),
      },
      ctx.now,
    );
    // A test run's transaction is rolled back: the answer shows what would be sent.
    return {
      webhook: { url, method, body: body.length > 4000 ? `${body.slice(0, 4000)}…` : body },
      ...(ctx.dryRun ? {} : { deliveryId }),
    };
  },
};
