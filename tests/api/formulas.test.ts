import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, recomputeOrder } from '@tangram/formula';
import type { AppDefinition, FieldDefinition } from '@tangram/schema';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
const QUOTES = '/api/v1/apps/quoting/forms/quotes';
const l = (en: string) => ({ en });

/** Twenty formula fields that depend on each other, on inputs and on a subform total. */
const formulas: [string, string, 'number' | 'text' | 'boolean' | 'date'][] = [
  ['subtotal', 'SUM({lines.amount})', 'number'],
  ['discountRate', 'IF({subtotal} >= 1000, 0.1, IF({subtotal} >= 100, 0.05, 0))', 'number'],
  ['discount', 'ROUND({subtotal} * {discountRate}, 2)', 'number'],
  ['net', '{subtotal} - {discount}', 'number'],
  ['tax', 'ROUND({net} * {taxRate}, 2)', 'number'],
  ['gross', '{net} + {tax}', 'number'],
  ['lineCount', 'COUNT({lines.amount})', 'number'],
  ['avgLine', 'IF({lineCount} = 0, 0, ROUND({subtotal} / {lineCount}, 2))', 'number'],
  ['maxLine', 'MAX({lines.amount})', 'number'],
  ['big', '{gross} > 500', 'boolean'],
  ['label', 'CONCATENATE(UPPER({customer}), " / ", TEXT({gross}, "0.00"))', 'text'],
  ['customerLen', 'LEN({customer})', 'number'],
  ['due', 'DATEDELTA({issued}, {termDays})', 'date'],
  ['dueYear', 'YEAR({due})', 'number'],
  ['dueMonth', 'MONTH({due})', 'number'],
  ['grade', 'IFS({gross} > 1000, "A", {gross} > 100, "B", TRUE, "C")', 'text'],
  ['perDay', 'IF({termDays} = 0, {gross}, ROUND({gross} / {termDays}, 4))', 'number'],
  ['summary', '{grade} & "-" & {lineCount} & "-" & {dueYear}', 'text'],
  ['rounded', 'ROUNDUP({gross}, -1)', 'number'],
  ['check', 'AND({big}, {lineCount} > 1)', 'boolean'],
];

function quotingApp(): AppDefinition {
  const fields: FieldDefinition[] = [
    { id: 'customer', type: 'text', label: l('Customer'), required: true },
    { id: 'issued', type: 'date', label: l('Issued') },
    { id: 'termDays', type: 'number', label: l('Term (days)') },
    { id: 'taxRate', type: 'percent', label: l('Tax rate') },
    {
      id: 'lines',
      type: 'subform',
      label: l('Lines'),
      config: {
        fields: [
          { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 2 } },
          { id: 'price', type: 'money', label: l('Price') },
          {
            id: 'amount',
            type: 'formula',
            label: l('Amount'),
            config: { formula: '{qty} * {price}', resultType: 'number', precision: 2 },
          },
        ],
      },
    },
    // Declared in reverse so the server must find the dependency order itself.
    ...formulas
      .map(([id, formula, resultType]): FieldDefinition => ({
        id,
        type: 'formula',
        label: l(id),
        config: { formula, resultType },
      }))
      .reverse(),
    { id: 'owner', type: 'text', label: l('Owner'), default: { kind: 'formula', formula: 'UPPER("sales")' } },
  ];
  return {
    id: 'quoting',
    name: l('Quoting'),
    formatVersion: 1,
    forms: [
      {
        id: 'quotes',
        name: l('Quotes'),
        fields,
        rules: {
          validation: [
            {
              id: 'positive',
              formula: 'OR({lineCount} = 0, {gross} > 0)',
              message: l('A quote with lines must have a positive total'),
            },
          ],
        },
      },
    ],
  };
}

