import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  createAutomationEngine,
  createRecordWrites,
  pruneOldDeliveries,
  runDueDeliveries,
  verifyWebhook,
  type AutomationEngine,
  type Resolver,
} from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Outgoing and incoming webhooks of automations (decision 0030). The receiver is an HTTP server of
// this test on 127.0.0.1; the test resolver maps names to addresses without DNS, and nothing
// connects anywhere but loopback.

const l = (en: string) => ({ en, 'zh-CN': en });

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A programmable receiver: records every request, answers per path. */
class Receiver {
  readonly requests: Received[] = [];
  flakyFails = true;
  /** Set when the endless answer's connection was closed by the client. */
  hugeClosed = false;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      this.answer(req.url ?? '', res);
    });
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  hits(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  private answer(path: string, res: http.ServerResponse): void {
    if (path === '/flaky') {
      res.writeHead(this.flakyFails ? 503 : 200).end(this.flakyFails ? 'busy' : 'ok');
    } else if (path === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${this.port}/after-redirect` }).end();
    } else if (path === '/huge') {
      // An answer that never ends: the client must cut it.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => {
        this.hugeClosed = true;
      });
      pump();
    } else if (path === '/hang') {
      // Never answers (the client's timeout ends it).
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    }
  }
}

const receiver = new Receiver();
const resolver: Resolver = (host) => {
  // receiver.test is allowlisted by name; evil.test reaches the same loopback address unlisted.
  const table: Record<string, string> = { 'receiver.test': '127.0.0.1', 'evil.test': '127.0.0.1' };
  const address = table[host];
  if (!address) return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
  return Promise.resolve([{ address, family: 4 as const }]);
};

let server: TestServer;
let admin: SignedIn;
const APP = '/api/v1/apps/hooks';

/** One form and one automation per scenario, so each record create fires exactly one webhook. */
const SCENARIOS = {
  ok: { path: '/ok', host: 'receiver.test' },
  named: { path: '/named', host: 'evil.test' },
  literal: { path: '/literal', host: '127.0.0.1' },
  flaky: { path: '/flaky', host: 'receiver.test', retries: 2 },
  redirect: { path: '/redirect', host: 'receiver.test' },
  huge: { path: '/huge', host: 'receiver.test' },
  hang: { path: '/hang', host: 'receiver.test', retries: 0, timeoutMs: 300 },
} as const;
type Scenario = keyof typeof SCENARIOS;

function hooksApp(port: number): AppDefinition {
  const scenarioForms = Object.keys(SCENARIOS).map((s) => ({
    id: `f_${s}`,
    name: l(`Orders ${s}`),
    fields: [
      { id: 'title', type: 'text' as const, label: l('Title') },
      { id: 'amount', type: 'number' as const, label: l('Amount'), config: { precision: 2 } },
    ],
    titleField: 'title',
  }));
  const scenarioAutomations = Object.entries(SCENARIOS).map(([s, sc]) => ({
    id: `a_${s}`,
    name: l(`Call ${s}`),
    trigger: { type: 'record' as const, form: `f_${s}`, events: ['created' as const] },
    actions: [
      {
        type: 'webhook' as const,
        url: `http://${sc.host}:${port}${sc.path}`,
        headers: { 'X-Api-Key': 'k-123' },
        body: {
          order: '{{title}}',
          amount: '{{amount}}',
          text: 'Order {{title}} for {{amount}} "quoted"',
          topic: '{{event.topic}}',
          id: '{{id}}',
          constant: 7,
        },
        ...('retries' in sc ? { retries: sc.retries } : {}),
        ...('timeoutMs' in sc ? { timeoutMs: sc.timeoutMs } : {}),
      },
    ],
  }));
  return {
    id: 'hooks',
    name: l('Hooks'),
    formatVersion: 2,
    forms: [
      ...scenarioForms,
      {
        id: 'leads',
        name: l('Leads'),
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'score', type: 'number', label: l('Score'), config: { precision: 0 } },
        ],
        titleField: 'name',
      },
    ],
    automations: [
      ...scenarioAutomations,
      {
        id: 'inbound',
        name: l('Inbound lead'),
        trigger: {
          type: 'webhook',
          form: 'leads',
          map: [
            { field: 'name', pointer: '/contact/name' },
            { field: 'score', pointer: '/score' },
          ],
        },
        actions: [
          {
            type: 'create',
            form: 'leads',
            values: [
              { field: 'name', value: { kind: 'field', field: 'name' } },
              { field: 'score', value: { kind: 'field', field: 'score' } },
            ],
          },
        ],
      },
    ],
  } as AppDefinition;
}

