import { describe, expect, it } from 'vitest';
import {
  LEGACY_OPEN_ACCESS,
  type AppAccess,
  type Audience,
  type Filter,
  type PermissionGroup,
} from '@tangram/schema';
import { appRoleOf, computeGrant, computeGrants, systemGrant, type Grant } from '../src/index.js';
import { FIELD_IDS, app, form, group, principal } from './fixtures.js';

const ALL_ACTIONS = ['view', 'create', 'edit', 'delete', 'import', 'export', 'print', 'manage'];
const DATA_ACTIONS = ['view', 'create', 'edit', 'delete', 'import', 'export', 'print'];
const own: Filter = { kind: 'cmp', field: 'ownerId', op: 'eq', value: { dynamic: 'currentUser' } };
const myDepartment: Filter = {
  kind: 'cmp',
  field: 'ownerDepartmentId',
  op: 'in',
  value: { dynamic: 'currentUserDepartments' },
};
const grantOf = (groups: PermissionGroup[], p = principal(), access?: AppAccess): Grant =>
  computeGrant(p, app(groups, access), 'orders');

describe('app roles', () => {
  const access = (over: Partial<AppAccess>): AppAccess => ({ ...LEGACY_OPEN_ACCESS, ...over });
  it.each([
    ['an org admin', principal({ isOrgAdmin: true }), access({ members: [] }), 'admin'],
    ['a listed app admin', principal(), access({ admins: [{ kind: 'users', ids: ['u1'] }] }), 'admin'],
    ['an admin by role', principal(), access({ admins: [{ kind: 'roles', ids: ['r_staff'] }] }), 'admin'],
    ['everyone', principal(), access({}), 'member'],
    ['an unlisted user', principal(), access({ members: [{ kind: 'users', ids: ['u2'] }] }), null],
    [
      'a member of a listed department',
      principal(),
      access({ members: [{ kind: 'departments', ids: ['d_sales'] }] }),
      'member',
    ],
    [
      'a member of a sub-department, sub-departments included',
      principal(),
      access({ members: [{ kind: 'departments', ids: ['d_root'], includeSubDepartments: true }] }),
      'member',
    ],
    [
      'a member of a sub-department, sub-departments not included',
      principal(),
      access({ members: [{ kind: 'departments', ids: ['d_root'] }] }),
      null,
    ],
    [
      'a member of a parent of the listed department',
      principal({ departmentIds: ['d_root'], ancestorDepartmentIds: [] }),
      access({ members: [{ kind: 'departments', ids: ['d_sales'], includeSubDepartments: true }] }),
      null,
    ],
    ['a member by role', principal(), access({ members: [{ kind: 'roles', ids: ['r_staff'] }] }), 'member'],
  ] as const)('%s', (_what, p, acc, role) => {
    expect(appRoleOf(p, app(undefined, acc))).toBe(role);
  });

  it('treats an app without access as legacy open: everyone is a member', () => {
    expect(appRoleOf(principal(), app())).toBe('member');
  });
});