/** What the browser computes: the same package, in dependency order, over the same inputs. */
function browserValues(input: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...input };
  const lines = (input.lines as Record<string, number>[]).map((row) => ({
    ...row,
    amount: evaluate('{qty} * {price}', { values: row }).value,
  }));
  values.lines = lines;
  const order = recomputeOrder(formulas.map(([id, formula]) => ({ id, formula })));
  if (!Array.isArray(order)) throw new Error('cycle');
  const byId = new Map(formulas.map(([id, formula]) => [id, formula]));
  for (const id of order) {
    const formula = byId.get(id);
    if (formula) values[id] = evaluate(formula, { values, timeZone: 'UTC' }).value;
  }
  return values;
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  const res = await admin.agent.post('/api/v1/apps').send(quotingApp());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(() => server.close());

describe('formula fields on the server', () => {
  const cases = [
    {
      customer: 'acme',
      issued: '2024-01-31',
      termDays: 30,
      taxRate: 0.13,
      lines: [
        { qty: 3, price: 19.99 },
        { qty: 1.5, price: 100.1 },
      ],
    },
    {
      customer: '简道云',
      issued: '2024-02-29',
      termDays: 365,
      taxRate: 0.06,
      lines: [
        { qty: 10, price: 99.99 },
        { qty: 2, price: 0.1 },
        { qty: 1, price: 0.2 },
      ],
    },
    { customer: 'solo', issued: '2023-12-31', termDays: 0, taxRate: 0, lines: [] },
  ];
  for (const input of cases) {
    it(`computes the same values as the browser evaluator (${input.customer})`, async () => {
      // Formula values are the server's: one sent is refused (tests/api/definition-hardening.test.ts).
      const res = await admin.agent.post(`${QUOTES}/records`).send({ data: input });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const expected = browserValues(input);
      const stored = res.body.record.data;
      for (const [id] of formulas) expect(stored[id], id).toEqual(expected[id]);
      expect(stored.lines.map((r: { amount: number }) => r.amount)).toEqual(
        (expected.lines as { amount: number }[]).map((r) => r.amount),
      );
      expect(stored.owner).toBe('SALES');
    });
  }

  it('keeps exact decimals: 0.1 + 0.2 lines total 0.3', async () => {
    const res = await admin.agent
      .post(`${QUOTES}/records`)
      .send({
        data: {
          customer: 'dec',
          lines: [
            { qty: 1, price: 0.1 },
            { qty: 1, price: 0.2 },
          ],
        },
      })
      .expect(201);
    expect(res.body.record.data.subtotal).toBe(0.3);
  });

  it('recomputes on update, including after a subform row changes', async () => {
    const created = (
      await admin.agent
        .post(`${QUOTES}/records`)
        .send({ data: { customer: 'upd', taxRate: 0, lines: [{ qty: 1, price: 10 }] } })
        .expect(201)
    ).body.record;
    const updated = await admin.agent
      .patch(`${QUOTES}/records/${created.id}`)
      .send({ version: 1, data: { lines: [{ id: created.data.lines[0].id, qty: 200, price: 10 }] } })
      .expect(200);
    expect(updated.body.record.data).toMatchObject({
      subtotal: 2000,
      discountRate: 0.1,
      discount: 200,
      net: 1800,
      grade: 'A',
    });
  });

  it('rejects a write that fails a validation rule with the rule message, storing nothing', async () => {
    const res = await admin.agent
      .post(`${QUOTES}/records`)
      .send({ data: { customer: 'neg', lines: [{ qty: -1, price: 5 }] } })
      .expect(400);
    expect(res.body.error.message).toBe('A quote with lines must have a positive total');
    const list = await admin.agent.get(`${QUOTES}/records`).query({ q: 'neg' }).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('refuses formulas with unknown fields or wrong types when the app is saved', async () => {
    const app = quotingApp();
    app.id = 'broken';
    app.forms[0]!.fields.push({
      id: 'bad',
      type: 'formula',
      label: l('Bad'),
      config: { formula: 'SUM({nowhere}) + ', resultType: 'number' },
    });
    const res = await admin.agent.post('/api/v1/apps').send(app).expect(400);
    expect(res.body.error.details[0].path).toMatch(/^\/forms\/0\/fields\/\d+\/config\/formula$/);
  });
});

describe('lookup functions on the server', () => {
  it('answers MAPX from another form and TEXTUSER from the directory', async () => {
    const app: AppDefinition = {
      id: 'crm',
      name: l('CRM'),
      formatVersion: 1,
      forms: [
        {
          id: 'customers',
          name: l('Customers'),
          fields: [
            { id: 'name', type: 'text', label: l('Name') },
            { id: 'phone', type: 'text', label: l('Phone') },
            { id: 'credit', type: 'number', label: l('Credit') },
          ],
        },
        {
          id: 'orders',
          name: l('Orders'),
          fields: [
            { id: 'customer', type: 'text', label: l('Customer') },
            { id: 'owner', type: 'member', label: l('Owner') },
            {
              id: 'phone',
              type: 'formula',
              label: l('Phone'),
              config: {
                formula: 'MAPX("GET", {customer}, {customers.name}, {customers.phone})',
                resultType: 'text',
              },
            },
            {
              id: 'credit',
              type: 'formula',
              label: l('Credit'),
              config: {
                formula: 'MAPX("SUM", {customer}, {customers.name}, {customers.credit})',
                resultType: 'number',
              },
            },
            {
              id: 'ownerName',
              type: 'formula',
              label: l('Owner name'),
              config: { formula: 'TEXTUSER({owner})', resultType: 'text' },
            },
          ],
        },
      ],
    };
    const created = await admin.agent.post('/api/v1/apps').send(app);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await admin.agent
      .post('/api/v1/apps/crm/forms/customers/records/batch')
      .send({
        items: [
          { data: { name: 'Acme', phone: '555-0100', credit: 100 } },
          { data: { name: 'Acme', phone: '555-0199', credit: 50.5 } },
        ],
      })
      .expect(201);
    const res = await admin.agent
      .post('/api/v1/apps/crm/forms/orders/records')
      .send({ data: { customer: 'Acme', owner: admin.user.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.record.data).toMatchObject({
      phone: '555-0100',
      credit: 150.5,
      ownerName: admin.user.name,
    });
    const none = await admin.agent
      .post('/api/v1/apps/crm/forms/orders/records')
      .send({ data: { customer: 'Nobody' } })
      .expect(201);
    expect(none.body.record.data).toMatchObject({ phone: null, credit: null, ownerName: null });
  });
});

describe('RECNO', () => {
  it('numbers records from the form numbering start, on create and after updates', async () => {
    const app: AppDefinition = {
      id: 'tickets',
      name: l('Tickets'),
      formatVersion: 1,
      forms: [
        {
          id: 'tickets',
          name: l('Tickets'),
          numbering: { start: 1000 },
          fields: [
            { id: 'title', type: 'text', label: l('Title') },
            {
              id: 'no',
              type: 'formula',
              label: l('No.'),
              config: { formula: '"T-" & RECNO()', resultType: 'text' },
            },
          ],
        },
      ],
    };
    await admin.agent.post('/api/v1/apps').send(app).expect(201);
    const url = '/api/v1/apps/tickets/forms/tickets/records';
    const first = (
      await admin.agent
        .post(url)
        .send({ data: { title: 'a' } })
        .expect(201)
    ).body.record;
    const batch = (
      await admin.agent
        .post(`${url}/batch?return=records`)
        .send({ items: [{ data: { title: 'b' } }, { data: { title: 'c' } }] })
        .expect(201)
    ).body.records;
    expect([first, ...batch].map((r: { data: { no: string } }) => r.data.no)).toEqual([
      'T-1000',
      'T-1001',
      'T-1002',
    ]);
    const updated = (
      await admin.agent
        .patch(`${url}/${first.id}`)
        .send({ version: 1, data: { title: 'a2' } })
        .expect(200)
    ).body.record;
    expect(updated.data.no).toBe('T-1000');
  });
});