// The worker's clock: moved forward to reach retries, never behind the wall clock (calls are queued
// at the time of the run).
let clock = new Date(0);
const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
const deliver = () => {
  clock = new Date(Math.max(clock.getTime(), Date.now()));
  return runDueDeliveries({ db: server.db, config: server.config }, clock);
};
let engine: AutomationEngine;
const processEvents = () => engine.processAll();

async function createOrder(s: Scenario, title: string, amount: number): Promise<string> {
  const res = await admin.agent.post(`${APP}/forms/f_${s}/records`).send({ data: { title, amount } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await processEvents();
  return res.body.record.id as string;
}

async function deliveries(status: string, automation: string) {
  const res = await admin.agent
    .get(`${APP}/webhook-deliveries`)
    .query({ status, automation: `a_${automation}` })
    .expect(200);
  return res.body.items as Record<string, unknown>[];
}

beforeAll(async () => {
  await receiver.start();
  server = await createTestServer({ webhookAllowlist: ['receiver.test'], webhookResolver: resolver });
  admin = await setupAdmin(server);
  engine = createAutomationEngine({
    db: server.db,
    config: server.config,
    writes: createRecordWrites(),
    now: () => new Date(Math.max(clock.getTime(), Date.now())),
  });
  const res = await admin.agent.post('/api/v1/apps').send(hooksApp(receiver.port));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(async () => {
  await server?.close();
  await receiver.stop();
});

describe('outgoing webhooks', () => {
  it('sends the rendered body to the allowlisted receiver, signed with the automation secret', async () => {
    const id = await createOrder('ok', 'Widget "A"', 12.5);
    expect(receiver.hits('/ok')).toHaveLength(0); // queued in the run's transaction, not sent yet
    const round = await deliver();
    expect(round).toMatchObject({ delivered: 1, dead: 0 });
    const [hit] = receiver.hits('/ok');
    expect(hit).toBeDefined();
    expect(JSON.parse(hit!.body)).toEqual({
      order: 'Widget "A"',
      amount: 12.5,
      text: 'Order Widget "A" for 12.5 "quoted"',
      topic: 'record.created',
      id,
      constant: 7,
    });
    // Connected to the resolved address, yet Host names the host.
    expect(hit!.headers.host).toBe(`receiver.test:${receiver.port}`);
    expect(hit!.headers['x-api-key']).toBe('k-123');
    expect(hit!.headers['content-type']).toBe('application/json');

    const { body: secret } = await admin.agent.get(`${APP}/automations/a_ok/webhook-secret`).expect(200);
    const timestamp = String(hit!.headers['x-tangram-timestamp']);
    const signature = String(hit!.headers['x-tangram-signature']);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret.signingSecret, timestamp, hit!.body, signature)).toBe(true);
    expect(verifyWebhook(secret.signingSecret, timestamp, `${hit!.body} `, signature)).toBe(false);
    expect(verifyWebhook('whsec_wrong', timestamp, hit!.body, signature)).toBe(false);

    const [delivered] = await deliveries('delivered', 'ok');
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatus: 200,
      response: 'thanks',
    });
  });

  it('a rotated secret signs the next calls; the old one no longer verifies', async () => {
    const { body: before } = await admin.agent.get(`${APP}/automations/a_ok/webhook-secret`).expect(200);
    const { body: rotated } = await admin.agent
      .post(`${APP}/automations/a_ok/webhook-secret/rotate`)
      .expect(200);
    expect(rotated.signingSecret).not.toBe(before.signingSecret);
    await createOrder('ok', 'Second', 1);
    await deliver();
    const hit = receiver.hits('/ok').at(-1)!;
    const args = [
      String(hit.headers['x-tangram-timestamp']),
      hit.body,
      String(hit.headers['x-tangram-signature']),
    ] as const;
    expect(verifyWebhook(rotated.signingSecret, ...args)).toBe(true);
    expect(verifyWebhook(before.signingSecret, ...args)).toBe(false);
  });

  it('a test run shows the body it would send and queues nothing', async () => {
    const id = await createOrder('ok', 'Preview', 3);
    await deliver();
    const before = receiver.hits('/ok').length;
    const res = await admin.agent.post(`${APP}/automations/a_ok/test-run`).send({ recordId: id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const result = res.body.actions[0].result as {
      webhook: { url: string; body: string };
      deliveryId?: string;
    };
    expect(JSON.parse(result.webhook.body)).toMatchObject({ order: 'Preview', amount: 3, id });
    expect(result.deliveryId).toBeUndefined();
    expect(await deliver()).toMatchObject({ delivered: 0, retried: 0, dead: 0 });
    expect(receiver.hits('/ok')).toHaveLength(before);
  });

  it('two workers racing for the same deliveries send each once', async () => {
    const before = receiver.hits('/ok').length;
    await createOrder('ok', 'race 1', 1);
    await createOrder('ok', 'race 2', 2);
    const rounds = await Promise.all([deliver(), deliver(), deliver()]);
    expect(rounds.reduce((n, r) => n + r.delivered, 0)).toBe(2);
    expect(receiver.hits('/ok').length - before).toBe(2);
  });

  it('refuses a host name that resolves to loopback when only another name is allowlisted', async () => {
    await createOrder('named', 'x', 1);
    expect(await deliver()).toMatchObject({ delivered: 0, dead: 1 });
    expect(receiver.hits('/named')).toHaveLength(0);
    const [dead] = await deliveries('dead', 'named');
    expect(dead!.lastError).toMatch(
      /ssrf_refused: The host evil\.test resolves to 127\.0\.0\.1, which is loopback/,
    );
    expect(dead!.attempts).toBe(1); // refused for good: no retries
  });

  it('refuses a loopback receiver addressed by IP that is not allowlisted', async () => {
    await createOrder('literal', 'x', 1);
    expect(await deliver()).toMatchObject({ dead: 1 });
    expect(receiver.hits('/literal')).toHaveLength(0);
    const [dead] = await deliveries('dead', 'literal');
    expect(dead!.lastError).toMatch(/ssrf_refused: The address 127\.0\.0\.1, which is loopback/);
  });

  it('retries with backoff, then dead-letters; a replay delivers', async () => {
    receiver.flakyFails = true;
    await createOrder('flaky', 'flaky', 2);
    expect(await deliver()).toMatchObject({ retried: 1 });
    const [pending] = await deliveries('pending', 'flaky');
    const firstWait = Date.parse(String(pending!.nextAttemptAt)) - clock.getTime();
    expect(firstWait).toBeGreaterThanOrEqual(30_000);
    // Not due yet: nothing is sent.
    expect(await deliver()).toMatchObject({ retried: 0, dead: 0, delivered: 0 });
    later(firstWait);
    expect(await deliver()).toMatchObject({ retried: 1 });
    const [second] = await deliveries('pending', 'flaky');
    const secondWait = Date.parse(String(second!.nextAttemptAt)) - clock.getTime();
    expect(secondWait).toBeGreaterThan(firstWait); // exponential
    later(secondWait);
    expect(await deliver()).toMatchObject({ dead: 1 }); // 1 + 2 retries
    expect(receiver.hits('/flaky')).toHaveLength(3);

    const [dead] = await deliveries('dead', 'flaky');
    expect(dead).toMatchObject({ attempts: 3, maxAttempts: 3, lastStatus: 503, response: 'busy' });
    expect(dead!.attemptLog).toHaveLength(3);
    // The same delivery id on every attempt: receivers deduplicate by it.
    expect(new Set(receiver.hits('/flaky').map((h) => h.headers['x-tangram-delivery']))).toEqual(
      new Set([dead!.id]),
    );

    receiver.flakyFails = false;
    const replay = await admin.agent.post(`${APP}/webhook-deliveries/${String(dead!.id)}/replay`).expect(200);
    expect(replay.body).toMatchObject({ status: 'pending', attempts: 0, replays: 1 });
    await admin.agent.post(`${APP}/webhook-deliveries/${String(dead!.id)}/replay`).expect(409);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(await deliveries('dead', 'flaky')).toHaveLength(0);
    const [delivered] = await deliveries('delivered', 'flaky');
    expect(delivered).toMatchObject({ id: dead!.id, lastStatus: 200, replays: 1 });
    expect(delivered!.attemptLog).toHaveLength(4);
  });

  it('does not follow a redirect: the 3xx is the failure', async () => {
    await createOrder('redirect', 'x', 1);
    expect(await deliver()).toMatchObject({ dead: 1 });
    expect(receiver.hits('/redirect')).toHaveLength(1);
    expect(receiver.hits('/after-redirect')).toHaveLength(0);
    const [dead] = await deliveries('dead', 'redirect');
    expect(dead).toMatchObject({ lastStatus: 302 });
    expect(dead!.lastError).toMatch(
      /redirect_refused: The receiver answered 302 to http:\/\/127\.0\.0\.1:\d+\/after-redirect/,
    );
  });

  it('cuts an oversized answer and closes the connection', async () => {
    await createOrder('huge', 'x', 1);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    const [delivered] = await deliveries('delivered', 'huge');
    expect(delivered).toMatchObject({ lastStatus: 200, responseTruncated: true });
    expect(String(delivered!.response).length).toBe(2048);
    await expect.poll(() => receiver.hugeClosed).toBe(true);
  });

  it('ends a request the receiver never answers at its timeout', async () => {
    await createOrder('hang', 'x', 1);
    expect(await deliver()).toMatchObject({ dead: 1 });
    const [dead] = await deliveries('dead', 'hang');
    expect(dead!.lastError).toMatch(/^timeout: No complete answer within 300 ms/);
  });

  it('lists and replays for app admins only', async () => {
    const member = await createUser(server, admin, { email: 'member@acme.test' });
    const res = await member.agent.get(`${APP}/webhook-deliveries`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_app_admin');
    await member.agent.get(`${APP}/automations/a_ok/webhook-secret`).expect(403);
    await member.agent.post(`${APP}/automations/inbound/incoming-url`).expect(403);
    await member.agent.post(`${APP}/webhook-deliveries/whd_x/replay`).expect(403);
    await admin.agent.get(`${APP}/webhook-deliveries`).query({ status: 'lost' }).expect(400);
    await admin.agent.get(`${APP}/automations/nope/webhook-secret`).expect(404);
  });
});

describe('retention', () => {
  it('prunes delivered and dead deliveries past the retention, never pending ones', async () => {
    receiver.flakyFails = true;
    await createOrder('flaky', 'still trying', 1);
    expect(await deliver()).toMatchObject({ retried: 1 });
    const count = async () =>
      (
        await server.db.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status`,
        )
      ).rows;
    expect((await count()).map((r) => r.status)).toEqual(['dead', 'delivered', 'pending']);
    // Within the retention nothing goes.
    expect(await pruneOldDeliveries({ db: server.db, config: server.config }, clock)).toBe(0);
    const past = new Date(clock.getTime() + (server.config.automationRetentionDays + 1) * 86_400_000);
    expect(await pruneOldDeliveries({ db: server.db, config: server.config }, past)).toBeGreaterThan(0);
    expect(await count()).toEqual([{ status: 'pending', n: 1 }]);
  });
});

describe('incoming webhooks', () => {
  let path: string;

  it('a secret URL per automation starts it; the mapped body becomes the created record', async () => {
    const res = await admin.agent.post(`${APP}/automations/inbound/incoming-url`).expect(201);
    expect(res.body.token).toMatch(/^whin_[A-Za-z0-9_-]{43}$/);
    path = res.body.path as string;
    // Stored hashed: the token itself is nowhere in the database.
    const stored = await server.db.query(`SELECT * FROM automation_secrets WHERE automation_id = 'inbound'`);
    expect(JSON.stringify(stored.rows)).not.toContain(res.body.token);

    const call = await server
      .agent()
      .post(path)
      .send({ contact: { name: 'Lin Wei' }, score: 87, ignored: true });
    expect(call.status, JSON.stringify(call.body)).toBe(202);
    expect(call.body.eventId).toMatch(/^\d+$/);
    expect(await processEvents()).toMatchObject({ runs: 1, failedRuns: 0 });
    const leads = await admin.agent.get(`${APP}/forms/leads/records`);
    expect(leads.status, JSON.stringify(leads.body)).toBe(200);
    expect(leads.body.items.map((r: { data: unknown }) => r.data)).toEqual([{ name: 'Lin Wei', score: 87 }]);
  });

  it('answers 404 for an unknown token', async () => {
    await server.agent().post('/api/v1/hooks/whin_not-a-real-token').send({ a: 1 }).expect(404);
    await server.agent().post('/api/v1/hooks/nonsense').send({ a: 1 }).expect(404);
  });

  it('refuses a body over the limit with 413 and a body that is not JSON with 415', async () => {
    const big = { blob: 'x'.repeat(70 * 1024) };
    const res = await server.agent().post(path).send(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    await server.agent().post(path).set('content-type', 'text/plain').send('hello').expect(415);
    await server.agent().post(path).set('content-type', 'application/json').send('"text"').expect(400);
  });

  it('answers 429 past the calls allowed per minute, with Retry-After', async () => {
    // Fill the current minute's window as if 120 calls had come (a minute that rolls over between
    // the fill and the call resets the window: then fill again).
    let res;
    for (let tries = 0; tries < 3; tries++) {
      const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      await server.db.query(
        `UPDATE automation_secrets SET incoming_window_start = $1, incoming_window_count = 120
          WHERE automation_id = 'inbound'`,
        [minute],
      );
      res = await server.agent().post(path).send({ score: 1 });
      if (res.status !== 202) break;
    }
    expect(res!.status).toBe(429);
    expect(res!.body.error.code).toBe('too_many_requests');
    expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
    await server.db.query(
      `UPDATE automation_secrets SET incoming_window_count = 0 WHERE automation_id = 'inbound'`,
    );
  });

  it('a switched-off automation refuses calls with 409', async () => {
    await admin.agent.put(`${APP}/automations/inbound/enabled`).send({ enabled: false }).expect(200);
    const res = await server.agent().post(path).send({ score: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('automation_disabled');
    await admin.agent.put(`${APP}/automations/inbound/enabled`).send({ enabled: true }).expect(200);
    await server.agent().post(path).send({ score: 2 }).expect(202);
  });

  it('a regenerated URL replaces the old one', async () => {
    const res = await admin.agent.post(`${APP}/automations/inbound/incoming-url`).expect(201);
    await server.agent().post(path).send({ score: 1 }).expect(404);
    await server
      .agent()
      .post(res.body.path)
      .send({ contact: { name: 'New' } })
      .expect(202);
    await admin.agent.post(`${APP}/automations/a_ok/incoming-url`).expect(409);
  });
});
