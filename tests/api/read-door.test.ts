/**
 * The records kernel's read door (decision 0023) with permission groups switched on: row scopes
 * (own records, my department and below, a custom filter on the current user) decide which
 * records every read sees — lists, counts, single reads, history, aggregates, dashboard widgets
 * and their export — and hidden fields are absent from every answer and refused (422) in filters,
 * sorts and group-bys. An org admin can read as another user (`?viewAs=`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CURRENT_FORMAT_VERSION, type AppDefinition, type Dashboard } from '@tangram/schema';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

const l = (en: string) => ({ en });
/** Values only the salary and note fields hold: they must never reach a reader who cannot see them. */
const SALARY = 987_654;
const NOTE = 'CANARY-NOTE';

let server: TestServer;
let admin: SignedIn;
let alice: SignedIn; // Sales East, own records, salary and note hidden
let bob: SignedIn; // Sales East, own records, salary and note hidden
let dora: SignedIn; // Sales, her department and below, every field
let carol: SignedIn; // Ops, records whose reviewer is her (custom filter)
let mia: SignedIn; // app member without a group on deals
const ids: Record<string, string> = {};

const dashboard: Dashboard = {
  id: 'board',
  name: l('Board'),
  widgets: [
    {
      id: 'kpi',
      type: 'kpi',
      layout: { x: 0, y: 0, w: 6, h: 4 },
      source: { form: 'deals' },
      dimensions: [],
      measures: [
        { op: 'count', as: 'n' },
        { op: 'sum', field: 'amount', as: 'amount' },
      ],
    },
    {
      id: 'list',
      type: 'table',
      layout: { x: 0, y: 4, w: 24, h: 8 },
      source: { form: 'deals' },
      columns: ['title', 'amount'],
      sort: [{ field: 'title', dir: 'asc' }],
    },
    {
      id: 'bySalary',
      type: 'bar',
      layout: { x: 6, y: 0, w: 18, h: 4 },
      source: { form: 'deals' },
      dimensions: [{ field: 'salary' }],
      measures: [{ op: 'count', as: 'n' }],
    },
  ],
};

function hrApp(dept: { sales: string }, users: { alice: string; bob: string; dora: string; carol: string }) {
  return {
    id: 'hr',
    name: l('HR'),
    formatVersion: CURRENT_FORMAT_VERSION,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete', 'import', 'export', 'print'],
    },
    forms: [
      {
        id: 'deals',
        name: l('Deals'),
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'amount', type: 'number', label: l('Amount') },
          { id: 'salary', type: 'number', label: l('Salary') },
          { id: 'note', type: 'text', label: l('Note') },
          { id: 'reviewer', type: 'member', label: l('Reviewer') },
        ],
        permissionGroups: [
          {
            id: 'own',
            name: l('Own deals'),
            members: [{ kind: 'users', ids: [users.alice, users.bob] }],
            actions: ['view', 'create', 'edit', 'export'],
            scope: { kind: 'own' },
            fields: { visible: ['title', 'amount', 'reviewer'], editable: ['title', 'amount', 'reviewer'] },
          },
          {
            id: 'sales',
            name: l('Sales managers'),
            members: [{ kind: 'users', ids: [users.dora] }],
            actions: ['view', 'create', 'export'],
            scope: { kind: 'department', includeSubDepartments: true },
          },
          {
            id: 'review',
            name: l('Reviewers'),
            members: [{ kind: 'users', ids: [users.carol] }],
            actions: ['view'],
            scope: {
              kind: 'custom',
              filter: { kind: 'cmp', field: 'reviewer', op: 'in', value: { dynamic: 'currentUser' } },
            },
          },
        ],
      },
    ],
    dashboards: [dashboard],
  } as unknown as AppDefinition;
}

const records = (who: SignedIn, query = '') => who.agent.get(`/api/v1/apps/hr/forms/deals/records${query}`);
const titles = (body: { items: { data: { title?: string } }[] }) =>
  body.items.map((r) => r.data.title).sort();
