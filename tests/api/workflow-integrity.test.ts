import type { AppDefinition, WorkflowDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Workflow integrity (issue 10, point 6; decision 0020): nobody hands an approval to the submitter
// under forbidSelfApproval, approved records follow editAfterApproval on every write path, a
// create answers the real workflow status, and only the submitter re-submits, only after a
// withdraw or a rejection. Sam submits, Mia (his manager) approves, Tom is another member.

let server: TestServer;
let admin: SignedIn;
let sam: SignedIn;
let mia: SignedIn;
let tom: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const APP = '/api/v1/apps/integrity';
const form = (id: string) => `${APP}/forms/${id}`;

type Settings = WorkflowDefinition['settings'];

/** start -> manager (Mia, may transfer and add approvers, rejects to start or end) -> end. */
function managerFlow(id: string, formId: string, settings: Settings): WorkflowDefinition {
  return {
    id,
    name: l(id),
    form: formId,
    settings,
    nodes: [
      { type: 'start', id: 'start', next: 'mgr', fields: [{ field: 'verdict', access: 'read' }] },
      {
        type: 'approve',
        id: 'mgr',
        assignees: [{ kind: 'submitterManager', level: 1 }],
        actions: ['reject', 'transfer', 'addApprover'],
        rejectTo: ['start', 'end'],
        next: 'end',
      },
      { type: 'end', id: 'end' },
    ],
  } as WorkflowDefinition;
}

const fields = [
  { id: 'title', type: 'text', label: l('Title') },
  { id: 'amount', type: 'number', label: l('Amount') },
  { id: 'verdict', type: 'text', label: l('Verdict') },
];

function integrityApp(legacyWorkflow: boolean): AppDefinition {
  const processForm = (id: string, workflowId?: string) => ({
    id,
    name: l(id),
    titleField: 'title',
    ...(workflowId ? { workflowId } : {}),
    fields,
  });
  return {
    id: 'integrity',
    name: l('Integrity'),
    formatVersion: 1,
    forms: [
      processForm('claims', 'claimflow'),
      processForm('reopens', 'reopenflow'),
      processForm('loose', 'looseflow'),
      processForm('instant', 'instantflow'),
      processForm('legacy', legacyWorkflow ? 'legacyflow' : undefined),
    ],
    workflows: [
      managerFlow('claimflow', 'claims', { forbidSelfApproval: true }),
      managerFlow('reopenflow', 'reopens', { forbidSelfApproval: true, editAfterApproval: 'reopen' }),
      managerFlow('looseflow', 'loose', { editAfterApproval: 'allow' }),
      // The submitter is the only approver, and forbidSelfApproval leaves nobody: the node passes
      // and the instance is approved within the create.
      {
        id: 'instantflow',
        name: l('Instant'),
        form: 'instant',
        settings: { forbidSelfApproval: true },
        nodes: [
          { type: 'start', id: 'start', next: 'self' },
          { type: 'approve', id: 'self', assignees: [{ kind: 'submitter' }], next: 'end' },
          { type: 'end', id: 'end' },
        ],
      },
      managerFlow('legacyflow', 'legacy', {}),
    ],
  } as AppDefinition;
}

async function create(who: SignedIn, formId: string, data: Record<string, unknown>) {
  const res = await who.agent.post(`${form(formId)}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record as { id: string; version: number; workflowStatus: string | null };
}

const getRecord = async (who: SignedIn, formId: string, id: string) => {
  const res = await who.agent.get(`${form(formId)}/records/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.record as {
    version: number;
    workflowStatus: string | null;
    data: Record<string, unknown>;
  };
};

const view = async (who: SignedIn, formId: string, id: string) => {
  const res = await who.agent.get(`${form(formId)}/records/${id}/workflow`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    instance: { id: string; status: string; submitter: string; log: { action: string }[] };
    me: { taskId?: string; actions: string[] };
  };
};

const taskOf = async (who: SignedIn, formId: string, id: string) => {
  const v = await view(who, formId, id);
  expect(v.me.taskId, `no task for ${who.email}`).toBeTruthy();
  return v.me.taskId!;
};

const act = (who: SignedIn, taskId: string, action: string, body: object = {}) =>
  who.agent.post(`/api/v1/tasks/${taskId}/${action}`).send(body);

const submit = (who: SignedIn, formId: string, id: string) =>
  who.agent.post(`${form(formId)}/records/${id}/workflow/submit`).send({});

/** A record of `formId` submitted by Sam and approved by Mia. */
async function approved(formId: string, data: Record<string, unknown> = { title: 'Trip', amount: 100 }) {
  const record = await create(sam, formId, data);
  await act(mia, await taskOf(mia, formId, record.id), 'approve').expect(200);
  const current = await getRecord(sam, formId, record.id);
  expect(current.workflowStatus).toBe('approved');
  return { id: record.id, version: current.version };
}

const patch = (who: SignedIn, formId: string, id: string, data: object, version: number) =>
  who.agent.patch(`${form(formId)}/records/${id}`).send({ data, version });

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  mia = await createUser(server, admin, { email: 'mia@integrity.test', name: 'Mia Manager' });
  const dept = await admin.agent
    .post('/api/v1/admin/departments')
    .send({ name: 'Sales', leaderId: mia.user.id })
    .expect(201);
  const salesId = dept.body.department?.id ?? dept.body.id;
  sam = await createUser(server, admin, {
    email: 'sam@integrity.test',
    name: 'Sam Submitter',
    departmentIds: [salesId],
  });
  tom = await createUser(server, admin, {
    email: 'tom@integrity.test',
    name: 'Tom Member',
    departmentIds: [salesId],
  });
  const res = await admin.agent.post('/api/v1/apps').send(integrityApp(false));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 60_000);
afterAll(() => server.close());

describe('forbidSelfApproval on every action that assigns someone', () => {
  it('refuses transferring the task or adding the submitter as an approver', async () => {
    const { id } = await create(sam, 'claims', { title: 'Hotel', amount: 300 });
    const task = await taskOf(mia, 'claims', id);
    const transfer = await act(mia, task, 'transfer', { to: sam.user.id });
    expect(transfer.status, JSON.stringify(transfer.body)).toBe(403);
    expect(transfer.body.error.code).toBe('self_approval_forbidden');
    expect(transfer.body.error.message).toMatch(/submitter/);
    for (const position of ['before', 'after']) {
      const add = await act(mia, task, 'add-approver', { users: [tom.user.id, sam.user.id], position });
      expect(add.status, JSON.stringify(add.body)).toBe(403);
      expect(add.body.error.code).toBe('self_approval_forbidden');
    }
    // Nothing changed: Sam has no task, Mia still holds hers and may hand it to someone else.
    expect((await view(sam, 'claims', id)).me.taskId).toBeUndefined();
    expect(await taskOf(mia, 'claims', id)).toBe(task);
    await act(mia, task, 'transfer', { to: tom.user.id }).expect(200);
    await act(tom, await taskOf(tom, 'claims', id), 'approve').expect(200);
    expect((await view(sam, 'claims', id)).instance.status).toBe('approved');
  });

  it('still lets an approver hand the task to the submitter when the setting is off', async () => {
    const { id } = await create(sam, 'loose', { title: 'Taxi', amount: 30 });
    await act(mia, await taskOf(mia, 'loose', id), 'transfer', { to: sam.user.id }).expect(200);
    expect(await taskOf(sam, 'loose', id)).toBeTruthy();
  });
});

describe('the create answer carries the workflow status', () => {
  it('answers running for a started instance, in single and batch creates', async () => {
    const record = await create(sam, 'claims', { title: 'Lunch', amount: 20 });
    expect(record.workflowStatus).toBe('running');
    expect((await getRecord(sam, 'claims', record.id)).workflowStatus).toBe('running');
    const batch = await sam.agent
      .post(`${form('claims')}/records/batch?return=records`)
      .send({ items: [{ data: { title: 'A' } }, { data: { title: 'B' } }] });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    expect(batch.body.records.map((r: { workflowStatus: string }) => r.workflowStatus)).toEqual([
      'running',
      'running',
    ]);
  });

  it('answers approved for an instance that finished within the create', async () => {
    const record = await create(sam, 'instant', { title: 'Pen', amount: 1 });
    expect(record.workflowStatus).toBe('approved');
    expect((await getRecord(sam, 'instant', record.id)).workflowStatus).toBe('approved');
    expect((await view(sam, 'instant', record.id)).instance.status).toBe('approved');
  });
});

describe('approved records, editAfterApproval locked (the default)', () => {
  it('refuses PATCH by the submitter and by an admin', async () => {
    const { id, version } = await approved('claims');
    for (const who of [sam, admin]) {
      const res = await patch(who, 'claims', id, { amount: 100_000 }, version);
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error.code).toBe('approved_record_locked');
    }
    const after = await getRecord(sam, 'claims', id);
    expect(after).toMatchObject({ version, workflowStatus: 'approved' });
    expect(after.data.amount).toBe(100);
  });

  it('refuses bulk update and bulk delete, leaving the other records of the selection untouched', async () => {
    const locked = await approved('claims');
    const withdrawn = await create(sam, 'claims', { title: 'Free', amount: 5 });
    await sam.agent
      .post(`${form('claims')}/records/${withdrawn.id}/workflow/withdraw`)
      .send({})
      .expect(200);
    const bulk = await admin.agent
      .post(`${form('claims')}/records/bulk-update`)
      .send({ ids: [withdrawn.id, locked.id], data: { amount: 7 } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(409);
    expect(bulk.body.error.code).toBe('approved_record_locked');
    expect((await getRecord(sam, 'claims', withdrawn.id)).data.amount).toBe(5); // rolled back
    expect((await getRecord(sam, 'claims', locked.id)).data.amount).toBe(100);
    const bulkDelete = await admin.agent
      .post(`${form('claims')}/records/bulk-delete`)
      .send({ ids: [withdrawn.id, locked.id] });
    expect(bulkDelete.status).toBe(409);
    expect(bulkDelete.body.error.code).toBe('approved_record_locked');
    await getRecord(sam, 'claims', withdrawn.id);
    // A withdrawn record is edited and deleted as usual.
    await admin.agent
      .post(`${form('claims')}/records/bulk-update`)
      .send({ ids: [withdrawn.id], data: { amount: 7 } })
      .expect(200);
    await admin.agent.delete(`${form('claims')}/records/${withdrawn.id}`).expect(204);
  });

  it('refuses DELETE', async () => {
    const { id } = await approved('claims');
    const del = await admin.agent.delete(`${form('claims')}/records/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('approved_record_locked');
    await getRecord(sam, 'claims', id);
  });
});

describe('approved records, editAfterApproval reopen', () => {
  it("restarts the approval when the submitter changes a value, with the submitter's new values", async () => {
    const { id, version } = await approved('reopens');
    const res = await patch(sam, 'reopens', id, { amount: 250 }, version);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.record).toMatchObject({ workflowStatus: 'running', data: { amount: 250 } });
    const v = await view(sam, 'reopens', id);
    expect(v.instance).toMatchObject({ status: 'running', submitter: sam.user.id });
    expect(v.instance.log.map((e) => e.action)).toEqual(['submit']);
    await act(mia, await taskOf(mia, 'reopens', id), 'approve').expect(200);
    expect((await getRecord(sam, 'reopens', id)).workflowStatus).toBe('approved');
    const history = await sam.agent.get(`${form('reopens')}/records/${id}/history`).expect(200);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['update', 'workflow.submit', 'workflow.approve']),
    );
  });

  it('refuses others, fields the submitter may not set, and deletes; an unchanged save stays approved', async () => {
    const { id, version } = await approved('reopens');
    for (const who of [mia, admin]) {
      const res = await patch(who, 'reopens', id, { amount: 1 }, version);
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error.code).toBe('approved_record_locked');
    }
    const readOnly = await patch(sam, 'reopens', id, { verdict: 'fine' }, version);
    expect(readOnly.status, JSON.stringify(readOnly.body)).toBe(422);
    expect(readOnly.body.error.code).toBe('field_not_editable');
    expect(readOnly.body.error.details[0].path).toBe('/data/verdict');
    const same = await patch(sam, 'reopens', id, { amount: 100 }, version);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.record).toMatchObject({ version, workflowStatus: 'approved' });
    const del = await sam.agent.delete(`${form('reopens')}/records/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('approved_record_locked');
    // Bulk update is an edit like any other: the submitter's selection re-opens.
    const bulk = await sam.agent
      .post(`${form('reopens')}/records/bulk-update`)
      .send({ ids: [id], data: { amount: 3 } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body.records[0]).toMatchObject({ workflowStatus: 'running', data: { amount: 3 } });
  });
});

describe('approved records, editAfterApproval allow', () => {
  it('saves edits and deletes, and the record stays approved', async () => {
    const { id, version } = await approved('loose');
    const res = await patch(tom, 'loose', id, { amount: 9 }, version);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.record).toMatchObject({ workflowStatus: 'approved', data: { amount: 9 } });
    await admin.agent.delete(`${form('loose')}/records/${id}`).expect(204);
  });
});

describe('re-submitting a record to its workflow', () => {
  it('refuses a running or an approved record, whoever asks', async () => {
    const running = await create(sam, 'claims', { title: 'Bus', amount: 4 });
    const again = await submit(sam, 'claims', running.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('workflow_running');
    const { id } = await approved('claims');
    for (const who of [sam, tom, admin]) {
      const res = await submit(who, 'claims', id);
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error.code).toBe('already_approved');
    }
    const v = await view(sam, 'claims', id);
    expect(v.instance).toMatchObject({ status: 'approved', submitter: sam.user.id });
  });

  it('lets only the submitter re-submit after a withdraw or a rejection', async () => {
    const withdrawn = await create(sam, 'claims', { title: 'Train', amount: 40 });
    await sam.agent
      .post(`${form('claims')}/records/${withdrawn.id}/workflow/withdraw`)
      .send({})
      .expect(200);
    const rejected = await create(sam, 'claims', { title: 'Plane', amount: 900 });
    await act(mia, await taskOf(mia, 'claims', rejected.id), 'reject', { to: 'end' }).expect(200);
    for (const record of [withdrawn, rejected]) {
      // The view offers it to the submitter only.
      expect((await view(sam, 'claims', record.id)).me.actions).toContain('submit');
      expect((await view(tom, 'claims', record.id)).me.actions).not.toContain('submit');
      for (const who of [tom, mia, admin]) {
        const res = await submit(who, 'claims', record.id);
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(res.body.error.code).toBe('not_submitter');
      }
      const ok = await submit(sam, 'claims', record.id);
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.view.instance).toMatchObject({ status: 'running', submitter: sam.user.id });
    }
  });

  it("lets only a record's owner submit it when it never entered the flow (created before the workflow)", async () => {
    const early = await create(tom, 'legacy', { title: 'Old', amount: 8 });
    expect(early.workflowStatus).toBeNull();
    const current = await admin.agent.get(APP).expect(200);
    await admin.agent
      .put(APP)
      .send({ app: integrityApp(true), baseVersion: current.body.app?.version ?? current.body.version })
      .expect(200);
    const other = await submit(sam, 'legacy', early.id);
    expect(other.status, JSON.stringify(other.body)).toBe(403);
    expect(other.body.error.code).toBe('not_submitter');
    const own = await submit(tom, 'legacy', early.id);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.view.instance).toMatchObject({ status: 'running', submitter: tom.user.id });
  });
});
