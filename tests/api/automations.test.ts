import type { AppDefinition, AutomationAction, AutomationDefinition, ValueSource } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAutomationEngine,
  createRecordWrites,
  openDb,
  pruneAutomations,
  runAutomationRound,
  type AutomationEngine,
  type Db,
} from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// The automation engine end to end: records written through the API put events in the outbox, the
// engine (called here instead of the background worker) runs the automations, and the results are
// read back through the API. Decision 0029.

const l = (en: string) => ({ en, 'zh-CN': en });
const APP = '/api/v1/apps/shop';
const form = (id: string) => `${APP}/forms/${id}`;

let server: TestServer;
let admin: SignedIn;
let sam: SignedIn;
let engine: AutomationEngine;

const auto = (a: Omit<AutomationDefinition, 'name'> & { name?: AutomationDefinition['name'] }) =>
  ({ name: l(a.id), ...a }) as AutomationDefinition;

function shopApp(automations: AutomationDefinition[]): AppDefinition {
  return {
    id: 'shop',
    name: l('Shop'),
    formatVersion: 2,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'status', type: 'text', label: l('Status') },
          { id: 'amount', type: 'number', label: l('Amount') },
          { id: 'note', type: 'text', label: l('Note') },
          { id: 'handler', type: 'member', label: l('Handler') },
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines'),
            config: {
              fields: [
                { id: 'product', type: 'text', label: l('Product') },
                { id: 'qty', type: 'number', label: l('Qty') },
              ],
            },
          },
        ],
      },
      {
        id: 'shipments',
        name: l('Shipments'),
        fields: [
          { id: 'order', type: 'text', label: l('Order') },
          { id: 'product', type: 'text', label: l('Product') },
          { id: 'qty', type: 'number', label: l('Qty') },
          { id: 'doubled', type: 'number', label: l('Doubled') },
          {
            id: 'items',
            type: 'subform',
            label: l('Items'),
            config: {
              fields: [
                { id: 'sku', type: 'text', label: l('SKU') },
                { id: 'count', type: 'number', label: l('Count') },
              ],
            },
          },
        ],
      },
      {
        id: 'stock',
        name: l('Stock'),
        fields: [
          { id: 'product', type: 'text', label: l('Product'), unique: true },
          { id: 'qty', type: 'number', label: l('Qty') },
        ],
      },
      {
        id: 'logs',
        name: l('Logs'),
        fields: [
          { id: 'text', type: 'text', label: l('Text') },
          { id: 'unique', type: 'text', label: l('Unique'), unique: true },
        ],
      },
      { id: 'loopA', name: l('Loop A'), fields: [{ id: 'n', type: 'number', label: l('N') }] },
      { id: 'loopB', name: l('Loop B'), fields: [{ id: 'n', type: 'number', label: l('N') }] },
      {
        id: 'requests',
        name: l('Requests'),
        titleField: 'subject',
        workflowId: 'approval',
        fields: [{ id: 'subject', type: 'text', label: l('Subject') }],
      },
    ],
    workflows: [
      {
        id: 'approval',
        name: l('Approval'),
        form: 'requests',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          { type: 'approve', id: 'mgr', assignees: [{ kind: 'users', ids: [adminId] }], next: 'hookNode' },
          { type: 'automation', id: 'hookNode', hook: 'afterManager', next: 'end' },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    automations,
  } as AppDefinition;
}

let adminId = '';

/** An action that writes one log line. */
const logOf = (text: ValueSource): AutomationAction => ({
  type: 'create',
  form: 'logs',
  values: [{ field: 'text', value: text }],
});

