import type { Filter, PermissionAction } from '@tangram/schema';

/** What a user may do on a form (view, create, edit, delete, import, export, print, manage). */
export type Action = PermissionAction;

/** The actions that work on existing records, so each has a row scope. */
export type RowAction = 'view' | 'edit' | 'delete' | 'export' | 'print';

/**
 * Who is asking. The caller (the server, from the org directory) resolves the department tree:
 * this package never reads it.
 */
export interface Principal {
  userId: string;
  /** The departments the user belongs to directly ("my department"). */
  departmentIds: readonly string[];
  /**
   * Every ancestor of `departmentIds` (parents up to the root), excluding those departments: a
   * group naming a department "with sub-departments" matches a member of any department below it.
   */
  ancestorDepartmentIds: readonly string[];
  /**
   * Every descendant of `departmentIds`, excluding those departments: the row scope "my department
   * and its sub-departments" reaches records owned by them.
   */
  descendantDepartmentIds: readonly string[];
  /** Org roles the user has. */
  roleIds: readonly string[];
  /** Org admins can do everything in every app of their org. */
  isOrgAdmin: boolean;
}

/** The user's role in an app: admins design it and see all its data, members use it. */
export type AppRole = 'admin' | 'member';

/**
 * The records an action reaches: all, none, or those matching any of the filters (the union of the
 * scopes of the groups that grant it). Each filter is a valid query of the form on its own; dynamic
 * values (currentUser, currentUserDepartments, dates) resolve against `queryContextFor(principal)`.
 */
export type RowScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'anyOf'; readonly filters: readonly Filter[] };

/**
 * The top-level fields of the form (by id, in form order; a subform as a whole) the user sees and
 * may write. `editable` is always a subset of `visible`. System fields (id, createdAt, ownerId, …)
 * are not masked. The mask applies to every record the grant reaches (see decision 0022).
 */
export interface FieldMask {
  readonly visible: readonly string[];
  readonly editable: readonly string[];
}

/** Why a grant is what it is, for "view as", audit and error messages. */
export type GrantBasis =
  /** An org admin: everything. */
  | 'orgAdmin'
  /** An app admin: everything in this app. */
  | 'appAdmin'
  /** An app member on a form without permission groups: the app's default form actions. */
  | 'appDefault'
  /** An app member on a form with permission groups: the union of the groups that match. */
  | 'groups'
  /** Not an app member, not in any group, or an unknown form: nothing. */
  | 'noAccess'
  /** Server-internal work (workflow engine, formula reads), made explicit by `systemGrant`. */
  | 'system';

/** What one principal may do on one form: the input of the records kernel (decision 0022). */
export interface Grant {
  readonly formId: string;
  readonly basis: GrantBasis;
  /** The principal's role in the app, null when not an app member. */
  readonly appRole: AppRole | null;
  /** The permission groups of the form that matched (empty unless basis is 'groups'). */
  readonly groupIds: readonly string[];
  /** Allowed actions, in PERMISSION_ACTIONS order. */
  readonly actions: readonly Action[];
  /** The rows each row action reaches; 'none' for every action not allowed. */
  readonly scopes: Readonly<Record<RowAction, RowScope>>;
  readonly fields: FieldMask;
}
