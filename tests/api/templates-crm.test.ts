import type { AppDefinition } from '@tangram/schema';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAutomationEngine,
  createRecordWrites,
  runAutomationRound,
  type AutomationEngine,
} from '@tangram/server';
import { crmApp } from '../../templates/src/crm';
import { erpApp } from '../../templates/src/erp';
import { masterApp } from '../../templates/src/master';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// The CRM template's story through the API (issue 14): a lead converted in one press into the
// shared customer, a contact and an opportunity; a quote whose big discount waits for the sales
// manager; winning it creates the ERP sales order with the quote's lines and exact total. Then who
// sees which opportunity: a rep only their own, a warehouse clerk none, through every read path.
// The apps are installed as the template defines them, role keys replaced by the org's role ids.

const API = '/api/v1';
const records = (app: string, form: string) => `${API}/apps/${app}/forms/${form}/records`;

let server: TestServer;
let admin: SignedIn;
let wang: SignedIn; // sales rep
let li: SignedIn; // sales rep
let zhang: SignedIn; // sales manager
let chen: SignedIn; // service agent
let sun: SignedIn; // warehouse clerk
let engine: AutomationEngine;
let salesDept = '';
const ids: Record<string, string> = {};

/** The definition with every template role key replaced by the org role's id. */
function installed(app: AppDefinition, roleIds: Record<string, string>): AppDefinition {
  let text = JSON.stringify(app);
  for (const [key, id] of Object.entries(roleIds)) text = text.split(`"${key}"`).join(`"${id}"`);
  return JSON.parse(text) as AppDefinition;
}

async function create(who: SignedIn, app: string, form: string, data: Record<string, unknown>) {
  const res = await who.agent.post(records(app, form)).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record as { id: string; workflowStatus: string | null; data: Record<string, unknown> };
}

