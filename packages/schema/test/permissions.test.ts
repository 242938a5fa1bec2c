import { describe, expect, it } from 'vitest';
import {
  CURRENT_FORMAT_VERSION,
  LEGACY_OPEN_ACCESS,
  checkPermissions,
  upgradeDefinition,
  validateAppDefinition,
  type AppDefinition,
  type PermissionGroup,
} from '../src/index.js';

const label = (en: string) => ({ en });
const fields = [
  { id: 'title', type: 'text', label: label('Title') },
  { id: 'handler', type: 'member', label: label('Handler') },
  { id: 'team', type: 'department', label: label('Team') },
] as AppDefinition['forms'][number]['fields'];

const group = (over: Partial<PermissionGroup> = {}): PermissionGroup => ({
  id: 'g1',
  name: label('Sales'),
  members: [{ kind: 'everyone' }],
  actions: ['view'],
  scope: { kind: 'all' },
  ...over,
});
const app = (groups?: PermissionGroup[], access?: AppDefinition['access']): AppDefinition => ({
  id: 'sales',
  name: label('Sales'),
  formatVersion: CURRENT_FORMAT_VERSION,
  forms: [{ id: 'orders', name: label('Orders'), fields, ...(groups ? { permissionGroups: groups } : {}) }],
  ...(access ? { access } : {}),
});

// Until enforcement lands the definition checks refuse non-empty groups on save (another
// change); the structure tests look at every other issue.
const issuesOf = (raw: unknown) => {
  const result = validateAppDefinition(raw);
  return result.ok ? [] : result.issues.filter((i) => i.code !== 'permission_groups_not_enforced');
};

describe('format upgrade to permissions (format 2)', () => {
  it('gives a format-1 app the legacy-open access and drops the untyped placeholder', () => {
    const v1 = { id: 'a', name: label('A'), formatVersion: 1, forms: [], permissionGroups: [{ id: 'p' }] };
    const result = upgradeDefinition(v1);
    expect(result).toMatchObject({ ok: true, upgradedFrom: 1 });
    if (!result.ok) return;
    expect(result.definition).toEqual({
      id: 'a',
      name: label('A'),
      formatVersion: CURRENT_FORMAT_VERSION,
      forms: [],
      access: LEGACY_OPEN_ACCESS,
    });
    expect(v1.permissionGroups).toHaveLength(1);
    expect(result.definition.access).not.toBe(LEGACY_OPEN_ACCESS);
  });

  it('validates an upgraded format-1 app and keeps a current one as written', () => {
    const v1 = validateAppDefinition({ id: 'a', name: label('A'), formatVersion: 1, forms: [] });
    expect(v1.ok && v1.value.access).toEqual(LEGACY_OPEN_ACCESS);
    const v2 = validateAppDefinition({
      ...app(),
      access: { members: [], admins: [], defaultFormActions: [] },
    });
    expect(v2.ok && v2.value.access).toEqual({ members: [], admins: [], defaultFormActions: [] });
    expect(validateAppDefinition(app()).ok).toBe(true);
  });
});

describe('permission JSON Schema', () => {
  it('accepts every scope kind, audience kind and field selection', () => {
    const groups: PermissionGroup[] = [
      group({ id: 'a', scope: { kind: 'own' }, fields: { visible: 'all', editable: ['title'] } }),
      group({ id: 'b', scope: { kind: 'department', includeSubDepartments: true } }),
      group({ id: 'c', scope: { kind: 'fieldContainsMe', field: 'handler' } }),
      group({
        id: 'd',
        members: [
          { kind: 'users', ids: ['u1'] },
          { kind: 'departments', ids: ['d1'], includeSubDepartments: true },
          { kind: 'roles', ids: ['r1'] },
        ],
        actions: ['view', 'create', 'edit', 'delete', 'import', 'export', 'print', 'manage'],
        scope: {
          kind: 'custom',
          filter: { kind: 'cmp', field: 'handler', op: 'eq', value: { dynamic: 'currentUser' } },
        },
      }),
    ];
    expect(issuesOf(app(groups, LEGACY_OPEN_ACCESS))).toEqual([]);
  });

  it.each([
    ['an unknown scope kind', group({ scope: { kind: 'mine' } as never }), 'scope/kind'],
    ['an unknown action', group({ actions: ['fly' as never] }), 'actions/0'],
    ['a repeated action', group({ actions: ['view', 'view'] }), 'actions'],
    ['an empty id list', group({ members: [{ kind: 'users', ids: [] }] }), 'members/0/ids'],
    ['an unknown property', { ...group(), bogus: true } as PermissionGroup, 'bogus'],
    [
      'a bad field selection',
      group({ fields: { visible: 'some' as never, editable: [] } }),
      'fields/visible',
    ],
  ])('refuses %s', (_what, bad, where) => {
    const issues = issuesOf(app([bad]));
    expect(issues.map((i) => i.path)).toContainEqual(
      expect.stringContaining(`/forms/0/permissionGroups/0/${where}`),
    );
  });

  it('refuses the old app-level placeholder in the current format', () => {
    const issues = issuesOf({ ...app(), permissionGroups: [] });
    expect(issues).toContainEqual(expect.objectContaining({ path: '/permissionGroups' }));
  });
});

