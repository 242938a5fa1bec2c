import type { AppDefinition, AutomationDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { firedAutomations, listenedKeys, type OutboxEvent } from '../src/automations/triggers';
import { refuseBadWebhookUrls, webhookUrlProblem } from '../src/automations/webhooks/url-check';
import { AppError } from '../src/http/app-error';

// Decision 0037: which events an app's automations listen to (the rest are skipped in bulk), and
// the webhook URL check made on save.

const l = (en: string) => ({ en });
const auto = (id: string, trigger: AutomationDefinition['trigger']): AutomationDefinition => ({
  id,
  name: l(id),
  trigger,
  actions: [{ type: 'notify', title: l('x') }],
});
const app = {
  id: 'a',
  workflows: [{ id: 'flow', form: 'requests' }],
} as unknown as AppDefinition;

describe('listenedKeys', () => {
  const automations = [
    auto('r', { type: 'record', form: 'orders', events: ['created', 'updated'], fields: ['status'] }),
    auto('w', { type: 'workflow', workflow: 'flow', event: 'approved' }),
    auto('s', { type: 'schedule', cron: '0 9 * * *' }),
    auto('gone', { type: 'workflow', workflow: 'deleted', event: 'finished' }),
  ];

  it('lists topic|form per record and workflow trigger; addressed triggers list nothing', () => {
    expect(listenedKeys(automations, app)).toEqual([
      'record.created|orders',
      'record.updated|orders',
      'workflow.finished|requests',
      'workflow.hook|requests',
      'workflow.node_reached|requests',
    ]);
    expect(listenedKeys([], app)).toEqual([]);
  });

  it('is a superset of what fires: every firing record or workflow event has its key listed', () => {
    const keys = new Set(listenedKeys(automations, app));
    const events: OutboxEvent[] = [
      { id: '1', orgId: 'o', topic: 'record.created', payload: { appId: 'a', formId: 'orders' } },
      {
        id: '2',
        orgId: 'o',
        topic: 'record.updated',
        payload: { appId: 'a', formId: 'orders', fields: ['status'] },
      },
      {
        id: '3',
        orgId: 'o',
        topic: 'workflow.finished',
        payload: { appId: 'a', formId: 'requests', workflowId: 'flow', status: 'approved' },
      },
    ];
    for (const event of events) {
      expect(firedAutomations(automations, event).length).toBeGreaterThan(0);
      expect(keys.has(`${event.topic}|${String(event.payload.formId)}`)).toBe(true);
    }
    // Deleted records of orders fire nothing and are not listened to.
    expect(keys.has('record.deleted|orders')).toBe(false);
  });
});

describe('webhook URL check', () => {
  it.each([
    ['https://hooks.example.com/orders?x=1', null],
    ['http://10.0.0.5:8080/hook', null], // where it may point is the SSRF guard's business, at call time
    ['https://user:pw@hooks.example.com', /user name or password/],
    ['https://:pw@hooks.example.com', /user name or password/],
    ['ftp://hooks.example.com', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['hooks.example.com/x', /valid absolute URL/],
    ['https://hooks.example.com/\nx', /spaces or line breaks/],
    [`https://x.example.com/${'a'.repeat(1990)}`, /at most 2000/],
  ])('%s', (url, problem) => {
    const answer = webhookUrlProblem(url);
    if (problem === null) expect(answer).toBeNull();
    else expect(answer).toMatch(problem);
  });

  it('refuses a definition with 422 and one detail per bad URL; ignores everything else', () => {
    const def = {
      automations: [
        { actions: [{ type: 'webhook', url: 'https://ok.example.com' }, { type: 'notify' }] },
        {
          actions: [
            { type: 'webhook', url: 'ftp://x' },
            { type: 'webhook', url: 'https://a:b@x.io' },
          ],
        },
        'not an object',
      ],
    };
    let error: unknown;
    try {
      refuseBadWebhookUrls(def);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_webhook_url' });
    expect((error as AppError).details).toEqual([
      expect.objectContaining({ path: '/automations/1/actions/0/url' }),
      expect.objectContaining({ path: '/automations/1/actions/1/url' }),
    ]);
    expect(() =>
      refuseBadWebhookUrls({ automations: [{ actions: [{ type: 'webhook', url: 42 }] }] }),
    ).not.toThrow();
    expect(() => refuseBadWebhookUrls(null)).not.toThrow();
  });
});