async function get(who: SignedIn, app: string, form: string, id: string) {
  const res = await who.agent.get(`${records(app, form)}/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.record as { id: string; workflowStatus: string | null; data: Record<string, unknown> };
}

async function list(who: SignedIn, app: string, form: string, filter?: object) {
  const res = await who.agent
    .post(`${records(app, form)}/query`)
    .send({ limit: 500, ...(filter ? { filter } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { id: string; data: Record<string, unknown> }[];
}

/**
 * Presses a button once the record's earlier events are handled, so it runs at once: 200 with the
 * run, or 202 without one when its condition does not hold (nothing to run).
 */
async function press(who: SignedIn, automation: string, recordId: string) {
  await engine.processAll();
  const res = await who.agent.post(`${API}/apps/crm/automations/${automation}/press`).send({ recordId });
  expect([200, 202], JSON.stringify(res.body)).toContain(res.status);
  return res;
}

/** The pending workflow task of `who` on a quote. */
async function taskOf(who: SignedIn, quoteId: string): Promise<string | undefined> {
  const res = await who.agent.get(`${records('crm', 'quotes')}/${quoteId}/workflow`).expect(200);
  return res.body.me.taskId as string | undefined;
}

const eq = (field: string, value: unknown) => ({ kind: 'cmp', field, op: 'eq', value });

/** The ERP sales orders with exactly the ids of the template contract (templates tpl-common). */
function minimalErp(): AppDefinition {
  const t = (en: string) => ({ en, 'zh-CN': en });
  const rel = (id: string, form: string) => ({
    id,
    type: 'relation' as const,
    label: t(id),
    required: true,
    config: { app: 'master', form },
  });
  return {
    id: 'erp',
    name: t('ERP'),
    formatVersion: 3,
    forms: [
      {
        id: 'sales_orders',
        name: t('Sales orders'),
        titleField: 'number',
        fields: [
          {
            id: 'number',
            type: 'serial',
            label: t('No'),
            config: {
              parts: [
                { kind: 'text', text: 'SO-' },
                { kind: 'counter', digits: 4 },
              ],
            },
          },
          rel('customer', 'customers'),
          rel('warehouse', 'warehouses'),
          { id: 'order_date', type: 'date', label: t('Date'), required: true },
          {
            id: 'lines',
            type: 'subform',
            label: t('Lines'),
            config: {
              fields: [
                rel('product', 'products'),
                { id: 'quantity', type: 'number', label: t('Qty'), config: { precision: 0 } },
                { id: 'price', type: 'money', label: t('Price'), config: { precision: 2 } },
                {
                  id: 'amount',
                  type: 'formula',
                  label: t('Amount'),
                  config: { formula: 'ROUND({quantity} * {price}, 2)', resultType: 'number', precision: 2 },
                },
              ],
            },
          },
          {
            id: 'total',
            type: 'formula',
            label: t('Total'),
            config: { formula: 'SUM({lines.amount})', resultType: 'number', precision: 2 },
          },
          {
            id: 'opportunity',
            type: 'relation',
            label: t('Opportunity'),
            readOnly: true,
            config: { app: 'crm', form: 'opportunities' },
          },
          { id: 'notes', type: 'textarea', label: t('Notes') },
        ],
        permissionGroups: [
          {
            id: 'warehouse',
            name: t('Warehouse'),
            members: [{ kind: 'roles', ids: ['tpl_warehouse_clerk'] }],
            actions: ['view'],
            scope: { kind: 'all' },
            fields: { visible: ['number', 'customer', 'warehouse', 'order_date', 'notes'], editable: [] },
          },
        ],
      },
    ],
    access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view'] },
  } as AppDefinition;
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  salesDept = (await admin.agent.post(`${API}/admin/departments`).send({ name: 'Sales' }).expect(201)).body
    .department.id as string;
  const role = async (name: string) =>
    (await admin.agent.post(`${API}/admin/roles`).send({ name }).expect(201)).body.role.id as string;
  const roleIds: Record<string, string> = {};
  for (const key of [
    'tpl_sales_rep',
    'tpl_sales_manager',
    'tpl_service_agent',
    'tpl_purchaser',
    'tpl_warehouse_clerk',
    'tpl_accountant',
    'tpl_general_manager',
  ])
    roleIds[key] = await role(key);
  const person = (email: string, roleKey: string, dept?: string) =>
    createUser(server, admin, {
      email,
      roleIds: [roleIds[roleKey]!],
      ...(dept ? { departmentIds: [dept] } : {}),
    });
  wang = await person('rep.wang@demo.test', 'tpl_sales_rep', salesDept);
  li = await person('rep.li@demo.test', 'tpl_sales_rep', salesDept);
  zhang = await person('mgr.zhang@demo.test', 'tpl_sales_manager', salesDept);
  chen = await person('agent.chen@demo.test', 'tpl_service_agent');
  sun = await person('clerk.sun@demo.test', 'tpl_warehouse_clerk');
  const install = (app: AppDefinition) => admin.agent.post(`${API}/apps`).send(installed(app, roleIds));
  const master = await install(masterApp);
  expect(master.status, JSON.stringify(master.body)).toBe(201);
  // Lane 6's ERP when it installs here, else the minimal ERP of the shared contract (tpl-common).
  const erp = await install(erpApp);
  if (erp.status !== 201) {
    const fallback = await install(minimalErp());
    expect(fallback.status, JSON.stringify(fallback.body)).toBe(201);
  }
  const crm = await install(crmApp);
  expect(crm.status, JSON.stringify(crm.body)).toBe(201);
  engine = createAutomationEngine({ db: server.db, config: server.config, writes: createRecordWrites() });
  await engine.processAll();
  // Master data the story needs: a warehouse and two products (list prices in cents-exact yuan).
  ids.warehouse = (await create(admin, 'master', 'warehouses', { name: 'Shanghai', code: 'SH' })).id;
  ids.drill = (await create(admin, 'master', 'products', { sku: 'DR-1', name: 'Drill', price: 1234.5 })).id;
  ids.bits = (await create(admin, 'master', 'products', { sku: 'BT-1', name: 'Bits', price: 99.99 })).id;
}, 120_000);
afterAll(() => server?.close());

describe('lead to won deal to ERP sales order', () => {
  it('converts a lead in one press: customer, contact and opportunity from its values; the lead is marked', async () => {
    const lead = await create(wang, 'crm', 'leads', {
      company: 'Hangzhou Bright Tech 杭州明亮科技',
      contact_name: 'Liu Yang 刘洋',
      job_title: 'Purchasing manager',
      phone: '13800000001',
      email: 'liu.yang@bright.test',
      industry: 'technology',
      source: 'exhibition',
      owner: wang.user.id,
      team: salesDept,
      estimated_amount: 50000,
      expected_close: '2027-03-31',
    });
    ids.lead = lead.id;
    const res = await press(wang, 'convert_lead', lead.id);
    expect(res.body.run.status, JSON.stringify(res.body.run)).toBe('succeeded');
    await engine.processAll();

    const customers = await list(
      admin,
      'master',
      'customers',
      eq('name', 'Hangzhou Bright Tech 杭州明亮科技'),
    );
    expect(customers).toHaveLength(1);
    const customer = customers[0]!;
    expect(customer.data).toMatchObject({
      industry: 'technology',
      owner: wang.user.id,
      phone: '13800000001',
      email: 'liu.yang@bright.test',
    });
    ids.customer = customer.id;

    const converted = await get(wang, 'crm', 'leads', lead.id);
    expect(converted.data).toMatchObject({ status: 'converted', customer: customer.id });
    expect(converted.data.converted_on).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    const contact = await get(wang, 'crm', 'contacts', converted.data.contact as string);
    expect(contact.data).toMatchObject({
      name: 'Liu Yang 刘洋',
      customer: customer.id,
      job_title: 'Purchasing manager',
      owner: wang.user.id,
      lead: lead.id,
    });
    // The rep sees the opportunity through `owner` although the automation wrote it.
    const opp = await get(wang, 'crm', 'opportunities', converted.data.opportunity as string);
    expect(opp.data).toMatchObject({
      name: 'Hangzhou Bright Tech 杭州明亮科技',
      customer: customer.id,
      contact: contact.id,
      stage: 'qualify',
      probability: 10,
      amount: 50000,
      weighted: 5000,
      expected_close: '2027-03-31',
      owner: wang.user.id,
      source: 'exhibition',
      lead: lead.id,
    });
    ids.opportunity = opp.id;
  });

  it('converting twice is harmless: nothing new is created', async () => {
    const again = await press(wang, 'convert_lead', ids.lead!);
    expect(again.body.run).toBeNull(); // the condition (not converted yet) no longer holds
    await engine.processAll();
    expect(
      await list(admin, 'master', 'customers', eq('name', 'Hangzhou Bright Tech 杭州明亮科技')),
    ).toHaveLength(1);
    expect(await list(admin, 'crm', 'opportunities', eq('lead', ids.lead))).toHaveLength(1);
    expect(await list(admin, 'crm', 'contacts', eq('lead', ids.lead))).toHaveLength(1);
  });

  it('a quote with a big discount waits for the sales manager; won, it becomes the ERP sales order', async () => {
    const quote = await create(wang, 'crm', 'quotes', {
      opportunity: ids.opportunity,
      customer: ids.customer,
      warehouse: ids.warehouse,
      owner: wang.user.id,
      team: salesDept,
      lines: [
        { product: ids.drill, quantity: 3, list_price: 1234.5, discount: 20 },
        { product: ids.bits, quantity: 7, list_price: 99.99, discount: 0 },
      ],
    });
    // 1234.50 × 80% = 987.60 × 3 = 2962.80; 99.99 × 7 = 699.93; total 3662.73 exactly.
    expect(quote.data.total).toBe(3662.73);
    expect(quote.data.max_discount).toBe(20);
    expect(quote.workflowStatus).toBe('running');
    expect(await taskOf(wang, quote.id)).toBeUndefined();

    // Not approved yet: "Mark won" does nothing.
    const early = await press(wang, 'win_quote', quote.id);
    expect(early.body.run).toBeNull();
    await engine.processAll();
    expect(await list(admin, 'erp', 'sales_orders', eq('opportunity', ids.opportunity))).toHaveLength(0);

    const task = await taskOf(zhang, quote.id);
    expect(task).toBeTruthy();
    await zhang.agent
      .post(`${API}/tasks/${task}/approve`)
      .send({ comment: 'OK for a new account' })
      .expect(200);
    expect((await get(wang, 'crm', 'quotes', quote.id)).workflowStatus).toBe('approved');

    const won = await press(wang, 'win_quote', quote.id);
    expect(won.body.run.status, JSON.stringify(won.body.run)).toBe('succeeded');
    await engine.processAll();

    const opp = await get(wang, 'crm', 'opportunities', ids.opportunity!);
    expect(opp.data).toMatchObject({ stage: 'won', probability: 100, amount: 3662.73, weighted: 3662.73 });
    const orders = await list(admin, 'erp', 'sales_orders', eq('opportunity', ids.opportunity));
    expect(orders).toHaveLength(1);
    const order = orders[0]!;
    expect(order.data).toMatchObject({ customer: ids.customer, warehouse: ids.warehouse, total: 3662.73 });
    expect(
      (order.data.lines as Record<string, unknown>[]).map((r) => [r.product, r.quantity, r.price, r.amount]),
    ).toEqual([
      [ids.drill, 3, 987.6, 2962.8],
      [ids.bits, 7, 99.99, 699.93],
    ]);
    const after = await get(wang, 'crm', 'quotes', quote.id);
    expect(after.data).toMatchObject({ status: 'won', sales_order_no: order.data.number });
    // The order names the opportunity (not its id) and links to it; the opportunity's Related
    // tab lists the order.
    const shown = await get(admin, 'erp', 'sales_orders', order.id);
    expect((shown as { display?: Record<string, Record<string, string>> }).display?.opportunity).toEqual({
      [ids.opportunity!]: 'Hangzhou Bright Tech 杭州明亮科技',
    });
    const related = await admin.agent
      .get(`${records('crm', 'opportunities')}/${ids.opportunity}/related`)
      .expect(200);
    const group = (
      related.body.groups as { appId: string; formId: string; fieldId: string; items: { id: string }[] }[]
    ).find((g) => g.appId === 'erp' && g.formId === 'sales_orders');
    expect(group?.fieldId).toBe('opportunity');
    expect(group?.items.map((r) => r.id)).toEqual([order.id]);

    // Pressed again: still one order.
    const twice = await press(wang, 'win_quote', quote.id);
    expect(twice.body.run).toBeNull();
    await engine.processAll();
    expect(await list(admin, 'erp', 'sales_orders', eq('opportunity', ids.opportunity))).toHaveLength(1);
  });

  it('a small discount needs nobody: the quote is approved at once', async () => {
    const quote = await create(wang, 'crm', 'quotes', {
      opportunity: ids.opportunity,
      customer: ids.customer,
      warehouse: ids.warehouse,
      owner: wang.user.id,
      lines: [{ product: ids.bits, quantity: 10, list_price: 99.99, discount: 10 }],
    });
    // 99.99 × 90% = 89.991, rounded to 89.99 per unit first: 10 × 89.99 = 899.90.
    expect(quote.data).toMatchObject({ total: 899.9, max_discount: 10 });
    expect(quote.workflowStatus).toBe('approved');
    expect(await taskOf(zhang, quote.id)).toBeUndefined();
  });
});

describe('service tickets', () => {
  it('sets the SLA deadline in working hours from the priority', async () => {
    const before = Date.now();
    const urgent = await create(chen, 'crm', 'tickets', {
      subject: 'Line down',
      customer: ids.customer,
      priority: 'urgent',
    });
    const due = Date.parse(String(urgent.data.sla_due));
    // 4 working hours (9:00-18:00, Monday to Friday): later than 4 hours, within a weekend and a night.
    expect(due).toBeGreaterThanOrEqual(before + 4 * 3_600_000);
    expect(due).toBeLessThanOrEqual(before + (4 + 15 + 48) * 3_600_000);
    const low = await create(chen, 'crm', 'tickets', {
      subject: 'Brochure',
      customer: ids.customer,
      priority: 'low',
    });
    expect(Date.parse(String(low.data.sla_due))).toBeGreaterThan(due);
  });

  it('a scheduled sweep escalates only open tickets past their SLA deadline and tells the people', async () => {
    // Deadlines are instants (working hours): one hour past, one day ahead.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
    const ticket = (subject: string, status: string, sla_due: string) =>
      create(chen, 'crm', 'tickets', {
        subject,
        customer: ids.customer,
        status,
        priority: 'normal',
        assignee: chen.user.id,
        supervisor: zhang.user.id,
        sla_due,
      });
    const late = await ticket('Machine does not start', 'open', day(-1 / 24));
    const done = await ticket('Wrong invoice title', 'resolved', day(-3));
    const fresh = await ticket('Needs installation help', 'in_progress', day(2));
    await engine.processAll();
    const deps = { db: server.db, config: server.config, writes: createRecordWrites() };
    await runAutomationRound(engine, deps, new Date());
    const { rows } = await server.db.query<{ next_at: Date }>(
      `SELECT next_at FROM automation_schedules WHERE automation_id = 'escalate_overdue_tickets'`,
    );
    await runAutomationRound(engine, deps, new Date(rows[0]!.next_at.getTime() + 1000));
    expect((await get(chen, 'crm', 'tickets', late.id)).data).toMatchObject({
      escalation: 'escalated',
      priority: 'urgent',
    });
    expect((await get(chen, 'crm', 'tickets', done.id)).data.escalation ?? 'none').toBe('none');
    expect((await get(chen, 'crm', 'tickets', fresh.id)).data.escalation ?? 'none').toBe('none');
    const notes = await zhang.agent.get(`${API}/notifications`).expect(200);
    expect(JSON.stringify(notes.body)).toContain('Machine does not start');
    expect(JSON.stringify(notes.body)).not.toContain('Wrong invoice title');

    // The service dashboard counts it as overdue until it is resolved.
    const dash = await chen.agent.post(`${API}/apps/crm/dashboards/service/data`).send({}).expect(200);
    expect(JSON.stringify(dash.body.widgets.overdue)).toContain('Machine does not start');
    expect(JSON.stringify(dash.body.widgets.overdue)).not.toContain('Wrong invoice title');
  });
});

describe('who sees which opportunity', () => {
  let lisDeal = '';
  beforeAll(async () => {
    lisDeal = (
      await create(li, 'crm', 'opportunities', {
        name: 'Suzhou Harbor Logistics',
        customer: ids.customer,
        stage: 'proposal',
        amount: 12000,
        expected_close: '2027-02-28',
        owner: li.user.id,
      })
    ).id;
  });

  it('a sales rep sees only their own: list, get, query, dashboard and export', async () => {
    const mine = await list(wang, 'crm', 'opportunities');
    expect(mine.map((o) => o.id)).toEqual([ids.opportunity]);
    await wang.agent.get(`${records('crm', 'opportunities')}/${lisDeal}`).expect(404);
    const page = await wang.agent.get(`${records('crm', 'opportunities')}?limit=100`).expect(200);
    expect(page.body.items.map((o: { id: string }) => o.id)).toEqual([ids.opportunity]);

    const dash = await wang.agent.post(`${API}/apps/crm/dashboards/sales/data`).send({}).expect(200);
    const funnel = JSON.stringify(dash.body.widgets.funnel);
    expect(funnel).toContain('won');
    expect(funnel).not.toContain('proposal'); // Li's deal is not counted
    const liDash = await li.agent.post(`${API}/apps/crm/dashboards/sales/data`).send({}).expect(200);
    expect(JSON.stringify(liDash.body.widgets.open_deals)).toContain('Suzhou Harbor Logistics');

    // Export (a file): Li's holds her open deal, Wang's (whose deal is won, so not open) does not.
    const exportOf = async (who: SignedIn) => {
      const res = await who.agent
        .get(`${API}/apps/crm/dashboards/sales/widgets/open_deals/export`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as unknown as ArrayBuffer);
      const cells: unknown[] = [];
      book.worksheets[0]!.eachRow((row) => cells.push(...(row.values as unknown[])));
      return JSON.stringify(cells);
    };
    expect(await exportOf(li)).toContain('Suzhou Harbor Logistics');
    expect(await exportOf(wang)).not.toContain('Suzhou Harbor');

    // The manager sees the team's (both), the GM would read all.
    const team = await list(zhang, 'crm', 'opportunities');
    expect(team.map((o) => o.id).sort()).toEqual([ids.opportunity!, lisDeal].sort());
  });

  it('a warehouse clerk sees no opportunity through any path; a service agent neither', async () => {
    for (const who of [sun, chen]) {
      const paths = [
        who.agent.get(`${records('crm', 'opportunities')}?limit=10`),
        who.agent.post(`${records('crm', 'opportunities')}/query`).send({}),
        who.agent.get(`${records('crm', 'opportunities')}/${ids.opportunity}`),
        who.agent
          .post(`${API}/apps/crm/forms/opportunities/aggregate`)
          .send({ measures: [{ op: 'count', as: 'n' }] }),
        who.agent.get(`${API}/apps/crm/dashboards/sales/widgets/open_deals/export`),
      ];
      for (const res of await Promise.all(paths)) {
        expect([403, 404], `${who.email}: ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
        expect(JSON.stringify(res.body ?? {})).not.toContain('Bright Tech');
      }
      const dash = await who.agent.post(`${API}/apps/crm/dashboards/sales/data`).send({});
      if (dash.status === 200) {
        for (const id of ['funnel', 'forecast', 'ranking', 'open_deals', 'pipeline', 'win_rate'])
          expect(JSON.stringify(dash.body.widgets[id] ?? null), `${who.email} ${id}`).not.toMatch(
            /Bright|Suzhou|3662/,
          );
      } else expect([403, 404]).toContain(dash.status);
    }
    // The ERP order the deal became does not show the clerk which opportunity it came from.
    const [order] = await list(admin, 'erp', 'sales_orders', eq('opportunity', ids.opportunity));
    const seen = await get(sun, 'erp', 'sales_orders', order!.id);
    expect(seen.data.opportunity).toBeUndefined();
    expect(seen.data.total).toBeUndefined();
  });
});
