/**
 * Related records (decision 0060): `GET …/records/:id/related` lists, for a customer of a master
 * data app, the records of every app that link to it (same app and across apps, single and list
 * relations) and the balances keyed by it, through the read door with the viewer's own grant: a
 * narrowed scope lists and counts only its rows, a hidden field is not in the answer, a form the
 * viewer may not view gives no group, a balance needs the aggregate's read right, and a record the
 * viewer may not read is 404. `showRelated: false` on the form turns it off.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Sales rep: sees east customers, only their own orders without the note, no invoices. */
let bob: SignedIn;
/** Accountant: every order, invoices and payments (so the receivables). */
let carol: SignedIn;
/** A member with no group on the ERP's forms. */
let dave: SignedIn;

const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const MASTER = '/api/v1/apps/master/forms';
const ERP = '/api/v1/apps/erp/forms';
const everyone = {
  members: [{ kind: 'everyone' as const }],
  admins: [],
  defaultFormActions: ['view' as const, 'create' as const, 'edit' as const],
};
const customer = { id: 'customer', type: 'relation', label: l('Customer', '客户') } as const;

function masterApp(): AppDefinition {
  return {
    id: 'master',
    name: l('Master data', '基础资料'),
    formatVersion: 2,
    access: everyone,
    forms: [
      {
        id: 'customers',
        name: l('Customers', '客户'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'region', type: 'text', label: l('Region') },
        ],
        permissionGroups: [
          {
            id: 'east',
            name: l('East'),
            members: [{ kind: 'everyone' }],
            actions: ['view'],
            scope: { kind: 'custom', filter: { kind: 'cmp', field: 'region', op: 'eq', value: 'east' } },
          },
        ],
      },
      {
        // Same-app relation: no `config.app`.
        id: 'contacts',
        name: l('Contacts', '联系人'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { ...customer, config: { form: 'customers' } },
        ],
      },
      {
        id: 'campaigns',
        name: l('Campaigns', '市场活动'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          {
            id: 'targets',
            type: 'relation',
            label: l('Targets'),
            config: { form: 'customers', multiple: true },
          },
        ],
      },
    ],
  };
}

function erpApp(ids: { bob: string; carol: string }): AppDefinition {
  const toCustomer = { ...customer, config: { app: 'master', form: 'customers' } };
  const amount = { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } } as const;
  const accounting = {
    id: 'accounting',
    name: l('Accounting'),
    members: [{ kind: 'users' as const, ids: [ids.carol] }],
    actions: ['view' as const, 'create' as const],
    scope: { kind: 'all' as const },
  };
  return {
    id: 'erp',
    name: l('ERP', '进销存'),
    formatVersion: 2,
    access: everyone,
    forms: [
      {
        id: 'orders',
        name: l('Sales orders', '销售订单'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          toCustomer,
          amount,
          { id: 'note', type: 'text', label: l('Note') },
        ],
        permissionGroups: [
          {
            id: 'reps',
            name: l('Reps'),
            members: [{ kind: 'users', ids: [ids.bob] }],
            actions: ['view', 'create'],
            scope: { kind: 'own' },
            fields: { visible: ['title', 'customer', 'amount'], editable: ['title', 'customer', 'amount'] },
          },
          accounting,
        ],
      },
      {
        id: 'invoices',
        name: l('Invoices', '发票'),
        titleField: 'title',
        fields: [{ id: 'title', type: 'text', label: l('Title') }, toCustomer, amount],
        permissionGroups: [accounting],
      },
      {
        id: 'payments',
        name: l('Payments', '收款'),
        fields: [toCustomer, amount],
        permissionGroups: [accounting],
      },
    ],
    aggregates: [
      {
        id: 'receivables',
        name: l('Receivables', '应收'),
        keys: [{ id: 'customer', label: l('Customer'), type: 'record', app: 'master', form: 'customers' }],
        measures: [{ id: 'open', label: l('Open balance', '未收余额'), decimals: 2 }],
        sources: [
          {
            id: 'invoiced',
            form: 'invoices',
            keys: { customer: { field: 'customer' } },
            measures: { open: { field: 'amount', sign: 1 } },
          },
          {
            id: 'paid',
            form: 'payments',
            keys: { customer: { field: 'customer' } },
            measures: { open: { field: 'amount', sign: -1 } },
          },
        ],
      },
    ],
  } as AppDefinition;
}

