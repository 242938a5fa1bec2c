import type { Filter, FormDefinition } from '@tangram/schema';
import { isSystemFieldName } from '@tangram/schema';
import { createMatcher, type QueryContext, type QueryRecord } from '@tangram/query';
import type { Action, Grant, Principal, RowAction } from './types.js';

/** Whether the grant allows the action. */
export const canDo = (grant: Grant, action: Action): boolean => grant.actions.includes(action);

/**
 * The row scope of an action as one filter to AND-merge into the query, or a constant: `'all'`
 * (add nothing) or `'none'` (answer nothing without querying). Several group scopes come as one
 * `or`; each is a valid query of the form on its own (see decision 0022 for the depth budget).
 */
export function scopeFilter(grant: Grant, action: RowAction = 'view'): Filter | 'all' | 'none' {
  const scope = grant.scopes[action];
  if (scope.kind !== 'anyOf') return scope.kind;
  if (scope.filters.length === 0) return 'none';
  return scope.filters.length === 1 ? scope.filters[0]! : { kind: 'or', items: [...scope.filters] };
}

/**
 * An in-memory test of the scope (same semantics as the SQL the kernel compiles): for records
 * already loaded, e.g. a workflow view or a write's current row. Throws `QueryError` if the scope
 * is not a valid query of the form.
 */
export function scopeMatcher(
  grant: Grant,
  action: RowAction,
  form: FormDefinition,
  ctx: QueryContext,
): (record: QueryRecord) => boolean {
  const filter = scopeFilter(grant, action);
  if (filter === 'all') return () => true;
  if (filter === 'none') return () => false;
  const matcher = createMatcher(filter, form, ctx);
  return (record) => matcher(record);
}

/**
 * What dynamic values in scopes resolve against: `currentUser` is the principal, and
 * `currentUserDepartments` their direct departments (the sub-department scope carries its
 * department list itself).
 */
export function queryContextFor(principal: Principal, at: { now: Date; timeZone: string }): QueryContext {
  return {
    now: at.now,
    timeZone: at.timeZone,
    userId: principal.userId,
    userDepartmentIds: [...principal.departmentIds],
  };
}

/** Field values (a record's `data`) with the fields the grant hides left out. */
export function maskData<T>(grant: Grant, data: Readonly<Record<string, T>>): Record<string, T> {
  const visible = new Set(grant.fields.visible);
  const out: Record<string, T> = {};
  for (const [id, value] of Object.entries(data)) if (visible.has(id)) out[id] = value;
  return out;
}

/** A copy of an API record whose `data` holds only the visible fields (system properties kept). */
export function maskRecord<R extends { data: Readonly<Record<string, unknown>> }>(
  grant: Grant,
  record: R,
): R {
  return { ...record, data: maskData(grant, record.data) };
}

/**
 * The changed field ids the grant may not write (not editable, hidden or unknown), in input order
 * without repeats: a write naming any of them is refused (422) with this list.
 */
export function checkWritableFields(grant: Grant, changedFieldIds: Iterable<string>): string[] {
  const editable = new Set(grant.fields.editable);
  return refused(changedFieldIds, (id) => editable.has(id));
}

/**
 * The field ids used by a filter, sort, group-by, measure or search that the grant hides: the
 * query is refused (422) naming them, so a hidden value cannot be probed by filtering on it.
 * System fields (id, createdAt, ownerId, …) are never hidden.
 */
export function checkQueryFields(grant: Grant, fieldIds: Iterable<string>): string[] {
  const visible = new Set(grant.fields.visible);
  return refused(fieldIds, (id) => visible.has(id) || isSystemFieldName(id));
}

function refused(ids: Iterable<string>, allowed: (id: string) => boolean): string[] {
  const out = new Set<string>();
  for (const id of ids) if (!allowed(id)) out.add(id);
  return [...out];
}