/** Every answer is checked for the canaries as text, wherever they might hide. */
const noCanary = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toContain(String(SALARY));
  expect(text).not.toContain(NOTE);
};

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  const dept = async (name: string, parentId?: string) =>
    (
      await admin.agent
        .post('/api/v1/admin/departments')
        .send({ name, ...(parentId ? { parentId } : {}) })
        .expect(201)
    ).body.department.id as string;
  const sales = await dept('Sales');
  const east = await dept('Sales East', sales);
  const ops = await dept('Ops');
  alice = await createUser(server, admin, { email: 'alice@acme.test', departmentIds: [east] });
  bob = await createUser(server, admin, { email: 'bob@acme.test', departmentIds: [east] });
  dora = await createUser(server, admin, { email: 'dora@acme.test', departmentIds: [sales] });
  carol = await createUser(server, admin, { email: 'carol@acme.test', departmentIds: [ops] });
  mia = await createUser(server, admin, { email: 'mia@acme.test', departmentIds: [ops] });
  const app = hrApp(
    { sales },
    { alice: alice.user.id, bob: bob.user.id, dora: dora.user.id, carol: carol.user.id },
  );
  const saved = await admin.agent.post('/api/v1/apps').send(app);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);

  const create = async (who: SignedIn, key: string, data: Record<string, unknown>) => {
    const res = await who.agent.post('/api/v1/apps/hr/forms/deals/records').send({ data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.record.id;
  };
  await create(alice, 'a1', { title: 'a1', amount: 10 });
  await create(alice, 'a2', { title: 'a2', amount: 20, reviewer: carol.user.id });
  await create(bob, 'b1', { title: 'b1', amount: 40 });
  await create(dora, 'd1', { title: 'd1', amount: 80, salary: SALARY, note: NOTE });
  await create(admin, 'x1', { title: 'x1', amount: 160, reviewer: carol.user.id, note: NOTE });
  // The admin puts the hidden values on alice's record: her history then holds a hidden change.
  const a1 = await admin.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.a1}`).expect(200);
  const patched = await admin.agent
    .patch(`/api/v1/apps/hr/forms/deals/records/${ids.a1}`)
    .send({ data: { salary: SALARY, note: NOTE }, version: a1.body.record.version });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
});
afterAll(() => server.close());

describe('row scopes', () => {
  it('gives alice and bob their own records only', async () => {
    const a = await records(alice).expect(200);
    expect(titles(a.body)).toEqual(['a1', 'a2']);
    const b = await records(bob).expect(200);
    expect(titles(b.body)).toEqual(['b1']);
  });

  it('gives dora the records of her department and the ones below it', async () => {
    const res = await records(dora).expect(200);
    expect(titles(res.body)).toEqual(['a1', 'a2', 'b1', 'd1']);
  });

  it("walks dora's department list page by page in sort order (one branch per department, merged)", async () => {
    // Her scope lists two departments, so on PostgreSQL each page is read per department and
    // merged (decision 0033): the keyset cursor has to continue inside every department's branch.
    for (const [sort, expected] of [
      ['-amount', ['d1', 'b1', 'a2', 'a1']],
      ['title', ['a1', 'a2', 'b1', 'd1']],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await records(dora, `?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(
          200,
        );
        seen.push(...res.body.items.map((r: { data: { title: string } }) => r.data.title));
        cursor = res.body.nextCursor as string | null;
      } while (cursor && seen.length < 10);
      expect(seen).toEqual(expected);
    }
  });

  it('gives carol the records her custom filter (reviewer is me) selects', async () => {
    const res = await records(carol).expect(200);
    expect(titles(res.body)).toEqual(['a2', 'x1']);
  });

  it('keeps filters inside the scope and counts only permitted rows', async () => {
    const filter = encodeURIComponent(JSON.stringify({ kind: 'cmp', field: 'amount', op: 'gte', value: 15 }));
    const res = await records(alice, `?filter=${filter}&count=true`).expect(200);
    expect(titles(res.body)).toEqual(['a2']);
    expect(res.body.total).toBe(1);
    const all = await records(dora, '?count=true').expect(200);
    expect(all.body.total).toBe(4);
  });

  it('answers 404 for a record outside the scope, and for its history', async () => {
    await alice.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.b1}`).expect(404);
    await alice.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.b1}/history`).expect(404);
    await carol.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.a1}`).expect(404);
    await dora.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.x1}`).expect(404);
    await dora.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.b1}`).expect(200);
  });

  it('aggregates over permitted rows only', async () => {
    const body = {
      measures: [
        { op: 'count', as: 'n' },
        { op: 'sum', field: 'amount', as: 'total' },
      ],
    };
    const a = await alice.agent.post('/api/v1/apps/hr/forms/deals/aggregate').send(body).expect(200);
    expect(a.body.rows).toEqual([{ n: 2, total: 30 }]);
    const d = await dora.agent.post('/api/v1/apps/hr/forms/deals/aggregate').send(body).expect(200);
    expect(d.body.rows).toEqual([{ n: 4, total: 150 }]);
    const x = await admin.agent.post('/api/v1/apps/hr/forms/deals/aggregate').send(body).expect(200);
    expect(x.body.rows).toEqual([{ n: 5, total: 310 }]);
  });

  it('refuses a member without a group on the form (403), and a non-member of the app (404)', async () => {
    const res = await records(mia).expect(403);
    expect(res.body.error.code).toBe('form_not_readable');
    await mia.agent
      .post('/api/v1/apps/hr/forms/deals/aggregate')
      .send({ measures: [{ op: 'count', as: 'n' }] })
      .expect(403);
    const closed = {
      id: 'closed',
      name: l('Closed'),
      formatVersion: CURRENT_FORMAT_VERSION,
      access: {
        members: [{ kind: 'users', ids: [alice.user.id] }],
        admins: [],
        defaultFormActions: ['view'],
      },
      forms: [{ id: 'f', name: l('F'), fields: [{ id: 'title', type: 'text', label: l('Title') }] }],
    };
    await admin.agent.post('/api/v1/apps').send(closed).expect(201);
    await alice.agent.get('/api/v1/apps/closed/forms/f/records').expect(200);
    const hidden = await mia.agent.get('/api/v1/apps/closed/forms/f/records').expect(404);
    expect(hidden.body.error.code).toBe('not_found');
  });
});

describe('hidden fields', () => {
  it('leaves them out of lists, single reads and history', async () => {
    const list = await records(alice).expect(200);
    noCanary(list.body);
    for (const r of list.body.items) {
      expect(Object.keys(r.data).sort()).toEqual(['amount', 'reviewer', 'title']);
    }
    const one = await alice.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.a1}`).expect(200);
    expect(one.body.record.data).not.toHaveProperty('salary');
    noCanary(one.body);
    const history = await alice.agent
      .get(`/api/v1/apps/hr/forms/deals/records/${ids.a1}/history`)
      .expect(200);
    noCanary(history.body);
    // The admin sees the same history with the hidden change in it.
    const full = await admin.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.a1}/history`).expect(200);
    expect(JSON.stringify(full.body)).toContain(String(SALARY));
    // Dora's group shows every field.
    const d = await dora.agent.get(`/api/v1/apps/hr/forms/deals/records/${ids.d1}`).expect(200);
    expect(d.body.record.data.salary).toBe(SALARY);
  });

  it('does not match q on a hidden field', async () => {
    const a = await records(alice, `?q=${NOTE}`).expect(200);
    expect(a.body.items).toEqual([]);
    const d = await records(dora, `?q=${NOTE}`).expect(200);
    expect(titles(d.body)).toEqual(['a1', 'd1']);
  });

  it('refuses a filter, sort, group-by or measure on a hidden field with 422 naming it', async () => {
    const filter = encodeURIComponent(JSON.stringify({ kind: 'cmp', field: 'salary', op: 'gt', value: 0 }));
    const f = await records(alice, `?filter=${filter}`).expect(422);
    expect(f.body.error.code).toBe('hidden_field');
    expect(f.body.error.details).toEqual([
      expect.objectContaining({ path: '/filter/field', code: 'hidden_field' }),
    ]);
    const s = await records(alice, '?sort=-salary').expect(422);
    expect(s.body.error.details).toEqual([expect.objectContaining({ path: '/sort/0/field' })]);
    const q = await alice.agent
      .post('/api/v1/apps/hr/forms/deals/records/query')
      .send({ filter: { kind: 'and', items: [{ kind: 'cmp', field: 'note', op: 'contains', value: 'C' }] } })
      .expect(422);
    expect(q.body.error.message).toContain('"note"');
    const g = await alice.agent
      .post('/api/v1/apps/hr/forms/deals/aggregate')
      .send({ groupBy: [{ field: 'salary' }], measures: [{ op: 'count', as: 'n' }] })
      .expect(422);
    expect(g.body.error.details).toEqual([expect.objectContaining({ path: '/groupBy/0/field' })]);
    const m = await alice.agent
      .post('/api/v1/apps/hr/forms/deals/aggregate')
      .send({ measures: [{ op: 'sum', field: 'salary', as: 'x' }] })
      .expect(422);
    expect(m.body.error.details).toEqual([expect.objectContaining({ path: '/measures/0/field' })]);
    // A system field is never hidden: ownerId filters work.
    const own = encodeURIComponent(
      JSON.stringify({ kind: 'cmp', field: 'ownerId', op: 'eq', value: alice.user.id }),
    );
    await records(alice, `?filter=${own}`).expect(200);
  });
});

describe('dashboards', () => {
  it('answers widgets over permitted rows only, and refuses a widget grouped by a hidden field', async () => {
    const a = await alice.agent.post('/api/v1/apps/hr/dashboards/board/data').send({}).expect(200);
    expect(a.body.widgets.kpi.rows).toEqual([{ n: 2, amount: 30 }]);
    expect(a.body.widgets.list.rows.map((r: { title: string }) => r.title)).toEqual(['a1', 'a2']);
    expect(a.body.widgets.bySalary.error.code).toBe('hidden_field');
    noCanary(a.body);
    const d = await dora.agent.post('/api/v1/apps/hr/dashboards/board/data').send({}).expect(200);
    expect(d.body.widgets.kpi.rows).toEqual([{ n: 4, amount: 150 }]);
    expect(d.body.widgets.bySalary.rows).toHaveLength(2);
  });

  it('exports a widget with the permitted rows only', async () => {
    const res = await alice.agent
      .get('/api/v1/apps/hr/dashboards/board/widgets/list/export?format=xlsx')
      .buffer(true)
      .parse((response, cb) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const cells = rows.flat().map(String);
    expect(cells).toContain('a1');
    expect(cells).toContain('a2');
    expect(cells).not.toContain('b1');
    expect(cells).not.toContain('x1');
  });

  it('lets only the app admins preview a widget', async () => {
    const body = { widget: dashboard.widgets[0] };
    await alice.agent.post('/api/v1/apps/hr/widget-data').send(body).expect(403);
    const res = await admin.agent.post('/api/v1/apps/hr/widget-data').send(body).expect(200);
    expect(res.body.rows).toEqual([{ n: 5, amount: 310 }]);
  });
});

describe('view as', () => {
  it('lets an org admin read exactly as another user', async () => {
    const res = await records(admin, `?viewAs=${alice.user.id}`).expect(200);
    expect(titles(res.body)).toEqual(['a1', 'a2']);
    noCanary(res.body);
    await admin.agent
      .get(`/api/v1/apps/hr/forms/deals/records/${ids.b1}?viewAs=${alice.user.id}`)
      .expect(404);
    const board = await admin.agent
      .post(`/api/v1/apps/hr/dashboards/board/data?viewAs=${dora.user.id}`)
      .send({})
      .expect(200);
    expect(board.body.widgets.kpi.rows).toEqual([{ n: 4, amount: 150 }]);
    await records(admin, `?viewAs=${mia.user.id}`).expect(403);
  });

  it('refuses a member (403), an unknown user (404) and a malformed id (400)', async () => {
    const res = await records(alice, `?viewAs=${bob.user.id}`).expect(403);
    expect(res.body.error.code).toBe('view_as_forbidden');
    await records(admin, '?viewAs=nobody').expect(404);
    const bad = await records(admin, `?viewAs=${'x'.repeat(300)}`).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/query/viewAs' })]);
  });
});

describe('the switch', () => {
  it('refuses permission groups on save when the operator switches them off', async () => {
    const plain = await createTestServer({ permissionGroups: 'refused' });
    try {
      const boss = await setupAdmin(plain);
      const app = hrApp({ sales: 'x' }, { alice: 'u', bob: 'u', dora: 'u', carol: 'u' });
      const res = await boss.agent.post('/api/v1/apps').send(app).expect(400);
      expect(res.body.error.details).toContainEqual(
        expect.objectContaining({
          path: '/forms/0/permissionGroups',
          code: 'permission_groups_not_enforced',
        }),
      );
    } finally {
      await plain.close();
    }
  });
});