function automations(): AutomationDefinition[] {
  return [
    // created -> one shipment per order line, with a formula and the order's title.
    auto({
      id: 'shipLines',
      trigger: { type: 'record', form: 'orders', events: ['created'] },
      condition: { new: { kind: 'cmp', field: 'title', op: 'startsWith', value: 'ship' } },
      actions: [
        {
          type: 'create',
          form: 'shipments',
          forEachRow: 'lines',
          values: [
            { field: 'order', value: { kind: 'field', field: 'title' } },
            { field: 'product', value: { kind: 'row', field: 'product' } },
            { field: 'qty', value: { kind: 'row', field: 'qty' } },
            { field: 'doubled', value: { kind: 'formula', expression: '{qty} * 2' } },
          ],
        },
      ],
    }),
    // created -> one shipment with all lines as its subform rows.
    auto({
      id: 'shipWhole',
      trigger: { type: 'record', form: 'orders', events: ['created'] },
      condition: { new: { kind: 'cmp', field: 'title', op: 'startsWith', value: 'whole' } },
      actions: [
        {
          type: 'create',
          form: 'shipments',
          values: [
            { field: 'order', value: { kind: 'field', field: 'title' } },
            {
              field: 'items',
              value: {
                kind: 'rows',
                from: 'lines',
                values: [
                  { field: 'sku', value: { kind: 'row', field: 'product' } },
                  { field: 'count', value: { kind: 'row', field: 'qty' } },
                ],
              },
            },
          ],
        },
      ],
    }),
    // updated, only when status changes, and only from not-approved to approved (old and new).
    auto({
      id: 'onApproved',
      trigger: { type: 'record', form: 'orders', events: ['updated'], fields: ['status'] },
      condition: {
        new: { kind: 'cmp', field: 'status', op: 'eq', value: 'approved' },
        old: { kind: 'cmp', field: 'status', op: 'ne', value: 'approved' },
      },
      actions: [
        logOf({ kind: 'formula', expression: 'CONCAT("approved ", {title})' }),
        {
          type: 'update',
          form: 'orders',
          records: { kind: 'trigger' },
          values: [{ field: 'note', value: { kind: 'static', value: 'seen by automation' } }],
        },
        {
          type: 'notify',
          userFields: ['handler'],
          title: l('Order approved'),
          message: { kind: 'field', field: 'title' },
        },
      ],
    }),
    // deleted -> log, and delete the order's shipments (match by a trigger field).
    auto({
      id: 'onDeleted',
      trigger: { type: 'record', form: 'orders', events: ['deleted'] },
      actions: [
        logOf({ kind: 'formula', expression: 'CONCAT("deleted ", {title})' }),
        {
          type: 'delete',
          form: 'shipments',
          records: { kind: 'match', match: [{ field: 'order', value: { kind: 'field', field: 'title' } }] },
        },
      ],
    }),
    // Upsert stock by product for each shipment line.
    auto({
      id: 'stockUpsert',
      trigger: { type: 'record', form: 'shipments', events: ['created'] },
      condition: { new: { kind: 'cmp', field: 'product', op: 'isNotEmpty' } },
      actions: [
        {
          type: 'upsert',
          form: 'stock',
          key: 'product',
          values: [
            { field: 'product', value: { kind: 'field', field: 'product' } },
            { field: 'qty', value: { kind: 'field', field: 'qty' } },
          ],
        },
      ],
    }),
    // A loop: A creates B, B creates A.
    auto({
      id: 'a2b',
      trigger: { type: 'record', form: 'loopA', events: ['created'] },
      actions: [
        {
          type: 'create',
          form: 'loopB',
          values: [{ field: 'n', value: { kind: 'formula', expression: '{n} + 1' } }],
        },
      ],
    }),
    auto({
      id: 'b2a',
      trigger: { type: 'record', form: 'loopB', events: ['created'] },
      actions: [
        {
          type: 'create',
          form: 'loopA',
          values: [{ field: 'n', value: { kind: 'formula', expression: '{n} + 1' } }],
        },
      ],
    }),
    // Workflow triggers.
    auto({
      id: 'wfApproved',
      trigger: { type: 'workflow', workflow: 'approval', event: 'approved' },
      actions: [logOf({ kind: 'formula', expression: 'CONCAT("wf approved ", {subject})' })],
    }),
    auto({
      id: 'wfNode',
      trigger: { type: 'workflow', workflow: 'approval', event: 'node_reached', node: 'mgr' },
      actions: [logOf({ kind: 'formula', expression: 'CONCAT("wf at mgr ", {subject})' })],
    }),
    auto({
      id: 'wfHook',
      trigger: { type: 'workflow', workflow: 'approval', event: 'hook', hook: 'afterManager' },
      actions: [logOf({ kind: 'formula', expression: 'CONCAT("wf hook ", {subject})' })],
    }),
    // Schedule and button.
    auto({
      id: 'nightly',
      trigger: { type: 'schedule', cron: '0 2 * * *' },
      actions: [logOf({ kind: 'static', value: 'nightly tick' })],
    }),
    auto({
      id: 'stamp',
      trigger: { type: 'button', form: 'orders', label: l('Stamp') },
      actions: [
        {
          type: 'update',
          form: 'orders',
          records: { kind: 'trigger' },
          values: [{ field: 'note', value: { kind: 'static', value: 'stamped' } }],
        },
      ],
    }),
    // Two actions, the second can fail on a unique value: for retry and exactly-once.
    auto({
      id: 'twoSteps',
      trigger: { type: 'record', form: 'logs', events: ['created'] },
      condition: { new: { kind: 'cmp', field: 'text', op: 'startsWith', value: 'two' } },
      actions: [
        {
          type: 'create',
          form: 'shipments',
          values: [{ field: 'order', value: { kind: 'field', field: 'text' } }],
        },
        {
          type: 'create',
          form: 'logs',
          values: [
            { field: 'text', value: { kind: 'static', value: 'second step' } },
            { field: 'unique', value: { kind: 'static', value: 'taken' } },
          ],
        },
      ],
    }),
  ];
}

