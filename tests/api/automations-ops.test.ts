import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDefinition, AutomationDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAutomationEngine,
  createRecordWrites,
  formatReport,
  parseRebuildArgs,
  rebuildOne,
  rebuildTargets,
  runDueJobs,
  startAutomationWorker,
  workflowDeps,
  type AutomationEngine,
} from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Issue 12, point 1 (the operations wave, decision 0037): automation notifications in the inbox
// and by email, events no automation listens to skipped in bulk, the worker woken by LISTEN/NOTIFY
// on PostgreSQL, the last run in the automations list, webhook URLs checked on save (422), and the
// aggregate rebuild command.

const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const APP = '/api/v1/apps/ops';
const form = (id: string) => `${APP}/forms/${id}`;
const mode = process.env.TANGRAM_TEST_DB ?? 'pglite';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const sent: { to: string; subject: string; text: string }[] = [];
const transport = {
  async sendMail(message: { to: string; subject: string; text: string }) {
    sent.push(message);
    return { messageId: String(sent.length) };
  },
};

let server: TestServer;
let admin: SignedIn;
let sam: SignedIn;
let engine: AutomationEngine;

function opsApp(automations: AutomationDefinition[], extra: Partial<AppDefinition> = {}): AppDefinition {
  return {
    id: 'ops',
    name: l('Ops'),
    formatVersion: 3,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'handler', type: 'member', label: l('Handler') },
          { id: 'product', type: 'text', label: l('Product') },
          { id: 'qty', type: 'number', label: l('Qty') },
        ],
      },
      { id: 'notes', name: l('Notes'), fields: [{ id: 'text', type: 'text', label: l('Text') }] },
      { id: 'quiet', name: l('Quiet'), fields: [{ id: 'text', type: 'text', label: l('Text') }] },
    ],
    automations,
    aggregates: [
      {
        id: 'stock',
        name: l('Stock', '库存'),
        keys: [{ id: 'product', label: l('Product'), type: 'text' }],
        measures: [{ id: 'qty', label: l('Quantity'), decimals: 0 }],
        sources: [
          {
            id: 'ordered',
            form: 'orders',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: 1 } },
          },
        ],
      },
    ],
    ...extra,
  } as AppDefinition;
}

const notifyOnOrder = (): AutomationDefinition =>
  ({
    id: 'tellHandler',
    name: l('Tell the handler'),
    trigger: { type: 'record', form: 'orders', events: ['created'] },
    actions: [
      {
        type: 'notify',
        userFields: ['handler'],
        title: l('New order to handle', '有新订单要处理'),
        message: { kind: 'formula', expression: '"Quantity: " & {qty}' },
        email: true,
      },
    ],
  }) as AutomationDefinition;

const noteOnNote = (): AutomationDefinition =>
  ({
    id: 'echoNote',
    name: l('Echo'),
    trigger: { type: 'record', form: 'notes', events: ['created'] },
    condition: { new: { kind: 'cmp', field: 'text', op: 'ne', value: 'echo' } },
    actions: [
      {
        type: 'create',
        form: 'notes',
        values: [{ field: 'text', value: { kind: 'static', value: 'echo' } }],
      },
    ],
  }) as AutomationDefinition;

async function create(who: SignedIn, formId: string, data: Record<string, unknown>) {
  const res = await who.agent.post(`${form(formId)}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record as { id: string };
}

const pending = async () =>
  Number(
    (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`))
      .rows[0]!.n,
  );

async function saveApp(def: AppDefinition) {
  const current = await admin.agent.get(APP).expect(200);
  return admin.agent.put(APP).send({ app: def, baseVersion: current.body.version });
}

/** The URL of the test database (PostgreSQL mode only). */
async function databaseUrl(): Promise<string> {
  const { rows } = await server.db.query<{ name: string }>(`SELECT current_database() AS name`);
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}

beforeAll(async () => {
  server = await createTestServer({ mailTransport: transport, smtpFrom: 'Tangram <ops@acme.test>' });
  admin = await setupAdmin(server);
  sam = await createUser(server, admin, { email: 'sam@acme.test', name: 'Sam' });
  const res = await admin.agent.post('/api/v1/apps').send(opsApp([notifyOnOrder(), noteOnNote()]));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  engine = createAutomationEngine({ db: server.db, config: server.config, writes: createRecordWrites() });
  await engine.processAll();
}, 120_000);
afterAll(() => server?.close());

