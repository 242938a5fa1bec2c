import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, type AppDefinition } from '@tangram/schema';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Gantt views and grid grouping (issue 18, decision 0048): settings checked on save against the
// form, bars of a range and group counts/sums read through the read door, writes (a dragged bar,
// an inline edit) through the ordinary records API with its permissions and version check.

let server: TestServer;
let admin: SignedIn;
let viewer: SignedIn;
const FORM = '/api/v1/apps/plan/forms/tasks';
const l = (en: string) => ({ en, 'zh-CN': en });

function planApp(): AppDefinition {
  return {
    id: 'plan',
    name: l('Plan'),
    formatVersion: CURRENT_FORMAT_VERSION,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'export', 'print'],
    },
    forms: [
      {
        id: 'tasks',
        name: l('Tasks'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'start', type: 'date', label: l('Start') },
          { id: 'end', type: 'date', label: l('End') },
          { id: 'done', type: 'percent', label: l('Done') },
          { id: 'cost', type: 'money', label: l('Cost'), config: { precision: 2 } },
          {
            id: 'stage',
            type: 'select',
            label: l('Stage'),
            config: {
              options: [
                { value: 'plan', label: l('Plan') },
                { value: 'build', label: l('Build') },
              ],
            },
          },
          { id: 'after', type: 'relation', label: l('After'), config: { form: 'tasks', multiple: true } },
          { id: 'client', type: 'relation', label: l('Client'), config: { form: 'clients' } },
        ],
        permissionGroups: [
          {
            id: 'readers',
            name: l('Readers'),
            members: [{ kind: 'users', ids: ['__viewer__'] }],
            actions: ['view'],
            scope: { kind: 'all' },
          },
        ],
      },
      { id: 'clients', name: l('Clients'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
    ],
  } as unknown as AppDefinition;
}

const rows = [
  { title: 'design', start: '2026-03-02', end: '2026-03-06', done: 1, cost: 10, stage: 'plan' },
  { title: 'build', start: '2026-03-09', end: '2026-03-27', done: 0.4, cost: 100.5, stage: 'build' },
  { title: 'ship', start: '2026-04-01', end: '2026-04-01', cost: 5, stage: 'build' },
  { title: 'later', start: '2026-09-01', end: '2026-09-30' },
];
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  viewer = await createUser(server, admin, { email: 'viewer@acme.test' });
  const app = JSON.parse(JSON.stringify(planApp()).replace('__viewer__', viewer.user.id)) as AppDefinition;
  const saved = await admin.agent.post('/api/v1/apps').send(app);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  for (const data of rows) {
    const res = await admin.agent.post(`${FORM}/records`).send({ data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[data.title] = res.body.record.id;
  }
  // "build" comes after "design", "ship" after "build": the predecessors the arrows draw.
  await admin.agent
    .patch(`${FORM}/records/${ids.build}`)
    .send({ data: { after: [ids.design] }, version: 1 })
    .expect(200);
});
afterAll(() => server.close());

const view = (config: Record<string, unknown>) => ({ name: 'V', config: { columns: [], ...config } });
const detailsOf = (body: { error: { details: { path: string; code: string }[] } }) =>
  body.error.details.map((d) => [d.path, d.code]);

describe('gantt and grid settings on save', () => {
  it('stores a gantt view and a grouped grid as given', async () => {
    const gantt = {
      kind: 'gantt',
      gantt: {
        startField: 'start',
        endField: 'end',
        progressField: 'done',
        dependencyField: 'after',
        zoom: 'week',
      },
    };
    const saved = await admin.agent.post(`${FORM}/views`).send(view(gantt)).expect(201);
    expect(saved.body.view.config).toMatchObject(gantt);
    const grid = {
      columns: [{ field: 'title', width: 240 }],
      grid: { groupField: 'stage', sumFields: ['cost'], frozenColumns: 1, rowHeight: 'tall' },
    };
    const g = await admin.agent.post(`${FORM}/views`).send({ name: 'G', config: grid }).expect(201);
    expect(g.body.view.config).toEqual(grid);
  });

  it('refuses bad field references and wrong field types with 422 and the path of each', async () => {
    const res = await admin.agent
      .post(`${FORM}/views`)
      .send(
        view({
          kind: 'gantt',
          gantt: {
            startField: 'title',
            endField: 'ghost',
            progressField: 'stage',
            dependencyField: 'client',
          },
          grid: { groupField: 'cost', sumFields: ['title'] },
        }),
      )
      .expect(422);
    expect(res.body.error.code).toBe('invalid_view_config');
    expect(detailsOf(res.body)).toEqual([
      ['/config/grid/groupField', 'wrongFieldType'],
      ['/config/grid/sumFields/0', 'wrongFieldType'],
      ['/config/gantt/startField', 'wrongFieldType'],
      ['/config/gantt/endField', 'unknownField'],
      ['/config/gantt/progressField', 'wrongFieldType'],
      ['/config/gantt/dependencyField', 'wrongFieldType'],
    ]);
    expect(res.body.error.details[5].message).toContain('same form');
  });

  it('refuses bad shapes with 400 and the path', async () => {
    const res = await admin.agent
      .post(`${FORM}/views`)
      .send(view({ kind: 'gantt', gantt: { startField: 'start', endField: 'end', zoom: 'year' } }))
      .expect(400);
    expect(detailsOf(res.body)).toEqual([['/config/gantt/zoom', 'enum']]);
    const frozen = await admin.agent
      .post(`${FORM}/views`)
      .send(view({ grid: { frozenColumns: 50 } }))
      .expect(400);
    expect(detailsOf(frozen.body)).toEqual([['/config/grid/frozenColumns', 'maximum']]);
  });
});

