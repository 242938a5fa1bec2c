/**
 * The world of the authorization matrix: a small department tree, two roles, ten users, two apps
 * whose forms each carry one permission-group configuration, nine records per form with owners
 * and people fields spread over the users, and canaries (unique random strings) in the two fields
 * that groups hide. Keys (`u_east`, `r3`) name things before the server gives them ids.
 */
import { randomBytes } from 'node:crypto';
import type { Action, ModelAudience, ModelGroup, ModelRecord, ModelScope, ModelUser } from './model';

const l = (en: string) => ({ en, 'zh-CN': en });

export const DEPARTMENTS = [
  { key: 'root', parent: null },
  { key: 'sales', parent: 'root' },
  { key: 'east', parent: 'sales' },
  { key: 'ops', parent: 'root' },
  { key: 'guests', parent: null },
] as const;
export type DeptKey = (typeof DEPARTMENTS)[number]['key'];

export const ROLES = ['clerk', 'mgr'] as const;
export type RoleKey = (typeof ROLES)[number];

export const USERS: { key: string; admin?: boolean; depts: DeptKey[]; roles: RoleKey[] }[] = [
  { key: 'u_east', depts: ['east'], roles: ['clerk'] },
  { key: 'u_east2', depts: ['east'], roles: [] },
  { key: 'u_sales', depts: ['sales'], roles: ['mgr'] },
  { key: 'u_ops', depts: ['ops'], roles: ['clerk'] },
  { key: 'u_root', depts: ['root'], roles: ['mgr'] },
  { key: 'u_multi', depts: ['ops', 'east'], roles: ['clerk', 'mgr'] },
  { key: 'u_none', depts: [], roles: [] },
  { key: 'u_out', depts: ['guests'], roles: ['clerk'] },
  { key: 'u_appadm', depts: ['guests'], roles: [] },
];

/** Server ids of the directory, by key. */
export interface Ids {
  user: Record<string, string>;
  dept: Record<DeptKey, string>;
  role: Record<RoleKey, string>;
}

/** The fields every matrix form has; `secret` and `note` hold canaries and are what groups hide. */
export const FIELDS = [
  { id: 'title', type: 'text' },
  { id: 'amount', type: 'number' },
  { id: 'status', type: 'select' },
  { id: 'memo', type: 'text' },
  { id: 'assignee', type: 'member' },
  { id: 'team', type: 'members' },
  { id: 'dept', type: 'department' },
  { id: 'secret', type: 'text' },
  { id: 'note', type: 'textarea' },
] as const;
export const CANARY_FIELDS = ['secret', 'note'] as const;

function fieldDefinitions() {
  return FIELDS.map((f) => {
    if (f.type === 'select')
      return {
        ...f,
        label: l(f.id),
        config: { options: ['open', 'won', 'lost'].map((v) => ({ value: v, label: l(v) })) },
      };
    if (f.type === 'number') return { ...f, label: l(f.id), config: { precision: 0 } };
    return { ...f, label: l(f.id) };
  });
}

/** A form of the matrix: its groups (empty = the app's default actions) in model terms. */
export interface MatrixForm {
  id: string;
  /** What this form's configuration exercises, for failure messages. */
  about: string;
  groups: ModelGroup[];
}

export interface MatrixApp {
  id: string;
  access: { members: ModelAudience[]; admins: ModelAudience[]; defaultFormActions: Action[] };
  forms: MatrixForm[];
}

const visibleExcept = (...hidden: string[]) => FIELDS.map((f) => f.id).filter((f) => !hidden.includes(f));
const LEGACY: Action[] = ['view', 'create', 'edit', 'delete', 'import', 'export', 'print'];

