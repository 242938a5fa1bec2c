import type { SortKey } from '@tangram/schema';
import { resolveSort, type ResolvedSortKey } from '../check.js';
import { lookupField } from '../field-info.js';
import type { QueryForm, QueryRecord } from '../types.js';
import { compareNullsLast, readField } from '../values.js';

/**
 * The full ordering both executors use: the sort keys, then `id` as the tie-breaker in the
 * direction of the last key (ascending when there is no key). `id` listed by the caller ends it.
 */
export function effectiveSort(sort: readonly SortKey[], form: QueryForm): ResolvedSortKey[] {
  const keys = resolveSort(sort, form);
  if (keys.some((k) => k.info.system === 'id')) return keys;
  const idInfo = lookupField(form, 'id');
  if (!idInfo.ok) throw new Error('id is a system field');
  return [...keys, { info: idInfo.info, desc: keys.at(-1)?.desc ?? false }];
}

/**
 * Sorts records as `compileOrderBy` does: NULLs (empty values) last in both directions, text by
 * Unicode code point (SQL `COLLATE "C"`), ties broken by id. Returns a new array.
 */
export function sortRecords<R extends QueryRecord>(
  records: readonly R[],
  sort: readonly SortKey[],
  form: QueryForm,
): R[] {
  const keys = effectiveSort(sort, form);
  const rows = records.map((r) => ({ r, v: keys.map((k) => readField(k.info, r)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareNullsLast(a.v[i] ?? null, b.v[i] ?? null, keys[i]!.desc);
      if (c !== 0) return c;
    }
    return 0;
  });
  return rows.map((x) => x.r);
}
