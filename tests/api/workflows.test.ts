import type { AppDefinition, WorkflowDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs, workflowDeps } from '@tangram/server';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

// A 3-level purchase approval run by three users: the submitter (Sam, in Sales), the department
// manager (Mia, leader of Sales) and the finance manager (Finn, role Finance). Orders over 10,000
// need finance. Every action goes through the HTTP API and the real engine.

let server: TestServer;
let admin: SignedIn;
let sam: SignedIn;
let mia: SignedIn;
let finn: SignedIn;
let financeRole: string;
const l = (en: string) => ({ en, 'zh-CN': en });
const APP = '/api/v1/apps/purchase';
const ORDERS = `${APP}/forms/orders`;

function approval(overrides: { mgrName?: string; withFinance?: boolean } = {}): WorkflowDefinition {
  const withFinance = overrides.withFinance ?? true;
  return {
    id: 'approval',
    name: l('Purchase approval'),
    form: 'orders',
    nodes: [
      {
        type: 'start',
        id: 'start',
        next: 'mgr',
        fields: [
          { field: 'financeNote', access: 'hidden' },
          { field: 'budgetCode', access: 'read' },
        ],
      },
      {
        type: 'approve',
        id: 'mgr',
        name: l(overrides.mgrName ?? 'Manager'),
        assignees: [{ kind: 'submitterManager', level: 1 }],
        fields: [{ field: 'note', access: 'edit' }],
        actions: ['reject', 'transfer', 'addApprover'],
        rejectTo: ['start', 'end'],
        next: withFinance ? 'br' : 'end',
      },
      ...(withFinance
        ? ([
            {
              type: 'branch',
              id: 'br',
              branches: [
                {
                  id: 'big',
                  condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 },
                  next: 'fin',
                },
              ],
              defaultNext: 'end',
            },
            {
              type: 'approve',
              id: 'fin',
              name: l('Finance'),
              assignees: [{ kind: 'roles', ids: [financeRole] }],
              fields: [{ field: 'financeNote', access: 'required' }],
              next: 'end',
            },
          ] as WorkflowDefinition['nodes'])
        : []),
      { type: 'end', id: 'end' },
    ],
  } as WorkflowDefinition;
}

