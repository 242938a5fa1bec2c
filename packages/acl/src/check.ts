import { pointer, type AppDefinition, type ValidationIssue } from '@tangram/schema';
import { MAX_FILTER_DEPTH, checkFilter } from '@tangram/query';

/**
 * Deepest custom scope filter a definition may hold: two levels fewer than a request filter, so
 * that the OR of several groups' scopes is still a valid query on its own.
 */
export const MAX_SCOPE_DEPTH = MAX_FILTER_DEPTH - 2;

function depth(filter: unknown): number {
  const node = filter as { kind?: unknown; items?: unknown };
  if ((node.kind === 'and' || node.kind === 'or') && Array.isArray(node.items))
    return 1 + Math.max(0, ...node.items.map(depth));
  return 1;
}

/**
 * Checks the custom filters of permission scopes as queries of their form (operators per field
 * type, value shapes, dynamic values such as currentUser only on member fields) and their depth.
 * Complements `checkPermissions` of `@tangram/schema`, which cannot use the query language; the
 * server runs both when an app is saved. A scope that fails here would otherwise reach nothing
 * (`resolveScope` fails closed).
 */
export function checkScopeFilters(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  app.forms.forEach((form, f) => {
    (form.permissionGroups ?? []).forEach((group, g) => {
      if (group.scope.kind !== 'custom') return;
      const at = pointer('', 'forms', f, 'permissionGroups', g, 'scope', 'filter');
      if (depth(group.scope.filter) > MAX_SCOPE_DEPTH) {
        issues.push({
          path: at,
          code: 'tooDeep',
          message: `permission scope filters nest at most ${MAX_SCOPE_DEPTH} levels deep`,
        });
        return;
      }
      issues.push(...checkFilter(group.scope.filter, form, at));
    });
  });
  return issues;
}
