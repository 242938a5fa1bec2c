/**
 * Aggregate tables as a dashboard source (decision 0036): a chart widget's aggregate query
 * (`chartQuery`, dimensions = key ids, measures = measure ids) grouped and summed over the stored
 * balances in SQL. Values stay `numeric` until the answer; key values that are record ids are
 * shown by their record's title as the caller may read it (the balances API's rule, 0028).
 */
import type { AggregateDefinition, AggregateQuery } from '@tangram/schema';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { loadApp } from '../apps/app-cache';
import { badRequest } from '../http/app-error';
import { openReader } from '../records/kernel/reader';
import { aggregateNotReadable, mayReadAggregate } from './aggregates.service';

type Row = Record<string, unknown>;

/** Most result rows one balance query answers (as the records aggregate). */
const MAX_ROWS = 10_000;
/** Places an average keeps (as report averages do). */
const AVG_PLACES = 12;

const SQL_OPS = { sum: 'sum', avg: 'avg', min: 'min', max: 'max' } as const;

/** The compiled statement and how its positional columns map back to the query's aliases. */
export interface BalanceStatement {
  sql: string;
  params: unknown[];
  dims: { alias: string; column: string; key: string }[];
  measures: { alias: string; column: string }[];
  grouping: boolean;
}

/**
 * Compiles an aggregate query over one aggregate's balances. Every identifier in the SQL is a
 * fixed positional name (`k0`, `m0`, `d0`, `a0`); key and measure ids travel as parameters.
 * First one row per balance key with each measure's value (a missing measure row is 0, as the
 * balances API shows it), then the widget's grouping over those rows.
 */
export function compileBalanceQuery(
  scope: { orgId: string; appId: string },
  aggregate: AggregateDefinition,
  query: AggregateQuery,
): BalanceStatement {
  const params: unknown[] = [scope.orgId, scope.appId, aggregate.id];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const keyIds = new Set(aggregate.keys.map((k) => k.id));
  const places = new Map(aggregate.measures.map((m) => [m.id, m.decimals]));
  const groupBy = query.groupBy ?? [];
  const dims = groupBy.map((g, i) => {
    if (!keyIds.has(g.field))
      throw badRequest('unknown_key', `aggregate "${aggregate.id}" has no key "${g.field}"`);
    return { alias: g.as ?? g.field, column: `k${i}`, key: g.field };
  });
  const measureIds = [...new Set(query.measures.flatMap((m) => (m.field ? [m.field] : [])))];
  const inner = [
    'key_text',
    ...dims.map((d) => `key_values->>${param(d.key)} AS ${d.column}`),
    ...measureIds.map((id, i) => `coalesce(sum(value) FILTER (WHERE measure_id = ${param(id)}), 0) AS v${i}`),
  ];
  const measures = query.measures.map((m, i) => {
    const column = `a${i}`;
    if (m.op === 'count') return { alias: m.as, column, sql: `count(*) AS ${column}` };
    const op = SQL_OPS[m.op as keyof typeof SQL_OPS];
    const at = m.field === undefined ? -1 : measureIds.indexOf(m.field);
    if (!op || at < 0 || !places.has(m.field!))
      throw badRequest(
        'unknown_measure',
        `"${m.as}" is not a sum, avg, min or max of a measure of "${aggregate.id}"`,
      );
    const digits = m.op === 'avg' ? AVG_PLACES : places.get(m.field!)!;
    return { alias: m.as, column, sql: `round(${op}(v${at}), ${digits})::text AS ${column}` };
  });
  const byAlias = new Map([
    ...dims.map((d) => [d.alias, d.column] as const),
    ...measures.map((m) => [m.alias, m.column] as const),
  ]);
  const columnsOf = (set: readonly string[]) =>
    set.map((a) => byAlias.get(a)).filter((c): c is string => !!c);
  const grouping = query.groupingSets !== undefined && dims.length > 0;
  const keyGroup = grouping
    ? `GROUP BY GROUPING SETS (${query.groupingSets!.map((s) => `(${columnsOf(s).join(', ')})`).join(', ')})`
    : dims.length
      ? `GROUP BY ${dims.map((d) => d.column).join(', ')}`
      : '';
  const order = (query.sort ?? [])
    .filter((s) => byAlias.has(s.key))
    .map((s) => `${byAlias.get(s.key)} ${s.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`);
  const limit = Math.min(query.limit ?? MAX_ROWS, MAX_ROWS);
  const sql = `WITH b AS (
      SELECT ${inner.join(', ')} FROM aggregate_balances
       WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3
       GROUP BY key_text, ${dims.length ? dims.map((d) => d.column).join(', ') : 'key_text'}
    )
    SELECT ${[
      ...dims.map((d) => `${d.column} AS d_${d.column}`),
      ...measures.map((m) => m.sql),
      ...(grouping ? [`GROUPING(${dims.map((d) => d.column).join(', ')}) AS g`] : []),
    ].join(', ')}
      FROM b ${keyGroup}
      ${order.length ? `ORDER BY ${order.join(', ')}` : ''}
      LIMIT ${param(limit)}`;
  return {
    sql,
    params,
    dims: dims.map((d) => ({ ...d, column: `d_${d.column}` })),
    measures: measures.map(({ alias, column }) => ({ alias, column })),
    grouping,
  };
}

/**
 * Runs an aggregate query over balances for a caller: rows keyed by the query's aliases, numbers
 * as JS numbers parsed from the exact decimal text, record keys replaced by their titles (the id
 * when the caller may not read the title), pivot totals marked by `$grouping` as for records.
 */
export async function runBalanceQuery(
  db: Db,
  principal: Principal,
  appId: string,
  aggregate: AggregateDefinition,
  query: AggregateQuery,
): Promise<Row[]> {
  // The balances API's read rule (decision 0041): view on every form that posts into it.
  const { definition } = await loadApp(db, principal.orgId, appId);
  if (!(await mayReadAggregate(db, principal, definition, aggregate))) throw aggregateNotReadable();
  const statement = compileBalanceQuery({ orgId: principal.orgId, appId }, aggregate, query);
  const { rows } = await db.query<Row>(statement.sql, statement.params);
  const reader = openReader(db, principal);
  const titles = new Map<string, Map<string, string>>();
  for (const d of statement.dims) {
    const key = aggregate.keys.find((k) => k.id === d.key)!;
    if (key.type !== 'record' || !key.form || titles.has(key.id)) continue;
    const ids = [...new Set(rows.map((r) => r[d.column]).filter((v): v is string => typeof v === 'string'))];
    // A key form the caller may not read shows ids only (the balance itself is theirs to see).
    titles.set(
      key.id,
      await reader.titles({ appId: key.app ?? appId, formId: key.form }, ids).catch(() => new Map()),
    );
  }
  return rows.map((r) => {
    const out: Row = {};
    for (const d of statement.dims) {
      const value = (r[d.column] as string | null | undefined) ?? null;
      out[d.alias] = value === null ? null : (titles.get(d.key)?.get(value) ?? value);
    }
    for (const m of statement.measures) {
      const v = r[m.column];
      out[m.alias] = v === null || v === undefined ? null : Number(v);
    }
    if (statement.grouping) out.$grouping = Number(r.g);
    return out;
  });
}