type Page = { items: { id: string; data: { title: string; after?: unknown } }[]; nextCursor: string | null };
const titlesOf = (body: Page) => body.items.map((r) => r.data.title);

describe('gantt bars', () => {
  it('returns only the bars that meet the visible range, in start order', async () => {
    const march = await viewer.agent
      .post(`${FORM}/views/gantt/bars`)
      .send({ startField: 'start', endField: 'end', from: '2026-03-05', to: '2026-03-31' })
      .expect(200);
    expect(titlesOf(march.body)).toEqual(['design', 'build']);
    // Predecessors come with the bar, so the chart can draw arrows.
    expect(JSON.stringify(march.body.items[1].data.after)).toContain(ids.design);
    const half = await viewer.agent
      .post(`${FORM}/views/gantt/bars`)
      .send({ startField: 'start', endField: 'end', from: '2026-03-01', to: '2026-08-31' })
      .expect(200);
    expect(titlesOf(half.body)).toEqual(['design', 'build', 'ship']);
  });

  it('refuses wrong fields and ranges over a year', async () => {
    const post = (body: Record<string, unknown>) => admin.agent.post(`${FORM}/views/gantt/bars`).send(body);
    const wrong = await post({
      startField: 'title',
      endField: 'cost',
      from: '2026-03-01',
      to: '2026-03-02',
    }).expect(422);
    expect(detailsOf(wrong.body)).toEqual([
      ['/startField', 'wrongFieldType'],
      ['/endField', 'wrongFieldType'],
    ]);
    const long = await post({
      startField: 'start',
      endField: 'end',
      from: '2026-01-01',
      to: '2027-03-01',
    }).expect(400);
    expect(detailsOf(long.body)).toEqual([['/to', 'range']]);
    await post({ startField: 'start', from: '2026-01-01', to: '2026-01-02' }).expect(400);
  });
});

type Group = { value: string | null; count: number; sums: Record<string, unknown> };
const groupsBy = (groups: Group[]) =>
  Object.fromEntries(groups.map((g) => [g.value ?? '(none)', [g.count, Number(g.sums.cost ?? 0)]]));

describe('grid groups', () => {
  it('counts and sums each group in SQL, with the view filter', async () => {
    const res = await viewer.agent
      .post(`${FORM}/views/grid/groups`)
      .send({ groupField: 'stage', sumFields: ['cost'] })
      .expect(200);
    expect(groupsBy(res.body.groups)).toEqual({ plan: [1, 10], build: [2, 105.5], '(none)': [1, 0] });
    const filtered = await viewer.agent
      .post(`${FORM}/views/grid/groups`)
      .send({ groupField: 'stage', filter: { kind: 'cmp', field: 'cost', op: 'gte', value: 50 } })
      .expect(200);
    expect(filtered.body.groups).toEqual([{ value: 'build', count: 1, sums: {} }]);
  });

  it('refuses fields that cannot group or sum', async () => {
    const res = await admin.agent
      .post(`${FORM}/views/grid/groups`)
      .send({ groupField: 'title', sumFields: ['stage'] })
      .expect(422);
    expect(detailsOf(res.body)).toEqual([
      ['/groupField', 'wrongFieldType'],
      ['/sumFields/0', 'wrongFieldType'],
    ]);
    await admin.agent
      .post(`${FORM}/views/grid/groups`)
      .send({ groupField: 'stage', sumFields: ['cost', 'cost', 'cost', 'cost', 'cost', 'cost'] })
      .expect(400);
  });
});

describe('writes from a dragged bar or an inline edit', () => {
  it('refuses a reader without edit rights and leaves the record unchanged', async () => {
    const res = await viewer.agent
      .patch(`${FORM}/records/${ids.design}`)
      .send({ data: { start: '2026-03-03', end: '2026-03-07' }, version: 1 });
    expect(res.status).toBe(403);
    const after = await admin.agent.get(`${FORM}/records/${ids.design}`).expect(200);
    expect(after.body.record.data.start).toBe('2026-03-02');
  });

  it('moves a bar with its version, and refuses a stale version with 409', async () => {
    const moved = await admin.agent
      .patch(`${FORM}/records/${ids.design}`)
      .send({ data: { start: '2026-03-03', end: '2026-03-07' }, version: 1 })
      .expect(200);
    expect(moved.body.record.data).toMatchObject({ start: '2026-03-03', end: '2026-03-07' });
    const stale = await admin.agent
      .patch(`${FORM}/records/${ids.design}`)
      .send({ data: { cost: 11 }, version: 1 })
      .expect(409);
    expect(stale.body.error.code).toBe('stale_version');
  });
});
