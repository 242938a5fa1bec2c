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

function countExpr(m: ResolvedMeasure, target: QueryTarget, cond: string | null): string {
  if (!m.info) return cond ? `count(*) FILTER (WHERE ${cond})` : 'count(*)';
  const col = columnOf(target, m.info);
  if (m.info.kind === 'address') {
    const notEmpty = notEmptySql(m.info, col);
    return `count(*) FILTER (WHERE ${cond ? `(${cond}) AND ${notEmpty}` : notEmpty})`;
  }
  return `count(${col})${filterClause(cond)}`;
}

/** `FILTER (WHERE …)` of a conditional measure, or nothing. */
const filterClause = (cond: string | null) => (cond ? ` FILTER (WHERE ${cond})` : '');

/** The typed expression a measure sorts by (avg: exact to the same 12 places the rows show). */
function measureExpr(m: ResolvedMeasure, target: QueryTarget, cond: string | null): string {
  const col = m.info ? columnOf(target, m.info) : '';
  const f = filterClause(cond);
  switch (m.op) {
    case 'count':
      return countExpr(m, target, cond);
    case 'distinctCount':
      return `count(DISTINCT ${col})${f}`;
    case 'avg':
      return `round(round(sum(${col})${f}, 20) / NULLIF(count(${col})${f}, 0), 12)`;
    default:
      return `${m.op}(${col})${f}`;
  }
}

/** How one measure is selected and sorted at the level that produces the result rows. */
interface MeasureSql {
  /** The value column (avg: the exact sum) */
  value: string;
  /** avg only: the count of values. */
  count?: string;
  /** The typed expression rows sort by. */
  sort: string;
}

