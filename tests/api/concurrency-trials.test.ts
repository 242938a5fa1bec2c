/**
 * Concurrency trials (decision 0049) that the integrity suites did not have yet: the same
 * Idempotency-Key sent in parallel on a workflow approval, and keyed creates that post to a
 * balance, each sent twice at once. Invariants after each: one effect per key, every answer the
 * same, serial numbers gap-free, balances equal their postings and the acknowledged writes.
 * (Concurrent serials, unique values, keyed creates, versioned updates: records-integrity;
 * approve vs reject and double approval: workflows; concurrent postings: aggregates.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
let productId: string;
const l = (en: string) => ({ en, 'zh-CN': en });
const form = (id: string) => `/api/v1/apps/conc/forms/${id}`;

function concApp(approver: string) {
  const fields = [
    { id: 'no', type: 'serial', label: l('No.'), config: { parts: [{ kind: 'counter', digits: 4 }] } },
    { id: 'product', type: 'relation', label: l('Product'), config: { form: 'products', multiple: false } },
    { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
  ];
  return {
    id: 'conc',
    name: l('Concurrency'),
    formatVersion: 3,
    forms: [
      {
        id: 'products',
        name: l('Products'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name') }],
      },
      { id: 'moves', name: l('Moves'), fields },
      { id: 'receipts', name: l('Receipts'), workflowId: 'approval', fields },
    ],
    workflows: [
      {
        id: 'approval',
        name: l('Approval'),
        form: 'receipts',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          { type: 'approve', id: 'mgr', assignees: [{ kind: 'users', ids: [approver] }], next: 'end' },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock'),
        keys: [{ id: 'product', label: l('Product'), type: 'record', form: 'products' }],
        measures: [{ id: 'qty', label: l('Quantity'), decimals: 0 }],
        sources: [
          {
            id: 'moved',
            form: 'moves',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: 1 } },
          },
          {
            id: 'received',
            form: 'receipts',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: 1 } },
            when: { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'approved' },
          },
        ],
      },
    ],
  };
}

/** The stored balance and the sum of its postings, for the product. */
async function balanceAndPostings(): Promise<[string, string]> {
  const b = await admin.agent
    .get(`/api/v1/apps/conc/aggregates/stock/balances?k.product=${productId}`)
    .expect(200);
  const { rows } = await server.db.query<{ sum: string | null }>(
    `SELECT sum(p.value)::text AS sum FROM aggregate_postings p
       JOIN aggregate_balances b USING (org_id, app_id, aggregate_id, key_text, measure_id)
      WHERE p.app_id = 'conc' AND b.key_values->>'product' = $1`,
    [productId],
  );
  return [String(b.body.items[0]?.values.qty ?? '0'), rows[0]?.sum ?? '0'];
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(concApp(admin.user.id)).expect(201);
  productId = (
    await admin.agent
      .post(`${form('products')}/records`)
      .send({ data: { name: 'Widget' } })
      .expect(201)
  ).body.record.id;
}, 60_000);
afterAll(() => server.close());

describe('concurrency trials', () => {
  it('keyed creates sent twice at once: one record per key, gap-free numbers, balance = postings', async () => {
    const sends = Array.from({ length: 8 }, (_, i) => i).flatMap((i) =>
      [0, 1].map(() =>
        admin.agent
          .post(`${form('moves')}/records`)
          .set('Idempotency-Key', `conc-move-${i}`)
          .send({ data: { product: productId, qty: i + 1 } }),
      ),
    );
    const answers = await Promise.all(sends);
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(201));
    for (let i = 0; i < 8; i++) expect(answers[2 * i]!.body).toEqual(answers[2 * i + 1]!.body);
    const list = await admin.agent.get(`${form('moves')}/records?limit=100`).expect(200);
    expect(list.body.items).toHaveLength(8);
    const numbers = (list.body.items as { data: { no: string } }[]).map((r) => r.data.no).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => String(i + 1).padStart(4, '0')));
    expect(await balanceAndPostings()).toEqual(['36', '36']);
  });

  it('one approval key sent five times at once: approved once, the same answer for all, counted once', async () => {
    const receipt = await admin.agent
      .post(`${form('receipts')}/records`)
      .send({ data: { product: productId, qty: 100 } })
      .expect(201);
    const id = receipt.body.record.id as string;
    const view = await admin.agent.get(`${form('receipts')}/records/${id}/workflow`).expect(200);
    const task = view.body.me.taskId as string;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        admin.agent
          .post(`/api/v1/tasks/${task}/approve`)
          .set('Idempotency-Key', `conc-approve-${id}`)
          .send({}),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const { rows } = await server.db.query<{ action: string }>(
      `SELECT action FROM record_history WHERE record_id = $1 AND action LIKE 'workflow.%' ORDER BY id`,
      [id],
    );
    expect(rows.filter((r) => r.action === 'workflow.approve')).toHaveLength(1);
    const after = await admin.agent.get(`${form('receipts')}/records/${id}`).expect(200);
    expect(after.body.record.workflowStatus).toBe('approved');
    expect(await balanceAndPostings()).toEqual(['136', '136']);
    // A different request under the same key is refused, not applied.
    const reused = await admin.agent
      .post(`/api/v1/tasks/${task}/approve`)
      .set('Idempotency-Key', `conc-approve-${id}`)
      .send({ comment: 'other' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });
});