export function matrixApps(ids: Ids): MatrixApp[] {
  const u = (...keys: string[]): ModelAudience => ({ kind: 'users', ids: keys.map((k) => ids.user[k]!) });
  const roles = (...keys: RoleKey[]): ModelAudience => ({ kind: 'roles', ids: keys.map((k) => ids.role[k]) });
  const depts = (sub: boolean, ...keys: DeptKey[]): ModelAudience => ({
    kind: 'departments',
    ids: keys.map((k) => ids.dept[k]),
    includeSubDepartments: sub,
  });
  const everyone: ModelAudience = { kind: 'everyone' };
  const group = (
    id: string,
    members: ModelAudience[],
    actions: Action[],
    scope: ModelScope,
    fields?: ModelGroup['fields'],
  ): ModelGroup => ({ id, members, actions, scope, ...(fields ? { fields } : {}) });

  const crm: MatrixApp = {
    id: 'crm',
    access: {
      members: [depts(true, 'root'), u('u_none')],
      admins: [u('u_appadm')],
      defaultFormActions: LEGACY,
    },
    forms: [
      { id: 'f_open', about: 'no groups: the app default (legacy open)', groups: [] },
      {
        id: 'f_own',
        about: 'everyone: view/create/edit/delete own, secret hidden',
        groups: [
          group(
            'g1',
            [everyone],
            ['view', 'create', 'edit', 'delete'],
            { kind: 'own' },
            {
              visible: visibleExcept('secret'),
              editable: ['title', 'amount', 'memo', 'status'],
            },
          ),
        ],
      },
      {
        id: 'f_dept',
        about: 'clerks edit their department; managers view+export department and below without canaries',
        groups: [
          group(
            'clerks',
            [roles('clerk')],
            ['edit'],
            { kind: 'department' },
            {
              visible: 'all',
              editable: ['memo', 'note'],
            },
          ),
          group(
            'mgrs',
            [roles('mgr')],
            ['view', 'export'],
            { kind: 'department', includeSubDepartments: true },
            {
              visible: visibleExcept('secret', 'note'),
              editable: [],
            },
          ),
        ],
      },
      {
        id: 'f_tree',
        about: 'department audiences with and without sub-departments',
        groups: [
          group('sales', [depts(true, 'sales')], ['view'], {
            kind: 'department',
            includeSubDepartments: true,
          }),
          group(
            'ops',
            [depts(false, 'ops')],
            ['view', 'delete'],
            { kind: 'all' },
            {
              visible: ['title', 'status', 'memo', 'amount'],
              editable: [],
            },
          ),
          group(
            'root',
            [depts(false, 'root')],
            ['view', 'create'],
            { kind: 'own' },
            {
              visible: visibleExcept('note'),
              editable: ['title', 'memo'],
            },
          ),
        ],
      },
      {
        id: 'f_member',
        about: 'member and members fields containing me',
        groups: [
          group(
            'assignee',
            [everyone],
            ['view', 'edit'],
            { kind: 'fieldContainsMe', field: 'assignee' },
            {
              visible: visibleExcept('note'),
              editable: ['memo'],
            },
          ),
          group(
            'team',
            [u('u_east2', 'u_ops')],
            ['view'],
            { kind: 'fieldContainsMe', field: 'team' },
            {
              visible: ['title', 'amount', 'status', 'memo', 'team'],
              editable: [],
            },
          ),
        ],
      },
      {
        id: 'f_deptf',
        about: 'department field containing my department; print implies view',
        groups: [
          group(
            'deptfield',
            [everyone],
            ['view'],
            { kind: 'fieldContainsMe', field: 'dept' },
            {
              visible: ['title', 'status', 'memo', 'dept'],
              editable: [],
            },
          ),
          group('printers', [roles('mgr')], ['print'], { kind: 'department' }),
        ],
      },
      {
        id: 'f_custom',
        about: 'custom filter with currentUser; a second group widens the mask to every reached row',
        groups: [
          group(
            'big',
            [everyone],
            ['view'],
            {
              kind: 'custom',
              filter: {
                kind: 'or',
                items: [
                  { kind: 'cmp', field: 'amount', op: 'gt', value: 50 },
                  { kind: 'cmp', field: 'assignee', op: 'eq', value: { dynamic: 'currentUser' } },
                ],
              },
              matches: (r, user) => Number(r.data.amount) > 50 || r.data.assignee === user.id,
            },
            { visible: visibleExcept('secret'), editable: [] },
          ),
          group(
            'eastOwn',
            [u('u_east')],
            ['edit'],
            { kind: 'own' },
            { visible: 'all', editable: ['secret', 'memo'] },
          ),
        ],
      },
      {
        id: 'f_mixed',
        about: 'view all (masked) + clerks edit/delete own (unmasked) + east exports own',
        groups: [
          group(
            'viewAll',
            [everyone],
            ['view'],
            { kind: 'all' },
            {
              visible: visibleExcept('secret', 'note'),
              editable: [],
            },
          ),
          group(
            'clerkOwn',
            [roles('clerk')],
            ['edit', 'delete'],
            { kind: 'own' },
            {
              visible: 'all',
              editable: ['memo', 'note'],
            },
          ),
          group('eastExport', [depts(false, 'east')], ['export'], { kind: 'own' }),
        ],
      },
      {
        id: 'f_create',
        about: 'create without view; u_root views all',
        groups: [
          group(
            'creators',
            [everyone],
            ['create'],
            { kind: 'all' },
            { visible: 'all', editable: ['title', 'memo'] },
          ),
          group('rootView', [u('u_root')], ['view'], { kind: 'all' }),
        ],
      },
      {
        id: 'f_custdept',
        about: 'custom filter with currentUserDepartments; everyone sees won records',
        groups: [
          group(
            'myDeptField',
            [depts(true, 'sales')],
            ['view', 'edit'],
            {
              kind: 'custom',
              filter: { kind: 'cmp', field: 'dept', op: 'in', value: { dynamic: 'currentUserDepartments' } },
              matches: (r, user) =>
                typeof r.data.dept === 'string' && user.departmentIds.includes(r.data.dept),
            },
            { visible: 'all', editable: ['memo'] },
          ),
          group(
            'won',
            [everyone],
            ['view'],
            {
              kind: 'custom',
              filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'won' },
              matches: (r) => r.data.status === 'won',
            },
            { visible: visibleExcept('secret', 'note'), editable: [] },
          ),
        ],
      },
      {
        id: 'f_nomatch',
        about: 'groups exist but only u_root matches',
        groups: [group('rootOnly', [u('u_root')], ['view', 'edit', 'delete'], { kind: 'all' })],
      },
    ],
  };
  const hr: MatrixApp = {
    id: 'hr',
    access: {
      members: [depts(true, 'sales')],
      admins: [u('u_ops')],
      defaultFormActions: ['view'],
    },
    forms: [
      { id: 'h_default', about: 'gated app, default actions [view]', groups: [] },
      {
        id: 'h_groups',
        about: 'gated app: a group for everyone / for a non-member gives non-members nothing',
        groups: [
          group(
            'own',
            [everyone],
            ['view', 'edit'],
            { kind: 'own' },
            { visible: visibleExcept('secret'), editable: ['memo'] },
          ),
          group('outsider', [u('u_out', 'u_root')], ['view', 'delete'], { kind: 'all' }),
        ],
      },
    ],
  };
  return [crm, hr];
}

