/**
 * The ERP template's story (issue 14, point 4), on the installed master and erp apps with their
 * roles: purchases with approval and partial receipts (over-receipt refused), sales with partial
 * shipments and a backorder, a shipment beyond stock refused with nothing written, a transfer, a
 * stock count, returns both ways, invoices and payments (over-payment refused), payables; exact
 * stock per product and warehouse and exact open balances at the end; ten concurrent shipments
 * never oversell; and what a warehouse clerk may not read (prices, the opportunity, receivables)
 * through records, balances, dashboards and a widget export.
 */
import { createAutomationEngine, createRecordWrites } from '@tangram/server';
import { SAMPLE_USERS, erpPackage, masterPackage } from '@tangram/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { setupTemplates } from './helpers/template-setup';

let server: TestServer;
let admin: SignedIn;
let u: Record<string, SignedIn>;
const ids: Record<string, string> = {};
const url = (app: string, form: string) => `/api/v1/apps/${app}/forms/${form}/records`;

async function create(who: SignedIn, app: string, form: string, data: Record<string, unknown>) {
  return who.agent.post(url(app, form)).send({ data });
}
async function created(
  who: SignedIn,
  app: string,
  form: string,
  data: Record<string, unknown>,
): Promise<string> {
  const res = await create(who, app, form, data);
  expect(res.status, `${form}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.record.id as string;
}
const lines = (...items: [string, number, number?][]) =>
  items.map(([product, quantity, price]) => ({
    product: ids[product],
    quantity,
    ...(price === undefined ? {} : { price }),
  }));

/** Every balance of an aggregate as `title path → value`, read by `who`. */
async function balances(aggregate: string, who = admin): Promise<Record<string, string>> {
  const res = await who.agent.get(`/api/v1/apps/erp/aggregates/${aggregate}/balances`).query({ limit: 500 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const out: Record<string, string> = {};
  for (const item of res.body.items as {
    key: Record<string, string>;
    titles: Record<string, string>;
    values: Record<string, string>;
  }[])
    out[
      Object.keys(item.key)
        .map((k) => item.titles[k] ?? item.key[k])
        .join(' / ')
    ] = Object.values(item.values)[0]!;
  return out;
}
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const count = async (table: string) =>
  (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

async function approve(who: SignedIn, form: string, recordId: string) {
  const v = await who.agent.get(`/api/v1/apps/erp/forms/${form}/records/${recordId}/workflow`).expect(200);
  const res = await who.agent.post(`/api/v1/tasks/${v.body.me.taskId}/approve`).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  ({ users: u } = await setupTemplates(server, admin, [masterPackage, erpPackage], SAMPLE_USERS));
  // Master data, as the admin and the purchaser keep it.
  for (const [key, name, code] of [
    ['sh', 'Shanghai', 'SH'],
    ['bj', 'Beijing', 'BJ'],
  ] as const)
    ids[key] = await created(admin, 'master', 'warehouses', { name, code });
  for (const [key, sku, name, price, cost] of [
    ['bolt', 'B-1', 'Bolt', 5, 2.5],
    ['nut', 'N-1', 'Nut', 2, 1.2],
    ['gear', 'G-1', 'Gear', 30, 18],
  ] as const)
    ids[key] = await created(u.buyer_zhao!, 'master', 'products', {
      sku,
      name,
      price,
      cost,
      unit: 'pcs',
      reorder_point: 10,
      active: true,
    });
  ids.acme = await created(admin, 'master', 'customers', {
    name: 'Acme',
    payment_days: 30,
    credit_limit: 10000,
  });
  ids.beta = await created(admin, 'master', 'customers', { name: 'Beta' });
  ids.steel = await created(u.buyer_zhao!, 'master', 'suppliers', { name: 'Steel Co' });
}, 120_000);
afterAll(() => server.close());

describe('the ERP story', () => {
  it('receives against an approved purchase order only, in parts, never more than ordered', async () => {
    const po = await created(u.buyer_zhao!, 'erp', 'purchase_orders', {
      supplier: ids.steel,
      warehouse: ids.sh,
      order_date: '2026-03-02',
      lines: lines(['bolt', 100, 2.5], ['nut', 50, 1.2]),
    });
    ids.po = po;
    const receipt = (qty: number) => ({
      purchase_order: po,
      warehouse: ids.sh,
      received_on: '2026-03-05',
      lines: lines(['bolt', qty]),
    });
    // Not approved yet: nothing is open to receive.
    const early = await create(u.clerk_sun!, 'erp', 'receipts', receipt(10));
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('balance_rule');
    await approve(u.gm_wu!, 'purchase_orders', po);
    await created(u.clerk_sun!, 'erp', 'receipts', {
      ...receipt(60),
      lines: lines(['bolt', 60], ['nut', 50]),
    });
    const over = await create(u.clerk_sun!, 'erp', 'receipts', receipt(50));
    expect(over.status).toBe(409);
    expect(over.body.error.message).toContain('Receiving more than ordered');
    expect(over.body.error.details.violations[0]).toMatchObject({ available: '40', requested: '50' });
    await created(u.clerk_sun!, 'erp', 'receipts', receipt(40));
    expect(await balances('stock')).toEqual({ 'Bolt / Shanghai': '100', 'Nut / Shanghai': '50' });
    const open = await balances('open_to_receive');
    expect(Object.values(open)).toEqual(['0', '0']);
  });

  it('ships in parts, leaving a backorder, and drafts the invoice of a shipment', async () => {
    const order = {
      customer: ids.acme,
      warehouse: ids.sh,
      order_date: '2026-03-10',
      lines: lines(['bolt', 70, 5], ['nut', 30, 2]),
    };
    // The opportunity links to a CRM opportunity (filled by the CRM); without the CRM installed
    // there is none to link, and free text is not an opportunity.
    const typed = await create(u.rep_wang!, 'erp', 'sales_orders', {
      ...order,
      opportunity: 'OPP-7 big deal',
    });
    expect(typed.status, JSON.stringify(typed.body)).toBeGreaterThanOrEqual(400);
    expect(typed.status).toBeLessThan(500);
    ids.so1 = await created(u.rep_wang!, 'erp', 'sales_orders', order);
    const so = await admin.agent.get(`${url('erp', 'sales_orders')}/${ids.so1}`).expect(200);
    expect(so.body.record.data.total).toBe(410);
    const engine = createAutomationEngine({
      db: server.db,
      config: server.config,
      writes: createRecordWrites(),
    });
    await engine.processAll();
    ids.dn1 = await created(u.clerk_sun!, 'erp', 'shipments', {
      sales_order: ids.so1,
      customer: ids.acme,
      warehouse: ids.sh,
      shipped_on: '2026-03-11',
      lines: lines(['bolt', 50], ['nut', 30]),
    });
    // The shipment's lines show what is left on hand in its warehouse, to the clerk too.
    const shown = await u.clerk_sun!.agent.get(`${url('erp', 'shipments')}/${ids.dn1}`).expect(200);
    expect(shown.body.record.data.lines.map((l: { on_hand: number }) => l.on_hand)).toEqual([50, 20]);
    await engine.processAll();
    const drafts = await u
      .acct_zhou!.agent.post(`/api/v1/apps/erp/forms/invoices/records/query`)
      .send({ filter: { kind: 'cmp', field: 'shipment', op: 'eq', value: ids.dn1 } });
    expect(drafts.status, JSON.stringify(drafts.body)).toBe(200);
    expect(drafts.body.items).toHaveLength(1);
    expect(drafts.body.items[0].data).toMatchObject({
      customer: ids.acme,
      status: 'draft',
      sales_order: ids.so1,
    });
    expect(drafts.body.items[0].data.lines.map((l: { quantity: number }) => l.quantity)).toEqual([50, 30]);
    ids.draft = drafts.body.items[0].id;
    const backorder = await balances('open_to_ship');
    expect(Object.entries(backorder).filter(([, v]) => v !== '0')).toEqual([
      [expect.stringContaining('Bolt'), '20'],
    ]);
  });

  it('refuses a shipment beyond the stock in that warehouse, naming product, warehouse and shortfall, writing nothing', async () => {
    ids.so2 = await created(u.rep_li!, 'erp', 'sales_orders', {
      customer: ids.beta,
      warehouse: ids.sh,
      order_date: '2026-03-12',
      lines: lines(['bolt', 80, 5]),
    });
    const before = [await count('record_history'), await count('outbox')];
    const res = await u.clerk_sun!.agent.post(url('erp', 'shipments')).send({
      data: {
        sales_order: ids.so2,
        customer: ids.beta,
        warehouse: ids.sh,
        shipped_on: '2026-03-12',
        lines: lines(['bolt', 80]),
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('balance_rule');
    expect(res.body.error.message).toBe('Not enough stock of Bolt / Shanghai: 50 on hand, 80 requested');
    const zh = await u
      .clerk_sun!.agent.post(url('erp', 'shipments'))
      .set('Accept-Language', 'zh-CN')
      .send({
        data: {
          sales_order: ids.so2,
          customer: ids.beta,
          warehouse: ids.sh,
          shipped_on: '2026-03-12',
          lines: lines(['bolt', 80]),
        },
      });
    expect(zh.body.error.message).toBe('Bolt / Shanghai 库存不足：现存 50，需要 80');
    expect([await count('record_history'), await count('outbox')]).toEqual(before);
    expect((await balances('stock'))['Bolt / Shanghai']).toBe('50');
  });

  it('moves stock by transfer, count and returns, then ships the rest that is there', async () => {
    await created(u.clerk_sun!, 'erp', 'transfers', {
      from_warehouse: ids.sh,
      to_warehouse: ids.bj,
      moved_on: '2026-03-13',
      lines: lines(['bolt', 10]),
    });
    const same = await create(u.clerk_sun!, 'erp', 'transfers', {
      from_warehouse: ids.sh,
      to_warehouse: ids.sh,
      moved_on: '2026-03-13',
      lines: lines(['bolt', 1]),
    });
    expect(same.status).toBe(400);
    expect(JSON.stringify(same.body.error)).toContain('two different warehouses');
    await created(u.clerk_sun!, 'erp', 'stock_counts', {
      warehouse: ids.sh,
      counted_on: '2026-03-14',
      reason: 'damaged',
      lines: [{ product: ids.nut, adjustment: -2 }],
    });
    await created(u.clerk_sun!, 'erp', 'customer_returns', {
      customer: ids.acme,
      sales_order: ids.so1,
      warehouse: ids.sh,
      returned_on: '2026-03-15',
      reason: 'defective',
      lines: lines(['bolt', 5]),
    });
    await created(u.clerk_sun!, 'erp', 'supplier_returns', {
      supplier: ids.steel,
      purchase_order: ids.po,
      warehouse: ids.sh,
      returned_on: '2026-03-16',
      reason: 'defective',
      lines: lines(['nut', 3]),
    });
    await created(u.clerk_sun!, 'erp', 'shipments', {
      sales_order: ids.so2,
      customer: ids.beta,
      warehouse: ids.sh,
      shipped_on: '2026-03-17',
      invoicing: 'later',
      lines: lines(['bolt', 45]),
    });
    expect(await balances('stock')).toEqual({
      'Bolt / Shanghai': '0',
      'Bolt / Beijing': '10',
      'Nut / Shanghai': '15',
    });
  });

  it('ten concurrent shipments of 3 against 25 in stock: 8 ship, 2 are refused, none oversell', async () => {
    const po = await created(u.buyer_zhao!, 'erp', 'purchase_orders', {
      supplier: ids.steel,
      warehouse: ids.sh,
      order_date: '2026-04-01',
      lines: lines(['gear', 25, 18]),
    });
    await approve(u.gm_wu!, 'purchase_orders', po);
    await created(u.clerk_sun!, 'erp', 'receipts', {
      purchase_order: po,
      warehouse: ids.sh,
      received_on: '2026-04-02',
      lines: lines(['gear', 25]),
    });
    const so = await created(u.rep_wang!, 'erp', 'sales_orders', {
      customer: ids.acme,
      warehouse: ids.sh,
      order_date: '2026-04-03',
      lines: lines(['gear', 100, 30]),
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        create(u.clerk_sun!, 'erp', 'shipments', {
          sales_order: so,
          customer: ids.acme,
          warehouse: ids.sh,
          shipped_on: '2026-04-04',
          invoicing: 'later',
          lines: lines(['gear', 3]),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 201, 409, 409]);
    expect((await balances('stock'))['Gear / Shanghai']).toBe('1');
  });

  it('keeps receivables and payables exact and refuses a payment beyond what is open', async () => {
    const acct = u.acct_zhou!;
    // The drafted invoice is priced from the order and issued; Beta's shipment is invoiced by hand.
    const draft = await acct.agent.get(`${url('erp', 'invoices')}/${ids.draft}`).expect(200);
    const issueUnpriced = await acct.agent
      .patch(`${url('erp', 'invoices')}/${ids.draft}`)
      .send({ version: draft.body.record.version, data: { status: 'issued' } });
    expect(issueUnpriced.status).toBe(400);
    expect(JSON.stringify(issueUnpriced.body.error)).toContain('Every line needs a unit price');
    const issued = await acct.agent.patch(`${url('erp', 'invoices')}/${ids.draft}`).send({
      version: draft.body.record.version,
      // Due 100 days ago: over 90 days past due in the ageing, whatever day the test runs.
      data: { status: 'issued', due_on: daysAgo(100), lines: lines(['bolt', 50, 5], ['nut', 30, 2]) },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.record.data.total).toBe(310);
    ids.betaInvoice = await created(acct, 'erp', 'invoices', {
      customer: ids.beta,
      sales_order: ids.so2,
      issued_on: '2026-03-17',
      due_on: daysAgo(10),
      status: 'issued',
      lines: lines(['bolt', 45, 4.99]),
    });
    await created(acct, 'erp', 'payments_received', {
      customer: ids.acme,
      invoice: ids.draft,
      received_on: '2026-04-01',
      amount: 299.99,
    });
    // Allocated to another customer's invoice: nothing of Acme's is open on it, refused.
    const misallocated = await create(acct, 'erp', 'payments_received', {
      customer: ids.acme,
      invoice: ids.betaInvoice,
      received_on: '2026-04-02',
      amount: 5,
    });
    expect(misallocated.status).toBe(409);
    expect(misallocated.body.error.message).toMatch(
      /^The payment is more than is open on invoice .*: 0(\.00)? open, 5\.00 received$/,
    );
    const over = await create(acct, 'erp', 'payments_received', {
      customer: ids.acme,
      received_on: '2026-04-02',
      amount: 20,
    });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toBe('The payment is more than Acme owes: 10.01 open, 20.00 received');
    // Beta pays 200 of its 224.55 invoice.
    await created(acct, 'erp', 'payments_received', {
      customer: ids.beta,
      invoice: ids.betaInvoice,
      received_on: '2026-04-02',
      amount: 200,
    });
    expect(await balances('receivables')).toEqual({ Acme: '10.01', Beta: '24.55' });
    expect(Object.values(await balances('invoice_open')).sort()).toEqual(['10.01', '24.55']);
    // The ageing: Acme's 10.01 is over 90 days past due, Beta's 24.55 is 10 days past due.
    const board = await acct.agent.post('/api/v1/apps/erp/dashboards/receivables/data').send({}).expect(200);
    const kpi = (id: string) => board.body.widgets[id].rows[0]?.open ?? 0;
    expect([kpi('ageing_0_30'), kpi('ageing_31_60'), kpi('ageing_61_90'), kpi('ageing_90_plus')]).toEqual([
      24.55, 0, 0, 10.01,
    ]);
    expect(board.body.widgets.overdue_by_customer.rows).toEqual([
      { customer: 'Beta', open: 24.55 },
      { customer: 'Acme', open: 10.01 },
    ]);

    await created(acct, 'erp', 'supplier_bills', {
      supplier: ids.steel,
      purchase_order: ids.po,
      billed_on: '2026-03-06',
      amount: 310,
    });
    await created(acct, 'erp', 'supplier_payments', {
      supplier: ids.steel,
      paid_on: '2026-03-30',
      amount: 200,
    });
    const overpaid = await create(acct, 'erp', 'supplier_payments', {
      supplier: ids.steel,
      paid_on: '2026-03-31',
      amount: 120,
    });
    expect(overpaid.status).toBe(409);
    expect(await balances('payables')).toEqual({ 'Steel Co': '110.00' });
  });

  it('ends with exact stock per product and warehouse and the backorders still open', async () => {
    expect(await balances('stock')).toEqual({
      'Bolt / Shanghai': '0',
      'Bolt / Beijing': '10',
      'Nut / Shanghai': '15',
      'Gear / Shanghai': '1',
    });
    const open = Object.values(await balances('open_to_ship'))
      .filter((v) => v !== '0')
      .sort();
    expect(open).toEqual(['20', '35', '76']);
  });
});

describe('what each role reads', () => {
  it('a warehouse clerk sees no prices, totals or the opportunity of an order, and no product prices', async () => {
    const clerk = u.clerk_sun!;
    const so = await clerk.agent.get(`${url('erp', 'sales_orders')}/${ids.so1}`).expect(200);
    expect(Object.keys(so.body.record.data).sort()).toEqual([
      'customer',
      'notes',
      'number',
      'order_date',
      'warehouse',
    ]);
    const products = await clerk.agent.get(url('master', 'products')).expect(200);
    for (const p of products.body.items) {
      expect(p.data).not.toHaveProperty('price');
      expect(p.data).not.toHaveProperty('cost');
    }
    const byPrice = await clerk.agent
      .post('/api/v1/apps/master/forms/products/records/query')
      .send({ filter: { kind: 'cmp', field: 'price', op: 'gt', value: 1 } });
    expect(byPrice.status).toBe(422);
    const invoices = await clerk.agent.get(url('erp', 'invoices'));
    expect([403, 404]).toContain(invoices.status);
  });

  it('a warehouse clerk reads stock but not receivables, in the balances API and on dashboards, and cannot export sales', async () => {
    const clerk = u.clerk_sun!;
    expect((await clerk.agent.get('/api/v1/apps/erp/aggregates/stock/balances')).status).toBe(200);
    const ar = await clerk.agent.get('/api/v1/apps/erp/aggregates/receivables/balances');
    expect(ar.status).toBe(403);
    expect(ar.body.error.code).toBe('aggregate_not_readable');
    const zh = await clerk.agent
      .get('/api/v1/apps/erp/aggregates/receivables/balances')
      .set('Accept-Language', 'zh-CN');
    expect(zh.body.error.message).toBe('查看此余额需要能查看记入它的所有表单和字段。');
    const listed = await clerk.agent.get('/api/v1/apps/erp/aggregates').expect(200);
    // Order lines (quantities with their prices) are hidden from the clerk, so are balances built from them.
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual(['stock']);

    const board = await clerk.agent.post('/api/v1/apps/erp/dashboards/receivables/data').send({});
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    for (const w of ['open_by_customer', 'ageing_90_plus', 'overdue_by_customer', 'open_by_supplier']) {
      expect(board.body.widgets[w].error, w).toBeDefined();
      expect(board.body.widgets[w].rows).toBeUndefined();
    }
    const sales = await clerk.agent.post('/api/v1/apps/erp/dashboards/sales/data').send({});
    for (const w of ['sales_total', 'sales_by_month', 'qty_by_product'])
      expect(sales.body.widgets[w].error, w).toBeDefined();
    const stock = await clerk.agent.post('/api/v1/apps/erp/dashboards/inventory/data').send({});
    expect(stock.body.widgets.stock_by_warehouse.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ warehouse: 'Shanghai', qty: 16 })]),
    );
    // On hand per warehouse against the product's reorder point (10 each): Bolt/Beijing (10) and
    // Nut/Shanghai (15) are not below.
    expect(stock.body.widgets.below_reorder.rows).toEqual([
      { product: 'Bolt', warehouse: 'Shanghai', qty: 0 },
      { product: 'Gear', warehouse: 'Shanghai', qty: 1 },
    ]);
    const exported = await clerk.agent.get(
      '/api/v1/apps/erp/dashboards/sales/widgets/sales_by_month/export?format=xlsx',
    );
    expect(exported.status).toBeGreaterThanOrEqual(400);
    const accountant = await u.acct_zhou!.agent.post('/api/v1/apps/erp/dashboards/receivables/data').send({});
    expect(accountant.body.widgets.open_by_customer.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ customer: 'Acme', open: 10.01 })]),
    );
  });

  it('compares a balance with a field of its key record only where the viewer sees that field', async () => {
    const current = await admin.agent.get('/api/v1/apps/erp').expect(200);
    const next = structuredClone(current.body.definition ?? current.body.app) as {
      dashboards: { id: string; widgets: Record<string, unknown>[] }[];
    };
    const inventory = next.dashboards.find((d) => d.id === 'inventory')!;
    const widget = (id: string, having: Record<string, unknown>) => ({
      type: 'bar',
      id,
      title: { en: id, 'zh-CN': id },
      layout: { x: 0, y: 40, w: 12, h: 6 },
      source: { aggregate: 'stock', having },
      dimensions: [{ field: 'product' }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty' }],
    });
    // Not grouped by the compared key: refused on save, naming the path.
    inventory.widgets.push({
      ...widget('by_wh', { measure: 'qty', op: 'lt', key: 'product', field: 'reorder_point' }),
      dimensions: [{ field: 'warehouse' }],
    });
    const refused = await admin.agent
      .put('/api/v1/apps/erp')
      .send({ app: next, baseVersion: current.body.version });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('key_not_grouped');
    inventory.widgets.pop();
    // Stock at or above the cost (hidden from the clerk): the admin sees it, the clerk is refused.
    inventory.widgets.push(widget('over_cost', { measure: 'qty', op: 'gte', key: 'product', field: 'cost' }));
    // Or with a fixed number (the studio's picker offers both), never both at once.
    inventory.widgets.push(widget('at_least_12', { measure: 'qty', op: 'gte', value: 12 }));
    const both = await admin.agent.put('/api/v1/apps/erp').send({
      app: {
        ...next,
        dashboards: next.dashboards.map((d) =>
          d.id !== 'inventory'
            ? d
            : {
                ...d,
                widgets: [
                  ...d.widgets,
                  widget('both', { measure: 'qty', op: 'lt', value: 1, key: 'product', field: 'cost' }),
                ],
              },
        ),
      },
      baseVersion: current.body.version,
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('having_two_bounds');
    await admin.agent
      .put('/api/v1/apps/erp')
      .send({ app: next, baseVersion: current.body.version })
      .expect(200);
    const mine = await admin.agent.post('/api/v1/apps/erp/dashboards/inventory/data').send({}).expect(200);
    expect(mine.body.widgets.over_cost.rows).toEqual(
      expect.arrayContaining([
        { product: 'Bolt', qty: 10 },
        { product: 'Nut', qty: 15 },
      ]),
    );
    expect(mine.body.widgets.over_cost.rows).toHaveLength(2);
    expect(mine.body.widgets.at_least_12.rows).toEqual([{ product: 'Nut', qty: 15 }]);
    const clerk = await u.clerk_sun!.agent.post('/api/v1/apps/erp/dashboards/inventory/data').send({});
    expect(clerk.body.widgets.over_cost.error.code).toBe('having_field_hidden');
    expect(clerk.body.widgets.over_cost.rows).toBeUndefined();
    expect(clerk.body.widgets.below_reorder.rows).toHaveLength(2);
  });

  it('a sales rep sees only their own orders', async () => {
    const li = await u.rep_li!.agent.get(url('erp', 'sales_orders')).expect(200);
    expect(li.body.items.map((r: { id: string }) => r.id)).toEqual([ids.so2]);
    expect((await u.rep_li!.agent.get(`${url('erp', 'sales_orders')}/${ids.so1}`)).status).toBe(404);
  });
});
