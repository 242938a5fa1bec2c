/**
 * Workflow node field access on plain record reads and writes (decision 0027). A field the form's
 * workflow hides at its start node is the process's own: members (default actions or permission
 * groups) never reach it through the record API — not in single reads, lists, history, searches,
 * filters, the player's grant summary, creates or edits — while admins do, and a handler reads and
 * writes it through their task where their node shows it. A form field's own `hidden` flag (a
 * layout choice, not a permission) does not hide anything from the record API.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Submits expenses; a plain member of the app (default actions). */
let sam: SignedIn;
/** The approver: edits the auditor's rating at their node. */
let mia: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const APP = '/api/v1/apps/expenses';
const CLAIMS = `${APP}/forms/claims`;
const CANARY = 'rating-canary-7f3';

function expensesApp(miaId: string): AppDefinition {
  return {
    id: 'expenses',
    name: l('Expenses'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'export'],
    },
    forms: [
      {
        id: 'claims',
        name: l('Claims'),
        titleField: 'title',
        workflowId: 'review',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'amount', type: 'number', label: l('Amount') },
          { id: 'rating', type: 'text', label: l('Auditor rating') },
          // Hidden on the fill-in form only (a value the form sets itself): still data, not a secret.
          {
            id: 'batch',
            type: 'text',
            label: l('Batch'),
            hidden: true,
            default: { kind: 'static', value: 'B-7' },
          },
        ],
      },
    ],
    workflows: [
      {
        id: 'review',
        name: l('Review'),
        form: 'claims',
        settings: { editAfterApproval: 'allow' },
        nodes: [
          { type: 'start', id: 'start', next: 'audit', fields: [{ field: 'rating', access: 'hidden' }] },
          {
            type: 'approve',
            id: 'audit',
            name: l('Audit'),
            assignees: [{ kind: 'users', ids: [miaId] }],
            fields: [{ field: 'rating', access: 'edit' }],
            actions: ['reject'],
            rejectTo: ['start', 'end'],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
  } as AppDefinition;
}

const view = async (who: SignedIn, id: string) =>
  (await who.agent.get(`${CLAIMS}/records/${id}/workflow`).expect(200)).body;

/** A claim by Sam, approved by Mia with the rating set at her node. */
async function approvedClaim(title: string): Promise<string> {
  const created = await sam.agent.post(`${CLAIMS}/records`).send({ data: { title, amount: 120 } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.record.id as string;
  const mv = await view(mia, id);
  expect(mv.me.fieldAccess.rating).toBe('edit');
  const approved = await mia.agent
    .post(`/api/v1/tasks/${mv.me.taskId}/approve`)
    .send({ data: { rating: CANARY } });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return id;
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  sam = await createUser(server, admin, { email: 'sam@acme.test' });
  mia = await createUser(server, admin, { email: 'mia@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(expensesApp(mia.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
});
afterAll(() => server.close());

describe('fields the start node hides, on plain record reads', () => {
  it('leaves them out of every member read, the handler included, and keeps them for admins', async () => {
    const id = await approvedClaim('Taxi');
    for (const who of [sam, mia]) {
      const one = await who.agent.get(`${CLAIMS}/records/${id}`).expect(200);
      expect(one.body.record.data).toMatchObject({ title: 'Taxi', amount: 120 });
      expect(one.body.record.data).not.toHaveProperty('rating');
      const list = await who.agent.get(`${CLAIMS}/records?limit=50`).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(CANARY);
      const history = await who.agent.get(`${CLAIMS}/records/${id}/history`).expect(200);
      expect(JSON.stringify(history.body)).not.toContain(CANARY);
      // Quick search does not match the hidden value either.
      const searched = await who.agent.get(`${CLAIMS}/records?q=${CANARY}`).expect(200);
      expect(searched.body.items).toEqual([]);
    }
    const adminRead = await admin.agent.get(`${CLAIMS}/records/${id}`).expect(200);
    expect(adminRead.body.record.data.rating).toBe(CANARY);
    const adminHistory = await admin.agent.get(`${CLAIMS}/records/${id}/history`).expect(200);
    expect(JSON.stringify(adminHistory.body)).toContain(CANARY);
  });

  it('refuses a filter, sort or aggregate on them with 422 naming the field', async () => {
    const filter = encodeURIComponent(
      JSON.stringify({ kind: 'cmp', field: 'rating', op: 'eq', value: CANARY }),
    );
    const filtered = await sam.agent.get(`${CLAIMS}/records?filter=${filter}`).expect(422);
    expect(filtered.body.error).toMatchObject({ code: 'hidden_field' });
    expect(filtered.body.error.details[0].path).toBe('/filter/field');
    const sorted = await sam.agent.get(`${CLAIMS}/records?sort=rating`).expect(422);
    expect(sorted.body.error.details[0].path).toBe('/sort/0/field');
    const grouped = await sam.agent
      .post(`${APP}/forms/claims/aggregate`)
      .send({ groupBy: [{ field: 'rating' }], measures: [{ op: 'count', as: 'n' }] })
      .expect(422);
    expect(grouped.body.error.code).toBe('hidden_field');
    // An admin may filter on it.
    const adminFiltered = await admin.agent.get(`${CLAIMS}/records?filter=${filter}`).expect(200);
    expect(adminFiltered.body.items.length).toBeGreaterThan(0);
  });

  it('keeps a field that is only hidden on the fill-in form readable', async () => {
    const created = await sam.agent.post(`${CLAIMS}/records`).send({ data: { title: 'Hotel', amount: 80 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.record.data.batch).toBe('B-7');
    const read = await sam.agent.get(`${CLAIMS}/records/${created.body.record.id}`).expect(200);
    expect(read.body.record.data.batch).toBe('B-7');
  });

  it('lets the handler write it at their node, and the process view at the start node hides it as plain reads do', async () => {
    const created = await sam.agent.post(`${CLAIMS}/records`).send({ data: { title: 'Train', amount: 40 } });
    const id = created.body.record.id as string;
    const mv = await view(mia, id);
    expect(mv.me.fieldAccess.rating).toBe('edit');
    const rejected = await mia.agent
      .post(`/api/v1/tasks/${mv.me.taskId}/reject`)
      .send({ data: { rating: CANARY }, comment: 'receipt missing' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const stored = await admin.agent.get(`${CLAIMS}/records/${id}`).expect(200);
    expect(stored.body.record.data.rating).toBe(CANARY);
    // Back at the start node: the submitter's task there hides it, as the plain read does.
    const sv = await view(sam, id);
    expect(sv.me.fieldAccess.rating).toBe('hidden');
    expect(sv.record.data).not.toHaveProperty('rating');
  });

  it('gives the player a summary without the field, and still the field definition for the process panel', async () => {
    const res = await sam.agent.get(APP).expect(200);
    expect(res.body.me.forms.claims.visibleFields).toEqual(['title', 'amount', 'batch']);
    expect(res.body.me.forms.claims.editableFields).not.toContain('rating');
    const claims = res.body.app.forms.find((f: { id: string }) => f.id === 'claims');
    expect(claims.fields.map((f: { id: string }) => f.id)).toContain('rating');
  });
});

describe('fields the start node hides, on plain record writes', () => {
  it('refuses them on create, on edit and in bulk edits with 422 naming the field', async () => {
    const created = await sam.agent
      .post(`${CLAIMS}/records`)
      .send({ data: { title: 'Sneaky', amount: 1, rating: 'AAA' } })
      .expect(422);
    expect(created.body.error).toMatchObject({ code: 'field_not_editable' });
    expect(created.body.error.details).toEqual([
      expect.objectContaining({ path: '/data/rating', code: 'field_not_editable' }),
    ]);
    // An approved record under `allow` is edited as usual, except the process's field.
    const id = await approvedClaim('Lunch');
    const current = (await sam.agent.get(`${CLAIMS}/records/${id}`).expect(200)).body.record;
    const edited = await sam.agent
      .patch(`${CLAIMS}/records/${id}`)
      .send({ version: current.version, data: { rating: 'AAA', amount: 130 } })
      .expect(422);
    expect(edited.body.error.details).toEqual([
      expect.objectContaining({ path: '/data/rating', code: 'field_not_editable' }),
    ]);
    const bulk = await sam.agent
      .post(`${CLAIMS}/records/bulk-update`)
      .send({ ids: [id], data: { rating: 'AAA' } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(422);
    expect(bulk.body.error.code).toBe('field_not_editable');
    // Other fields are written, and the hidden value stays as the handler set it.
    await sam.agent
      .patch(`${CLAIMS}/records/${id}`)
      .send({ version: current.version, data: { amount: 130 } })
      .expect(200);
    const after = await admin.agent.get(`${CLAIMS}/records/${id}`).expect(200);
    expect(after.body.record.data).toMatchObject({ amount: 130, rating: CANARY });
    // An admin may correct it.
    await admin.agent
      .patch(`${CLAIMS}/records/${id}`)
      .send({ version: after.body.record.version, data: { rating: 'B' } })
      .expect(200);
  });
});
