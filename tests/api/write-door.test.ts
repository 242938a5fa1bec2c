/**
 * The records kernel's write door (decisions 0022, 0023) with permission groups enforced: create
 * needs `create`; edits and deletes need the action and the record inside its scope (outside the
 * view scope 404, visible but outside 403); fields the writer may not edit are refused with 422
 * naming them; hidden fields keep their values; bulk requests are all or nothing; deletes,
 * restores and bulk edits are audited in the same transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, PermissionGroup } from '@tangram/schema';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** In "staff": sees every deal, creates, edits and deletes their own; name and note editable, salary hidden. */
let alice: SignedIn;
/** In "outsiders": everything, but only on their own deals. */
let carol: SignedIn;
/** In "viewers": may only look. */
let dave: SignedIn;

const FORM = '/api/v1/apps/crm/forms/deals';
const l = (en: string) => ({ en, 'zh-CN': en });

function crmApp(users: { alice: string; carol: string; dave: string }): AppDefinition {
  const group = (id: string, ids: string[], over: Partial<PermissionGroup>): PermissionGroup => ({
    id,
    name: l(id),
    members: [{ kind: 'users', ids }],
    actions: ['view'],
    scope: { kind: 'all' },
    ...over,
  });
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete'],
    },
    forms: [
      {
        id: 'deals',
        name: l('Deals'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name'), required: true },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
          { id: 'salary', type: 'number', label: l('Salary'), config: { precision: 0 } },
          { id: 'note', type: 'text', label: l('Note') },
        ],
        permissionGroups: [
          group('staff_read', [users.alice], {
            actions: ['view'],
            fields: { visible: ['name', 'amount', 'note'], editable: [] },
          }),
          group('staff_write', [users.alice], {
            actions: ['create', 'edit', 'delete'],
            scope: { kind: 'own' },
            fields: { visible: ['name', 'amount', 'note'], editable: ['name', 'note'] },
          }),
          group('outsiders', [users.carol], {
            actions: ['view', 'create', 'edit', 'delete'],
            scope: { kind: 'own' },
          }),
          group('viewers', [users.dave], { actions: ['view'] }),
        ],
      },
    ],
  };
}

/** A record as an org admin sees it (every field), straight from the API. */
async function asAdmin(id: string) {
  const res = await admin.agent.get(`${FORM}/records/${id}`).expect(200);
  return res.body.record as { id: string; version: number; data: Record<string, unknown> };
}

async function adminCreates(data: Record<string, unknown>): Promise<string> {
  const res = await admin.agent.post(`${FORM}/records`).send({ data }).expect(201);
  return res.body.record.id as string;
}

async function auditRows(action: string, targetId: string) {
  const { rows } = await server.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
    `SELECT actor_id, detail FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`,
    [action, targetId],
  );
  return rows;
}

const fieldsNamed = (body: { error: { details: { path: string }[] } }) =>
  body.error.details.map((d) => d.path).sort();

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  alice = await createUser(server, admin, { email: 'alice@acme.test' });
  carol = await createUser(server, admin, { email: 'carol@acme.test' });
  dave = await createUser(server, admin, { email: 'dave@acme.test' });
  const app = crmApp({ alice: alice.user.id, carol: carol.user.id, dave: dave.user.id });
  const saved = await admin.agent.post('/api/v1/apps').send(app);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
});
afterAll(() => server.close());

