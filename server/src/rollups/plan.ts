/**
 * Whether a rollup answers an aggregate query exactly, and the query rewritten over its cells
 * (decision 0053). Pure: the caller compiles the rewritten query with the ordinary aggregate
 * compiler over the cell table, so grouping, buckets, filters, sorting, top N and grouping sets
 * behave exactly as over the records. Measures become sums of the cells' partials:
 * count -> sum(cnt), count(field) -> sum(n_i), sum -> sum(s_i), avg -> sum(s_i) / sum(n_i).
 * min, max and distinct counts cannot be kept exactly under deletes, so those queries go direct.
 */
import type { QueryForm, QueryTarget } from '@tangram/query';
import type { AggregateQuery, FieldDefinition, Filter, Measure } from '@tangram/schema';
import { filterRefs, roleOf, type RollupSpec } from './spec';

const CNT = 'zRollupCnt';
const sumId = (i: number) => `zRollupSum${i}`;
const nId = (i: number) => `zRollupN${i}`;
const avgSum = (j: number) => `zRollupAvgS${j}`;
const avgN = (j: number) => `zRollupAvgN${j}`;

/** How to read the rewritten query's rows back into the original aliases. */
export interface RollupPlan {
  query: AggregateQuery;
  /** The fields the rewritten query resolves against (form fields plus the cells' partials). */
  form: QueryForm;
  /** Column of each field / system name in the cell relation `"r"`. */
  columns: Map<string, string>;
  /** Aliases whose SQL sum is null over no cells but whose count is 0. */
  zeroIfNull: Set<string>;
  /** avg aliases: the synthetic sum and count aliases they are computed from. */
  averages: Map<string, { sum: string; count: string }>;
}

const numberField = (id: string): FieldDefinition =>
  ({ id, type: 'number', label: { en: id } }) as unknown as FieldDefinition;

/**
 * The plan of `query` over `spec`'s cells, or null when the rollup cannot answer it exactly:
 * a field it does not keep, a date bucket finer than its grain, a filter on the date of a monthly
 * rollup, min / max / distinct counts, or a sort or top N by a value the cells give differently
 * (an average, or a count over no matching cell, which SQL sums to NULL instead of 0).
 */
export function planRollup(spec: RollupSpec, query: AggregateQuery, form: QueryForm): RollupPlan | null {
  const synthetic = [CNT, ...spec.measures.flatMap((_m, i) => [sumId(i), nId(i)])];
  if (form.fields.some((f) => synthetic.includes(f.id) || /^zRollupAvg/.test(f.id))) return null;
  const keyIndex = (ref: string) => spec.keys.indexOf(ref);
  const isDate = (ref: string) => spec.date?.field === ref;
  const dayGrain = spec.date?.grain === 'day';

  for (const g of query.groupBy ?? []) {
    if (isDate(g.field)) {
      const coarse = g.bucket === 'month' || g.bucket === 'quarter' || g.bucket === 'year';
      if (!dayGrain && !coarse) return null;
    } else if (keyIndex(g.field) < 0 || g.bucket) return null;
  }
  const filtered = filterRefs(query.filter);
  for (const m of query.measures) filterRefs(m.filter, filtered);
  for (const f of filtered) if (keyIndex(f) < 0 && !(isDate(f) && dayGrain)) return null;

  const zeroIfNull = new Set<string>();
  const averages = new Map<string, { sum: string; count: string }>();
  /** Aliases the SQL cannot sort or rank by (their value is finished after the query). */
  const unsortable = new Set<string>();
  const measures: Measure[] = [];
  for (const [j, m] of query.measures.entries()) {
    const filter = m.filter;
    const withFilter = (f: Filter | undefined) => (f ? { filter: f } : {});
    const mi = m.field === undefined ? -1 : spec.measures.indexOf(m.field);
    if (m.op === 'count') {
      zeroIfNull.add(m.as);
      if (m.field === undefined) measures.push({ op: 'sum', field: CNT, as: m.as, ...withFilter(filter) });
      else if (mi >= 0) measures.push({ op: 'sum', field: nId(mi), as: m.as, ...withFilter(filter) });
      else if (keyIndex(m.field) >= 0 || (isDate(m.field) && dayGrain)) {
        const notEmpty: Filter = { kind: 'cmp', field: m.field, op: 'isNotEmpty' };
        const f: Filter = filter ? { kind: 'and', items: [filter, notEmpty] } : notEmpty;
        measures.push({ op: 'sum', field: CNT, as: m.as, filter: f });
        unsortable.add(m.as);
      } else return null;
      if (filter) unsortable.add(m.as);
    } else if ((m.op === 'sum' || m.op === 'avg') && mi >= 0) {
      if (m.op === 'sum') measures.push({ op: 'sum', field: sumId(mi), as: m.as, ...withFilter(filter) });
      else {
        measures.push({ op: 'sum', field: sumId(mi), as: avgSum(j), ...withFilter(filter) });
        measures.push({ op: 'sum', field: nId(mi), as: avgN(j), ...withFilter(filter) });
        averages.set(m.as, { sum: avgSum(j), count: avgN(j) });
        unsortable.add(m.as);
      }
    } else return null;
  }
  if ((query.sort ?? []).some((s) => unsortable.has(s.key))) return null;
  if (query.top && unsortable.has(query.top.by ?? query.measures[0]!.as)) return null;
  const usedAliases = new Set(query.measures.map((m) => m.as));
  if ([...averages.values()].some((a) => usedAliases.has(a.sum) || usedAliases.has(a.count))) return null;

  const columns = new Map<string, string>();
  spec.keys.forEach((k, i) => {
    const kind = roleOf(form, k)?.kind;
    columns.set(k, kind === 'boolean' ? `("r"."k${i}"::boolean)` : `"r"."k${i}"`);
  });
  if (spec.date) columns.set(spec.date.field, '"r"."d"');
  columns.set(CNT, '"r"."cnt"');
  spec.measures.forEach((_m, i) => {
    columns.set(sumId(i), `"r"."s${i}"`);
    columns.set(nId(i), `"r"."n${i}"`);
  });
  // top.by defaults to the first measure: keep pointing at the same one when an avg was split.
  const top = query.top ? { ...query.top, by: query.top.by ?? query.measures[0]!.as } : undefined;
  return {
    query: { ...query, measures, ...(top ? { top } : {}) },
    form: { fields: [...form.fields, ...synthetic.map(numberField)] },
    columns,
    zeroIfNull,
    averages,
  };
}

/** The plan's fields as a query target over the cell relation `"r"` (system names: key columns). */
export function planTarget(plan: RollupPlan): QueryTarget {
  return {
    fields: plan.form.fields,
    column: (id) => plan.columns.get(id),
    // Only system names the spec keeps reach the compiler (planRollup refuses the others).
    systemColumn: (name) => plan.columns.get(name) ?? 'NULL',
  };
}
