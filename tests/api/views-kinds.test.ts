import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, type AppDefinition } from '@tangram/schema';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Kanban, calendar and gallery views (issue 18, decision 0039): their settings are checked against
// the form on save, and the board counts / calendar ranges are read through the read door.

let server: TestServer;
let admin: SignedIn;
let alice: SignedIn;
let bob: SignedIn;
const FORM = '/api/v1/apps/sales/forms/deals';
const l = (en: string) => ({ en, 'zh-CN': en });

function salesApp(): AppDefinition {
  return {
    id: 'sales',
    name: l('Sales'),
    formatVersion: CURRENT_FORMAT_VERSION,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'export', 'print'],
    },
    forms: [
      {
        id: 'deals',
        name: l('Deals'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          {
            id: 'stage',
            type: 'select',
            label: l('Stage'),
            config: {
              options: [
                { value: 'lead', label: l('Lead') },
                { value: 'won', label: l('Won') },
              ],
            },
          },
          {
            id: 'tags',
            type: 'multiselect',
            label: l('Tags'),
            config: { options: [{ value: 'a', label: l('A') }] },
          },
          { id: 'amount', type: 'money', label: l('Amount'), config: { precision: 2 } },
          { id: 'owner', type: 'member', label: l('Owner') },
          { id: 'start', type: 'date', label: l('Start') },
          { id: 'end', type: 'date', label: l('End') },
          { id: 'meeting', type: 'datetime', label: l('Meeting') },
          { id: 'photo', type: 'image', label: l('Photo') },
          {
            id: 'secret',
            type: 'select',
            label: l('Secret'),
            config: { options: [{ value: 'x', label: l('X') }] },
          },
        ],
        permissionGroups: [
          {
            id: 'own',
            name: l('Own deals'),
            members: [{ kind: 'users', ids: ['__alice__'] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'own' },
            fields: {
              visible: ['title', 'stage', 'tags', 'amount', 'owner', 'start', 'end', 'meeting', 'photo'],
              editable: ['title', 'stage', 'amount', 'start', 'end', 'meeting'],
            },
          },
          {
            id: 'all',
            name: l('Everything'),
            members: [{ kind: 'users', ids: ['__bob__'] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'all' },
          },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

const rows = [
  { who: 'alice', title: 'a-lead', stage: 'lead', amount: 10, start: '2026-03-02', end: '2026-03-04' },
  { who: 'alice', title: 'a-won', stage: 'won', amount: 25.5, start: '2026-03-10' },
  { who: 'alice', title: 'a-none', amount: 1, start: '2026-02-27', end: '2026-03-01' },
  { who: 'bob', title: 'b-lead', stage: 'lead', amount: 100, start: '2026-03-05' },
  { who: 'bob', title: 'b-won', stage: 'won', amount: 200, start: '2026-04-01' },
] as const;

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  alice = await createUser(server, admin, { email: 'alice@acme.test' });
  bob = await createUser(server, admin, { email: 'bob@acme.test' });
  const app = JSON.parse(
    JSON.stringify(salesApp()).replace('__alice__', alice.user.id).replace('__bob__', bob.user.id),
  ) as AppDefinition;
  const saved = await admin.agent.post('/api/v1/apps').send(app);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  for (const { who, ...data } of rows) {
    const res = await (who === 'alice' ? alice : bob).agent.post(`${FORM}/records`).send({ data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(() => server.close());

const view = (config: Record<string, unknown>) => ({ name: 'V', config: { columns: [], ...config } });
const detailsOf = (body: { error: { details: { path: string; code: string }[] } }) =>
  body.error.details.map((d) => [d.path, d.code]);

describe('view settings on save', () => {
  it('keeps grid configs without a kind valid and stores each kind as given', async () => {
    await admin.agent
      .post(`${FORM}/views`)
      .send(view({ sort: [{ field: 'amount', dir: 'desc' }] }))
      .expect(201);
    const kanban = {
      kind: 'kanban',
      kanban: {
        groupField: 'stage',
        cardFields: ['title', 'amount', 'createdAt'],
        sumField: 'amount',
        collapsed: [''],
      },
    };
    const saved = await admin.agent.post(`${FORM}/views`).send(view(kanban)).expect(201);
    expect(saved.body.view.config).toMatchObject(kanban);
    const calendar = {
      kind: 'calendar',
      calendar: { dateField: 'start', endField: 'end', colorField: 'stage' },
    };
    await admin.agent.post(`${FORM}/views`).send(view(calendar)).expect(201);
    await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'calendar', calendar: { dateField: 'meeting' } }))
      .expect(201);
    await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'gallery', gallery: { coverField: 'photo', cardFields: ['title'] } }))
      .expect(201);
    await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'kanban', kanban: { groupField: 'owner' } }))
      .expect(201);
  });

  it('refuses unknown fields and fields of the wrong type with 422 and the path of each', async () => {
    const res = await admin.agent
      .post(`${FORM}/views`)
      .send(
        view({
          kind: 'kanban',
          kanban: { groupField: 'tags', sumField: 'title', cardFields: ['title', 'ghost'] },
        }),
      )
      .expect(422);
    expect(res.body.error.code).toBe('invalid_view_config');
    expect(detailsOf(res.body)).toEqual([
      ['/config/kanban/groupField', 'wrongFieldType'],
      ['/config/kanban/sumField', 'wrongFieldType'],
      ['/config/kanban/cardFields/1', 'unknownField'],
    ]);
    const cal = await admin.agent
      .post(`${FORM}/views`)
      .send(
        view({ kind: 'calendar', calendar: { dateField: 'amount', endField: 'nope', colorField: 'owner' } }),
      )
      .expect(422);
    expect(detailsOf(cal.body)).toEqual([
      ['/config/calendar/dateField', 'wrongFieldType'],
      ['/config/calendar/endField', 'unknownField'],
      ['/config/calendar/colorField', 'wrongFieldType'],
    ]);
    const cover = await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'gallery', gallery: { coverField: 'title' } }))
      .expect(422);
    expect(detailsOf(cover.body)).toEqual([['/config/gallery/coverField', 'wrongFieldType']]);
    // No workflow on this form: the approval state is no column to group by.
    const status = await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'kanban', kanban: { groupField: 'workflowStatus' } }))
      .expect(422);
    expect(detailsOf(status.body)).toEqual([['/config/kanban/groupField', 'wrongFieldType']]);
  });

  it('refuses a kind without its settings, unknown kinds and unknown settings', async () => {
    const missing = await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'kanban' }))
      .expect(422);
    expect(detailsOf(missing.body)).toEqual([['/config/kanban', 'required']]);
    await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'timeline' }))
      .expect(400);
    await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'kanban', kanban: { groupField: 'stage', swimlanes: 'owner' } }))
      .expect(400);
    // A PATCH is checked the same way, and leaves the stored view unchanged.
    const ok = await admin.agent.post(`${FORM}/views`).send(view({})).expect(201);
    await admin.agent
      .patch(`${FORM}/views/${ok.body.view.id}`)
      .send({ config: { columns: [], kind: 'calendar', calendar: { dateField: 'title' } } })
      .expect(422);
    const list = await admin.agent.get(`${FORM}/views`).expect(200);
    const stored = list.body.items.find((v: { id: string }) => v.id === ok.body.view.id);
    expect(stored.config.kind).toBeUndefined();
  });
});

