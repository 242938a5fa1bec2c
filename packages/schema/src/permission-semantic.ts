import type {
  AppDefinition,
  Audience,
  FieldDefinition,
  FieldSelection,
  Filter,
  FormDefinition,
  PermissionGroup,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { isSystemFieldName } from './system-fields.js';

/**
 * The org directory ids a definition may name. Users, departments and roles live in the org, not
 * in the definition, so only a caller that has loaded the directory can check them; each list left
 * out is not checked.
 */
export interface DirectoryContext {
  userIds?: Iterable<string>;
  departmentIds?: Iterable<string>;
  roleIds?: Iterable<string>;
}

/** Field types a "field contains me" scope can use: their values are user or department ids. */
const IDENTITY_TYPES: ReadonlySet<string> = new Set(['member', 'members', 'department', 'departments']);

const AUDIENCE_CHECKS = {
  users: { key: 'userIds', code: 'unknown_user', noun: 'user' },
  departments: { key: 'departmentIds', code: 'unknown_department', noun: 'department' },
  roles: { key: 'roleIds', code: 'unknown_role', noun: 'role' },
} as const;

/**
 * Checks the permission parts of an app: the app's access lists and every form's permission
 * groups. Unknown field ids (field masks, "field contains me" scopes, custom scope filters),
 * editable fields that are not visible and duplicate group ids are always flagged; users,
 * departments and roles only against the `directory` lists that are given. Operators and values of
 * custom scope filters are checked by `@tangram/acl`'s `checkScopeFilters` (it needs the query
 * language). Assumes the definition passed the JSON Schema.
 */
export function checkPermissions(app: AppDefinition, directory: DirectoryContext = {}): ValidationIssue[] {
  const known = {
    userIds: directory.userIds ? new Set(directory.userIds) : null,
    departmentIds: directory.departmentIds ? new Set(directory.departmentIds) : null,
    roleIds: directory.roleIds ? new Set(directory.roleIds) : null,
  };
  const issues: ValidationIssue[] = [];
  const checkAudiences = (audiences: readonly Audience[], at: string) =>
    audiences.forEach((audience, i) => {
      if (audience.kind === 'everyone') return;
      const check = AUDIENCE_CHECKS[audience.kind];
      const ids = known[check.key];
      if (!ids) return;
      audience.ids.forEach((id, k) => {
        if (!ids.has(id))
          issues.push({
            path: pointer(at, i, 'ids', k),
            code: check.code,
            message: `no ${check.noun} "${id}" in this organisation`,
          });
      });
    });
  if (app.access) {
    checkAudiences(app.access.members, pointer('', 'access', 'members'));
    checkAudiences(app.access.admins, pointer('', 'access', 'admins'));
  }
  app.forms.forEach((form, f) => {
    const formPath = pointer('', 'forms', f);
    const topLevel = new Map(form.fields.map((field) => [field.id, field]));
    const groupIds = new Set<string>();
    (form.permissionGroups ?? []).forEach((group, g) => {
      const at = pointer(formPath, 'permissionGroups', g);
      if (groupIds.has(group.id.toLowerCase())) {
        issues.push({
          path: pointer(at, 'id'),
          code: 'duplicate_id',
          message: `permission group id "${group.id}" is used twice in form "${form.id}"`,
        });
      }
      groupIds.add(group.id.toLowerCase());
      checkAudiences(group.members, pointer(at, 'members'));
      issues.push(...checkScope(group, at, form, topLevel));
      issues.push(...checkFieldAccess(group, at, topLevel));
    });
  });
  return issues;
}

function checkScope(
  group: PermissionGroup,
  at: string,
  form: FormDefinition,
  topLevel: Map<string, FieldDefinition>,
): ValidationIssue[] {
  const scope = group.scope;
  const path = pointer(at, 'scope');
  if (scope.kind === 'fieldContainsMe') {
    const field = topLevel.get(scope.field);
    if (!field)
      return [
        {
          path: pointer(path, 'field'),
          code: 'unknown_field',
          message: `form "${form.id}" has no field "${scope.field}"`,
        },
      ];
    if (!IDENTITY_TYPES.has(field.type))
      return [
        {
          path: pointer(path, 'field'),
          code: 'not_member_field',
          message: `"${scope.field}" is a ${field.type} field; "contains me" needs a member or department field`,
        },
      ];
    return [];
  }
  if (scope.kind !== 'custom') return [];
  return filterRefs(scope.filter, pointer(path, 'filter'))
    .filter(([id]) => !topLevel.has(id) && !isSystemFieldName(id))
    .map(([id, fieldPath]) => ({
      path: fieldPath,
      code: 'unknown_field',
      message: `scope condition uses unknown field "${id}"`,
    }));
}

function checkFieldAccess(
  group: PermissionGroup,
  at: string,
  topLevel: Map<string, FieldDefinition>,
): ValidationIssue[] {
  if (!group.fields) return [];
  const issues: ValidationIssue[] = [];
  const path = pointer(at, 'fields');
  const unknown = (selection: FieldSelection, key: 'visible' | 'editable') => {
    if (selection === 'all') return;
    selection.forEach((id, i) => {
      if (!topLevel.has(id))
        issues.push({
          path: pointer(path, key, i),
          code: 'unknown_field',
          message: `"${id}" is not a field of this form (a subform is masked as a whole, by its own id)`,
        });
    });
  };
  unknown(group.fields.visible, 'visible');
  unknown(group.fields.editable, 'editable');
  const { visible, editable } = group.fields;
  if (visible !== 'all') {
    const shown = new Set(visible);
    const notShown = editable === 'all' ? [...topLevel.keys()].filter((id) => !shown.has(id)) : editable;
    notShown.forEach((id) => {
      if (shown.has(id) || !topLevel.has(id)) return;
      const i = editable === 'all' ? -1 : editable.indexOf(id);
      issues.push({
        path: i < 0 ? pointer(path, 'editable') : pointer(path, 'editable', i),
        code: 'editable_not_visible',
        message: `field "${id}" is editable but not visible; make it visible or read-only`,
      });
    });
  }
  return issues;
}

/** The field ids a filter reads, with their pointers (semantic.ts's filterFields; kept here to avoid an import cycle). */
function filterRefs(filter: Filter, path: string): [string, string][] {
  if (filter.kind === 'cmp') return [[filter.field, pointer(path, 'field')]];
  return filter.items.flatMap((item, i) => filterRefs(item, pointer(path, 'items', i)));
}
