import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AppDefinition, PermissionAction, PermissionGroup } from '@tangram/schema';
import {
  ROW_ACTIONS,
  canDo,
  checkQueryFields,
  checkScopeFilters,
  checkWritableFields,
  computeGrant,
  maskRecord,
  queryContextFor,
  scopeFilter,
  scopeMatcher,
  type Grant,
  type Principal,
} from '../src/index.js';
import { FIELD_IDS, app, form, group, principal } from './fixtures.js';

const at = { now: new Date('2024-03-06T10:00:00Z'), timeZone: 'Asia/Shanghai' };
const grantOf = (groups: PermissionGroup[], p = principal()): Grant => computeGrant(p, app(groups), 'orders');

describe('enforcement helpers', () => {
  const narrow = grantOf([
    group({
      actions: ['view', 'edit'],
      scope: { kind: 'own' },
      fields: { visible: ['title', 'amount', 'handler'], editable: ['amount'] },
    }),
  ]);

  it('canDo answers from the actions', () => {
    expect(canDo(narrow, 'view')).toBe(true);
    expect(canDo(narrow, 'edit')).toBe(true);
    expect(canDo(narrow, 'delete')).toBe(false);
    expect(canDo(narrow, 'manage')).toBe(false);
  });

  it('scopeFilter gives a constant for all and none, one filter, or an or of several', () => {
    expect(scopeFilter(grantOf([group()]))).toBe('all');
    expect(scopeFilter(narrow, 'delete')).toBe('none');
    expect(scopeFilter(narrow)).toEqual({
      kind: 'cmp',
      field: 'ownerId',
      op: 'eq',
      value: { dynamic: 'currentUser' },
    });
    const two = grantOf([group({ scope: { kind: 'own' } }), group({ scope: { kind: 'department' } })]);
    expect(scopeFilter(two)).toMatchObject({
      kind: 'or',
      items: [{ field: 'ownerId' }, { field: 'ownerDepartmentId' }],
    });
  });

  it('scopeMatcher evaluates the scope in memory with dynamic values of the principal', () => {
    const ctx = queryContextFor(principal(), at);
    expect(ctx).toEqual({ ...at, userId: 'u1', userDepartmentIds: ['d_sales'] });
    const mine = scopeMatcher(narrow, 'view', form(), ctx);
    expect(mine({ id: 'r1', ownerId: 'u1' })).toBe(true);
    expect(mine({ id: 'r2', ownerId: 'u2' })).toBe(false);
    expect(scopeMatcher(narrow, 'delete', form(), ctx)({ id: 'r1', ownerId: 'u1' })).toBe(false);
    const dept = grantOf([group({ scope: { kind: 'department', includeSubDepartments: true } })]);
    const below = scopeMatcher(dept, 'view', form(), ctx);
    expect(below({ id: 'r3', ownerDepartmentId: 'd_sales_north' })).toBe(true);
    expect(below({ id: 'r4', ownerDepartmentId: 'd_root' })).toBe(false);
  });

  it('maskRecord keeps only visible fields and the system properties', () => {
    const record = {
      id: 'r1',
      version: 3,
      ownerId: 'u1',
      data: { title: 'A', amount: 5, salary: 99999, watchers: ['u2'] },
    };
    expect(maskRecord(narrow, record)).toEqual({
      id: 'r1',
      version: 3,
      ownerId: 'u1',
      data: { title: 'A', amount: 5 },
    });
    expect(record.data.salary).toBe(99999);
  });

  it('checkWritableFields refuses hidden, read-only and unknown fields once each', () => {
    expect(checkWritableFields(narrow, ['amount'])).toEqual([]);
    expect(checkWritableFields(narrow, ['title', 'salary', 'ghost', 'salary', 'amount'])).toEqual([
      'title',
      'salary',
      'ghost',
    ]);
    expect(checkWritableFields(narrow, ['ownerId'])).toEqual(['ownerId']);
  });

  it('checkQueryFields refuses hidden fields but never system fields', () => {
    expect(checkQueryFields(narrow, ['title', 'createdAt', 'ownerId', 'ownerDepartmentId'])).toEqual([]);
    expect(checkQueryFields(narrow, ['salary', 'title', 'ghost'])).toEqual(['salary', 'ghost']);
  });
});