type Column = { value: string | null; count: number; sum?: unknown };
const byValue = (cols: Column[]) =>
  Object.fromEntries(cols.map((c) => [c.value ?? '(none)', { count: c.count, sum: Number(c.sum ?? 0) }]));

describe('kanban columns', () => {
  it('counts and sums each column in SQL', async () => {
    const res = await admin.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'stage', sumField: 'amount' })
      .expect(200);
    expect(byValue(res.body.columns)).toEqual({
      lead: { count: 2, sum: 110 },
      won: { count: 2, sum: 225.5 },
      '(none)': { count: 1, sum: 1 },
    });
  });

  it("respects the reader's row scope and the view's filter", async () => {
    const res = await alice.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'stage', sumField: 'amount' })
      .expect(200);
    expect(byValue(res.body.columns)).toEqual({
      lead: { count: 1, sum: 10 },
      won: { count: 1, sum: 25.5 },
      '(none)': { count: 1, sum: 1 },
    });
    const filtered = await admin.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'stage', filter: { kind: 'cmp', field: 'amount', op: 'gte', value: 100 } })
      .expect(200);
    expect(filtered.body.columns).toEqual(
      expect.arrayContaining([
        { value: 'lead', count: 1 },
        { value: 'won', count: 1 },
      ]),
    );
    expect(filtered.body.columns).toHaveLength(2);
  });

  it('groups by a member field', async () => {
    const res = await admin.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'owner' })
      .expect(200);
    expect(res.body.columns).toEqual([{ value: null, count: 5 }]);
  });

  it('refuses wrong, unknown and hidden fields', async () => {
    const wrong = await admin.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'amount', sumField: 'stage' })
      .expect(422);
    expect(detailsOf(wrong.body)).toEqual([
      ['/groupField', 'wrongFieldType'],
      ['/sumField', 'wrongFieldType'],
    ]);
    await admin.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'stage', extra: 1 })
      .expect(400);
    // A field hidden from alice cannot be grouped by: its values would leak through the counts.
    const hidden = await alice.agent
      .post(`${FORM}/views/kanban/columns`)
      .send({ groupField: 'secret' })
      .expect(422);
    expect(JSON.stringify(hidden.body)).toContain('secret');
    await bob.agent
      .post('/api/v1/apps/sales/forms/ghost/views/kanban/columns')
      .send({ groupField: 'stage' })
      .expect(404);
  });
});