/** The forms a second form links to with relation fields (relation choices, display values, lookups). */
export const RELATION_TARGETS = ['f_own', 'f_custom', 'f_dept'] as const;
/** A relation's own choice filter (关联数据的数据过滤): the choices are also limited by it. */
export const RELATION_FILTER = { kind: 'cmp', field: 'status', op: 'ne', value: 'lost' } as const;

function scopeJson(scope: ModelScope): unknown {
  if (scope.kind === 'custom') return { kind: 'custom', filter: scope.filter };
  return scope;
}

/** The app definition (format 2) as the server stores it; `withGroups: false` for seeding. */
export function appDefinition(app: MatrixApp, withGroups: boolean): Record<string, unknown> {
  const forms: Record<string, unknown>[] = app.forms.map((form) => ({
    id: form.id,
    name: l(form.id),
    fields: fieldDefinitions(),
    titleField: 'title',
    ...(withGroups && form.groups.length > 0
      ? {
          permissionGroups: form.groups.map((g) => ({
            id: g.id,
            name: l(g.id),
            members: g.members,
            actions: g.actions,
            scope: scopeJson(g.scope),
            ...(g.fields ? { fields: g.fields } : {}),
          })),
        }
      : {}),
  }));
  const links = app.id === 'crm';
  if (links)
    forms.push({
      id: 'links',
      name: l('links'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('name') },
        ...RELATION_TARGETS.flatMap((target) => [
          {
            id: `to_${target}`,
            type: 'relation',
            label: l(target),
            config: { form: target, displayField: 'title', filter: RELATION_FILTER },
          },
          ...CANARY_FIELDS.map((f) => ({
            id: `lk_${target}_${f}`,
            type: 'lookup',
            label: l(`${target} ${f}`),
            config: { relation: `to_${target}`, field: f },
          })),
        ]),
      ],
    });
  return {
    id: app.id,
    name: l(app.id),
    formatVersion: 2,
    access: app.access,
    forms,
    dashboards: [
      {
        id: 'matrix',
        name: l('matrix'),
        widgets: app.forms.flatMap((form, i) => widgetsOf(form.id, i)),
      },
    ],
    navigation: [
      ...forms.map((f) => ({ kind: 'form', target: f.id })),
      { kind: 'dashboard', target: 'matrix' },
    ],
  };
}