describe('create', () => {
  it('refuses a user whose groups do not grant create (403) and stores nothing', async () => {
    const res = await dave.agent.post(`${FORM}/records`).send({ data: { name: 'Dave deal' } });
    expect(res.status).toBe(403);
    const batch = await dave.agent.post(`${FORM}/records/batch`).send({ items: [{ data: { name: 'x' } }] });
    expect(batch.status).toBe(403);
    const { rows } = await server.db.query(`SELECT 1 FROM record_history WHERE actor_id = $1`, [
      dave.user.id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('refuses values for hidden and read-only fields with 422 naming every one of them', async () => {
    const res = await alice.agent
      .post(`${FORM}/records`)
      .send({ data: { name: 'Alice deal', amount: 10, salary: 5000 } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('field_not_editable');
    expect(fieldsNamed(res.body)).toEqual(['/data/amount', '/data/salary']);
    const batch = await alice.agent
      .post(`${FORM}/records/batch`)
      .send({ items: [{ data: { name: 'ok' } }, { data: { name: 'no', salary: 1 } }] });
    expect(batch.status).toBe(422);
    expect(fieldsNamed(batch.body)).toEqual(['/items/1/data/salary']);
  });

  it('creates with editable fields and answers without the hidden ones', async () => {
    const res = await alice.agent.post(`${FORM}/records`).send({ data: { name: 'Alice deal', note: 'n' } });
    expect(res.status).toBe(201);
    expect(res.body.record.data).not.toHaveProperty('salary');
    expect(res.body.record.ownerId).toBe(alice.user.id);
  });
});

describe('update', () => {
  let mine: string;
  let theirs: string;
  beforeAll(async () => {
    const res = await alice.agent
      .post(`${FORM}/records`)
      .send({ data: { name: 'Mine' } })
      .expect(201);
    mine = res.body.record.id;
    theirs = await adminCreates({ name: 'Theirs', amount: 1, salary: 9000 });
  });

  it('refuses a non-editable field with 422 naming it, and changes nothing', async () => {
    const before = await asAdmin(mine);
    const res = await alice.agent
      .patch(`${FORM}/records/${mine}`)
      .send({ version: before.version, data: { name: 'Renamed', amount: 5 } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('field_not_editable');
    expect(res.body.error.message).toContain('amount');
    expect(fieldsNamed(res.body)).toEqual(['/data/amount']);
    expect(await asAdmin(mine)).toEqual(before);
  });

  it('answers 404 outside the view scope and 403 inside view but outside the edit scope', async () => {
    const before = await asAdmin(theirs);
    const hidden = await carol.agent
      .patch(`${FORM}/records/${theirs}`)
      .send({ version: before.version, data: { name: 'x' } });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
    const visible = await alice.agent
      .patch(`${FORM}/records/${theirs}`)
      .send({ version: before.version, data: { name: 'x' } });
    expect(visible.status).toBe(403);
    const viewer = await dave.agent
      .patch(`${FORM}/records/${theirs}`)
      .send({ version: before.version, data: { name: 'x' } });
    expect(viewer.status).toBe(403);
    // The 404 is the same as for a record that does not exist.
    const unknown = await carol.agent.patch(`${FORM}/records/nope`).send({ version: 1, data: { name: 'x' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual(hidden.body.error);
    expect(await asAdmin(theirs)).toEqual(before);
  });

  it('keeps hidden fields when the writer cannot see them', async () => {
    const v1 = await asAdmin(mine);
    const set = await admin.agent
      .patch(`${FORM}/records/${mine}`)
      .send({ version: v1.version, data: { salary: 7000, amount: 12 } });
    expect(set.status).toBe(200);
    const res = await alice.agent
      .patch(`${FORM}/records/${mine}`)
      .send({ version: set.body.record.version, data: { name: 'Mine, renamed', note: 'hello' } });
    expect(res.status).toBe(200);
    expect(res.body.record.data).not.toHaveProperty('salary');
    expect(res.body.record.data).toMatchObject({ name: 'Mine, renamed', note: 'hello', amount: 12 });
    expect((await asAdmin(mine)).data).toMatchObject({ name: 'Mine, renamed', salary: 7000, amount: 12 });
  });

  it('answers a stale version with the current record as the writer may see it', async () => {
    const res = await alice.agent
      .patch(`${FORM}/records/${mine}`)
      .send({ version: 1, data: { note: 'late' } });
    expect(res.status).toBe(409);
    expect(res.body.error.details.current.data).not.toHaveProperty('salary');
  });
});

describe('delete and restore', () => {
  it('answers 404 outside the view scope, 403 outside the delete scope, and audits what it deletes', async () => {
    const theirs = await adminCreates({ name: 'Keep me' });
    expect((await carol.agent.delete(`${FORM}/records/${theirs}`)).status).toBe(404);
    expect((await alice.agent.delete(`${FORM}/records/${theirs}`)).status).toBe(403);
    expect((await dave.agent.delete(`${FORM}/records/${theirs}`)).status).toBe(403);
    expect(await auditRows('record.delete', theirs)).toHaveLength(0);
    await asAdmin(theirs);

    const mine = await alice.agent
      .post(`${FORM}/records`)
      .send({ data: { name: 'Short-lived' } })
      .expect(201);
    const id = mine.body.record.id as string;
    await alice.agent.delete(`${FORM}/records/${id}`).expect(204);
    const deleted = await auditRows('record.delete', id);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({
      actor_id: alice.user.id,
      detail: { appId: 'crm', formId: 'deals', source: 'api', title: 'Short-lived' },
    });
    // Someone who cannot see the record cannot restore it either.
    expect((await carol.agent.post(`${FORM}/records/${id}/restore`)).status).toBe(404);
    const restored = await alice.agent.post(`${FORM}/records/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.record.deletedAt).toBeNull();
    expect(restored.body.record.data).not.toHaveProperty('salary');
    expect(await auditRows('record.restore', id)).toHaveLength(1);
  });
});

describe('bulk', () => {
  let mineA: string;
  let mineB: string;
  let carols: string;
  let theirs: string;
  beforeAll(async () => {
    const res = await alice.agent
      .post(`${FORM}/records/batch`)
      .send({ items: [{ data: { name: 'Bulk A' } }, { data: { name: 'Bulk B' } }] })
      .expect(201);
    [mineA, mineB] = res.body.records.map((r: { id: string }) => r.id);
    carols = (
      await carol.agent
        .post(`${FORM}/records`)
        .send({ data: { name: "Carol's" } })
        .expect(201)
    ).body.record.id;
    theirs = await adminCreates({ name: 'Bulk theirs', salary: 1 });
  });

  it('refuses a bulk update when one record is outside the edit scope, naming it, and changes nothing', async () => {
    const before = await Promise.all([mineA, theirs].map(asAdmin));
    const res = await alice.agent
      .post(`${FORM}/records/bulk-update`)
      .send({ ids: [mineA, theirs], data: { note: 'bulk' } });
    expect(res.status).toBe(403);
    expect(res.body.error.details.ids).toEqual([theirs]);
    expect(await Promise.all([mineA, theirs].map(asAdmin))).toEqual(before);
    expect(await auditRows('record.bulk_update', 'deals')).toHaveLength(0);
  });

  it('answers 404 for records outside the view scope, listed with unknown ones', async () => {
    const res = await carol.agent.post(`${FORM}/records/bulk-delete`).send({ ids: [carols, theirs, 'nope'] });
    expect(res.status).toBe(404);
    expect([...res.body.error.details.missing].sort()).toEqual([theirs, 'nope'].sort());
    await asAdmin(carols);
  });

  it('refuses a non-editable field in a bulk update with 422', async () => {
    const res = await alice.agent
      .post(`${FORM}/records/bulk-update`)
      .send({ ids: [mineA, mineB], data: { salary: 1 } });
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body)).toEqual(['/data/salary']);
  });

  it('updates and deletes what the writer may change, with audit rows', async () => {
    const updated = await alice.agent
      .post(`${FORM}/records/bulk-update`)
      .send({ ids: [mineA, mineB], data: { note: 'bulk' } });
    expect(updated.status).toBe(200);
    expect(updated.body.updated).toBe(2);
    for (const r of updated.body.records) expect(r.data).not.toHaveProperty('salary');
    const [edit] = await auditRows('record.bulk_update', 'deals');
    expect(edit).toMatchObject({ actor_id: alice.user.id, detail: { count: 2, fields: ['note'] } });
    expect([...(edit!.detail.ids as string[])].sort()).toEqual([mineA, mineB].sort());

    const deleted = await alice.agent.post(`${FORM}/records/bulk-delete`).send({ ids: [mineA, mineB] });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBe(2);
    expect(await auditRows('record.bulk_delete', 'deals')).toHaveLength(1);
    expect(await auditRows('record.delete', mineA)).toMatchObject([{ detail: { source: 'bulk' } }]);
    expect(await auditRows('record.delete', mineB)).toHaveLength(1);
  });
});
