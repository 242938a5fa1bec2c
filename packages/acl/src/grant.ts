import {
  LEGACY_OPEN_ACCESS,
  PERMISSION_ACTIONS,
  type AppAccess,
  type AppDefinition,
  type FieldSelection,
  type FormDefinition,
  type PermissionGroup,
} from '@tangram/schema';
import { inAudience } from './audience.js';
import { ALL, NONE, resolveScope, unionScopes } from './scope.js';
import type { Action, AppRole, Grant, GrantBasis, Principal, RowAction, RowScope } from './types.js';

/** The row actions, each of which carries a scope. */
export const ROW_ACTIONS: readonly RowAction[] = ['view', 'edit', 'delete', 'export', 'print'];

/** Actions that bring another with them: you cannot edit or export what you cannot see. */
const IMPLIES: Readonly<Record<Action, readonly Action[]>> = {
  view: [],
  create: [],
  edit: ['view'],
  delete: ['view'],
  import: ['create'],
  export: ['view'],
  print: ['view'],
  manage: ['view'],
};

/** Actions whose group's editable fields become editable: they write field values. */
const WRITE_ACTIONS: readonly Action[] = ['create', 'edit'];

/** The actions with their implications, in PERMISSION_ACTIONS order. */
export function withImplied(actions: Iterable<Action>): Action[] {
  const set = new Set<Action>();
  for (const action of actions) {
    set.add(action);
    for (const implied of IMPLIES[action] ?? []) set.add(implied);
  }
  return PERMISSION_ACTIONS.filter((a) => set.has(a));
}

/** The app's access; an app without one behaves as the legacy-open default (every member, every data action). */
export const accessOf = (app: Pick<AppDefinition, 'access'>): AppAccess => app.access ?? LEGACY_OPEN_ACCESS;

/**
 * The principal's role in the app: org admins and the app's admins are `admin`, the app's
 * members `member`, anyone else null (the app is hidden from them).
 */
export function appRoleOf(principal: Principal, app: Pick<AppDefinition, 'access'>): AppRole | null {
  const access = accessOf(app);
  if (principal.isOrgAdmin || inAudience(principal, access.admins)) return 'admin';
  return inAudience(principal, access.members) ? 'member' : null;
}

const fieldIds = (form: FormDefinition): string[] => form.fields.map((f) => f.id);

function grantOf(
  form: FormDefinition | { id: string; fields: [] },
  basis: GrantBasis,
  appRole: AppRole | null,
  actions: readonly Action[],
  scopeOf: (action: RowAction) => RowScope,
  visible: readonly string[],
  editable: readonly string[],
  groupIds: readonly string[] = [],
): Grant {
  const scopes = Object.fromEntries(
    ROW_ACTIONS.map((a) => [a, actions.includes(a) ? scopeOf(a) : NONE]),
  ) as Record<RowAction, RowScope>;
  return { formId: form.id, basis, appRole, groupIds, actions, scopes, fields: { visible, editable } };
}

/** Everything on every record and field. */
function fullGrant(form: FormDefinition, basis: GrantBasis, appRole: AppRole | null): Grant {
  const ids = fieldIds(form);
  return grantOf(form, basis, appRole, [...PERMISSION_ACTIONS], () => ALL, ids, ids);
}

/** Nothing at all. */
function noGrant(form: FormDefinition | { id: string; fields: [] }, appRole: AppRole | null): Grant {
  return grantOf(form, 'noAccess', appRole, [], () => NONE, [], []);
}

/**
 * A grant for server-internal work that is not done on behalf of a user's permissions (the
 * workflow engine resolving assignees, formula reads of other forms). Named and explicit so that
 * every bypass is visible in code review; `reason` is for the caller's logs and audit.
 */
export function systemGrant(form: FormDefinition, reason: string): Grant & { reason: string } {
  return { ...fullGrant(form, 'system', null), reason };
}

function selection(sel: FieldSelection | undefined, all: readonly string[]): Set<string> {
  if (sel === undefined || sel === 'all') return new Set(all);
  const known = new Set(all);
  return new Set(sel.filter((id) => known.has(id)));
}

/**
 * The union of the groups that match: actions united (with implications), each row action's scope
 * the OR of the scopes of the groups granting it, visible fields united, editable fields united
 * over the groups that may write (each clipped to its own visible fields).
 */
function groupsGrant(
  principal: Principal,
  form: FormDefinition,
  groups: readonly PermissionGroup[],
  appRole: AppRole,
): Grant {
  const all = fieldIds(form);
  const actions = new Set<Action>();
  const scopes = new Map<RowAction, RowScope>(ROW_ACTIONS.map((a) => [a, NONE]));
  const visible = new Set<string>();
  const editable = new Set<string>();
  const matched: string[] = [];
  for (const group of groups) {
    if (!inAudience(principal, group.members)) continue;
    matched.push(group.id);
    const granted = withImplied(group.actions);
    granted.forEach((a) => actions.add(a));
    const rowActions = ROW_ACTIONS.filter((a) => granted.includes(a));
    if (rowActions.length > 0) {
      const scope = resolveScope(group.scope, principal, form);
      for (const a of rowActions) scopes.set(a, unionScopes(scopes.get(a)!, scope));
    }
    const shown = selection(group.fields?.visible, all);
    shown.forEach((id) => visible.add(id));
    if (granted.some((a) => WRITE_ACTIONS.includes(a))) {
      selection(group.fields?.editable, all).forEach((id) => shown.has(id) && editable.add(id));
    }
  }
  if (matched.length === 0) return noGrant(form, appRole);
  return grantOf(
    form,
    'groups',
    appRole,
    withImplied(actions),
    (a) => scopes.get(a)!,
    all.filter((id) => visible.has(id)),
    all.filter((id) => editable.has(id)),
    matched,
  );
}

/**
 * Computes what the principal may do on one form of the app (decision 0022):
 * - org admins and app admins: everything;
 * - not an app member: nothing;
 * - a form without permission groups: the app's `defaultFormActions` on every record and field
 *   (the legacy-open default keeps today's "members may do everything");
 * - otherwise the union of the form's groups that match the principal; none matching: nothing.
 * An unknown form id gets nothing.
 */
export function computeGrant(principal: Principal, app: AppDefinition, formId: string): Grant {
  const appRole = appRoleOf(principal, app);
  const form = app.forms.find((f) => f.id === formId);
  if (!form) return noGrant({ id: formId, fields: [] }, appRole);
  if (principal.isOrgAdmin) return fullGrant(form, 'orgAdmin', appRole);
  if (appRole === 'admin') return fullGrant(form, 'appAdmin', appRole);
  if (appRole === null) return noGrant(form, appRole);
  const groups = form.permissionGroups ?? [];
  if (groups.length > 0) return groupsGrant(principal, form, groups, appRole);
  const actions = withImplied(accessOf(app).defaultFormActions);
  const all = fieldIds(form);
  const writes = actions.some((a) => WRITE_ACTIONS.includes(a));
  return grantOf(form, 'appDefault', appRole, actions, () => ALL, all, writes ? all : []);
}

/** The grants of every form of the app, by form id. */
export function computeGrants(principal: Principal, app: AppDefinition): Map<string, Grant> {
  return new Map(app.forms.map((form) => [form.id, computeGrant(principal, app, form.id)]));
}
