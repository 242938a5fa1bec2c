import { checkFilter } from '@tangram/query';
import type { Filter, FormDefinition } from '@tangram/client';

/** The search parameter holding a filter (the query AST as JSON), e.g. from a dashboard's data point. */
export const FILTER_PARAM = 'filter';
/** Longer parameters are refused: a click-through filter is a few hundred characters. */
export const MAX_FILTER_PARAM = 8192;

export type UrlFilter = { ok: true; filter: Filter } | { ok: false; message: string } | null;

/**
 * The filter in a data view's address (`?filter=<query AST as JSON>`), parsed and checked
 * against the form with the same checker the server uses: null when there is none, `ok: false`
 * with the first problem when it is malformed (the view then shows all records and says why).
 * The server checks it again, with permissions, when the records are queried.
 */
export function readUrlFilter(search: string, form: FormDefinition): UrlFilter {
  const raw = new URLSearchParams(search).get(FILTER_PARAM);
  if (raw === null || raw === '') return null;
  if (raw.length > MAX_FILTER_PARAM)
    return { ok: false, message: `longer than ${MAX_FILTER_PARAM} characters` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'not valid JSON' };
  }
  const issues = checkFilter(parsed, { fields: form.fields ?? [] });
  const first = issues[0];
  if (first) return { ok: false, message: `${first.path || '/'}: ${first.message}` };
  return { ok: true, filter: parsed as Filter };
}

/** The address without the filter parameter (other parameters kept). */
export function withoutUrlFilter(path: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete(FILTER_PARAM);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** One readable piece of a filter: "Region = East", "Order date 2024-03-01 ~ 2024-03-31". */
export interface FilterPart {
  field: string;
  op: string;
  value: unknown;
}

/**
 * The comparisons of a filter as a flat list when it is a plain AND of comparisons (what a
 * click-through produces); null for anything else (OR groups), which is then shown as a count.
 */
export function filterParts(filter: Filter): FilterPart[] | null {
  if (filter.kind === 'cmp') return [{ field: filter.field, op: filter.op, value: filter.value }];
  if (filter.kind === 'or') return null;
  const parts: FilterPart[] = [];
  for (const item of filter.items) {
    const sub = filterParts(item);
    if (!sub) return null;
    parts.push(...sub);
  }
  return parts;
}
