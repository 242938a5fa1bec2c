/**
 * The field mask before compiling (decision 0023): which field ids a filter, sort, aggregate or
 * search uses, and the 422 that names the hidden ones. A hidden value must not be probed by
 * filtering, sorting, grouping or summing on it.
 */
import { checkQueryFields, type Grant } from '@tangram/acl';
import { filterFields, type AggregateQuery, type Filter, type SortKey } from '@tangram/schema';
import { unprocessable } from '../../http/app-error';

/** The field ids a filter compares (every `cmp` node), with their JSON pointers under `path`. */
export function filterFieldRefs(filter: Filter | undefined, path: string): [string, string][] {
  return filter === undefined ? [] : filterFields(filter, path);
}

/** The field ids a sort orders by. */
export const sortFieldRefs = (sort: readonly SortKey[], path: string): [string, string][] =>
  sort.map((key, i) => [key.field, `${path}/${i}/field`]);

/** The field ids an aggregate query groups by, measures, or filters on (measure filters too). */
export function aggregateFieldRefs(query: AggregateQuery, path = ''): [string, string][] {
  const out: [string, string][] = [];
  (query.groupBy ?? []).forEach((g, i) => out.push([g.field, `${path}/groupBy/${i}/field`]));
  query.measures.forEach((m, i) => {
    if (m.field !== undefined) out.push([m.field, `${path}/measures/${i}/field`]);
    out.push(...filterFieldRefs(m.filter, `${path}/measures/${i}/filter`));
  });
  out.push(...filterFieldRefs(query.filter, `${path}/filter`));
  return out;
}

/**
 * 422 `hidden_field` naming every hidden field the request uses, each with the path where it is
 * used. `allowed` admits ids the grant does not list but the source exposes (subform columns of a
 * visible subform).
 */
export function refuseHiddenFields(
  grant: Grant,
  refs: readonly [string, string][],
  allowed: (fieldId: string) => boolean = () => false,
): void {
  const hidden = new Set(
    checkQueryFields(
      grant,
      refs.map(([id]) => id).filter((id) => !allowed(id)),
    ),
  );
  if (hidden.size === 0) return;
  const details = refs
    .filter(([id]) => hidden.has(id))
    .map(([id, path]) => ({
      path,
      code: 'hidden_field',
      message: `the field "${id}" is not visible to you, so you cannot filter, sort or group by it`,
    }));
  throw unprocessable(
    'hidden_field',
    `You cannot use ${[...hidden].map((id) => `"${id}"`).join(', ')}: ${hidden.size === 1 ? 'this field is' : 'these fields are'} not visible to you.`,
    details,
  );
}