const create = async (who: SignedIn, path: string, data: Record<string, unknown>): Promise<string> => {
  const res = await who.agent.post(`${path}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
};

interface Group {
  appId: string;
  formId: string;
  fieldId: string;
  total: number;
  totalKind: string;
  columns: string[];
  form: { fields: { id: string }[] };
  items: { id: string; data: Record<string, unknown>; display?: Record<string, Record<string, string>> }[];
}
interface Answer {
  shown: boolean;
  groups: Group[];
  omitted: number;
  balances: { appId: string; aggregateId: string; measures: { id: string; value: string }[] }[];
}

const related = async (who: SignedIn, id: string): Promise<Answer> => {
  const res = await who.agent.get(`${MASTER}/customers/records/${id}/related`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Answer;
};
const groupOf = (answer: Answer, formId: string) => answer.groups.find((g) => g.formId === formId);

let acme: string;
let zeta: string;
const orders: string[] = [];
let bobsOrder: string;

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@acme.test' });
  carol = await createUser(server, admin, { email: 'carol@acme.test' });
  dave = await createUser(server, admin, { email: 'dave@acme.test' });
  await admin.agent.post('/api/v1/apps').send(masterApp()).expect(201);
  const erp = await admin.agent.post('/api/v1/apps').send(erpApp({ bob: bob.user.id, carol: carol.user.id }));
  expect(erp.status, JSON.stringify(erp.body)).toBe(201);
  acme = await create(admin, `${MASTER}/customers`, { name: 'Acme Trading', region: 'east' });
  zeta = await create(admin, `${MASTER}/customers`, { name: 'Zeta Imports', region: 'west' });
  await create(admin, `${MASTER}/contacts`, { name: 'Ann Lee', customer: acme });
  await create(admin, `${MASTER}/campaigns`, { title: 'Spring fair', targets: [zeta, acme] });
  await create(admin, `${MASTER}/campaigns`, { title: 'West only', targets: [zeta] });
  // Six orders by the admin, one by bob, one for another customer; created in turn (newest last).
  for (let i = 1; i <= 6; i++)
    orders.push(
      await create(admin, `${ERP}/orders`, { title: `SO-${i}`, customer: acme, amount: i * 10, note: 'vip' }),
    );
  bobsOrder = await create(bob, `${ERP}/orders`, { title: 'SO-bob', customer: acme, amount: 5 });
  await create(admin, `${ERP}/orders`, { title: 'SO-zeta', customer: zeta, amount: 1 });
  await create(carol, `${ERP}/invoices`, { title: 'INV-1', customer: acme, amount: 100 });
  await create(carol, `${ERP}/invoices`, { title: 'INV-2', customer: acme, amount: 50.5 });
  await create(carol, `${ERP}/payments`, { customer: acme, amount: 30 });
  await create(admin, `${ERP}/invoices`, { title: 'INV-Z', customer: zeta, amount: 9 });
});
afterAll(() => server.close());

describe('related records', () => {
  it('lists every app’s linking records, newest first, with the total, and the balance', async () => {
    const answer = await related(admin, acme);
    expect(answer.shown).toBe(true);
    expect(answer.omitted).toBe(0);
    expect(answer.groups.map((g) => `${g.appId}/${g.formId}.${g.fieldId}:${g.total}`)).toEqual([
      'master/contacts.customer:1',
      'master/campaigns.targets:1',
      'erp/orders.customer:7',
      'erp/invoices.customer:2',
      'erp/payments.customer:1',
    ]);
    const ordersGroup = groupOf(answer, 'orders')!;
    expect(ordersGroup.totalKind).toBe('exact');
    // Five rows, newest first: bob's order was created last.
    expect(ordersGroup.items.map((r) => r.data.title)).toEqual(['SO-bob', 'SO-6', 'SO-5', 'SO-4', 'SO-3']);
    // The linking relation is not a column (it names this customer); amount and note are.
    expect(ordersGroup.columns).toEqual(['amount', 'note']);
    expect(ordersGroup.items[1]!.data).toEqual({ title: 'SO-6', amount: 60, note: 'vip' });
    expect(answer.balances).toEqual([
      expect.objectContaining({
        appId: 'erp',
        aggregateId: 'receivables',
        measures: [expect.objectContaining({ id: 'open', value: '120.50' })],
      }),
    ]);
  });

  it('a narrowed scope lists and counts only its rows, without hidden fields or balances', async () => {
    const answer = await related(bob, acme);
    const ordersGroup = groupOf(answer, 'orders')!;
    expect(ordersGroup.total).toBe(1);
    expect(ordersGroup.items.map((r) => r.id)).toEqual([bobsOrder]);
    expect(ordersGroup.columns).toEqual(['amount']);
    expect(ordersGroup.form.fields.map((f) => f.id)).not.toContain('note');
    expect(ordersGroup.items[0]!.data).not.toHaveProperty('note');
    // No view on invoices or payments: no group, and the receivables are not theirs to read.
    expect(groupOf(answer, 'invoices')).toBeUndefined();
    expect(groupOf(answer, 'payments')).toBeUndefined();
    expect(answer.balances).toEqual([]);
  });

  it('gives no group for a form the viewer may not view, and the balance to whoever may read it', async () => {
    const daves = await related(dave, acme);
    expect(daves.groups.map((g) => g.formId)).toEqual(['contacts', 'campaigns']);
    expect(daves.balances).toEqual([]);
    const carols = await related(carol, acme);
    expect(groupOf(carols, 'orders')!.total).toBe(7);
    expect(groupOf(carols, 'invoices')!.items.map((r) => r.data.title)).toEqual(['INV-2', 'INV-1']);
    expect(carols.balances[0]!.measures[0]!.value).toBe('120.50');
  });

  it('is 404 for a record outside the viewer’s scope, and for an unknown one', async () => {
    // Zeta is a west customer: bob cannot read it, so he learns nothing about what links to it.
    const res = await bob.agent.get(`${MASTER}/customers/records/${zeta}/related`);
    expect(res.status).toBe(404);
    await admin.agent.get(`${MASTER}/customers/records/nope/related`).expect(404);
    // The admin reads Zeta: its own orders and the list relation, nothing of Acme's.
    const answer = await related(admin, zeta);
    expect(groupOf(answer, 'campaigns')!.total).toBe(2);
    expect(groupOf(answer, 'orders')!.items.map((r) => r.data.title)).toEqual(['SO-zeta']);
    expect(answer.balances[0]!.measures[0]!.value).toBe('9.00');
  });

  it('answers nothing when the form turns the related records off', async () => {
    const current = await admin.agent.get('/api/v1/apps/master').expect(200);
    const app = current.body.app as AppDefinition;
    const forms = app.forms.map((f) => (f.id === 'customers' ? { ...f, showRelated: false } : f));
    await admin.agent
      .put('/api/v1/apps/master')
      .send({ app: { ...app, forms }, baseVersion: current.body.version })
      .expect(200);
    expect(await related(admin, acme)).toEqual({ shown: false, groups: [], omitted: 0, balances: [] });
    const bad = await admin.agent.put('/api/v1/apps/master').send({
      app: { ...app, forms: app.forms.map((f) => ({ ...f, showRelated: 'no' })) },
      baseVersion: current.body.version + 1,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('showRelated');
  });
});
