import type { AggregateQuery } from '@tangram/schema';
import type { AggregateColumn } from '../aggregate.js';
import { resolveAggregate, type ResolvedGroup, type ResolvedMeasure } from '../check.js';
import { checkContext } from '../operator-table.js';
import { QueryError, type QueryContext, type QueryTarget } from '../types.js';
import { columnOf, notEmptySql } from './columns.js';
import { compileFilter } from './filter.js';
import { atomically, type SqlParams } from './params.js';

/** What the caller supplies around the aggregate: the FROM clause and its own conditions. */
export interface AggregateSource {
  /** The FROM clause body, e.g. `"rec_orders" AS "t"` (trusted SQL from the server). */
  from: string;
  /** Extra conditions AND-ed with the query's filter (soft delete, permission scope), or omitted. */
  where?: string;
}

/** A compiled aggregate: the statement and how to read its rows back (`readAggregateRow`). */
export interface CompiledAggregate {
  sql: string;
  columns: AggregateColumn[];
}

// Buckets and measures come from these tables only; nothing of the query is spliced into SQL.
const BUCKET_UNIT = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const;

/** The typed expression a group key groups and sorts by. */
function groupExpr(g: ResolvedGroup, col: string, tz: () => string): string {
  if (!g.bucket) return col;
  const unit = BUCKET_UNIT[g.bucket];
  // ISO weeks start on Monday, as date_trunc('week') does. Date-times are bucketed in the org's zone.
  return g.info.kind === 'timestamptz'
    ? `(date_trunc('${unit}', ${col} AT TIME ZONE ${tz()}))::date`
    : `(date_trunc('${unit}', ${col}::timestamp))::date`;
}

/** The group value as text in its API shape. */
function groupText(g: ResolvedGroup, expr: string): string {
  if (g.bucket) return `to_char(${expr}, 'YYYY-MM-DD')`;
  switch (g.info.kind) {
    case 'date':
      return `to_char(${expr}, 'YYYY-MM-DD')`;
    case 'timestamptz':
      return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'time':
      return `to_char(${expr}, 'HH24:MI:SS')`;
    case 'text':
      return expr;
    default:
      return `${expr}::text`;
  }
}

function countExpr(m: ResolvedMeasure, target: QueryTarget): string {
  if (!m.info) return 'count(*)';
  const col = columnOf(target, m.info);
  return m.info.kind === 'address' ? `count(*) FILTER (WHERE ${notEmptySql(m.info, col)})` : `count(${col})`;
}

/** The typed expression a measure sorts by (avg: exact to the same 12 places the rows show). */
function measureExpr(m: ResolvedMeasure, target: QueryTarget): string {
  const col = m.info ? columnOf(target, m.info) : '';
  switch (m.op) {
    case 'count':
      return countExpr(m, target);
    case 'distinctCount':
      return `count(DISTINCT ${col})`;
    case 'avg':
      return `round(round(sum(${col}), 20) / NULLIF(count(${col}), 0), 12)`;
    default:
      return `${m.op}(${col})`;
  }
}

/**
 * Compiles an aggregate query to one SELECT: GROUP BY the group keys (dates bucketed with
 * `date_trunc` in the org's time zone), measures count / count(DISTINCT) / sum / avg / min / max on
 * `numeric` (exact), the query's filter AND `source.where`, ORDER BY the requested aliases then
 * every group key (NULLs last), LIMIT (default 1000). Every value is text in the result; read rows
 * with `readAggregateRow(row, compiled.columns)`. Throws `QueryError` for an invalid query.
 */
export function compileAggregate(
  query: AggregateQuery,
  target: QueryTarget,
  ctx: QueryContext,
  params: SqlParams,
  source: AggregateSource,
): CompiledAggregate {
  const bad = checkContext(ctx);
  if (bad) throw new QueryError([{ path: '', code: 'invalidContext', message: bad }]);
  const q = resolveAggregate(query, target);
  const columns: AggregateColumn[] = [];
  const sql = atomically(params, (local) => {
    let tzParam: string | null = null;
    const tz = () => (tzParam ??= `${local.add(ctx.timeZone)}::text`);
    const select: string[] = [];
    const groupBy: string[] = [];
    const orderOf = new Map<string, string>();
    q.groups.forEach((g, i) => {
      const expr = groupExpr(g, columnOf(target, g.info), tz);
      const name = `g${i}`;
      select.push(`${groupText(g, expr)} AS "${name}"`);
      groupBy.push(expr);
      orderOf.set(g.alias, g.info.kind === 'text' && !g.bucket ? `${expr} COLLATE "C"` : expr);
      columns.push({ alias: g.alias, role: 'group', kind: g.info.kind, bucket: g.bucket, sql: name });
    });
    q.measures.forEach((m, i) => {
      const name = `m${i}`;
      orderOf.set(m.alias, measureExpr(m, target));
      if (m.op === 'avg') {
        const col = columnOf(target, m.info!);
        select.push(`sum(${col})::text AS "${name}"`, `count(${col})::text AS "${name}n"`);
        columns.push({ alias: m.alias, role: 'avg', sql: name, countSql: `${name}n` });
        return;
      }
      select.push(`${measureExpr(m, target)}::text AS "${name}"`);
      const role = m.op === 'distinctCount' ? 'count' : m.op;
      columns.push({ alias: m.alias, role, sql: name });
    });
    const where = [
      source.where,
      q.filter === undefined ? undefined : compileFilter(q.filter as never, target, ctx, local),
    ]
      .filter((w): w is string => !!w)
      .map((w) => `(${w})`);
    const order = [...q.sort, ...q.groups.map((g) => ({ alias: g.alias, desc: false }))].map(
      (s) => `${orderOf.get(s.alias)!} ${s.desc ? 'DESC' : 'ASC'} NULLS LAST`,
    );
    return [
      `SELECT ${select.join(', ')}`,
      `FROM ${source.from}`,
      where.length ? `WHERE ${where.join(' AND ')}` : '',
      groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : '',
      order.length ? `ORDER BY ${order.join(', ')}` : '',
      `LIMIT ${q.limit}`,
    ]
      .filter(Boolean)
      .join(' ');
  });
  return { sql, columns };
}
