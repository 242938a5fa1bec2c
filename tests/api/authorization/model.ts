/**
 * The authorization matrix's reference model: what one user may do on one form and one record,
 * written from docs/decisions/0022-grant-model.md alone. It deliberately imports nothing from
 * `@tangram/acl` (or the server): a second, independent reading of the decision, so that a bug in
 * the Grant code and the same bug in its tests cannot agree with each other.
 *
 * Where the decision leaves a choice open, the choice made here is commented (`OPEN:`); the report
 * of the matrix lists them.
 */

export type Action = 'view' | 'create' | 'edit' | 'delete' | 'import' | 'export' | 'print' | 'manage';
export const ALL_ACTIONS: readonly Action[] = [
  'view',
  'create',
  'edit',
  'delete',
  'import',
  'export',
  'print',
  'manage',
];
/** Actions that carry a row scope (create, import and manage do not). */
export type ScopedAction = 'view' | 'edit' | 'delete' | 'export' | 'print';

export interface ModelDepartment {
  id: string;
  parentId: string | null;
}

export interface ModelUser {
  key: string;
  id: string;
  isOrgAdmin: boolean;
  departmentIds: string[];
  roleIds: string[];
}

export type ModelAudience =
  | { kind: 'everyone' }
  | { kind: 'users'; ids: string[] }
  | { kind: 'roles'; ids: string[] }
  | { kind: 'departments'; ids: string[]; includeSubDepartments?: boolean };

/** A record as the model sees it: who owns it and its stored values. */
export interface ModelRecord {
  key: string;
  id: string;
  ownerId: string;
  ownerDepartmentId: string | null;
  data: Record<string, unknown>;
}

/**
 * A row scope. `custom` carries the filter sent to the server AND an independent predicate the
 * model evaluates (written by hand for the fixture, never derived from the filter by shared code).
 */
export type ModelScope =
  | { kind: 'all' }
  | { kind: 'own' }
  | { kind: 'department'; includeSubDepartments?: boolean }
  | { kind: 'fieldContainsMe'; field: string }
  | { kind: 'custom'; filter: unknown; matches: (record: ModelRecord, user: ModelUser) => boolean };

export interface ModelGroup {
  id: string;
  members: ModelAudience[];
  actions: Action[];
  scope: ModelScope;
  fields?: { visible: 'all' | string[]; editable: 'all' | string[] };
}

export interface ModelField {
  id: string;
  type: 'text' | 'textarea' | 'number' | 'select' | 'member' | 'members' | 'department' | 'departments';
}

export interface ModelForm {
  id: string;
  fields: ModelField[];
  groups: ModelGroup[];
}

export interface ModelApp {
  id: string;
  access: { members: ModelAudience[]; admins: ModelAudience[]; defaultFormActions: Action[] };
  forms: ModelForm[];
}

export interface ModelDirectory {
  departments: ModelDepartment[];
}

/** One row scope resolved for a user: a predicate over records (OR of the groups' scopes). */
export type RowPredicate = (record: ModelRecord) => boolean;

export interface ModelGrant {
  basis: 'orgAdmin' | 'appAdmin' | 'appDefault' | 'groups' | 'noAccess';
  actions: Set<Action>;
  /** Per scoped action; absent when the action is not granted. */
  rows: Partial<Record<ScopedAction, RowPredicate>>;
  visible: Set<string>;
  editable: Set<string>;
}

/** Within a group: edit/delete/export/print/manage imply view, import implies create (0022 "Actions"). */
export function impliedActions(actions: readonly Action[]): Set<Action> {
  const out = new Set(actions);
  for (const a of actions) {
    if (a === 'edit' || a === 'delete' || a === 'export' || a === 'print' || a === 'manage') out.add('view');
    if (a === 'import') out.add('create');
  }
  return out;
}

export class ReferenceModel {
  private readonly parent = new Map<string, string | null>();

  constructor(directory: ModelDirectory) {
    for (const d of directory.departments) this.parent.set(d.id, d.parentId);
  }

  /** Every department above `id` (not `id` itself). */
  ancestors(id: string): string[] {
    const out: string[] = [];
    let next = this.parent.get(id) ?? null;
    while (next !== null && !out.includes(next)) {
      out.push(next);
      next = this.parent.get(next) ?? null;
    }
    return out;
  }

