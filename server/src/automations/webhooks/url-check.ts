/**
 * The webhook URL check made when an app definition is saved (decision 0037): an outgoing
 * webhook's URL must be an absolute http or https URL with a host, without a user name or password
 * (credentials in a URL end up in logs, history and exports; send them as a header), at most
 * MAX_URL characters. It reads the raw definition before JSON Schema validation, so every bad URL
 * answers the same 422 `invalid_webhook_url` with one detail per URL, on every save path (create,
 * update, import, template install). Where the URL may point (SSRF) is checked when it is called.
 */
import type { ErrorDetail } from '../../http/app-error';
import { unprocessable } from '../../http/app-error';

export const MAX_URL = 2_000;

/** What is wrong with `url`, or null when it may be saved. Pure. */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > MAX_URL) return `is ${url.length} characters long; at most ${MAX_URL} are allowed`;
  if (/\s/.test(url)) return 'must not contain spaces or line breaks';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid absolute URL (for example https://hooks.example.com/orders)';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `must start with http:// or https:// (not ${parsed.protocol.replace(/:$/, '')})`;
  if (!parsed.hostname) return 'must name a host';
  if (parsed.username || parsed.password)
    return 'must not contain a user name or password; send credentials in a header instead';
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws 422 naming every webhook action of `raw` whose URL cannot be saved. */
export function refuseBadWebhookUrls(raw: unknown): void {
  if (!isObject(raw) || !Array.isArray(raw.automations)) return;
  const details: ErrorDetail[] = [];
  raw.automations.forEach((automation: unknown, i) => {
    if (!isObject(automation) || !Array.isArray(automation.actions)) return;
    automation.actions.forEach((action: unknown, k) => {
      if (!isObject(action) || action.type !== 'webhook' || typeof action.url !== 'string') return;
      const problem = webhookUrlProblem(action.url);
      if (problem)
        details.push({
          path: `/automations/${i}/actions/${k}/url`,
          code: 'invalid_webhook_url',
          message: `the webhook URL ${problem}`,
        });
    });
  });
  if (details.length === 0) return;
  const first = details[0]!;
  throw unprocessable(
    'invalid_webhook_url',
    details.length === 1
      ? `The webhook URL cannot be saved: it ${first.message.replace(/^the webhook URL /, '')}.`
      : `${details.length} webhook URLs cannot be saved; see details.`,
    details,
  );
}