describe('grants by basis', () => {
  it('gives org admins everything, even outside the app audience and with groups', () => {
    const g = grantOf([group({ members: [] })], principal({ isOrgAdmin: true }), {
      ...LEGACY_OPEN_ACCESS,
      members: [],
    });
    expect(g).toMatchObject({ basis: 'orgAdmin', actions: ALL_ACTIONS, fields: { visible: FIELD_IDS } });
    expect(g.fields.editable).toEqual(FIELD_IDS);
    expect(Object.values(g.scopes).every((s) => s.kind === 'all')).toBe(true);
  });

  it('gives app admins everything in the app', () => {
    const g = grantOf([group({ members: [] })], principal(), {
      ...LEGACY_OPEN_ACCESS,
      admins: [{ kind: 'users', ids: ['u1'] }],
    });
    expect(g).toMatchObject({ basis: 'appAdmin', appRole: 'admin', actions: ALL_ACTIONS });
    expect(g.scopes.delete).toEqual({ kind: 'all' });
  });

  it('gives nothing to someone who is not an app member, whatever the groups say', () => {
    const g = grantOf([group({ actions: ['view'] })], principal(), {
      ...LEGACY_OPEN_ACCESS,
      members: [{ kind: 'users', ids: ['u9'] }],
    });
    expect(g).toMatchObject({ basis: 'noAccess', appRole: null, actions: [] });
    expect(g.fields).toEqual({ visible: [], editable: [] });
    expect(Object.values(g.scopes).every((s) => s.kind === 'none')).toBe(true);
  });

  it('keeps the legacy-open behaviour on a form without groups: every data action, all rows and fields', () => {
    for (const g of [grantOf([]), grantOf([], principal(), LEGACY_OPEN_ACCESS)]) {
      expect(g).toMatchObject({ basis: 'appDefault', appRole: 'member', actions: DATA_ACTIONS });
      expect(g.fields).toEqual({ visible: FIELD_IDS, editable: FIELD_IDS });
      expect(g.scopes).toEqual({
        view: { kind: 'all' },
        edit: { kind: 'all' },
        delete: { kind: 'all' },
        export: { kind: 'all' },
        print: { kind: 'all' },
      });
    }
  });

  it.each([
    ['closed', [], [], []],
    ['read only', ['view'], ['view'], []],
    ['submit only', ['create'], ['create'], FIELD_IDS],
    ['export implies view', ['export'], ['view', 'export'], []],
  ] as const)('applies the default form actions of the app (%s)', (_what, defaults, actions, editable) => {
    const g = grantOf([], principal(), { ...LEGACY_OPEN_ACCESS, defaultFormActions: [...defaults] });
    expect(g.actions).toEqual(actions);
    expect(g.fields.editable).toEqual(editable);
    expect(g.scopes.view.kind).toBe(actions.includes('view' as never) ? 'all' : 'none');
  });

  it('gives nothing on a form with groups when none matches', () => {
    const g = grantOf([group({ members: [{ kind: 'users', ids: ['u2'] }] })]);
    expect(g).toMatchObject({ basis: 'noAccess', appRole: 'member', actions: [], groupIds: [] });
  });

  it('gives nothing on an unknown form', () => {
    expect(computeGrant(principal({ isOrgAdmin: true }), app(), 'nope')).toMatchObject({
      formId: 'nope',
      basis: 'noAccess',
      actions: [],
    });
  });

  it('computes every form of the app', () => {
    const grants = computeGrants(principal(), app([group()]));
    expect([...grants.keys()]).toEqual(['orders', 'other']);
    expect(grants.get('orders')!.basis).toBe('groups');
    expect(grants.get('other')!.basis).toBe('appDefault');
  });

  it('makes system grants explicit and complete', () => {
    const g = systemGrant(form(), 'workflow engine');
    expect(g).toMatchObject({ basis: 'system', reason: 'workflow engine', actions: ALL_ACTIONS });
  });
});

describe('group matching', () => {
  it.each([
    ['everyone', { kind: 'everyone' }, true],
    ['the user', { kind: 'users', ids: ['u1'] }, true],
    ['another user', { kind: 'users', ids: ['u2'] }, false],
    ['my department', { kind: 'departments', ids: ['d_sales'] }, true],
    [
      'a sub-department of mine',
      { kind: 'departments', ids: ['d_sales_north'], includeSubDepartments: true },
      false,
    ],
    ['a parent, without sub-departments', { kind: 'departments', ids: ['d_root'] }, false],
    [
      'a parent, with sub-departments',
      { kind: 'departments', ids: ['d_root'], includeSubDepartments: true },
      true,
    ],
    ['my role', { kind: 'roles', ids: ['r_staff', 'r_x'] }, true],
    ['another role', { kind: 'roles', ids: ['r_boss'] }, false],
  ] as const)('matches %s: %s', (_what, audience, matched) => {
    const g = grantOf([group({ id: 'g', members: [audience as unknown as Audience] })]);
    expect(g.groupIds).toEqual(matched ? ['g'] : []);
  });
});

