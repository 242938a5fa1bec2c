import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// The record's approval state (`workflowStatus`) is a system field of the query language: records
// of a process form can be listed by it, sorted by it, and every record carries it.

let server: TestServer;
let admin: SignedIn;
let mia: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const APP = '/api/v1/apps/purchase';
const ORDERS = `${APP}/forms/orders`;
const NOTES = `${APP}/forms/notes`;

function app(): AppDefinition {
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
        fields: [{ id: 'title', type: 'text', label: l('Title') }],
      },
      { id: 'notes', name: l('Notes'), fields: [{ id: 'title', type: 'text', label: l('Title') }] },
    ],
    workflows: [
      {
        id: 'approval',
        name: l('Approval'),
        form: 'orders',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          {
            type: 'approve',
            id: 'mgr',
            assignees: [{ kind: 'users', ids: [mia.user.id] }],
            actions: ['reject'],
            rejectTo: ['end'],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
  } as AppDefinition;
}

async function create(form: string, title: string): Promise<string> {
  const res = await admin.agent.post(`${form}/records`).send({ data: { title } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
}

async function decide(recordId: string, action: 'approve' | 'reject') {
  const v = await mia.agent.get(`${ORDERS}/records/${recordId}/workflow`).expect(200);
  const res = await mia.agent.post(`/api/v1/tasks/${v.body.me.taskId}/${action}`).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

type Item = { id: string; workflowStatus: string | null; data: { title: string } };

async function list(form: string, query: Record<string, unknown>): Promise<Item[]> {
  const res = await admin.agent.post(`${form}/records/query`).send(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Item[];
}
const titles = (items: Item[]) => items.map((i) => i.data.title).sort();

const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  mia = await createUser(server, admin, { email: 'mia@acme.test', name: 'Mia Manager' });
  const res = await admin.agent.post('/api/v1/apps').send(app());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  for (const t of ['Run 1', 'Run 2', 'Yes', 'No', 'Back']) ids[t] = await create(ORDERS, t);
  await decide(ids.Yes!, 'approve');
  await decide(ids.No!, 'reject');
  const w = await admin.agent.post(`${ORDERS}/records/${ids.Back}/workflow/withdraw`).send({});
  expect(w.status, JSON.stringify(w.body)).toBe(200);
  await create(NOTES, 'Plain');
}, 60_000);
afterAll(() => server.close());

describe('workflowStatus system field', () => {
  it('lists the records whose approval is running (POST query and GET ?filter=)', async () => {
    const running = await list(ORDERS, {
      filter: { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'running' },
    });
    expect(titles(running)).toEqual(['Run 1', 'Run 2']);
    expect(running.every((r) => r.workflowStatus === 'running')).toBe(true);

    const filter = JSON.stringify({ kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'running' });
    const res = await admin.agent.get(`${ORDERS}/records`).query({ filter }).expect(200);
    expect(titles(res.body.items)).toEqual(['Run 1', 'Run 2']);
  });

  it('supports ne, in, isEmpty and isNotEmpty like a select', async () => {
    const cmp = (op: string, value?: unknown) => ({
      filter: { kind: 'cmp', field: 'workflowStatus', op, ...(value === undefined ? {} : { value }) },
    });
    expect(titles(await list(ORDERS, cmp('ne', 'running')))).toEqual(['Back', 'No', 'Yes']);
    expect(titles(await list(ORDERS, cmp('in', ['approved', 'rejected'])))).toEqual(['No', 'Yes']);
    expect(titles(await list(ORDERS, cmp('isNotEmpty')))).toHaveLength(5);
    expect(titles(await list(ORDERS, cmp('isEmpty')))).toEqual([]);
    // A form without a flow: every record has no status.
    expect(titles(await list(NOTES, cmp('isEmpty')))).toEqual(['Plain']);
    const plain = await list(NOTES, {});
    expect(plain[0]!.workflowStatus).toBeNull();
  });

  it('sorts by it and carries it on every record', async () => {
    const sorted = await list(ORDERS, { sort: [{ field: 'workflowStatus', dir: 'asc' }] });
    expect(sorted.map((r) => r.workflowStatus)).toEqual([
      'approved',
      'rejected',
      'running',
      'running',
      'withdrawn',
    ]);
    const one = await admin.agent.get(`${ORDERS}/records/${ids.Yes}`).expect(200);
    expect(one.body.record.workflowStatus).toBe('approved');
  });

  it('refuses operators a status does not offer', async () => {
    const res = await admin.agent
      .post(`${ORDERS}/records/query`)
      .send({ filter: { kind: 'cmp', field: 'workflowStatus', op: 'contains', value: 'run' } });
    expect(res.status).toBe(400);
  });
});