  /** Every department below `id` (not `id` itself). */
  descendants(id: string): string[] {
    const out: string[] = [];
    const queue = [id];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const [child, parent] of this.parent) {
        if (parent === current && !out.includes(child)) {
          out.push(child);
          queue.push(child);
        }
      }
    }
    return out;
  }

  /** 0022 "Inputs": a department audience matches a direct membership, or with the switch one of its ancestors. */
  audienceMatches(audience: ModelAudience, user: ModelUser): boolean {
    switch (audience.kind) {
      case 'everyone':
        return true;
      case 'users':
        return audience.ids.includes(user.id);
      case 'roles':
        return user.roleIds.some((r) => audience.ids.includes(r));
      case 'departments':
        return user.departmentIds.some(
          (d) =>
            audience.ids.includes(d) ||
            (audience.includeSubDepartments === true &&
              this.ancestors(d).some((a) => audience.ids.includes(a))),
        );
    }
  }

  private anyAudience(audiences: readonly ModelAudience[], user: ModelUser): boolean {
    return audiences.some((a) => this.audienceMatches(a, user));
  }

  /** A group's scope as a predicate for `user`; scopes fail closed (0022 "Row scopes"). */
  scopePredicate(scope: ModelScope, user: ModelUser, form: ModelForm): RowPredicate {
    switch (scope.kind) {
      case 'all':
        return () => true;
      case 'own':
        return (r) => r.ownerId === user.id;
      case 'department': {
        const mine = new Set(user.departmentIds);
        if (scope.includeSubDepartments === true)
          for (const d of user.departmentIds) for (const below of this.descendants(d)) mine.add(below);
        return (r) => r.ownerDepartmentId !== null && mine.has(r.ownerDepartmentId);
      }
      case 'fieldContainsMe': {
        const field = form.fields.find((f) => f.id === scope.field);
        const value = (r: ModelRecord) => r.data[scope.field];
        switch (field?.type) {
          case 'member':
            return (r) => value(r) === user.id;
          case 'members':
            return (r) => asList(value(r)).includes(user.id);
          // Dynamic values resolve against the user's DIRECT departments (0022 "Row scopes").
          case 'department':
            return (r) => typeof value(r) === 'string' && user.departmentIds.includes(value(r) as string);
          case 'departments':
            return (r) => asList(value(r)).some((d) => user.departmentIds.includes(d));
          default:
            return () => false;
        }
      }
      case 'custom':
        return (r) => scope.matches(r, user);
    }
  }

  grant(user: ModelUser, app: ModelApp, formId: string): ModelGrant {
    const form = app.forms.find((f) => f.id === formId);
    const everything = (basis: 'orgAdmin' | 'appAdmin'): ModelGrant => ({
      basis,
      actions: new Set(ALL_ACTIONS),
      rows: { view: yes, edit: yes, delete: yes, export: yes, print: yes },
      visible: new Set(form?.fields.map((f) => f.id) ?? []),
      editable: new Set(form?.fields.map((f) => f.id) ?? []),
    });
    const nothing: ModelGrant = {
      basis: 'noAccess',
      actions: new Set(),
      rows: {},
      visible: new Set(),
      editable: new Set(),
    };
    if (!form) return nothing;
    if (user.isOrgAdmin) return everything('orgAdmin');
    if (this.anyAudience(app.access.admins, user)) return everything('appAdmin');
    // App membership is a gate: groups naming a non-member give nothing.
    if (!this.anyAudience(app.access.members, user)) return nothing;
    const allFields = form.fields.map((f) => f.id);
    if (form.groups.length === 0) {
      // OPEN: 0022 states implications "within a group"; the model applies them to the defaults too.
      const actions = impliedActions(app.access.defaultFormActions);
      const rows: ModelGrant['rows'] = {};
      for (const a of SCOPED) if (actions.has(a)) rows[a] = yes;
      const writes = actions.has('create') || actions.has('edit');
      return {
        basis: 'appDefault',
        actions,
        rows,
        visible: new Set(allFields),
        editable: new Set(writes ? allFields : []),
      };
    }
    const matched = form.groups.filter((g) => this.anyAudience(g.members, user));
    if (matched.length === 0) return nothing;
    const actions = new Set<Action>();
    const perAction = new Map<ScopedAction, RowPredicate[]>();
    const visible = new Set<string>();
    const editable = new Set<string>();
    for (const group of matched) {
      const own = impliedActions(group.actions);
      for (const a of own) actions.add(a);
      const predicate = this.scopePredicate(group.scope, user, form);
      for (const a of SCOPED) if (own.has(a)) perAction.set(a, [...(perAction.get(a) ?? []), predicate]);
      const groupVisible = selection(group.fields?.visible ?? 'all', allFields);
      for (const f of groupVisible) visible.add(f);
      if (own.has('create') || own.has('edit')) {
        for (const f of selection(group.fields?.editable ?? 'all', allFields))
          if (groupVisible.includes(f)) editable.add(f);
      }
    }
    const rows: ModelGrant['rows'] = {};
    for (const [a, predicates] of perAction) rows[a] = (r) => predicates.some((p) => p(r));
    return { basis: 'groups', actions, rows, visible, editable };
  }
}

const SCOPED: readonly ScopedAction[] = ['view', 'edit', 'delete', 'export', 'print'];
const yes: RowPredicate = () => true;

function selection(value: 'all' | string[], all: string[]): string[] {
  return value === 'all' ? all : all.filter((f) => value.includes(f));
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Whether `grant` reaches `record` for `action` (false when the action is not granted). */
export function reaches(grant: ModelGrant, action: ScopedAction, record: ModelRecord): boolean {
  const predicate = grant.rows[action];
  return grant.actions.has(action) && predicate !== undefined && predicate(record);
}