describe('notify action: the inbox and email', () => {
  it('writes an automation notification naming the record, which the inbox lists and links', async () => {
    const order = await create(admin, 'orders', { title: 'Order 42', handler: sam.user.id, qty: 3 });
    await engine.processAll();
    const page = await sam.agent.get('/api/v1/notifications').expect(200);
    const note = page.body.items.find((n: { kind: string }) => n.kind === 'automation');
    expect(note).toBeDefined();
    expect(note.payload).toMatchObject({
      appId: 'ops',
      formId: 'orders',
      recordId: order.id,
      recordTitle: 'Order 42',
      title: { en: 'New order to handle', 'zh-CN': '有新订单要处理' },
      message: 'Quantity: 3',
      automationId: 'tellHandler',
    });
    expect((await sam.agent.get('/api/v1/notifications/count').expect(200)).body.unread).toBeGreaterThan(0);
    // The admin was not named: nothing for them.
    const theirs = await admin.agent.get('/api/v1/notifications').expect(200);
    expect(theirs.body.items.some((n: { kind: string }) => n.kind === 'automation')).toBe(false);
  });

  it('emails through the mail job with the record title, once', async () => {
    const deps = workflowDeps({ db: server.db, config: server.config, writes: createRecordWrites() });
    await runDueJobs(deps, new Date(Date.now() + 1000)); // the earlier order's email
    sent.length = 0;
    await create(admin, 'orders', { title: 'Order 43', handler: sam.user.id, qty: 1 });
    await engine.processAll();
    await runDueJobs(deps, new Date(Date.now() + 1000));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'sam@acme.test', subject: 'New order to handle: Order 43' });
    expect(sent[0]!.text).toContain('Record: Order 43');
    expect(sent[0]!.text).toContain('Quantity: 1');
    await runDueJobs(deps, new Date(Date.now() + 60_000));
    expect(sent).toHaveLength(1);
  });
});

describe('events no enabled automation listens to', () => {
  it('are marked processed in bulk without runs; listened ones still run', async () => {
    await engine.processAll();
    const before = await admin.agent.get(`${APP}/automations/echoNote/runs`).expect(200);
    // 30 writes of a form without automations, 1 of a listened one.
    const batch = Array.from({ length: 30 }, (_, i) => ({ data: { text: `q${i}` } }));
    const res = await admin.agent.post(`${form('quiet')}/records/batch`).send({ items: batch });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    await create(admin, 'notes', { text: 'hello' });
    // The batch nobody listens to wrote one event for its 30 records (decision 0066).
    expect(await pending()).toBe(2);
    const result = await engine.processAll();
    expect(result.skipped).toBe(1);
    // "hello" and the automation's own "echo" note: both listened to (the condition decides).
    expect(result.events).toBe(2);
    expect(result.runs).toBe(1);
    expect(await pending()).toBe(0);
    const after = await admin.agent.get(`${APP}/automations/echoNote/runs`).expect(200);
    expect(after.body.runs.length).toBe(before.body.runs.length + 1);
  });

  it('a switched-off automation does not listen: its events are skipped, none run', async () => {
    await admin.agent.put(`${APP}/automations/echoNote/enabled`).send({ enabled: false }).expect(200);
    const runsBefore = (await admin.agent.get(`${APP}/automations/echoNote/runs`).expect(200)).body.runs
      .length;
    await create(admin, 'notes', { text: 'while off' });
    const result = await engine.processAll();
    expect(result).toMatchObject({ skipped: 1, events: 0, runs: 0 });
    const runsAfter = (await admin.agent.get(`${APP}/automations/echoNote/runs`).expect(200)).body.runs
      .length;
    expect(runsAfter).toBe(runsBefore);
    await admin.agent.put(`${APP}/automations/echoNote/enabled`).send({ enabled: true }).expect(200);
  });

  it('an event of a leased (claimed) event is left alone', async () => {
    await create(admin, 'quiet', { text: 'held' });
    // Another worker holds it: the skip pass must not mark it behind that worker's back.
    await server.db.query(
      `UPDATE outbox SET locked_until = now() + interval '1 hour' WHERE processed_at IS NULL`,
    );
    const result = await engine.processAll();
    expect(result.skipped).toBe(0);
    expect(await pending()).toBe(1);
    await server.db.query(`UPDATE outbox SET locked_until = NULL WHERE processed_at IS NULL`);
    expect((await engine.processAll()).skipped).toBe(1);
  });
});