describe('permission semantic checks', () => {
  const codes = (definition: AppDefinition, directory?: Parameters<typeof checkPermissions>[1]) =>
    checkPermissions(definition, directory).map((i) => [i.path, i.code]);

  it('flags unknown fields wherever a group names one', () => {
    const definition = app([
      group({ id: 'a', fields: { visible: ['title', 'ghost'], editable: ['phantom'] } }),
      group({ id: 'b', scope: { kind: 'fieldContainsMe', field: 'nobody' } }),
      group({
        id: 'c',
        scope: {
          kind: 'custom',
          filter: {
            kind: 'and',
            items: [
              { kind: 'cmp', field: 'createdBy', op: 'eq', value: { dynamic: 'currentUser' } },
              { kind: 'cmp', field: 'missing', op: 'isEmpty' },
            ],
          },
        },
      }),
    ]);
    expect(codes(definition)).toEqual([
      ['/forms/0/permissionGroups/0/fields/visible/1', 'unknown_field'],
      ['/forms/0/permissionGroups/0/fields/editable/0', 'unknown_field'],
      ['/forms/0/permissionGroups/1/scope/field', 'unknown_field'],
      ['/forms/0/permissionGroups/2/scope/filter/items/1/field', 'unknown_field'],
    ]);
  });

  it('flags a "contains me" scope on a field that holds no people, duplicate ids and editable hidden fields', () => {
    const definition = app([
      group({ id: 'a', scope: { kind: 'fieldContainsMe', field: 'title' } }),
      group({ id: 'A', fields: { visible: ['title'], editable: ['title', 'team'] } }),
      group({ id: 'b', fields: { visible: ['title'], editable: 'all' } }),
    ]);
    expect(codes(definition)).toEqual([
      ['/forms/0/permissionGroups/0/scope/field', 'not_member_field'],
      ['/forms/0/permissionGroups/1/id', 'duplicate_id'],
      ['/forms/0/permissionGroups/1/fields/editable/1', 'editable_not_visible'],
      ['/forms/0/permissionGroups/2/fields/editable', 'editable_not_visible'],
      ['/forms/0/permissionGroups/2/fields/editable', 'editable_not_visible'],
    ]);
  });

  it('checks users, departments and roles only against the directory lists given', () => {
    const definition = app(
      [
        group({
          members: [
            { kind: 'users', ids: ['u1', 'u404'] },
            { kind: 'departments', ids: ['d404'] },
            { kind: 'roles', ids: ['r1', 'r404'] },
          ],
        }),
      ],
      {
        members: [{ kind: 'departments', ids: ['d1', 'dX'] }],
        admins: [{ kind: 'users', ids: ['uX'] }],
        defaultFormActions: [],
      },
    );
    expect(codes(definition)).toEqual([]);
    expect(codes(definition, { roleIds: ['r1'] })).toEqual([
      ['/forms/0/permissionGroups/0/members/2/ids/1', 'unknown_role'],
    ]);
    expect(codes(definition, { userIds: ['u1'], departmentIds: ['d1'], roleIds: ['r1'] })).toEqual([
      ['/access/members/0/ids/1', 'unknown_department'],
      ['/access/admins/0/ids/0', 'unknown_user'],
      ['/forms/0/permissionGroups/0/members/0/ids/1', 'unknown_user'],
      ['/forms/0/permissionGroups/0/members/1/ids/0', 'unknown_department'],
      ['/forms/0/permissionGroups/0/members/2/ids/1', 'unknown_role'],
    ]);
  });

  it('passes the directory through validateAppDefinition', () => {
    const definition = app(undefined, {
      members: [{ kind: 'roles', ids: ['r9'] }],
      admins: [],
      defaultFormActions: [],
    });
    expect(validateAppDefinition(definition).ok).toBe(true);
    const result = validateAppDefinition(definition, { directory: { roleIds: [] } });
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['unknown_role']);
  });
});
