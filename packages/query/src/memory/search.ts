import { searchableFields, searchNeedle } from '../search.js';
import type { QueryForm, QueryRecord } from '../types.js';
import { asciiLower, readField } from '../values.js';

/**
 * Quick search: keeps records where any searchable field (see `searchableFields`) contains `q`
 * as a case-insensitive (ASCII) substring, exactly as `compileSearch` does. Blank `q` keeps all.
 */
export function searchRecords<R extends QueryRecord>(records: readonly R[], q: string, form: QueryForm): R[] {
  const needle = searchNeedle(q);
  if (needle === null) return [...records];
  const fields = searchableFields(form);
  return records.filter((r) =>
    fields.some((f) => {
      const v = readField(f, r);
      return typeof v === 'string' && asciiLower(v).includes(needle);
    }),
  );
}
