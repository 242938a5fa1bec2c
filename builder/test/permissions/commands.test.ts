import type { AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  applyPermissionCommand,
  fieldLevel,
  type PermissionCommand,
} from '../../src/permissions/core/commands';
import { audiencesOf, choiceOf } from '../../src/permissions/core/audience';
import { mixedGroups } from '../../src/permissions/core/mixed-groups';
import { principalOf } from '../../src/permissions/core/principal';
import { createPermissionStore } from '../../src/permissions/store/permission-store';

const app = {
  id: 'hr',
  name: { en: 'HR' },
  formatVersion: 2,
  forms: [
    {
      id: 'staff',
      name: { en: 'Staff' },
      fields: [
        { id: 'name', type: 'text', label: { en: 'Name' } },
        { id: 'salary', type: 'money', label: { en: 'Salary' }, config: { currency: 'CNY' } },
      ],
    },
  ],
} as unknown as AppDefinition;

const run = (cmds: PermissionCommand[], from = app) => cmds.reduce(applyPermissionCommand, from);
const groups = (a: AppDefinition) => a.forms[0]?.permissionGroups ?? [];
const add = (n: number): PermissionCommand => ({ type: 'addGroup', formId: 'staff', name: { en: `G${n}` } });

describe('permission commands', () => {
  it('adds, renames, duplicates (after the source, with fresh ids), moves and removes groups', () => {
    let next = run([add(1), add(2)]);
    expect(groups(next).map((g) => g.id)).toEqual(['group_1', 'group_2']);
    next = run(
      [
        { type: 'renameGroup', formId: 'staff', groupId: 'group_1', name: { en: 'Sales' } },
        { type: 'setScope', formId: 'staff', groupId: 'group_1', scope: { kind: 'own' } },
        { type: 'duplicateGroup', formId: 'staff', groupId: 'group_1', suffix: { en: ' (copy)' } },
      ],
      next,
    );
    expect(groups(next).map((g) => [g.id, g.name.en, g.scope.kind])).toEqual([
      ['group_1', 'Sales', 'own'],
      ['group_3', 'Sales (copy)', 'own'],
      ['group_2', 'G2', 'all'],
    ]);
    next = run([{ type: 'moveGroup', formId: 'staff', groupId: 'group_2', to: 0 }], next);
    expect(groups(next).map((g) => g.id)).toEqual(['group_2', 'group_1', 'group_3']);
    next = run(
      ['group_1', 'group_2', 'group_3'].map((groupId) => ({ type: 'removeGroup', formId: 'staff', groupId })),
      next,
    );
    // No groups left: the form goes back to the app's defaults, with no empty list stored.
    expect(next.forms[0]).not.toHaveProperty('permissionGroups');
  });

  it('keeps editable within visible whatever order the switches are used in', () => {
    const next = run([
      add(1),
      { type: 'setAllFields', formId: 'staff', groupId: 'group_1', level: 'hidden' },
      { type: 'setFieldLevel', formId: 'staff', groupId: 'group_1', fieldId: 'salary', level: 'editable' },
    ]);
    const [group] = groups(next);
    expect(group?.fields).toEqual({ visible: ['salary'], editable: ['salary'] });
    expect(fieldLevel(group!, next.forms[0]!, 'name')).toBe('hidden');
  });

  it('refuses a command for a group that does not exist, changing nothing', () => {
    expect(() => run([{ type: 'removeGroup', formId: 'staff', groupId: 'nope' }])).not.toThrow();
    expect(() =>
      run([{ type: 'setScope', formId: 'staff', groupId: 'nope', scope: { kind: 'all' } }]),
    ).toThrow(/no group nope/);
    const store = createPermissionStore({ app, version: 1, formId: 'staff' });
    const result = store
      .getState()
      .dispatch({ type: 'renameGroup', formId: 'staff', groupId: 'nope', name: { en: 'x' } });
    expect(result.ok).toBe(false);
    expect(store.getState().dirty).toBe(false);
  });

  it('undoes and redoes through the shared patch history', () => {
    const store = createPermissionStore({ app, version: 1, formId: 'staff' });
    store.getState().dispatch(add(1));
    expect(store.getState().selectedGroup).toBe('group_1');
    expect(store.getState().dirty).toBe(true);
    store.getState().undo();
    expect(groups(store.getState().app)).toEqual([]);
    expect(store.getState().dirty).toBe(false);
    store.getState().redo();
    expect(groups(store.getState().app).map((g) => g.id)).toEqual(['group_1']);
  });

  it('reads and writes audiences without half-made entries', () => {
    const choice = choiceOf([
      { kind: 'users', ids: ['u1'] },
      { kind: 'departments', ids: ['d1'], includeSubDepartments: true },
    ]);
    expect(audiencesOf({ ...choice, users: [] })).toEqual([
      { kind: 'departments', ids: ['d1'], includeSubDepartments: true },
    ]);
    expect(audiencesOf({ ...choice, everyone: true, departments: [] })).toEqual([
      { kind: 'everyone' },
      { kind: 'users', ids: ['u1'] },
    ]);
  });

  it('builds the view-as principal with department ancestors and descendants', () => {
    const departments = [
      { id: 'root', name: 'Co', parentId: null, leaderId: null },
      { id: 'sales', name: 'Sales', parentId: 'root', leaderId: null },
      { id: 'east', name: 'East', parentId: 'sales', leaderId: null },
      { id: 'east1', name: 'East 1', parentId: 'east', leaderId: null },
    ];
    const user = {
      id: 'u',
      name: 'U',
      email: 'u@x',
      isAdmin: false,
      departmentIds: ['sales'],
      roleIds: ['r'],
    };
    expect(principalOf(user, departments)).toEqual({
      userId: 'u',
      departmentIds: ['sales'],
      ancestorDepartmentIds: ['root'],
      descendantDepartmentIds: ['east', 'east1'],
      roleIds: ['r'],
      isOrgAdmin: false,
    });
  });
});

describe('mixed groups warning', () => {
  const group = (id: string, scope: 'all' | 'own', visible: 'all' | string[], members: unknown[]) =>
    ({
      id,
      name: { en: id },
      members,
      actions: ['view'],
      scope: { kind: scope },
      ...(visible === 'all' ? {} : { fields: { visible, editable: visible } }),
    }) as never;

  it('flags groups differing in rows and fields that may share a member', () => {
    const everyone = [{ kind: 'everyone' }];
    const a = group('a', 'all', ['name'], everyone);
    const b = group('b', 'own', 'all', [{ kind: 'roles', ids: ['r1'] }]);
    expect(mixedGroups([a, b]).map(([x, y]) => [x.id, y.id])).toEqual([['a', 'b']]);
    // Same rows, or same fields: the union widens nothing unexpected.
    expect(mixedGroups([a, group('c', 'all', 'all', everyone)])).toEqual([]);
    expect(mixedGroups([a, group('d', 'own', ['name'], everyone)])).toEqual([]);
    // Two disjoint lists of chosen users never share a member.
    const u1 = group('u1', 'all', ['name'], [{ kind: 'users', ids: ['x'] }]);
    const u2 = group('u2', 'own', 'all', [{ kind: 'users', ids: ['y'] }]);
    expect(mixedGroups([u1, u2])).toEqual([]);
  });
});