describe('row scopes', () => {
  it.each([
    ['all', { kind: 'all' }, principal(), { kind: 'all' }],
    ['own records', { kind: 'own' }, principal(), { kind: 'anyOf', filters: [own] }],
    ['my department', { kind: 'department' }, principal(), { kind: 'anyOf', filters: [myDepartment] }],
    [
      'my department and below (the caller resolves the tree)',
      { kind: 'department', includeSubDepartments: true },
      principal(),
      {
        kind: 'anyOf',
        filters: [
          {
            kind: 'cmp',
            field: 'ownerDepartmentId',
            op: 'in',
            value: ['d_sales', 'd_sales_north', 'd_sales_south'],
          },
        ],
      },
    ],
    [
      'my department, without departments',
      { kind: 'department' },
      principal({ departmentIds: [] }),
      { kind: 'none' },
    ],
    [
      'a member field contains me',
      { kind: 'fieldContainsMe', field: 'handler' },
      principal(),
      {
        kind: 'anyOf',
        filters: [{ kind: 'cmp', field: 'handler', op: 'in', value: { dynamic: 'currentUser' } }],
      },
    ],
    [
      'a members field contains me',
      { kind: 'fieldContainsMe', field: 'watchers' },
      principal(),
      {
        kind: 'anyOf',
        filters: [{ kind: 'cmp', field: 'watchers', op: 'in', value: { dynamic: 'currentUser' } }],
      },
    ],
    [
      'a department field contains my department',
      { kind: 'fieldContainsMe', field: 'team' },
      principal(),
      {
        kind: 'anyOf',
        filters: [{ kind: 'cmp', field: 'team', op: 'in', value: { dynamic: 'currentUserDepartments' } }],
      },
    ],
    [
      'a department field, without departments',
      { kind: 'fieldContainsMe', field: 'team' },
      principal({ departmentIds: [] }),
      { kind: 'none' },
    ],
    [
      'a field that holds no people (fails closed)',
      { kind: 'fieldContainsMe', field: 'title' },
      principal(),
      { kind: 'none' },
    ],
    [
      'an unknown field (fails closed)',
      { kind: 'fieldContainsMe', field: 'ghost' },
      principal(),
      { kind: 'none' },
    ],
    [
      'a custom filter with dynamic values',
      {
        kind: 'custom',
        filter: { kind: 'and', items: [{ kind: 'cmp', field: 'amount', op: 'gt', value: 100 }, own] },
      },
      principal(),
      {
        kind: 'anyOf',
        filters: [{ kind: 'and', items: [{ kind: 'cmp', field: 'amount', op: 'gt', value: 100 }, own] }],
      },
    ],
    [
      'an invalid custom filter (fails closed)',
      {
        kind: 'custom',
        filter: { kind: 'cmp', field: 'title', op: 'gt', value: { dynamic: 'currentUser' } },
      },
      principal(),
      { kind: 'none' },
    ],
  ] as const)('%s', (_what, scope, p, expected) => {
    const g = grantOf([group({ actions: ['view', 'edit'], scope: scope as PermissionGroup['scope'] })], p);
    expect(g.scopes.view).toEqual(expected);
    expect(g.scopes.edit).toEqual(expected);
    expect(g.scopes.delete).toEqual({ kind: 'none' });
  });

  it('splits a very large department tree into lists the query language accepts', () => {
    const many = Array.from({ length: 2500 }, (_, i) => `d${String(i).padStart(4, '0')}`);
    const g = grantOf(
      [group({ scope: { kind: 'department', includeSubDepartments: true } })],
      principal({ descendantDepartmentIds: many }),
    );
    const filter = (g.scopes.view as { filters: readonly Filter[] }).filters[0] as {
      kind: 'or';
      items: Filter[];
    };
    expect(filter.kind).toBe('or');
    expect(filter.items.map((c) => (c as { value: unknown[] }).value.length)).toEqual([1000, 1000, 501]);
  });
});