/** Per form: a count, a bar by status, a table of always-visible columns and one with a canary column. */
export function widgetsOf(formId: string, row: number): Record<string, unknown>[] {
  const layout = (x: number) => ({ x: x * 6, y: row * 4, w: 6, h: 4 });
  return [
    {
      id: `k_${formId}`,
      type: 'kpi',
      layout: layout(0),
      source: { form: formId },
      dimensions: [],
      measures: [{ op: 'count', as: 'n' }],
    },
    {
      id: `b_${formId}`,
      type: 'bar',
      layout: layout(1),
      source: { form: formId },
      dimensions: [{ field: 'status' }],
      measures: [{ op: 'count', as: 'n' }],
    },
    {
      id: `t_${formId}`,
      type: 'table',
      layout: layout(2),
      source: { form: formId },
      columns: ['title', 'memo'],
    },
    {
      id: `s_${formId}`,
      type: 'table',
      layout: layout(3),
      source: { form: formId },
      columns: ['title', 'secret'],
    },
  ];
}

export const canary = (): string => `CNRY${randomBytes(8).toString('hex')}`;
/** Every canary in a text: a response body is scanned for these. */
export const CANARY_PATTERN = /CNRY[0-9a-f]{16}/g;

/** The nine records of every form: owners and people fields spread over the directory. */
export interface RecordSeed {
  key: string;
  owner: string;
  /** null: no owner department (the owner has none); else a key of the owner's departments. */
  ownerDept: DeptKey | null;
  amount: number;
  status: 'open' | 'won' | 'lost';
  assignee: string | null;
  team: string[];
  dept: DeptKey | null;
}

export const RECORDS: RecordSeed[] = [
  {
    key: 'r0',
    owner: 'u_east',
    ownerDept: 'east',
    amount: 10,
    status: 'open',
    assignee: 'u_sales',
    team: ['u_east2'],
    dept: 'east',
  },
  {
    key: 'r1',
    owner: 'u_east2',
    ownerDept: 'east',
    amount: 60,
    status: 'won',
    assignee: 'u_east',
    team: [],
    dept: 'sales',
  },
  {
    key: 'r2',
    owner: 'u_sales',
    ownerDept: 'sales',
    amount: 100,
    status: 'open',
    assignee: 'u_ops',
    team: ['u_ops', 'u_east2'],
    dept: 'ops',
  },
  {
    key: 'r3',
    owner: 'u_ops',
    ownerDept: 'ops',
    amount: 20,
    status: 'lost',
    assignee: null,
    team: ['u_multi'],
    dept: null,
  },
  {
    key: 'r4',
    owner: 'u_root',
    ownerDept: 'root',
    amount: 5,
    status: 'won',
    assignee: 'u_multi',
    team: [],
    dept: 'root',
  },
  {
    key: 'r5',
    owner: 'u_multi',
    ownerDept: 'ops',
    amount: 70,
    status: 'open',
    assignee: 'u_none',
    team: ['u_none'],
    dept: 'east',
  },
  {
    key: 'r6',
    owner: 'u_none',
    ownerDept: null,
    amount: 30,
    status: 'lost',
    assignee: 'u_east2',
    team: ['u_east', 'u_sales'],
    dept: 'guests',
  },
  {
    key: 'r7',
    owner: 'admin',
    ownerDept: null,
    amount: 51,
    status: 'won',
    assignee: 'u_root',
    team: ['u_root'],
    dept: 'sales',
  },
  {
    key: 'r8',
    owner: 'u_out',
    ownerDept: 'guests',
    amount: 0,
    status: 'open',
    assignee: 'u_out',
    team: ['u_appadm'],
    dept: 'guests',
  },
];

/** A seeded record with its server id, model view and every canary it ever held (history too). */
export interface SeededRecord extends ModelRecord {
  appId: string;
  formId: string;
  /** field id -> every canary the field held (first value, then the value after the admin's edit). */
  canaries: Record<string, string[]>;
}

export function modelUserOf(
  key: string,
  id: string,
  spec: { admin?: boolean; depts: DeptKey[]; roles: RoleKey[] },
  ids: Ids,
): ModelUser {
  return {
    key,
    id,
    isOrgAdmin: spec.admin === true,
    departmentIds: spec.depts.map((d) => ids.dept[d]),
    roleIds: spec.roles.map((r) => ids.role[r]),
  };
}