/**
 * Compiles an aggregate query to one SELECT: GROUP BY the group keys (dates bucketed with
 * `date_trunc` in the org's time zone), measures count / count(DISTINCT) / sum / avg / min / max on
 * `numeric` (exact), each optionally `FILTER (WHERE …)`, the query's filter AND `source.where`,
 * ORDER BY the requested aliases then every group key (NULLs last), LIMIT (default 1000).
 *
 * `groupingSets` becomes `GROUP BY GROUPING SETS (…)` with `GROUPING(…)` as `$grouping` (subtotals
 * and totals in one statement). `top` ranks the values of one key (ranking measure, ties by the
 * key) and either keeps only those (`others: false`) or groups every other value into one row:
 * a flag says whether a row's key is in the top, and the key is grouped as
 * `CASE WHEN flag THEN key END` next to the flag.
 *
 * Staging: when the query has `top` or `groupingSets` and no distinct count, the records are first
 * aggregated once by all group keys (a plain GROUP BY, which PostgreSQL runs as a parallel hash
 * aggregate), and the top ranking, the merged row and the grouping sets work on those few partial
 * rows (counts and sums add up, min of mins, avg = sum of sums / sum of counts), so a million
 * records are read once instead of once per step. A distinct count cannot be re-aggregated: such
 * queries read the records directly. Every value is text in the result; read rows with
 * `readAggregateRow(row, compiled.columns)`. Throws `QueryError` for an invalid query.
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
    const conds = q.measures.map((m) =>
      m.filter === undefined ? null : compileFilter(m.filter as never, target, ctx, local),
    );
    let where = [
      source.where,
      q.filter === undefined ? undefined : compileFilter(q.filter as never, target, ctx, local),
    ]
      .filter((w): w is string => !!w)
      .map((w) => `(${w})`);
    const raw = q.groups.map((g) => groupExpr(g, columnOf(target, g.info), tz));
    const sortable = (g: ResolvedGroup, expr: string) =>
      g.info.kind === 'text' && !g.bucket ? `${expr} COLLATE "C"` : expr;
    const whereSql = () => (where.length ? ` WHERE ${where.join(' AND ')}` : '');

    // Measures straight over the records.
    let measureSql = (m: ResolvedMeasure, i: number): MeasureSql => {
      const cond = conds[i]!;
      const sort = measureExpr(m, target, cond);
      if (m.op !== 'avg') return { value: sort, sort };
      const col = columnOf(target, m.info!);
      const f = filterClause(cond);
      return { value: `sum(${col})${f}`, count: `count(${col})${f}`, sort };
    };
    let from = source.from;
    const ctes: string[] = [];
    const staged =
      (q.top !== null || (q.groupingSets !== null && raw.length > 0)) &&
      q.measures.every((m) => m.op !== 'distinctCount');
    if (staged) {
      const partials = q.measures.flatMap((m, i) => {
        const ms = measureSql(m, i);
        return m.op === 'avg'
          ? [`${ms.value} AS "p${i}"`, `${ms.count!} AS "p${i}n"`]
          : [`${ms.value} AS "p${i}"`];
      });
      ctes.push(
        `"pre" AS (SELECT ${[...raw.map((e, i) => `${e} AS "k${i}"`), ...partials].join(', ')} FROM ${source.from}${whereSql()} GROUP BY ${raw.join(', ')})`,
      );
      from = '"pre"';
      where = [];
      raw.forEach((_e, i) => (raw[i] = `"pre"."k${i}"`));
      measureSql = (m, i) => {
        const p = `"pre"."p${i}"`;
        switch (m.op) {
          case 'count':
            return { value: `COALESCE(sum(${p}), 0)`, sort: `COALESCE(sum(${p}), 0)` };
          case 'avg':
            return {
              value: `sum(${p})`,
              count: `COALESCE(sum("pre"."p${i}n"), 0)`,
              sort: `round(round(sum(${p}), 20) / NULLIF(sum("pre"."p${i}n"), 0), 12)`,
            };
          default:
            return { value: `${m.op}(${p})`, sort: `${m.op}(${p})` };
        }
      };
    }

    let topFlag: string | null = null;
    const top = q.top;
    if (top) {
      const g = q.groups[top.group]!;
      const key = raw[top.group]!;
      const m = q.measures[top.by]!;
      const dir = top.desc ? 'DESC' : 'ASC';
      ctes.push(
        `"top" AS (SELECT ${key} AS "k" FROM ${from}${whereSql()} GROUP BY ${key}` +
          ` ORDER BY ${measureSql(m, top.by).sort} ${dir} NULLS LAST, ${sortable(g, key)} ASC NULLS LAST LIMIT ${top.n})`,
      );
      // `k IN (…)` is a hashed subplan; the NULL key needs its own test (NULL IN (…) is NULL).
      const inTop = `(COALESCE(${key} IN (SELECT "k" FROM "top" WHERE "k" IS NOT NULL), false) OR (${key} IS NULL AND EXISTS (SELECT 1 FROM "top" WHERE "k" IS NULL)))`;
      from = `${from} CROSS JOIN LATERAL (SELECT ${inTop} AS "in_top") AS "top_flag"`;
      topFlag = '"top_flag"."in_top"';
      if (top.others) raw[top.group] = `CASE WHEN ${topFlag} THEN ${key} END`;
      else where.push(topFlag);
    }

    const select: string[] = [];
    const groupBy: string[] = [];
    const orderOf = new Map<string, string>();
    const order: string[] = [];
    if (top?.others) {
      // The merged row comes after the kept values, whatever the sort.
      select.push(`(NOT ${topFlag})::text AS "o"`);
      groupBy.push(topFlag!);
      order.push(`${topFlag} DESC`);
      columns.push({ alias: '$others', role: 'others', sql: 'o' });
    }
    q.groups.forEach((g, i) => {
      const expr = raw[i]!;
      const name = `g${i}`;
      select.push(`${groupText(g, expr)} AS "${name}"`);
      groupBy.push(expr);
      orderOf.set(g.alias, sortable(g, expr));
      columns.push({ alias: g.alias, role: 'group', kind: g.info.kind, bucket: g.bucket, sql: name });
    });
    q.measures.forEach((m, i) => {
      const name = `m${i}`;
      const ms = measureSql(m, i);
      orderOf.set(m.alias, ms.sort);
      if (m.op === 'avg') {
        select.push(`${ms.value}::text AS "${name}"`, `${ms.count!}::text AS "${name}n"`);
        columns.push({ alias: m.alias, role: 'avg', sql: name, countSql: `${name}n` });
        return;
      }
      select.push(`${ms.value}::text AS "${name}"`);
      const role = m.op === 'distinctCount' ? 'count' : m.op;
      columns.push({ alias: m.alias, role, sql: name });
    });
    let groupSql = groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : '';
    const sets = q.groupingSets;
    if (sets && raw.length) {
      select.push(`GROUPING(${raw.join(', ')})::text AS "gs"`);
      columns.push({ alias: '$grouping', role: 'grouping', sql: 'gs' });
      groupSql = `GROUP BY GROUPING SETS (${sets.map((set) => `(${set.map((i) => raw[i]).join(', ')})`).join(', ')})`;
    }
    order.push(
      ...[...q.sort, ...q.groups.map((g) => ({ alias: g.alias, desc: false }))].map(
        (s) => `${orderOf.get(s.alias)!} ${s.desc ? 'DESC' : 'ASC'} NULLS LAST`,
      ),
    );
    // Rows of different sets can share every key (a NULL value next to its total): detail first.
    if (sets && raw.length) order.push(`GROUPING(${raw.join(', ')}) ASC`);
    return [
      `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${select.join(', ')}`,
      `FROM ${from}`,
      where.length ? `WHERE ${where.join(' AND ')}` : '',
      groupSql,
      order.length ? `ORDER BY ${order.join(', ')}` : '',
      `LIMIT ${q.limit}`,
    ]
      .filter(Boolean)
      .join(' ');
  });
  return { sql, columns };
}