describe('checkScopeFilters', () => {
  it('checks custom scopes as queries of their form, and their depth', () => {
    let deep: unknown = { kind: 'cmp', field: 'title', op: 'isEmpty' };
    for (let i = 0; i < 6; i++) deep = { kind: 'and', items: [deep] };
    const definition = app([
      group({ scope: { kind: 'custom', filter: { kind: 'cmp', field: 'title', op: 'gt', value: 3 } } }),
      group({ scope: { kind: 'custom', filter: { kind: 'cmp', field: 'amount', op: 'gt', value: 3 } } }),
      group({ scope: { kind: 'custom', filter: deep as never } }),
    ]);
    const issues = checkScopeFilters(definition);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/forms/0/permissionGroups/0/scope/filter/op', expect.any(String)],
      ['/forms/0/permissionGroups/2/scope/filter', 'tooDeep'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the union is monotonic. Adding a group never removes an action, a field or a row.

const USERS = ['u1', 'u2', 'u3'];
const DEPARTMENTS = ['d1', 'd2', 'd3', 'd4'];
const ROLES = ['r1', 'r2'];
const ACTIONS: PermissionAction[] = [
  'view',
  'create',
  'edit',
  'delete',
  'import',
  'export',
  'print',
  'manage',
];

const ids = (pool: string[]) =>
  fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: pool.length });
const audience = fc.oneof(
  fc.constant({ kind: 'everyone' as const }),
  ids(USERS).map((v) => ({ kind: 'users' as const, ids: v })),
  fc.record({
    kind: fc.constant('departments' as const),
    ids: ids(DEPARTMENTS),
    includeSubDepartments: fc.boolean(),
  }),
  ids(ROLES).map((v) => ({ kind: 'roles' as const, ids: v })),
);
const scope = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.constant({ kind: 'own' as const }),
  fc.boolean().map((sub) => ({ kind: 'department' as const, includeSubDepartments: sub })),
  fc
    .constantFrom('handler', 'watchers', 'team', 'title')
    .map((field) => ({ kind: 'fieldContainsMe' as const, field })),
  fc.integer({ min: 0, max: 100 }).map((n) => ({
    kind: 'custom' as const,
    filter: { kind: 'cmp' as const, field: 'amount', op: 'gt' as const, value: n },
  })),
);
const selection = fc.oneof(fc.constant('all' as const), fc.uniqueArray(fc.constantFrom(...FIELD_IDS)));
const groupArb: fc.Arbitrary<PermissionGroup> = fc.record(
  {
    id: fc.constantFrom('ga', 'gb', 'gc', 'gd'),
    name: fc.constant({ en: 'G' }),
    members: fc.array(audience, { maxLength: 3 }),
    actions: fc.uniqueArray(fc.constantFrom(...ACTIONS)),
    scope,
    fields: fc.record({ visible: selection, editable: selection }),
  },
  { requiredKeys: ['id', 'name', 'members', 'actions', 'scope'] },
);
const principalArb: fc.Arbitrary<Principal> = fc.record({
  userId: fc.constantFrom(...USERS),
  departmentIds: fc.uniqueArray(fc.constantFrom(...DEPARTMENTS), { maxLength: 2 }),
  ancestorDepartmentIds: fc.uniqueArray(fc.constantFrom(...DEPARTMENTS), { maxLength: 2 }),
  descendantDepartmentIds: fc.uniqueArray(fc.constantFrom(...DEPARTMENTS), { maxLength: 2 }),
  roleIds: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 2 }),
  isOrgAdmin: fc.constant(false),
});
const recordArb = fc.record({
  id: fc.constant('r'),
  ownerId: fc.constantFrom(...USERS, null),
  ownerDepartmentId: fc.constantFrom(...DEPARTMENTS, null),
  handler: fc.constantFrom(...USERS, null),
  watchers: fc.uniqueArray(fc.constantFrom(...USERS)),
  team: fc.constantFrom(...DEPARTMENTS, null),
  amount: fc.integer({ min: -10, max: 110 }),
  title: fc.constantFrom('a', null),
});

const subset = (a: readonly string[], b: readonly string[]) => a.every((x) => b.includes(x));

describe('union is monotonic (property)', () => {
  it('adding a group never removes an action, a visible or editable field, or a row of any action', () => {
    fc.assert(
      fc.property(
        principalArb,
        fc.array(groupArb, { minLength: 1, maxLength: 4 }),
        groupArb,
        fc.array(recordArb, { minLength: 1, maxLength: 8 }),
        (p, groups, extra, records) => {
          const before = computeGrant(p, app(groups), 'orders');
          const after = computeGrant(p, app([...groups, extra]), 'orders');
          expect(subset(before.actions, after.actions)).toBe(true);
          expect(subset(before.fields.visible, after.fields.visible)).toBe(true);
          expect(subset(before.fields.editable, after.fields.editable)).toBe(true);
          const ctx = queryContextFor(p, at);
          for (const action of ROW_ACTIONS) {
            const was = scopeMatcher(before, action, form(), ctx);
            const is = scopeMatcher(after, action, form(), ctx);
            for (const r of records) if (was(r)) expect(is(r)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps every grant well formed: editable within visible, no rows for actions not allowed', () => {
    fc.assert(
      fc.property(principalArb, fc.array(groupArb, { maxLength: 5 }), (p, groups) => {
        const definition: AppDefinition = app(groups);
        const g = computeGrant(p, definition, 'orders');
        expect(subset(g.fields.editable, g.fields.visible)).toBe(true);
        for (const action of ROW_ACTIONS)
          if (!canDo(g, action)) expect(g.scopes[action]).toEqual({ kind: 'none' });
        if (canDo(g, 'edit') || canDo(g, 'delete') || canDo(g, 'export')) expect(canDo(g, 'view')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