/** A countersign form (all must approve) and a timed form (remind after 10 min, approve after 60). */
function purchaseApp(workflow = approval()): AppDefinition {
  return {
    id: 'purchase',
    name: l('Purchasing'),
    formatVersion: 1,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        titleField: 'title',
        workflowId: 'approval',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'amount', type: 'number', label: l('Amount') },
          { id: 'note', type: 'textarea', label: l('Note') },
          { id: 'financeNote', type: 'text', label: l('Finance note') },
          { id: 'budgetCode', type: 'text', label: l('Budget code') },
        ],
      },
      {
        id: 'contracts',
        name: l('Contracts'),
        titleField: 'title',
        workflowId: 'countersign',
        fields: [{ id: 'title', type: 'text', label: l('Title') }],
      },
      {
        id: 'requests',
        name: l('Requests'),
        titleField: 'title',
        workflowId: 'fillflow',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'answer', type: 'text', label: l('Answer') },
        ],
      },
      {
        id: 'leaves',
        name: l('Leave requests'),
        titleField: 'title',
        workflowId: 'timed',
        fields: [{ id: 'title', type: 'text', label: l('Title') }],
      },
    ],
    workflows: [
      workflow,
      {
        id: 'countersign',
        name: l('Countersign'),
        form: 'contracts',
        nodes: [
          { type: 'start', id: 'start', next: 'both' },
          {
            type: 'approve',
            id: 'both',
            mode: 'all',
            assignees: [{ kind: 'users', ids: [mia.user.id, finn.user.id] }],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
      {
        id: 'fillflow',
        name: l('Fill and copy'),
        form: 'requests',
        nodes: [
          { type: 'start', id: 'start', next: 'fill', fields: [{ field: 'answer', access: 'hidden' }] },
          {
            type: 'fill',
            id: 'fill',
            name: l('Answer it'),
            assignees: [{ kind: 'users', ids: [mia.user.id] }],
            fields: [{ field: 'answer', access: 'required' }],
            signatureRequired: true,
            next: 'copy',
          },
          { type: 'cc', id: 'copy', recipients: [{ kind: 'users', ids: [finn.user.id] }], next: 'end' },
          { type: 'end', id: 'end' },
        ],
      },
      {
        id: 'timed',
        name: l('Timed'),
        form: 'leaves',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          {
            type: 'approve',
            id: 'mgr',
            assignees: [{ kind: 'users', ids: [mia.user.id] }],
            timeout: { remindAfterMinutes: 10, actAfterMinutes: 60, action: 'approve' },
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
  } as AppDefinition;
}

async function order(who: SignedIn, data: Record<string, unknown>): Promise<string> {
  const res = await who.agent.post(`${ORDERS}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
}

const view = async (who: SignedIn, recordId: string, form = ORDERS) => {
  const res = await who.agent.get(`${form}/records/${recordId}/workflow`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    instance: {
      id: string;
      status: string;
      definition: WorkflowDefinition;
      log: { action: string; actor: string | null; nodeId?: string; comment?: string }[];
      tasks: { id: string; status: string; assignee: string; nodeId: string; outcome?: string }[];
      active: { nodeId: string }[];
    };
    me: {
      taskId?: string;
      nodeId?: string;
      actions: string[];
      fieldAccess: Record<string, string>;
      canWithdraw: boolean;
      rejectTargets: { kind: string }[];
    };
    record: { version: number; data: Record<string, unknown> };
  };
};

/** The pending task of `who` on the record (fails when there is none). */
const myTask = async (who: SignedIn, recordId: string, form = ORDERS) => {
  const v = await view(who, recordId, form);
  expect(v.me.taskId, `no task for ${who.email}: ${JSON.stringify(v.me)}`).toBeTruthy();
  return v.me.taskId!;
};

const act = (who: SignedIn, taskId: string, action: string, body: object = {}) =>
  who.agent.post(`/api/v1/tasks/${taskId}/${action}`).send(body);

async function recordStatus(recordId: string): Promise<string | null> {
  const { rows } = await server.db.query<{ table_name: string }>(
    `SELECT table_name FROM form_tables WHERE app_id = 'purchase' AND form_id = 'orders'`,
  );
  const { rows: r } = await server.db.query<{ workflow_status: string | null }>(
    `SELECT workflow_status FROM "${rows[0]!.table_name}" WHERE id = $1`,
    [recordId],
  );
  return r[0]?.workflow_status ?? null;
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  const role = await admin.agent.post('/api/v1/admin/roles').send({ name: 'Finance' }).expect(201);
  financeRole = role.body.role?.id ?? role.body.id;
  mia = await createUser(server, admin, { email: 'mia@acme.test', name: 'Mia Manager' });
  finn = await createUser(server, admin, {
    email: 'finn@acme.test',
    name: 'Finn Finance',
    roleIds: [financeRole],
  });
  const dept = await admin.agent
    .post('/api/v1/admin/departments')
    .send({ name: 'Sales', leaderId: mia.user.id })
    .expect(201);
  const salesId = dept.body.department?.id ?? dept.body.id;
  sam = await createUser(server, admin, {
    email: 'sam@acme.test',
    name: 'Sam Submitter',
    departmentIds: [salesId],
  });
  const res = await admin.agent.post('/api/v1/apps').send(purchaseApp());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 60_000);
afterAll(() => server.close());

describe('purchase approval', () => {
  it('approves a small order in two steps (submit, manager) and logs both', async () => {
    const id = await order(sam, { title: 'Pens', amount: 500 });
    expect(await recordStatus(id)).toBe('running');
    const before = await view(sam, id);
    expect(before.instance.status).toBe('running');
    expect(before.me.canWithdraw).toBe(true);
    expect(before.me.actions).toEqual(expect.arrayContaining(['withdraw', 'urge', 'comment']));

    const todo = await mia.agent.get('/api/v1/tasks?box=todo').expect(200);
    const item = todo.body.items.find((i: { recordId: string }) => i.recordId === id);
    expect(item).toMatchObject({
      title: 'Pens',
      nodeId: 'mgr',
      nodeName: l('Manager'),
      submitter: sam.user.id,
    });

    const mv = await view(mia, id);
    expect(mv.me.actions).toEqual(expect.arrayContaining(['approve', 'reject', 'transfer', 'addApprover']));
    expect(mv.me.fieldAccess).toMatchObject({ note: 'edit', amount: 'read' });
    const res = await act(mia, mv.me.taskId!, 'approve', { comment: 'ok' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.view.instance.status).toBe('approved');
    expect(res.body.view.instance.log.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'approve',
      'finish',
    ]);
    expect(res.body.view.instance.log[1]).toMatchObject({ actor: mia.user.id, comment: 'ok', nodeId: 'mgr' });
    expect(await recordStatus(id)).toBe('approved');
    const notes = await sam.agent.get('/api/v1/notifications').expect(200);
    expect(notes.body.items.map((n: { kind: string }) => n.kind)).toContain('approved');
    // The record history marks the workflow steps.
    const history = await sam.agent.get(`${ORDERS}/records/${id}/history`).expect(200);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['create', 'workflow.submit', 'workflow.approve']),
    );
  });

  it('sends a big order to finance, which must fill its required field and may edit only it', async () => {
    const id = await order(sam, { title: 'Server', amount: 25000, note: 'urgent' });
    await act(mia, await myTask(mia, id), 'approve').expect(200);
    const fv = await view(finn, id);
    expect(fv.me.nodeId).toBe('fin');
    expect(fv.me.fieldAccess).toMatchObject({ financeNote: 'required', note: 'read' });
    const task = fv.me.taskId!;

    const missing = await act(finn, task, 'approve');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ path: '/data/financeNote', code: 'required' });

    const notEditable = await act(finn, task, 'approve', { data: { note: 'changed', financeNote: 'x' } });
    expect(notEditable.status).toBe(422);
    expect(notEditable.body.error.code).toBe('field_not_editable');
    expect(notEditable.body.error.message).toContain('note');

    const stale = await act(finn, task, 'approve', { data: { financeNote: 'x' }, recordVersion: 999 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');

    const ok = await act(finn, task, 'approve', {
      data: { financeNote: 'budget 2026' },
      recordVersion: fv.record.version,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.view.instance.status).toBe('approved');
    const record = await admin.agent.get(`${ORDERS}/records/${id}`).expect(200);
    expect(record.body.record.data).toMatchObject({ financeNote: 'budget 2026', note: 'urgent' });
    // The start node hides the finance note: the submitter's plain read leaves it out (decision 0027).
    const own = await sam.agent.get(`${ORDERS}/records/${id}`).expect(200);
    expect(own.body.record.data).toMatchObject({ note: 'urgent' });
    expect(own.body.record.data).not.toHaveProperty('financeNote');
  });

  it('rejects back to the submitter, who resubmits with a changed amount', async () => {
    const id = await order(sam, { title: 'Chairs', amount: 12000 });
    const rej = await act(mia, await myTask(mia, id), 'reject', { to: 'start', comment: 'too much' });
    expect(rej.status, JSON.stringify(rej.body)).toBe(200);
    expect(rej.body.view.instance.status).toBe('running');
    const sv = await view(sam, id);
    expect(sv.me.nodeId).toBe('start');
    expect(sv.me.actions).toContain('submit');
    const resubmit = await act(sam, sv.me.taskId!, 'approve', { data: { amount: 9000 } });
    expect(resubmit.status, JSON.stringify(resubmit.body)).toBe(200);
    await act(mia, await myTask(mia, id), 'approve').expect(200);
    const done = await view(sam, id);
    expect(done.instance.status).toBe('approved'); // 9,000: no finance step any more
    expect(done.instance.log.map((e) => e.action)).toEqual([
      'submit',
      'reject',
      'submit',
      'approve',
      'finish',
    ]);
    expect(done.instance.log[1]).toMatchObject({ comment: 'too much', actor: mia.user.id });
  });

  it('refuses a plain PATCH while the flow runs and after approval (locked), allows it after a withdraw', async () => {
    const id = await order(sam, { title: 'Desk', amount: 100 });
    const rec = await sam.agent.get(`${ORDERS}/records/${id}`).expect(200);
    const patch = await admin.agent
      .patch(`${ORDERS}/records/${id}`)
      .send({ data: { amount: 1 }, version: rec.body.record.version });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('workflow_running');
    const bulk = await admin.agent
      .post(`${ORDERS}/records/bulk-update`)
      .send({ ids: [id], data: { amount: 2 } });
    expect(bulk.status).toBe(409);
    expect(bulk.body.error.code).toBe('workflow_running');
    const unchanged = await admin.agent.get(`${ORDERS}/records/${id}`).expect(200);
    expect(unchanged.body.record.data.amount).toBe(100);
    await act(mia, await myTask(mia, id), 'approve').expect(200);
    // Approved records are locked by default (editAfterApproval, decision 0020).
    const after = await sam.agent.get(`${ORDERS}/records/${id}`).expect(200);
    const locked = await sam.agent
      .patch(`${ORDERS}/records/${id}`)
      .send({ data: { note: 'later' }, version: after.body.record.version });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('approved_record_locked');
    const withdrawn = await order(sam, { title: 'Shelf', amount: 100 });
    await sam.agent.post(`${ORDERS}/records/${withdrawn}/workflow/withdraw`).send({}).expect(200);
    const current = await sam.agent.get(`${ORDERS}/records/${withdrawn}`).expect(200);
    await sam.agent
      .patch(`${ORDERS}/records/${withdrawn}`)
      .send({ data: { note: 'later' }, version: current.body.record.version })
      .expect(200);
  });

  it("refuses start-node hidden and read-only fields on create and hides them in the submitter's view", async () => {
    const hidden = await sam.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'X', financeNote: 'sneaky' } });
    expect(hidden.status).toBe(422);
    expect(hidden.body.error).toMatchObject({ code: 'field_not_editable' });
    expect(hidden.body.error.details[0].path).toBe('/data/financeNote');
    const readOnly = await sam.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'X', budgetCode: 'B1' } });
    expect(readOnly.status).toBe(422);
    expect(readOnly.body.error).toMatchObject({ code: 'field_not_editable' });
    expect(readOnly.body.error.details[0].path).toBe('/data/budgetCode');
    const id = await order(sam, { title: 'Lamp', amount: 50 });
    const sv = await view(sam, id);
    expect(sv.me.fieldAccess.financeNote).toBe('hidden');
    expect(sv.record.data).not.toHaveProperty('financeNote');
    expect(sv.record.data).toHaveProperty('title', 'Lamp');
  });

  it('lets the submitter withdraw until someone acted', async () => {
    const early = await order(sam, { title: 'Paper', amount: 20 });
    const w = await sam.agent.post(`${ORDERS}/records/${early}/workflow/withdraw`).send({ comment: 'oops' });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body.view.instance.status).toBe('withdrawn');
    expect(await recordStatus(early)).toBe('withdrawn');
    const miaTodo = await mia.agent.get('/api/v1/tasks?box=todo&limit=100').expect(200);
    expect(miaTodo.body.items.map((i: { recordId: string }) => i.recordId)).not.toContain(early);
    // Submitted again after the withdraw: a fresh instance.
    const again = await sam.agent.post(`${ORDERS}/records/${early}/workflow/submit`).send({});
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.view.instance.status).toBe('running');
    const twice = await sam.agent.post(`${ORDERS}/records/${early}/workflow/submit`).send({});
    expect(twice.status).toBe(409);

    const late = await order(sam, { title: 'Truck', amount: 50000 });
    await act(mia, await myTask(mia, late), 'approve').expect(200);
    const refused = await sam.agent.post(`${ORDERS}/records/${late}/workflow/withdraw`).send({});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('withdraw_not_allowed');
    const notMine = await mia.agent.post(`${ORDERS}/records/${early}/workflow/withdraw`).send({});
    expect(notMine.status).toBe(403);
  });

  it('transfers a task to another user, who then decides', async () => {
    const id = await order(sam, { title: 'Monitor', amount: 300 });
    const task = await myTask(mia, id);
    const bad = await act(mia, task, 'transfer', { to: 'nobody' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('bad_users');
    const t = await act(mia, task, 'transfer', { to: admin.user.id, comment: 'you decide' });
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    const again = await act(mia, task, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('task_closed');
    const at = await myTask(admin, id);
    await act(admin, at, 'approve').expect(200);
    expect((await view(sam, id)).instance.status).toBe('approved');
  });

  it('adds an approver after the current one', async () => {
    const id = await order(sam, { title: 'Phone', amount: 200 });
    const r = await act(mia, await myTask(mia, id), 'add-approver', {
      users: [admin.user.id],
      position: 'after',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await act(mia, await myTask(mia, id), 'approve').expect(200);
    expect((await view(sam, id)).instance.status).toBe('running');
    await act(admin, await myTask(admin, id), 'approve').expect(200);
    expect((await view(sam, id)).instance.status).toBe('approved');
  });

  it('keeps a running instance on its definition after the workflow is changed and re-saved', async () => {
    const id = await order(sam, { title: 'Car', amount: 30000 });
    const current = await admin.agent.get(APP).expect(200);
    const version = current.body.app?.version ?? current.body.version;
    const saved = await admin.agent
      .put(APP)
      .send({ app: purchaseApp(approval({ mgrName: 'Boss', withFinance: false })), baseVersion: version });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await act(mia, await myTask(mia, id), 'approve').expect(200);
    const fv = await view(finn, id);
    expect(fv.instance.definition.nodes.map((n) => n.id)).toContain('fin');
    expect(fv.me.nodeId).toBe('fin');
    await act(finn, fv.me.taskId!, 'approve', { data: { financeNote: 'ok' } }).expect(200);
    // New records follow the new definition: no finance step.
    const fresh = await order(sam, { title: 'Bike', amount: 30000 });
    await act(mia, await myTask(mia, fresh), 'approve').expect(200);
    expect((await view(sam, fresh)).instance.status).toBe('approved');
    // Restore the full workflow for the tests after this one.
    const now = await admin.agent.get(APP).expect(200);
    await admin.agent
      .put(APP)
      .send({ app: purchaseApp(), baseVersion: now.body.app?.version ?? now.body.version })
      .expect(200);
  });
});

describe('fill node, cc, urge, comment, signature', () => {
  const REQUESTS = `${APP}/forms/requests`;

  it('needs the required field and a signature at a fill node, then copies the record to the cc user', async () => {
    const res = await sam.agent
      .post(`${REQUESTS}/records`)
      .send({ data: { title: 'Q1' } })
      .expect(201);
    const id = res.body.record.id as string;

    const urge = await sam.agent.post(`${REQUESTS}/records/${id}/workflow/urge`).send({ comment: 'please' });
    expect(urge.status, JSON.stringify(urge.body)).toBe(200);
    const miaNotes = (await mia.agent.get('/api/v1/notifications').expect(200)).body.items;
    expect(
      miaNotes.find(
        (n: { kind: string; payload: { recordId: string } }) =>
          n.kind === 'urge' && n.payload.recordId === id,
      ),
    ).toBeTruthy();
    const comment = await finn.agent
      .post(`${REQUESTS}/records/${id}/workflow/comment`)
      .send({ comment: 'noted' });
    expect(comment.status, JSON.stringify(comment.body)).toBe(200);
    const empty = await finn.agent.post(`${REQUESTS}/records/${id}/workflow/comment`).send({});
    expect(empty.status).toBe(400);

    const mv = await view(mia, id, REQUESTS);
    expect(mv.me.actions).toContain('submit');
    expect(mv.me.fieldAccess.answer).toBe('required');
    const task = mv.me.taskId!;
    const missing = await act(mia, task, 'approve', { signature: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('bad_signature');
    const upload = await mia.agent
      .post('/api/v1/files')
      .attach('file', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), {
        filename: 'sign.png',
        contentType: 'image/png',
      });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const fileId = (upload.body.file?.id ?? upload.body.id) as string;
    const noValue = await act(mia, task, 'approve', { signature: fileId });
    expect(noValue.status).toBe(400);
    expect(noValue.body.error.details[0].path).toBe('/data/answer');
    const noSignature = await act(mia, task, 'approve', { data: { answer: '42' } });
    expect(noSignature.status).toBe(422);
    expect(noSignature.body.error.code).toBe('signature_required');
    // The refused attempt saved nothing (one transaction). The submitter's own read never shows
    // the answer: the start node hides it (decision 0027).
    expect(
      (await admin.agent.get(`${REQUESTS}/records/${id}`).expect(200)).body.record.data.answer,
    ).toBeNull();
    expect(
      (await sam.agent.get(`${REQUESTS}/records/${id}`).expect(200)).body.record.data,
    ).not.toHaveProperty('answer');
    const ok = await act(mia, task, 'approve', { data: { answer: '42' }, signature: fileId });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.view.instance.status).toBe('approved');
    const log = ok.body.view.instance.log as {
      action: string;
      nodeId?: string;
      signature?: string;
      comment?: string;
    }[];
    expect(log.find((e) => e.nodeId === 'fill' && e.signature)?.signature).toBe(fileId);
    expect(log.find((e) => e.action === 'comment')?.comment).toBe('noted');
    expect(log.map((e) => e.action)).toContain('cc');

    const cc = await finn.agent.get('/api/v1/tasks?box=cc').expect(200);
    expect(cc.body.items.map((i: { recordId: string }) => i.recordId)).toContain(id);
    expect((await finn.agent.get('/api/v1/tasks/counts').expect(200)).body.cc).toBeGreaterThan(0);
  });

  it('refuses to delete a record while its workflow runs', async () => {
    const id = await order(sam, { title: 'Keep me', amount: 5 });
    const del = await admin.agent.delete(`${ORDERS}/records/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('workflow_running');
    await sam.agent.post(`${ORDERS}/records/${id}/workflow/withdraw`).send({}).expect(200);
    await admin.agent.delete(`${ORDERS}/records/${id}`).expect(204);
  });
});

describe('assignees', () => {
  it('resolves a member field, the manager two levels up and a department leader', async () => {
    const hq = await admin.agent
      .post('/api/v1/admin/departments')
      .send({ name: 'HQ', leaderId: finn.user.id });
    expect(hq.status, JSON.stringify(hq.body)).toBe(201);
    const hqId = hq.body.department?.id ?? hq.body.id;
    const team = await admin.agent
      .post('/api/v1/admin/departments')
      .send({ name: 'Team', parentId: hqId, leaderId: mia.user.id })
      .expect(201);
    const tom = await createUser(server, admin, {
      email: 'tom@acme.test',
      departmentIds: [team.body.department?.id ?? team.body.id],
    });
    const app = {
      id: 'routing',
      name: l('Routing'),
      formatVersion: 1,
      forms: [
        {
          id: 'req',
          name: l('Requests'),
          titleField: 'title',
          workflowId: 'route',
          fields: [
            { id: 'title', type: 'text', label: l('Title') },
            { id: 'reviewer', type: 'member', label: l('Reviewer') },
          ],
        },
      ],
      workflows: [
        {
          id: 'route',
          name: l('Route'),
          form: 'req',
          nodes: [
            { type: 'start', id: 'start', next: 'byField' },
            {
              type: 'approve',
              id: 'byField',
              assignees: [{ kind: 'field', field: 'reviewer' }],
              next: 'up2',
            },
            {
              type: 'approve',
              id: 'up2',
              assignees: [{ kind: 'submitterManager', level: 2 }],
              next: 'leader',
            },
            {
              type: 'approve',
              id: 'leader',
              assignees: [{ kind: 'departmentLeaders', ids: [hqId] }],
              next: 'end',
            },
            { type: 'end', id: 'end' },
          ],
        },
      ],
    };
    const created = await admin.agent.post('/api/v1/apps').send(app);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const REQ = '/api/v1/apps/routing/forms/req';
    const rec = await tom.agent.post(`${REQ}/records`).send({ data: { title: 'R', reviewer: sam.user.id } });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    const id = rec.body.record.id as string;
    const holders = async () =>
      (await view(tom, id, REQ)).instance.tasks
        .filter((t) => t.status === 'pending')
        .map((t) => [t.nodeId, t.assignee]);
    expect(await holders()).toEqual([['byField', sam.user.id]]);
    await act(sam, await myTask(sam, id, REQ), 'approve').expect(200);
    expect(await holders()).toEqual([['up2', finn.user.id]]); // level 1 is Mia (Team), level 2 Finn (HQ)
    await act(finn, await myTask(finn, id, REQ), 'approve').expect(200);
    expect(await holders()).toEqual([['leader', finn.user.id]]);
    await act(finn, await myTask(finn, id, REQ), 'approve').expect(200);
    expect((await view(tom, id, REQ)).instance.status).toBe('approved');
  });
});

describe('concurrency', () => {
  const CONTRACTS = `${APP}/forms/contracts`;

  it('two approvers of an all-must-approve node acting at once: one transition each, approved once', async () => {
    const res = await sam.agent
      .post(`${CONTRACTS}/records`)
      .send({ data: { title: 'NDA' } })
      .expect(201);
    const id = res.body.record.id as string;
    const [a, b] = await Promise.all([myTask(mia, id, CONTRACTS), myTask(finn, id, CONTRACTS)]);
    const results = await Promise.all([act(mia, a, 'approve'), act(finn, b, 'approve')]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const v = await view(sam, id, CONTRACTS);
    expect(v.instance.status).toBe('approved');
    expect(v.instance.log.filter((e) => e.action === 'approve')).toHaveLength(2);
    expect(v.instance.log.filter((e) => e.action === 'finish')).toHaveLength(1);
    expect(v.instance.tasks.map((t) => t.status)).toEqual(['done', 'done']);
    const { rows } = await server.db.query<{ status: string }>(
      `SELECT status FROM workflow_tasks WHERE instance_id = $1`,
      [v.instance.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('approve and reject at once on an all-must-approve node: rejected once, no open task left', async () => {
    const res = await sam.agent
      .post(`${CONTRACTS}/records`)
      .send({ data: { title: 'Lease' } })
      .expect(201);
    const id = res.body.record.id as string;
    const [a, b] = await Promise.all([myTask(mia, id, CONTRACTS), myTask(finn, id, CONTRACTS)]);
    const results = await Promise.all([act(mia, a, 'approve'), act(finn, b, 'reject')]);
    expect(results[1]!.status).toBe(200);
    expect([200, 409]).toContain(results[0]!.status);
    const v = await view(sam, id, CONTRACTS);
    expect(v.instance.status).toBe('rejected');
    expect(v.instance.log.filter((e) => e.action === 'finish')).toHaveLength(1);
    expect(v.instance.tasks.filter((t) => t.status === 'pending' || t.status === 'queued')).toEqual([]);
    // One history row per applied transition (the submit plus each successful action).
    const { rows } = await server.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM record_history WHERE record_id = $1 AND action LIKE 'workflow.%'`,
      [id],
    );
    expect(Number(rows[0]!.n)).toBe(1 + results.filter((r) => r.status === 200).length);
  });

  it('a retried approval with the same Idempotency-Key returns the first answer, applied once', async () => {
    const id = await order(sam, { title: 'Retry', amount: 10 });
    const task = await myTask(mia, id);
    const first = await mia.agent
      .post(`/api/v1/tasks/${task}/approve`)
      .set('Idempotency-Key', 'approve-retry-1')
      .send({ comment: 'fine' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const retry = await mia.agent
      .post(`/api/v1/tasks/${task}/approve`)
      .set('Idempotency-Key', 'approve-retry-1')
      .send({ comment: 'fine' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const v = await view(sam, id);
    expect(v.instance.log.filter((e) => e.action === 'approve')).toHaveLength(1);
    const reused = await mia.agent
      .post(`/api/v1/tasks/${task}/approve`)
      .set('Idempotency-Key', 'approve-retry-1')
      .send({ comment: 'other' });
    expect(reused.status).toBe(422);
  });

  it('the same approver approving twice at once: exactly one succeeds', async () => {
    const id = await order(sam, { title: 'Double click', amount: 10 });
    const task = await myTask(mia, id);
    const results = await Promise.all([act(mia, task, 'approve'), act(mia, task, 'approve')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('task_closed');
    const v = await view(sam, id);
    expect(v.instance.log.filter((e) => e.action === 'approve')).toHaveLength(1);
    expect(v.instance.status).toBe('approved');
  });
});

describe('scheduler', () => {
  const LEAVES = `${APP}/forms/leaves`;

  it('reminds after 10 minutes and approves automatically after 60', async () => {
    const deps = workflowDeps({ db: server.db, config: server.config });
    await runDueJobs(deps); // nothing of this test is due yet
    const res = await sam.agent
      .post(`${LEAVES}/records`)
      .send({ data: { title: 'Holiday' } })
      .expect(201);
    const id = res.body.record.id as string;
    const start = Date.now();
    const remindsBefore = (await mia.agent.get('/api/v1/notifications').expect(200)).body.items.filter(
      (n: { kind: string; payload: { recordId: string } }) =>
        n.kind === 'remind' && n.payload.recordId === id,
    );
    expect(remindsBefore).toHaveLength(0);
    await runDueJobs(deps, new Date(start + 5 * 60_000));
    expect((await view(sam, id, LEAVES)).instance.status).toBe('running');
    await runDueJobs(deps, new Date(start + 11 * 60_000));
    const notes = (await mia.agent.get('/api/v1/notifications?unread=1').expect(200)).body.items.filter(
      (n: { kind: string; payload: { recordId: string } }) =>
        n.kind === 'remind' && n.payload.recordId === id,
    );
    expect(notes).toHaveLength(1);
    await runDueJobs(deps, new Date(start + 61 * 60_000));
    const v = await view(sam, id, LEAVES);
    expect(v.instance.status).toBe('approved');
    expect(v.instance.log.map((e) => e.action)).toContain('timeout');
    // Running the same clock again does nothing more.
    await runDueJobs(deps, new Date(start + 61 * 60_000));
    expect((await view(sam, id, LEAVES)).instance.log.filter((e) => e.action === 'timeout')).toHaveLength(1);
  });
});

describe('inbox and notifications', () => {
  it('counts and pages the inbox with a keyset cursor', async () => {
    const ids = [await order(sam, { title: 'P1', amount: 1 }), await order(sam, { title: 'P2', amount: 2 })];
    const counts = await mia.agent.get('/api/v1/tasks/counts').expect(200);
    expect(counts.body.todo).toBeGreaterThanOrEqual(2);
    expect(Object.keys(counts.body).sort()).toEqual(['cc', 'done', 'initiated', 'todo']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { taskId: string }[]; nextCursor: string | null } } = await mia.agent
        .get('/api/v1/tasks')
        .query({ box: 'todo', limit: 1, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((i) => i.taskId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(counts.body.todo);
    expect(new Set(seen).size).toBe(seen.length);
    const initiated = await sam.agent.get('/api/v1/tasks?box=initiated&limit=2').expect(200);
    expect(initiated.body.items.map((i: { recordId: string }) => i.recordId)).toEqual([ids[1], ids[0]]);
    const done = await mia.agent.get('/api/v1/tasks?box=done').expect(200);
    expect(done.body.items.length).toBeGreaterThan(0);
    expect(done.body.items[0]).toHaveProperty('actedAt');

    const unread = await mia.agent.get('/api/v1/notifications/count').expect(200);
    expect(unread.body.unread).toBeGreaterThan(0);
    await mia.agent.post('/api/v1/notifications/read').send({ all: true }).expect(200);
    expect((await mia.agent.get('/api/v1/notifications/count').expect(200)).body.unread).toBe(0);
  });

  it("hides another org's tasks and workflows (404)", async () => {
    const id = await order(sam, { title: 'Secret', amount: 1 });
    const task = await myTask(mia, id);
    const other = await createOtherOrg(server);
    const r = await act(other, task, 'approve');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('task_not_found');
    expect((await other.agent.get(`${ORDERS}/records/${id}/workflow`)).status).toBe(404);
    const todo = await other.agent.get('/api/v1/tasks?box=todo').expect(200);
    expect(todo.body.items).toEqual([]);
  });

  it('answers bad input with clear errors', async () => {
    const unknown = await act(mia, 'no-such-task', 'approve');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('task_not_found');
    const id = await order(sam, { title: 'Bad input', amount: 1 });
    const task = await myTask(mia, id);
    const extra = await act(mia, task, 'approve', { comment: 'x', bogus: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details[0]).toMatchObject({ path: '/bogus', code: 'unknown_field' });
    expect((await act(mia, task, 'explode')).body.error.code).toBe('unknown_action');
    expect((await act(sam, task, 'approve')).body.error.code).toBe('not_assignee');
    expect((await act(mia, task, 'reject', { to: { nodeId: 'nowhere' } })).status).toBe(422);
    expect((await mia.agent.get('/api/v1/tasks?box=nope')).body.error.code).toBe('bad_box');
    expect((await mia.agent.get('/api/v1/tasks?cursor=zzz')).body.error.code).toBe('bad_cursor');
    // The workflow status is a system column, never set through record data.
    const forged = await sam.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'Forged', workflow_status: 'approved' } });
    expect(forged.status).toBe(400);
    const plain = await admin.agent.post('/api/v1/apps').send({
      id: 'plain',
      name: l('Plain'),
      formatVersion: 1,
      forms: [{ id: 'notes', name: l('Notes'), fields: [{ id: 'title', type: 'text', label: l('Title') }] }],
    });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    const rec = await admin.agent
      .post('/api/v1/apps/plain/forms/notes/records')
      .send({ data: { title: 'n' } });
    const none = await admin.agent.get(
      `/api/v1/apps/plain/forms/notes/records/${rec.body.record.id}/workflow`,
    );
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('no_workflow_instance');
  });

  it('refuses to save a workflow whose assignees are not in the org, with pointers', async () => {
    const app = purchaseApp();
    const wf = app.workflows![1] as WorkflowDefinition;
    (wf.nodes[1] as { assignees: unknown }).assignees = [{ kind: 'users', ids: [mia.user.id, 'ghost'] }];
    const current = await admin.agent.get(APP).expect(200);
    const res = await admin.agent
      .put(APP)
      .send({ app, baseVersion: current.body.app?.version ?? current.body.version });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual(
      expect.objectContaining({ path: '/workflows/1/nodes/1/assignees/0/ids/1', code: 'unknown_user' }),
    );
  });
});