describe.runIf(mode === 'postgres')('LISTEN/NOTIFY wake-up (PostgreSQL)', () => {
  it('a commit that writes outbox events wakes the worker long before its next poll', async () => {
    const url = await databaseUrl();
    // A poll every 10 minutes: only the notification can make the effect appear within seconds.
    const stop = startAutomationWorker({
      db: server.db,
      config: { ...server.config, automationIntervalMs: 600_000, databaseUrl: url },
      writes: createRecordWrites(),
    });
    try {
      // The first round runs at start; let it finish (nothing pending), then write.
      await expect.poll(pending, { timeout: 10_000 }).toBe(0);
      // Wait until the listener is connected: a notification sent before LISTEN would be lost.
      await expect
        .poll(
          async () =>
            (
              await server.db.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN tangram_outbox'`,
              )
            ).rows[0]!.n,
          { timeout: 10_000 },
        )
        .toBeGreaterThan(0);
      const note = await create(admin, 'notes', { text: 'wake up' });
      await expect
        .poll(
          async () => {
            const res = await admin.agent.get(`${APP}/automations/echoNote/runs?limit=1`).expect(200);
            return res.body.runs[0]?.trigger?.recordId;
          },
          { timeout: 8_000, interval: 100 },
        )
        .toBe(note.id);
    } finally {
      await stop();
    }
  });
});

describe('the automations list', () => {
  it('answers each automation its last run (time and status), null when it never ran', async () => {
    const def = opsApp([
      notifyOnOrder(),
      noteOnNote(),
      {
        id: 'never',
        name: l('Never'),
        trigger: { type: 'record', form: 'quiet', events: ['deleted'] },
        actions: [
          {
            type: 'create',
            form: 'notes',
            values: [{ field: 'text', value: { kind: 'static', value: 'x' } }],
          },
        ],
      } as AutomationDefinition,
    ]);
    expect((await saveApp(def)).status).toBe(200);
    const res = await admin.agent.get(`${APP}/automations`).expect(200);
    const byId = new Map(res.body.automations.map((a: { id: string }) => [a.id, a]));
    const runs = await admin.agent.get(`${APP}/automations/echoNote/runs?limit=1`).expect(200);
    expect(byId.get('echoNote')).toMatchObject({
      lastRun: { id: runs.body.runs[0].id, status: 'succeeded', startedAt: runs.body.runs[0].startedAt },
    });
    expect(byId.get('never')).toMatchObject({ lastRun: null });
    // Members who do not manage the app do not see the list at all.
    await sam.agent.get(`${APP}/automations`).expect(403);
  });
});

