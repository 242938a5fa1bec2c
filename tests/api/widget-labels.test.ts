/**
 * Dashboard widgets name the ids they show: relation, member and department columns come with
 * `labels[columnKey][id]` — record titles read with the viewer's own grant (a customer the viewer
 * may not read is `null`, never its title), member names from the org directory. A funnel by a
 * select with `funnelSort: 'definition'` lists its stages in the select's option order.
 */
import ExcelJS from 'exceljs';
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryBody,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Sees only their own customers, every deal. */
let bob: SignedIn;
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const BASE = '/api/v1/apps/crm';
const DATA = `${BASE}/dashboards/sales/data`;
const layout = { x: 0, y: 0, w: 6, h: 4 };

function crmApp(bobId: string): AppDefinition {
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'export'],
    },
    forms: [
      {
        // Titled by a select: its title reads in the viewer's language.
        id: 'tiers',
        name: l('Tiers'),
        titleField: 'level',
        fields: [
          {
            id: 'level',
            type: 'select',
            label: l('Level'),
            config: { options: [{ value: 'gold', label: l('Gold', '金牌') }] },
          },
        ],
      },
      {
        id: 'customers',
        name: l('Customers'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'tier', type: 'relation', label: l('Tier'), config: { form: 'tiers' } },
        ],
        permissionGroups: [
          {
            id: 'own',
            name: l('Own customers'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit', 'delete'],
            scope: { kind: 'own' },
          },
        ],
      },
      {
        id: 'deals',
        name: l('Deals'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'customer', type: 'relation', label: l('Customer'), config: { form: 'customers' } },
          { id: 'owner', type: 'member', label: l('Owner') },
          {
            id: 'stage',
            type: 'select',
            label: l('Stage'),
            // Not alphabetical: the funnel must follow this order, not the values'.
            config: {
              options: ['needs', 'proposal', 'negotiation'].map((value) => ({ value, label: l(value) })),
            },
          },
        ],
      },
    ],
    dashboards: [
      {
        id: 'sales',
        name: l('Sales'),
        widgets: [
          {
            id: 'funnel',
            type: 'funnel',
            layout,
            source: { form: 'deals' },
            dimensions: [{ field: 'stage' }],
            measures: [{ op: 'count', as: 'deals' }],
            options: { funnelSort: 'definition' },
          },
          {
            id: 'byOwner',
            type: 'bar',
            layout,
            source: { form: 'deals' },
            dimensions: [{ field: 'owner' }],
            measures: [{ op: 'count', as: 'deals' }],
          },
          {
            id: 'byTier',
            type: 'table',
            layout,
            source: { form: 'customers' },
            columns: ['name', 'tier'],
          },
          {
            id: 'list',
            type: 'table',
            layout,
            source: { form: 'deals' },
            columns: ['customer', 'owner', 'title'],
          },
        ],
      },
    ],
  };
}

const create = async (who: SignedIn, form: string, data: Record<string, unknown>): Promise<string> => {
  const res = await who.agent.post(`${BASE}/forms/${form}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
};

let acme: string;
let bobco: string;
let gold: string;

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@acme.test', name: 'Bob Builder' });
  const saved = await admin.agent.post('/api/v1/apps').send(crmApp(bob.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  gold = await create(admin, 'tiers', { level: 'gold' });
  acme = await create(admin, 'customers', { name: 'Acme Trading', tier: gold });
  bobco = await create(bob, 'customers', { name: 'Bobco Supplies' });
  const deal = (title: string, customer: string, owner: string, stage: string) =>
    create(admin, 'deals', { title, customer, owner, stage });
  await deal('A', acme, admin.user.id, 'negotiation');
  await deal('B', bobco, bob.user.id, 'proposal');
  await deal('C', bobco, bob.user.id, 'proposal');
  await deal('D', acme, bob.user.id, 'needs');
});
afterAll(() => server.close());

type Answer = {
  columns: { key: string }[];
  rows: Record<string, unknown>[];
  labels?: Record<string, Record<string, string | null>>;
  stages?: { key: unknown; value: number | null }[];
};
const dataOf = async (who: SignedIn, language = 'zh-CN') => {
  const res = await who.agent.post(DATA).set('Accept-Language', language).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.widgets as Record<string, Answer>;
};

describe('widget labels', () => {
  it('names members and related records for the admin', async () => {
    const w = await dataOf(admin);
    expect(w.byOwner!.labels).toEqual({
      owner: { [admin.user.id]: admin.user.name, [bob.user.id]: 'Bob Builder' },
    });
    // The table: only the ids present in its rows, per column; plain columns have none.
    expect(w.list!.labels).toEqual({
      customer: { [acme]: 'Acme Trading', [bobco]: 'Bobco Supplies' },
      owner: { [admin.user.id]: admin.user.name, [bob.user.id]: 'Bob Builder' },
    });
    expect(w.funnel!.labels).toBeUndefined();
  });

  it("never names a record the viewer may not read: bob sees his customer's title, acme as null", async () => {
    const w = await dataOf(bob);
    expect(w.list!.labels!.customer).toEqual({ [acme]: null, [bobco]: 'Bobco Supplies' });
    expect(JSON.stringify(w)).not.toContain('Acme Trading');
  });

  it('exports the table with names, a record the viewer may not read as a neutral mark', async () => {
    const res = await bob.agent
      .get(`${BASE}/dashboards/sales/widgets/list/export?format=xlsx`)
      .buffer(true)
      .parse(binaryBody);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const cells = rows.slice(1).map(([customer, owner]) => `${String(customer)}/${String(owner)}`);
    expect(cells.sort()).toEqual(
      [
        `—/${admin.user.name}`,
        '—/Bob Builder',
        'Bobco Supplies/Bob Builder',
        'Bobco Supplies/Bob Builder',
      ].sort(),
    );
  });

  it("titles related records in the viewer's language, one cached answer per language", async () => {
    expect((await dataOf(admin, 'en')).byTier!.labels).toEqual({ tier: { [gold]: 'Gold' } });
    expect((await dataOf(admin, 'zh-CN')).byTier!.labels).toEqual({ tier: { [gold]: '金牌' } });
    expect((await dataOf(admin, 'en')).byTier!.labels).toEqual({ tier: { [gold]: 'Gold' } });
  });

  it("orders a definition-sorted funnel by the select's options", async () => {
    const w = await dataOf(admin);
    expect(w.funnel!.stages!.map((s) => [s.key, s.value])).toEqual([
      ['needs', 1],
      ['proposal', 2],
      ['negotiation', 1],
    ]);
  });
});