describe('combining groups (union)', () => {
  const a = (over: Partial<PermissionGroup>) => group({ ...over });
  it.each([
    [
      'scopes OR-ed',
      [a({ scope: { kind: 'own' } }), a({ scope: { kind: 'department' } })],
      { kind: 'anyOf', filters: [own, myDepartment] },
    ],
    [
      'all absorbs the others',
      [a({ scope: { kind: 'own' } }), a({ scope: { kind: 'all' } })],
      { kind: 'all' },
    ],
    [
      'all absorbs, in either order',
      [a({ scope: { kind: 'all' } }), a({ scope: { kind: 'own' } })],
      { kind: 'all' },
    ],
    [
      'the same scope once',
      [a({ scope: { kind: 'own' } }), a({ scope: { kind: 'own' } })],
      { kind: 'anyOf', filters: [own] },
    ],
    [
      'a scope that resolves to none adds nothing',
      [a({ scope: { kind: 'own' } }), a({ scope: { kind: 'fieldContainsMe', field: 'title' } })],
      { kind: 'anyOf', filters: [own] },
    ],
    [
      'a group that does not match adds nothing',
      [
        a({ scope: { kind: 'own' } }),
        a({ scope: { kind: 'all' }, members: [{ kind: 'users', ids: ['u2'] }] }),
      ],
      { kind: 'anyOf', filters: [own] },
    ],
  ] as const)('%s', (_what, groups, viewScope) => {
    expect(grantOf([...groups]).scopes.view).toEqual(viewScope);
  });

  it('unites actions, with their implications, in a fixed order', () => {
    const g = grantOf([group({ actions: ['print', 'import'] }), group({ actions: ['delete'] })]);
    expect(g.actions).toEqual(['view', 'create', 'delete', 'import', 'print']);
  });

  it('keeps a scope per action: a wide read and a narrow edit do not add up to a wide edit', () => {
    const g = grantOf([
      group({ actions: ['view'], scope: { kind: 'all' } }),
      group({ actions: ['edit', 'delete'], scope: { kind: 'own' } }),
    ]);
    expect(g.scopes.view).toEqual({ kind: 'all' });
    expect(g.scopes.edit).toEqual({ kind: 'anyOf', filters: [own] });
    expect(g.scopes.delete).toEqual({ kind: 'anyOf', filters: [own] });
    expect(g.scopes.export).toEqual({ kind: 'none' });
  });

  it('gives a create-only group no rows but its fields to fill in', () => {
    const g = grantOf([
      group({
        actions: ['create'],
        scope: { kind: 'all' },
        fields: { visible: ['title', 'amount'], editable: ['title'] },
      }),
    ]);
    expect(g.actions).toEqual(['create']);
    expect(g.scopes.view).toEqual({ kind: 'none' });
    expect(g.fields).toEqual({ visible: ['title', 'amount'], editable: ['title'] });
  });

  it.each([
    ['no field access: every field', [group({ actions: ['edit'] })], FIELD_IDS, FIELD_IDS],
    [
      '"all" includes fields added later',
      [group({ actions: ['edit'], fields: { visible: 'all', editable: ['title'] } })],
      FIELD_IDS,
      ['title'],
    ],
    [
      'visible fields united, in form order',
      [
        group({ fields: { visible: ['salary', 'title'], editable: [] } }),
        group({ fields: { visible: ['amount'], editable: [] } }),
      ],
      ['title', 'amount', 'salary'],
      [],
    ],
    [
      'editable only from groups that may write',
      [
        group({ actions: ['view'], fields: { visible: 'all', editable: 'all' } }),
        group({ actions: ['edit'], fields: { visible: ['title', 'amount'], editable: ['amount'] } }),
      ],
      FIELD_IDS,
      ['amount'],
    ],
    [
      "editable clipped to the group's own visible fields",
      [
        group({ actions: ['edit'], fields: { visible: ['title'], editable: ['title', 'salary'] } }),
        group({ actions: ['view'], fields: { visible: ['salary'], editable: [] } }),
      ],
      ['title', 'salary'],
      ['title'],
    ],
    [
      'unknown field ids ignored',
      [group({ actions: ['edit'], fields: { visible: ['title', 'ghost'], editable: ['ghost'] } })],
      ['title'],
      [],
    ],
  ] as const)('field masks: %s', (_what, groups, visible, editable) => {
    const g = grantOf([...groups]);
    expect(g.fields).toEqual({ visible, editable });
  });
});