describe('webhook URLs are checked when the definition is saved', () => {
  const withUrl = (url: string) =>
    opsApp([
      {
        id: 'callOut',
        name: l('Call out'),
        trigger: { type: 'record', form: 'orders', events: ['created'] },
        actions: [{ type: 'webhook', url }],
      } as AutomationDefinition,
    ]);

  it.each([
    ['credentials', 'https://user:secret@hooks.example.com/x', 'user name or password'],
    ['only a user name', 'https://token@hooks.example.com/x', 'user name or password'],
    ['another scheme', 'ftp://hooks.example.com/x', 'http:// or https://'],
    ['javascript', 'javascript:alert(1)', 'http:// or https://'],
    ['no host', 'https://', 'valid absolute URL'],
    ['spaces', 'https://hooks.example.com/a b', 'spaces'],
    ['too long', `https://hooks.example.com/${'a'.repeat(2000)}`, 'at most 2000'],
  ])('%s: 422 naming the action and the problem, nothing saved', async (_name, url, words) => {
    const before = (await admin.agent.get(APP).expect(200)).body.version;
    const res = await saveApp(withUrl(url));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe('invalid_webhook_url');
    expect(res.body.error.message).toContain(words);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: '/automations/0/actions/0/url', code: 'invalid_webhook_url' }),
    ]);
    expect((await admin.agent.get(APP).expect(200)).body.version).toBe(before);
  });

  it('a new app with a bad URL is refused the same way; a good URL saves', async () => {
    const res = await admin.agent
      .post('/api/v1/apps')
      .send({ ...withUrl('https://a:b@x.example.com'), id: 'ops2' });
    expect(res.status).toBe(422);
    await admin.agent.get('/api/v1/apps/ops2').expect(404);
    const ok = await saveApp(withUrl('https://hooks.example.com/orders?x=1'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe('rebuild-aggregates command', () => {
  beforeAll(async () => {
    expect((await saveApp(opsApp([]))).status).toBe(200);
    await create(admin, 'orders', { title: 'R1', product: 'Pen', qty: 5 });
    await create(admin, 'orders', { title: 'R2', product: 'Pen', qty: 2 });
    await create(admin, 'orders', { title: 'R3', product: 'Ink', qty: 4 });
  });

  const balances = async () => {
    const { rows } = await server.db.query<{ key: string; value: string }>(
      `SELECT key_text AS key, value::text AS value FROM aggregate_balances WHERE app_id = 'ops' ORDER BY key_text`,
    );
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.value)]));
  };

  it('parses its arguments and refuses unknown ones', () => {
    expect(parseRebuildArgs(['--', '--app', 'ops', '--dry-run'])).toEqual({ app: 'ops', dryRun: true });
    expect(parseRebuildArgs(['--org=o1', '--aggregate', 'stock'])).toEqual({
      org: 'o1',
      aggregate: 'stock',
      dryRun: false,
    });
    expect(() => parseRebuildArgs(['--force'])).toThrow(/unknown argument "--force"/);
    expect(() => parseRebuildArgs(['--app'])).toThrow(/--app needs a value/);
  });

  it('a dry run reports the differences and changes nothing; a rebuild fixes them', async () => {
    expect(await balances()).toEqual({ '["Ink"]': 4, '["Pen"]': 7 });
    // Damage the stored balances behind the write door's back.
    await server.db.query(
      `UPDATE aggregate_balances SET value = 100 WHERE app_id = 'ops' AND key_text = '["Pen"]'`,
    );
    const targets = await rebuildTargets(server.db, { app: 'ops', dryRun: true });
    expect(targets.map((t) => `${t.appId}/${t.aggregate.id}`)).toEqual(['ops/stock']);
    const dry = await rebuildOne(server.db, targets[0]!, true);
    expect(dry).toMatchObject({ differenceCount: 1, applied: false, records: expect.any(Number) });
    const lines = formatReport(targets[0]!, dry);
    expect(lines[0]).toMatch(/\/ops\/stock: \d+ records, 2 balances, 1 difference\(s\)$/);
    expect(lines[1]).toBe('  [product=Pen] qty: stored 100, computed 7');
    expect((await balances())['["Pen"]']).toBe(100);
    const fixed = await rebuildOne(server.db, targets[0]!, false);
    expect(fixed).toMatchObject({ differenceCount: 1, applied: true });
    expect(await balances()).toEqual({ '["Ink"]': 4, '["Pen"]': 7 });
    expect((await rebuildOne(server.db, targets[0]!, true)).differenceCount).toBe(0);
    expect(await rebuildTargets(server.db, { app: 'nope', dryRun: true })).toEqual([]);
  });

  it.runIf(mode === 'postgres')(
    'runs as a command on the server database',
    async () => {
      await server.db.query(
        `UPDATE aggregate_balances SET value = -1 WHERE app_id = 'ops' AND key_text = '["Ink"]'`,
      );
      const url = await databaseUrl();
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(
            'pnpm',
            ['--silent', '--filter', '@tangram/server', 'rebuild-aggregates', ...args],
            {
              cwd: root,
              env: { ...process.env, DATABASE_URL: url },
            },
          );
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          child.on('close', (code) => resolve({ code, out, err }));
        });
      {
        const dry = await run(['--app', 'ops', '--dry-run']);
        expect(dry.code, dry.err).toBe(1);
        expect(dry.out).toContain('[product=Ink] qty: stored -1, computed 4');
        expect(dry.out).toContain('Dry run: 1 difference(s) in 1 aggregate(s); nothing was changed.');
        expect((await balances())['["Ink"]']).toBe(-1);
        const real = await run(['--app', 'ops']);
        expect(real.code, real.err).toBe(0);
        expect(real.out).toContain('1 difference(s) fixed in 1 aggregate(s).');
        expect((await balances())['["Ink"]']).toBe(4);
        const bad = await run(['--bogus']);
        expect(bad.code).toBe(2);
        expect(bad.err).toContain('unknown argument');
      }
    },
    120_000,
  );
});