async function create(who: SignedIn, formId: string, data: Record<string, unknown>) {
  const res = await who.agent.post(`${form(formId)}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record as { id: string; version: number; data: Record<string, unknown> };
}

async function patch(who: SignedIn, formId: string, id: string, data: Record<string, unknown>) {
  const current = await who.agent.get(`${form(formId)}/records/${id}`).expect(200);
  const res = await who.agent
    .patch(`${form(formId)}/records/${id}`)
    .send({ data, version: current.body.record.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function records(formId: string) {
  const res = await admin.agent.get(`${form(formId)}/records?limit=200`).expect(200);
  return res.body.items as { id: string; createdBy: string; data: Record<string, unknown> }[];
}

const texts = async () => (await records('logs')).map((r) => r.data.text);

async function runsOf(automationId: string) {
  const res = await admin.agent.get(`${APP}/automations/${automationId}/runs?limit=100`).expect(200);
  return res.body.runs as {
    id: string;
    status: string;
    error: string | null;
    actions: {
      status: string;
      reused?: boolean;
      result?: Record<string, unknown>;
      error?: { message: string };
    }[];
    trigger: { topic: string; record: Record<string, unknown> | null; old: Record<string, unknown> | null };
  }[];
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  adminId = admin.user.id;
  sam = await createUser(server, admin, { email: 'sam@acme.test', name: 'Sam' });
  const res = await admin.agent.post('/api/v1/apps').send(shopApp(automations()));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  engine = createAutomationEngine({ db: server.db, config: server.config, writes: createRecordWrites() });
  await engine.processAll(); // nothing but the app's own events so far
}, 60_000);
afterAll(() => server.close());

describe('record triggers and record actions', () => {
  it('created: one record per subform row, trigger fields, row fields and formulas, as the owner', async () => {
    await create(sam, 'orders', {
      title: 'ship-1',
      lines: [
        { product: 'Pen', qty: 3 },
        { product: 'Ink', qty: 5 },
      ],
    });
    await create(sam, 'orders', { title: 'other', lines: [{ product: 'Pen', qty: 1 }] });
    const result = await engine.processAll();
    expect(result.failedRuns).toBe(0);
    const shipments = (await records('shipments')).filter((s) => s.data.order === 'ship-1');
    expect(shipments.map((s) => [s.data.product, s.data.qty, s.data.doubled]).sort()).toEqual([
      ['Ink', 5, 10],
      ['Pen', 3, 6],
    ]);
    // The owner (the app's creator, nobody switched it on) is the author.
    expect(shipments.every((s) => s.createdBy === adminId)).toBe(true);
    // The condition kept "other" out.
    expect((await records('shipments')).some((s) => s.data.order === 'other')).toBe(false);
    const [run] = await runsOf('shipLines');
    expect(run).toMatchObject({ status: 'succeeded', trigger: { topic: 'record.created' } });
    expect(run!.actions[0]!.result!.created).toHaveLength(2);
  });

  it('a rows mapping fills a subform from the trigger rows; upsert creates then updates by key', async () => {
    await create(sam, 'orders', {
      title: 'whole-1',
      lines: [
        { product: 'Cup', qty: 2 },
        { product: 'Mug', qty: 4 },
      ],
    });
    await engine.processAll();
    const whole = (await records('shipments')).find((s) => s.data.order === 'whole-1')!;
    expect((whole.data.items as { sku: string; count: number }[]).map((r) => [r.sku, r.count])).toEqual([
      ['Cup', 2],
      ['Mug', 4],
    ]);
    // stockUpsert: Pen and Ink were created by the shipments above; a new Pen shipment updates it.
    let stock = await records('stock');
    expect(stock.find((s) => s.data.product === 'Pen')?.data.qty).toBe(3);
    await create(admin, 'shipments', { order: 'manual', product: 'Pen', qty: 40 });
    await engine.processAll();
    stock = await records('stock');
    expect(stock.filter((s) => s.data.product === 'Pen').map((s) => s.data.qty)).toEqual([40]);
    const runs = await runsOf('stockUpsert');
    expect(runs[0]!.actions[0]!.result).toMatchObject({ created: [], updated: [{ data: { qty: 40 } }] });
  });

  it('updated: only when the chosen field changes, and the condition sees old and new values', async () => {
    const order = await create(sam, 'orders', { title: 'upd-1', status: 'draft', handler: sam.user.id });
    await engine.processAll();
    const before = (await runsOf('onApproved')).length;
    await patch(sam, 'orders', order.id, { note: 'just a note' }); // status untouched: no run
    await patch(sam, 'orders', order.id, { status: 'review' }); // status changed, condition false
    await engine.processAll();
    expect(await runsOf('onApproved')).toHaveLength(before);
    await patch(sam, 'orders', order.id, { status: 'approved' });
    await engine.processAll();
    const runs = await runsOf('onApproved');
    expect(runs).toHaveLength(before + 1);
    expect(runs[0]).toMatchObject({
      status: 'succeeded',
      trigger: { record: { status: 'approved' }, old: { status: 'review' } },
    });
    expect(await texts()).toContain('approved upd-1');
    const saved = await sam.agent.get(`${form('orders')}/records/${order.id}`).expect(200);
    expect(saved.body.record.data.note).toBe('seen by automation');
    // notify: Sam (the handler) has an in-app notification.
    const notes = await sam.agent.get('/api/v1/notifications').expect(200);
    expect(notes.body.items.some((n: { kind: string }) => n.kind === 'automation')).toBe(true);
    // approved -> approved again (old is approved) does not fire; the automation's own update
    // (note) did not either (the trigger watches status only).
    await patch(sam, 'orders', order.id, { status: 'approved', note: 'x' });
    await engine.processAll();
    expect(await runsOf('onApproved')).toHaveLength(before + 1);
  });

  it('deleted: logs and deletes the matching records', async () => {
    const order = await create(sam, 'orders', { title: 'ship-del', lines: [{ product: 'Bag', qty: 1 }] });
    await engine.processAll();
    expect((await records('shipments')).some((s) => s.data.order === 'ship-del')).toBe(true);
    await sam.agent
      .delete(`${form('orders')}/records/${order.id}`)
      .expect((r) => expect(r.status).toBeLessThan(300));
    await engine.processAll();
    expect(await texts()).toContain('deleted ship-del');
    expect((await records('shipments')).some((s) => s.data.order === 'ship-del')).toBe(false);
    expect((await runsOf('onDeleted'))[0]!.actions[1]!.result!.deleted).toHaveLength(1);
  });
});

describe('workflow, schedule and button triggers', () => {
  it('node reached, the automation node hook and approved', async () => {
    const req = await create(sam, 'requests', { subject: 'laptop' });
    await engine.processAll();
    expect(await texts()).toContain('wf at mgr laptop');
    const view = await admin.agent.get(`${form('requests')}/records/${req.id}/workflow`).expect(200);
    const taskId = view.body.me.taskId as string;
    await admin.agent.post(`/api/v1/tasks/${taskId}/approve`).send({}).expect(200);
    await engine.processAll();
    const t = await texts();
    expect(t).toContain('wf hook laptop');
    expect(t).toContain('wf approved laptop');
  });

  it('a schedule fires once per due tick (in the org time zone), through the outbox', async () => {
    const deps = { db: server.db, config: server.config, writes: createRecordWrites() };
    const start = new Date();
    await runAutomationRound(engine, deps, start);
    const { rows } = await server.db.query<{ next_at: Date }>(
      `SELECT next_at FROM automation_schedules WHERE automation_id = 'nightly'`,
    );
    expect(rows).toHaveLength(1);
    const due = rows[0]!.next_at;
    expect(due.getTime()).toBeGreaterThan(start.getTime());
    const count = async () => (await texts()).filter((t) => t === 'nightly tick').length;
    expect(await count()).toBe(0);
    await runAutomationRound(engine, deps, new Date(due.getTime() + 1000));
    expect(await count()).toBe(1);
    await runAutomationRound(engine, deps, new Date(due.getTime() + 2000)); // same tick: nothing more
    expect(await count()).toBe(1);
  });

  it('a button runs on a record the caller can see; others get 404', async () => {
    const order = await create(sam, 'orders', { title: 'button-1' });
    await engine.processAll();
    const res = await sam.agent.post(`${APP}/automations/stamp/press`).send({ recordId: order.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.run).toMatchObject({ status: 'succeeded' });
    const saved = await sam.agent.get(`${form('orders')}/records/${order.id}`).expect(200);
    expect(saved.body.record.data.note).toBe('stamped');
    const missing = await sam.agent.post(`${APP}/automations/stamp/press`).send({ recordId: 'nope' });
    expect(missing.status).toBe(404);
    const notButton = await sam.agent.post(`${APP}/automations/nightly/press`).send({ recordId: order.id });
    expect(notButton.body.error.code).toBe('not_a_button');
  });
});

describe('exactly once, retries, loops', () => {
  it('a reprocessed event does not repeat a recorded effect', async () => {
    await create(sam, 'orders', { title: 'ship-once', lines: [{ product: 'Once', qty: 1 }] });
    await engine.processAll();
    // As if the process died after the effect committed and before the event was marked.
    const { rows } = await server.db.query<{ id: string }>(
      `UPDATE outbox SET processed_at = NULL, locked_until = NULL
        WHERE topic = 'record.created' AND payload->'record'->>'title' = 'ship-once' RETURNING id`,
    );
    expect(rows).toHaveLength(1);
    // ...and before its run was finished: only the effect key knows the action happened.
    await server.db.query(
      `UPDATE automation_runs SET status = 'running', finished_at = NULL WHERE event_key = $1`,
      [String(rows[0]!.id)],
    );
    await engine.processAll();
    expect((await records('shipments')).filter((s) => s.data.order === 'ship-once')).toHaveLength(1);
    const run = (await runsOf('shipLines')).find((r) => r.trigger.record?.title === 'ship-once')!;
    expect(run.status).toBe('succeeded');
    expect(run.actions[0]).toMatchObject({ status: 'succeeded', reused: true });
    expect(run.actions[0]!.result!.created).toHaveLength(1);
  });

  it('a failed run records the error; retry repeats only what did not happen', async () => {
    await create(admin, 'logs', { text: 'blocker', unique: 'taken' });
    await create(admin, 'logs', { text: 'two-1' });
    await engine.processAll();
    const [failed] = await runsOf('twoSteps');
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.error).toMatch(/Action 2 \(create\) failed: .*unique/i);
    expect(failed!.actions.map((a) => a.status)).toEqual(['succeeded', 'failed']);
    const one = await admin.agent.get(`/api/v1/automation-runs/${failed!.id}`).expect(200);
    expect(one.body.run.id).toBe(failed!.id);
    // Free the unique value, retry: the first action's shipment is not created again.
    const blocker = (await records('logs')).find((r) => r.data.text === 'blocker')!;
    await admin.agent
      .delete(`${form('logs')}/records/${blocker.id}`)
      .expect((r) => expect(r.status).toBeLessThan(300));
    const retried = await admin.agent.post(`/api/v1/automation-runs/${failed!.id}/retry`).send({});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.run).toMatchObject({ status: 'succeeded' });
    expect(retried.body.run.actions[0].reused).toBe(true);
    expect((await records('shipments')).filter((s) => s.data.order === 'two-1')).toHaveLength(1);
    const again = await admin.agent.post(`/api/v1/automation-runs/${failed!.id}/retry`).send({});
    expect(again.body.error.code).toBe('run_not_failed');
  });

  it('a loop A -> B -> A stops at the chain depth limit with a run error', async () => {
    await create(admin, 'loopA', { n: 0 });
    await engine.processAll();
    const a = await records('loopA');
    const b = await records('loopB');
    // Depth 0 (the person) + 5 automated writes: B1, A2, B3, A4, B5; the sixth is refused.
    expect(a.map((r) => r.data.n).sort()).toEqual([0, 2, 4]);
    expect(b.map((r) => r.data.n).sort()).toEqual([1, 3, 5]);
    const [stopped] = await runsOf('b2a');
    expect(stopped).toMatchObject({ status: 'failed' });
    expect(stopped!.error).toMatch(/Chain depth limit 5 reached \(a2b -> b2a -> a2b -> b2a -> a2b -> b2a\)/);
    expect(stopped!.actions).toEqual([]);
  });
});

describe('test runs, switches, history and pruning', () => {
  it('a test run answers what would be written and writes nothing', async () => {
    const order = await create(sam, 'orders', { title: 'other-test', lines: [{ product: 'T', qty: 7 }] });
    await engine.processAll();
    const before = (await records('shipments')).length;
    const outboxBefore = await server.db.query(`SELECT count(*)::int AS n FROM outbox`);
    const res = await admin.agent.post(`${APP}/automations/shipLines/test-run`).send({ recordId: order.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      conditionHolds: false, // the title does not start with "ship"
      written: false,
      actions: [
        { status: 'succeeded', result: { created: [{ data: { product: 'T', qty: 7, doubled: 14 } }] } },
      ],
    });
    expect(await records('shipments')).toHaveLength(before);
    expect((await server.db.query(`SELECT count(*)::int AS n FROM outbox`)).rows).toEqual(outboxBefore.rows);
    // Members who do not manage the app cannot test or read runs.
    expect(
      (await sam.agent.post(`${APP}/automations/shipLines/test-run`).send({ recordId: order.id })).status,
    ).toBe(403);
    expect((await sam.agent.get(`${APP}/automations/shipLines/runs`)).status).toBe(403);
  });

  it('a switched-off automation does not run; switching it on makes the caller its owner', async () => {
    await admin.agent.put(`${APP}/automations/shipLines/enabled`).send({ enabled: false }).expect(200);
    await create(sam, 'orders', { title: 'ship-off', lines: [{ product: 'Off', qty: 1 }] });
    await engine.processAll();
    expect((await records('shipments')).some((s) => s.data.order === 'ship-off')).toBe(false);
    const on = await admin.agent
      .put(`${APP}/automations/shipLines/enabled`)
      .send({ enabled: true })
      .expect(200);
    expect(on.body).toMatchObject({ enabled: true, ownerId: adminId });
    const list = await admin.agent.get(`${APP}/automations`).expect(200);
    expect(list.body.automations.find((a: { id: string }) => a.id === 'shipLines')).toMatchObject({
      enabled: true,
      trigger: 'record',
    });
  });

  it('runs are listed newest first with a keyset cursor', async () => {
    const all = await runsOf('shipLines');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await admin.agent.get(`${APP}/automations/shipLines/runs?limit=2`).expect(200);
    expect(first.body.runs).toHaveLength(2);
    const next = await admin.agent
      .get(`${APP}/automations/shipLines/runs?limit=100&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect([...first.body.runs, ...next.body.runs].map((r: { id: string }) => r.id)).toEqual(
      all.map((r) => r.id),
    );
  });

  it('pruning deletes processed events and old runs, never an org newest event', async () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    const newest = await server.db.query<{ org_id: string; id: string }>(
      `SELECT org_id, max(id)::text AS id FROM outbox GROUP BY org_id`,
    );
    const result = await pruneAutomations(
      { db: server.db, config: server.config, writes: createRecordWrites() },
      later,
    );
    expect(result.events).toBeGreaterThan(0);
    expect(result.runs).toBeGreaterThan(0);
    const left = await server.db.query<{ org_id: string; id: string }>(
      `SELECT org_id, max(id)::text AS id FROM outbox GROUP BY org_id`,
    );
    expect(left.rows).toEqual(newest.rows);
    expect((await server.db.query(`SELECT 1 FROM automation_runs`)).rows).toHaveLength(0);
  });
});

describe('several processes', () => {
  it('two engines on one database process each event once', async () => {
    const other = await secondDb();
    try {
      const second = createAutomationEngine({
        db: other.db,
        config: server.config,
        writes: createRecordWrites(),
      });
      for (let i = 0; i < 12; i++)
        await create(sam, 'orders', { title: `ship-par-${i}`, lines: [{ product: `P${i}`, qty: i + 1 }] });
      await Promise.all([engine.processAll(), second.processAll()]);
      const shipped = (await records('shipments')).filter((s) =>
        String(s.data.order).startsWith('ship-par-'),
      );
      expect(shipped).toHaveLength(12);
      expect(new Set(shipped.map((s) => s.data.order)).size).toBe(12);
    } finally {
      await other.close();
    }
  });
});

/** A second connection pool on the same database: another server process as far as locks go. */
async function secondDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  if ((process.env.TANGRAM_TEST_DB ?? 'pglite') !== 'postgres')
    return { db: server.db, close: async () => {} };
  const { rows } = await server.db.query<{ name: string }>(`SELECT current_database() AS name`);
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${rows[0]!.name}`;
  const db = await openDb({ databaseUrl: url.toString() });
  return { db, close: () => db.close() };
}