type Page = { items: { data: { title: string } }[]; nextCursor: string | null };
const titlesOf = (body: Page) => body.items.map((r) => r.data.title);

describe('calendar events', () => {
  it('returns the records whose date or span meets the range, in date order', async () => {
    const march = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'start', endField: 'end', from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    // a-none spans Feb 27 - Mar 1 and so meets March; b-won starts in April.
    expect(titlesOf(march.body)).toEqual(['a-none', 'a-lead', 'b-lead', 'a-won']);
    const noSpans = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'start', from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    expect(titlesOf(noSpans.body)).toEqual(['a-lead', 'b-lead', 'a-won']);
    const week = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'start', endField: 'end', from: '2026-03-03', to: '2026-03-09' })
      .expect(200);
    expect(titlesOf(week.body)).toEqual(['a-lead', 'b-lead']);
  });

  it('pages with a cursor and respects the row scope', async () => {
    const first = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'start', from: '2026-03-01', to: '2026-04-30', limit: 2 })
      .expect(200);
    expect(titlesOf(first.body)).toEqual(['a-lead', 'b-lead']);
    const second = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({
        dateField: 'start',
        from: '2026-03-01',
        to: '2026-04-30',
        limit: 2,
        cursor: first.body.nextCursor,
      })
      .expect(200);
    expect(titlesOf(second.body)).toEqual(['a-won', 'b-won']);
    const mine = await alice.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'start', from: '2026-03-01', to: '2026-04-30' })
      .expect(200);
    expect(titlesOf(mine.body)).toEqual(['a-lead', 'a-won']);
  });

  it('reads a date-time field by whole days', async () => {
    const a = await admin.agent
      .post(`${FORM}/records`)
      .send({ data: { title: 'call', meeting: '2026-05-05T09:30:00Z' } });
    expect(a.status).toBe(201);
    const hit = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'meeting', from: '2026-05-05', to: '2026-05-05' })
      .expect(200);
    expect(titlesOf(hit.body)).toEqual(['call']);
    const miss = await admin.agent
      .post(`${FORM}/views/calendar/events`)
      .send({ dateField: 'meeting', from: '2026-05-06', to: '2026-05-10' })
      .expect(200);
    expect(titlesOf(miss.body)).toEqual([]);
  });

  it('refuses bad ranges and fields', async () => {
    const post = (body: Record<string, unknown>) =>
      admin.agent.post(`${FORM}/views/calendar/events`).send(body);
    const long = await post({ dateField: 'start', from: '2026-01-01', to: '2026-06-30' }).expect(400);
    expect(detailsOf(long.body)).toEqual([['/to', 'range']]);
    const back = await post({ dateField: 'start', from: '2026-03-10', to: '2026-03-01' }).expect(400);
    expect(detailsOf(back.body)).toEqual([['/to', 'range']]);
    const bad = await post({ dateField: 'start', from: '2026-02-30', to: '2026-03-01' }).expect(400);
    expect(detailsOf(bad.body)).toEqual([['/from', 'format']]);
    await post({ dateField: 'start', from: 'March', to: '2026-03-01' }).expect(400);
    const wrong = await post({
      dateField: 'title',
      endField: 'amount',
      from: '2026-03-01',
      to: '2026-03-02',
    }).expect(422);
    expect(detailsOf(wrong.body)).toEqual([
      ['/dateField', 'wrongFieldType'],
      ['/endField', 'wrongFieldType'],
    ]);
    await post({ dateField: 'start', from: '2026-03-01', to: '2026-03-02', limit: 501 }).expect(400);
    const badFilter = await post({
      dateField: 'start',
      from: '2026-03-01',
      to: '2026-03-02',
      filter: { kind: 'cmp', field: 'ghost', op: 'eq', value: 1 },
    }).expect(400);
    expect(JSON.stringify(badFilter.body)).toContain('ghost');
  });
});
