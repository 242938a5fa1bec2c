import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Issue 10 §4: 9999-12-31 is the usual "open end" date in business data. Its end of day is in year
// 10000, which once broke `> 9999-12-31` (every record) and `between [.., 9999-12-31]` (none).
const l = (en: string) => ({ en, 'zh-CN': en });
const app: AppDefinition = {
  id: 'contracts',
  name: l('Contracts'),
  formatVersion: 1,
  forms: [
    {
      id: 'deals',
      name: l('Deals'),
      fields: [
        { id: 'title', type: 'text', label: l('Title') },
        { id: 'ends', type: 'date', label: l('Ends') },
        { id: 'endsAt', type: 'datetime', label: l('Ends at') },
      ],
      titleField: 'title',
    },
  ],
  navigation: [{ kind: 'form', target: 'deals' }],
};
const DEALS = '/api/v1/apps/contracts/forms/deals';

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(app).expect(201);
  for (const data of [
    { title: 'open', ends: '9999-12-31', endsAt: '9999-12-31T23:59:59.999Z' },
    { title: 'open late', ends: '9999-12-31', endsAt: '9999-12-31T23:59:59+08:00' },
    { title: 'past', ends: '2020-06-30', endsAt: '2020-06-30T12:00:00Z' },
  ]) {
    const res = await admin.agent.post(`${DEALS}/records`).send({ data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(() => server.close());

async function titles(filter: unknown): Promise<string[]> {
  const res = await admin.agent
    .post(`${DEALS}/records/query`)
    .send({ filter, sort: [{ field: 'title', dir: 'asc' }] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { data: { title: string } }[]).map((r) => r.data.title);
}

const setZone = (zone: string) => server.db.query('UPDATE orgs SET time_zone = $1', [zone]);
const all = ['open', 'open late', 'past'];

describe('dates at the edge of the calendar', () => {
  it('reads 9999-12-31 values back unchanged', async () => {
    const res = await admin.agent.get(`${DEALS}/records`).query({ sort: 'title' }).expect(200);
    expect(res.body.items.map((r: { data: unknown }) => r.data)).toEqual([
      { title: 'open', ends: '9999-12-31', endsAt: '9999-12-31T23:59:59.999Z' },
      { title: 'open late', ends: '9999-12-31', endsAt: '9999-12-31T15:59:59.000Z' },
      { title: 'past', ends: '2020-06-30', endsAt: '2020-06-30T12:00:00.000Z' },
    ]);
  });

  it('refuses a date-time whose UTC value is in year 10000, naming the field', async () => {
    const res = await admin.agent
      .post(`${DEALS}/records`)
      .send({ data: { title: 'late', endsAt: '9999-12-31T20:00:00-08:00' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/data/endsAt' })]);
    const filter = await admin.agent.post(`${DEALS}/records/query`).send({
      filter: { kind: 'cmp', field: 'endsAt', op: 'gt', value: '9999-12-31T20:00:00-08:00' },
    });
    expect(filter.status).toBe(400);
    expect(filter.body.error.details).toEqual([expect.objectContaining({ path: '/filter/value' })]);
  });

  // Expected titles per org time zone: "open" ends at 23:59:59.999 UTC, which is already
  // 10000-01-01 in Shanghai; "open late" is the last second of 9999-12-31 in Shanghai.
  const cases: { zone: string; field: string; gt: string[]; within: string[] }[] = [
    { zone: 'UTC', field: 'ends', gt: [], within: all },
    { zone: 'UTC', field: 'endsAt', gt: [], within: all },
    { zone: 'UTC', field: 'createdAt', gt: [], within: all },
    { zone: 'America/Los_Angeles', field: 'ends', gt: [], within: all },
    { zone: 'America/Los_Angeles', field: 'endsAt', gt: [], within: all },
    { zone: 'America/Los_Angeles', field: 'createdAt', gt: [], within: all },
    { zone: 'Asia/Shanghai', field: 'endsAt', gt: ['open'], within: ['open late', 'past'] },
    { zone: 'Asia/Shanghai', field: 'createdAt', gt: [], within: all },
  ];
  for (const { zone, field, gt, within } of cases) {
    it(`filters ${field} against 9999-12-31 in ${zone}`, async () => {
      await setZone(zone);
      const cmp = (op: string, value: unknown) => titles({ kind: 'cmp', field, op, value });
      expect(await cmp('gt', '9999-12-31')).toEqual(gt);
      expect(await cmp('gte', '9999-12-31')).toEqual(field === 'createdAt' ? [] : ['open', 'open late']);
      expect(await cmp('between', ['2000-01-01', '9999-12-31'])).toEqual(within);
      expect(await cmp('lte', '9999-12-31')).toEqual(within);
      expect(await cmp('eq', '9999-12-31')).toEqual(
        field === 'createdAt' ? [] : zone === 'Asia/Shanghai' ? ['open late'] : ['open', 'open late'],
      );
      expect(await cmp('ne', '9999-12-31')).toEqual(
        field === 'createdAt' ? all : zone === 'Asia/Shanghai' ? ['open', 'past'] : ['past'],
      );
      await setZone('UTC');
    });
  }
});
