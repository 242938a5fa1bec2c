import type { Filter, FormDefinition, RowScope as ScopeDefinition } from '@tangram/schema';
import { checkFilter } from '@tangram/query';
import type { Principal, RowScope } from './types.js';

export const ALL: RowScope = Object.freeze({ kind: 'all' });
export const NONE: RowScope = Object.freeze({ kind: 'none' });

/** Longest literal list one comparison may hold (the query language's limit). */
const MAX_LIST = 1000;

const USER_FIELD_TYPES: ReadonlySet<string> = new Set(['member', 'members']);
const DEPARTMENT_FIELD_TYPES: ReadonlySet<string> = new Set(['department', 'departments']);

const anyOf = (filter: Filter): RowScope => ({ kind: 'anyOf', filters: [filter] });

/**
 * Turns a group's scope definition into the query AST of the form, for this principal. Anything
 * that cannot be expressed safely fails closed to `none`: a user without departments under a
 * department scope, a field that is not a member/department field, a custom filter that is not a
 * valid query of the form (the definition checks flag these on save).
 */
export function resolveScope(scope: ScopeDefinition, principal: Principal, form: FormDefinition): RowScope {
  switch (scope.kind) {
    case 'all':
      return ALL;
    case 'own':
      return anyOf({ kind: 'cmp', field: 'ownerId', op: 'eq', value: { dynamic: 'currentUser' } });
    case 'department': {
      if (principal.departmentIds.length === 0) return NONE;
      if (scope.includeSubDepartments !== true)
        return anyOf({
          kind: 'cmp',
          field: 'ownerDepartmentId',
          op: 'in',
          value: { dynamic: 'currentUserDepartments' },
        });
      // The tree below the user's departments is resolved by the caller: a literal list.
      const ids = [...new Set([...principal.departmentIds, ...principal.descendantDepartmentIds])].sort();
      const chunks: Filter[] = [];
      for (let i = 0; i < ids.length; i += MAX_LIST)
        chunks.push({ kind: 'cmp', field: 'ownerDepartmentId', op: 'in', value: ids.slice(i, i + MAX_LIST) });
      return anyOf(chunks.length === 1 ? chunks[0]! : { kind: 'or', items: chunks });
    }
    case 'fieldContainsMe': {
      const field = form.fields.find((f) => f.id === scope.field);
      if (field && USER_FIELD_TYPES.has(field.type))
        return anyOf({ kind: 'cmp', field: field.id, op: 'in', value: { dynamic: 'currentUser' } });
      if (field && DEPARTMENT_FIELD_TYPES.has(field.type) && principal.departmentIds.length > 0)
        return anyOf({
          kind: 'cmp',
          field: field.id,
          op: 'in',
          value: { dynamic: 'currentUserDepartments' },
        });
      return NONE;
    }
    case 'custom':
      return checkFilter(scope.filter, form).length === 0 ? anyOf(scope.filter) : NONE;
  }
}

/**
 * The union of two scopes: `all` absorbs everything, `none` is the identity, filters are OR-ed
 * (identical filters once).
 */
export function unionScopes(a: RowScope, b: RowScope): RowScope {
  if (a.kind === 'all' || b.kind === 'all') return ALL;
  if (a.kind === 'none') return b;
  if (b.kind === 'none') return a;
  const seen = new Set(a.filters.map((f) => JSON.stringify(f)));
  const added = b.filters.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { kind: 'anyOf', filters: [...a.filters, ...added] };
}
