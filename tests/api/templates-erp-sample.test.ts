/**
 * The ERP template's sample year (issue 14) written through the records API like typed data:
 * every record passes validation, relations resolve, purchase orders are approved by the general
 * manager, and no balance rule refuses a single write — stock never below zero, nothing received
 * beyond what was ordered, nothing paid beyond what was owed. It leaves stock on hand, backorders
 * and open receivables, as a company a year in has.
 */
import { SAMPLE_USERS, erpPackage, masterPackage, seededRandom } from '@tangram/templates';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { setupTemplates, writeSample } from './helpers/template-setup';

let server: TestServer;
let admin: SignedIn;
let users: Record<string, SignedIn>;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  ({ users } = await setupTemplates(server, admin, [masterPackage, erpPackage], SAMPLE_USERS));
}, 120_000);
afterAll(() => server.close());

async function all(aggregate: string) {
  const items: { values: Record<string, string> }[] = [];
  let cursor: string | null = null;
  do {
    const res = await admin.agent
      .get(`/api/v1/apps/erp/aggregates/${aggregate}/balances`)
      .query({ limit: 500, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items.map((i) => Object.values(i.values)[0]!);
}

it('installs a year of sample data without a single refused write', async () => {
  const ctx = { random: seededRandom(42), today: '2026-11-30', locale: 'en' as const };
  const master = masterPackage.sample!(ctx);
  const erp = erpPackage.sample!({ ...ctx, random: seededRandom(42) });
  const refs = await writeSample(admin, users.gm_wu!, master.batches, users);
  await writeSample(admin, users.gm_wu!, erp.batches, users, refs);
  const stock = await all('stock');
  expect(stock.length).toBeGreaterThan(50);
  expect(stock.filter((v) => Number(v) < 0)).toEqual([]);
  const open = await all('open_to_ship');
  expect(open.filter((v) => Number(v) > 0).length).toBeGreaterThan(0);
  const receivables = await all('receivables');
  expect(receivables.filter((v) => Number(v) < 0)).toEqual([]);
  expect(receivables.filter((v) => Number(v) > 0).length).toBeGreaterThan(0);
}, 600_000);
