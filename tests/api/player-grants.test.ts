/**
 * The app definition the player loads (`GET /apps/:app`, decision 0026) carries the caller's grant
 * summary per form (`me`), and a member's copy leaves out the fields they may not see (labels,
 * layout cells, title field), so the player neither shows nor hints at them. Admins get the
 * definition unchanged; a user outside the app's members gets 404 like an unknown app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, type AppDefinition } from '@tangram/schema';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

const l = (en: string) => ({ en });

let server: TestServer;
let admin: SignedIn;
let alice: SignedIn; // group "own": salary hidden, amount read-only
let mia: SignedIn; // member without a group on staff; default actions elsewhere
let owen: SignedIn; // app admin
let out: SignedIn; // not an app member

function staffApp(users: { alice: string; mia: string; owen: string }): AppDefinition {
  return {
    id: 'staff',
    name: l('Staff'),
    formatVersion: CURRENT_FORMAT_VERSION,
    access: {
      members: [{ kind: 'users', ids: [users.alice, users.mia] }],
      admins: [{ kind: 'users', ids: [users.owen] }],
      defaultFormActions: ['view', 'export'],
    },
    forms: [
      {
        id: 'people',
        name: l('People'),
        titleField: 'salary',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'amount', type: 'number', label: l('Amount') },
          { id: 'salary', type: 'number', label: l('Salary') },
          { id: 'part', type: 'divider', label: l('Extra') },
        ],
        layout: {
          items: [
            {
              kind: 'row',
              cells: [{ field: 'name' }, { field: 'salary' }],
            },
            { kind: 'row', cells: [{ field: 'amount' }] },
          ],
        },
        permissionGroups: [
          {
            id: 'own',
            name: l('Own records, no salary'),
            members: [{ kind: 'users', ids: [users.alice] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'own' },
            fields: { visible: ['name', 'amount'], editable: ['name'] },
          },
        ],
      },
      {
        id: 'notes',
        name: l('Notes'),
        fields: [{ id: 'text', type: 'text', label: l('Text') }],
      },
    ],
    automations: [
      {
        id: 'stamp',
        name: l('Stamp'),
        trigger: { type: 'button', form: 'notes', label: l('Stamp'), confirm: true },
        actions: [
          {
            type: 'update',
            form: 'notes',
            records: { kind: 'trigger' },
            values: [{ field: 'text', value: { kind: 'static', value: 'stamped' } }],
          },
        ],
      },
      {
        id: 'bonus',
        name: l('Bonus'),
        trigger: { type: 'button', form: 'people', label: l('Bonus') },
        actions: [
          {
            type: 'update',
            form: 'people',
            records: { kind: 'trigger' },
            values: [{ field: 'amount', value: { kind: 'static', value: 1 } }],
          },
        ],
      },
      {
        id: 'notify_crm',
        name: l('Tell the CRM'),
        trigger: { type: 'record', form: 'notes', events: ['created'] },
        actions: [
          {
            type: 'webhook',
            url: 'https://crm.example.com/hooks/tangram',
            headers: { 'X-Api-Key': 'secret-api-key' },
            body: { text: '{{text}}' },
          },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  alice = await createUser(server, admin, { email: 'alice@acme.test' });
  mia = await createUser(server, admin, { email: 'mia@acme.test' });
  owen = await createUser(server, admin, { email: 'owen@acme.test' });
  out = await createUser(server, admin, { email: 'out@acme.test' });
  const saved = await admin.agent
    .post('/api/v1/apps')
    .send(staffApp({ alice: alice.user.id, mia: mia.user.id, owen: owen.user.id }));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
});
afterAll(() => server.close());

const load = (who: SignedIn, query = '') => who.agent.get(`/api/v1/apps/staff${query}`);
const form = (app: AppDefinition, id: string) => app.forms.find((f) => f.id === id)!;

describe('GET /apps/:app for a member', () => {
  it('summarises the grant of every form', async () => {
    const res = await load(alice).expect(200);
    expect(res.body.me).toEqual({
      appRole: 'member',
      forms: {
        people: {
          actions: ['view', 'create', 'edit'],
          visibleFields: ['name', 'amount'],
          editableFields: ['name'],
        },
        notes: { actions: ['view', 'export'], visibleFields: ['text'], editableFields: [] },
      },
    });
  });

  it('leaves hidden fields out of the definition: fields, layout cells, title field', async () => {
    const res = await load(alice).expect(200);
    const people = form(res.body.app, 'people');
    expect(people.fields.map((f) => f.id)).toEqual(['name', 'amount', 'part']);
    expect(JSON.stringify(res.body.app)).not.toContain('Salary');
    expect(JSON.stringify(people)).not.toContain('"salary"');
    expect(people.titleField).toBeUndefined();
    expect(people.layout).toEqual({
      items: [
        { kind: 'row', cells: [{ field: 'name' }] },
        { kind: 'row', cells: [{ field: 'amount' }] },
      ],
    });
    expect(res.body.version).toBe(1);
  });

  it('gives a member without a matching group no actions and no fields of that form', async () => {
    const res = await load(mia).expect(200);
    expect(res.body.me.forms.people).toEqual({ actions: [], visibleFields: [], editableFields: [] });
    expect(form(res.body.app, 'people').fields.map((f) => f.id)).toEqual(['part']);
    expect(form(res.body.app, 'notes').fields.map((f) => f.id)).toEqual(['text']);
  });

  it('sends a member only the buttons of forms they may view, without actions or secrets', async () => {
    const res = await load(mia).expect(200);
    expect(res.body.app.automations).toEqual([
      {
        id: 'stamp',
        name: l('Stamp'),
        trigger: { type: 'button', form: 'notes', label: l('Stamp'), confirm: true },
        actions: [],
      },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('secret-api-key');
    expect(text).not.toContain('crm.example.com');
    // Alice may view people: she also gets its button.
    const alices = await load(alice).expect(200);
    expect(alices.body.app.automations.map((a: { id: string }) => a.id)).toEqual(['stamp', 'bonus']);
  });

  it('answers 404 to a user outside the app members', async () => {
    const res = await load(out).expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('GET /apps/:app for admins', () => {
  it('gives the app admin the whole definition and every action', async () => {
    const res = await load(owen).expect(200);
    expect(res.body.me.appRole).toBe('admin');
    expect(res.body.me.forms.people.visibleFields).toEqual(['name', 'amount', 'salary', 'part']);
    expect(res.body.me.forms.people.actions).toContain('delete');
    const people = form(res.body.app, 'people');
    expect(people.fields.map((f) => f.id)).toEqual(['name', 'amount', 'salary', 'part']);
    expect(people.titleField).toBe('salary');
  });

  it('gives the org admin the stored definition unchanged apart from me', async () => {
    const res = await load(admin).expect(200);
    const stored = await admin.agent.get('/api/v1/apps/staff/versions/1').expect(200);
    expect(res.body.app).toEqual(stored.body.app);
    expect(res.body.me.appRole).toBe('admin');
  });

  it('lets the org admin load the app as a member sees it (?viewAs=)', async () => {
    const res = await load(admin, `?viewAs=${alice.user.id}`).expect(200);
    expect(res.body.me.appRole).toBe('member');
    expect(JSON.stringify(res.body.app)).not.toContain('Salary');
    await load(alice, `?viewAs=${mia.user.id}`).expect(403);
  });
});
