import type { Transport } from './transport';

/** One automation of an app with its per-org state (GET /apps/:app/automations, decision 0029). */
export interface AutomationSummary {
  id: string;
  name: Record<string, string>;
  /** The trigger's type: record, workflow, schedule, button or webhook. */
  trigger: string;
  enabled: boolean;
  /** The member it runs as (who last switched it on); null: the app's creator. */
  ownerId: string | null;
  /** Its newest run (when and how it went), or null when it never ran. */
  lastRun: {
    id: string;
    status: AutomationRun['status'];
    startedAt: string;
    finishedAt: string | null;
  } | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One queued outgoing webhook call (decision 0030); dead ones are the dead-letter list. */
export interface WebhookDelivery {
  id: string;
  automationId: string;
  runId: string | null;
  eventId: string;
  actionIndex: number;
  url: string;
  method: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  /** The receiver's last HTTP status, or null when it never answered. */
  lastStatus: number | null;
  lastError: string | null;
  response: string | null;
  responseTruncated: boolean;
  attemptLog: { attempt: number; at: string; status: number | null; error: string | null }[];
  replays: number;
  createdAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
  body: string;
}

/** What fired a run, as the engine resolved it. */
export interface AutomationTriggerEvent {
  eventId: string;
  topic: string;
  appId: string;
  formId: string | null;
  recordId: string | null;
  record: Record<string, unknown> | null;
  old: Record<string, unknown> | null;
  chain: { depth: number; automationIds: string[] };
  detail?: Record<string, unknown>;
}

/** One action's outcome in a run or a test run. */
export interface AutomationActionOutcome {
  index: number;
  type: string;
  status: 'succeeded' | 'failed';
  result?: Record<string, unknown>;
  error?: { message: string; details?: unknown };
  reused?: boolean;
}

export interface AutomationRun {
  id: string;
  appId: string;
  automationId: string;
  eventKey: string;
  trigger: AutomationTriggerEvent;
  status: 'running' | 'succeeded' | 'failed';
  actions: AutomationActionOutcome[];
  error: string | null;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface AutomationRunPage {
  runs: AutomationRun[];
  nextCursor: string | null;
}

/** What a test run would have written; nothing of it was kept. */
export interface AutomationTestRun {
  conditionHolds: boolean;
  trigger: AutomationTriggerEvent;
  actions: AutomationActionOutcome[];
  written: false;
}

const enc = encodeURIComponent;

/** Automations (decision 0029) and their webhooks (decision 0030): app admins, except `press`. */
export function createAutomationsApi(http: Transport) {
  const base = (appId: string, automationId: string) =>
    `/apps/${enc(appId)}/automations/${enc(automationId)}`;
  return {
    list: (appId: string) =>
      http.request<{ automations: AutomationSummary[] }>('GET', `/apps/${enc(appId)}/automations`),
    setEnabled: (appId: string, automationId: string, enabled: boolean) =>
      http.request<{ id: string; enabled: boolean; ownerId: string | null }>(
        'PUT',
        `${base(appId, automationId)}/enabled`,
        { body: { enabled } },
      ),
    runs: (appId: string, automationId: string, opts: { limit?: number; cursor?: string } = {}) =>
      http.request<AutomationRunPage>('GET', `${base(appId, automationId)}/runs`, {
        query: { limit: opts.limit, cursor: opts.cursor },
      }),
    run: (runId: string) =>
      http.request<{ run: AutomationRun }>('GET', `/automation-runs/${enc(runId)}`).then((r) => r.run),
    retry: (runId: string) =>
      http.request<{ run: AutomationRun }>('POST', `/automation-runs/${enc(runId)}/retry`).then((r) => r.run),
    /** Runs the saved automation's actions against a record in a transaction that is rolled back. */
    testRun: (appId: string, automationId: string, recordId: string | null) =>
      http.request<AutomationTestRun>('POST', `${base(appId, automationId)}/test-run`, {
        body: recordId ? { recordId } : {},
      }),
    /** A button trigger pressed on a record (any member who can see the record). */
    press: (appId: string, automationId: string, recordId: string) =>
      http.request<{ eventId: string; run: AutomationRun | null }>(
        'POST',
        `${base(appId, automationId)}/press`,
        {
          body: { recordId },
        },
      ),
    /** The signing secret of the automation's outgoing webhooks (created on first use). */
    webhookSecret: (appId: string, automationId: string) =>
      http.request<{ signingSecret: string; incoming: { rotatedAt: string | null } }>(
        'GET',
        `${base(appId, automationId)}/webhook-secret`,
      ),
    rotateWebhookSecret: (appId: string, automationId: string) =>
      http.request<{ signingSecret: string }>('POST', `${base(appId, automationId)}/webhook-secret/rotate`),
    /** The app's webhook deliveries of one status (dead letters by default), newest first. */
    deliveries: (
      appId: string,
      opts: { status?: WebhookDeliveryStatus; automation?: string; limit?: number; cursor?: string } = {},
    ) =>
      http.request<{ items: WebhookDelivery[]; nextCursor: string | null }>(
        'GET',
        `/apps/${enc(appId)}/webhook-deliveries`,
        {
          query: { status: opts.status, automation: opts.automation, limit: opts.limit, cursor: opts.cursor },
        },
      ),
    /** Sends a dead delivery again with a fresh set of attempts (409 unless it is dead). */
    replayDelivery: (appId: string, deliveryId: string) =>
      http.request<WebhookDelivery>(
        'POST',
        `/apps/${enc(appId)}/webhook-deliveries/${enc(deliveryId)}/replay`,
      ),
    /** A new secret URL for an incoming-webhook trigger; answered once, the old one stops working. */
    newIncomingUrl: (appId: string, automationId: string) =>
      http.request<{ token: string; path: string }>('POST', `${base(appId, automationId)}/incoming-url`),
  };
}
