/**
 * Aggregate tables as a dashboard source (decision 0036): a chart widget's aggregate query
 * (`chartQuery`, dimensions = key ids, measures = measure ids) grouped and summed over the stored
 * balances in SQL. Values stay `numeric` until the answer; key values that are record ids are
 * shown by their record's title as the caller may read it (the balances API's rule, 0028).
 */
import type { AggregateDefinition, AggregateQuery, AggregateWidgetSource } from '@tangram/schema';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { loadApp } from '../apps/app-cache';
import { checkFilter } from '@tangram/query';
import { badRequest, forbidden, validationFailed, type AppError } from '../http/app-error';
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
  keyIn?: { key: string; ids: readonly string[] },
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
  // A key filter (decision 0051): only balances whose key is one of the matching records.
  const keyWhere = keyIn
    ? ` AND key_values->>${param(keyIn.key)} IN (SELECT jsonb_array_elements_text(${param(JSON.stringify(keyIn.ids))}::jsonb))`
    : '';
  const sql = `WITH b AS (
      SELECT ${inner.join(', ')} FROM aggregate_balances
       WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3${keyWhere}
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
  having?: AggregateWidgetSource['having'],
  keyFilter?: AggregateWidgetSource['keyFilter'],
): Promise<Row[]> {
  // The balances API's read rule (decision 0041): view on every form that posts into it.
  const { definition } = await loadApp(db, principal.orgId, appId);
  if (!(await mayReadAggregate(db, principal, definition, aggregate))) throw aggregateNotReadable();
  const reader = openReader(db, principal);
  const keyIn = keyFilter ? await matchingKeys(reader, appId, aggregate, keyFilter) : undefined;
  const compared = having ? { ...query, measures: [...query.measures, havingMeasure(having)] } : query;
  const statement = compileBalanceQuery({ orgId: principal.orgId, appId }, aggregate, compared, keyIn);
  let { rows } = await db.query<Row>(statement.sql, statement.params);
  if (having) rows = await keepHaving(reader, appId, aggregate, statement, rows, having);
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
    delete out[HAVING_ALIAS];
    return out;
  });
}

/** The hidden measure alias `having` compares: the summed measure of each grouped row. */
const HAVING_ALIAS = '$having';

const havingMeasure = (having: NonNullable<AggregateWidgetSource['having']>) => ({
  op: 'sum' as const,
  field: having.measure,
  as: HAVING_ALIAS,
});

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
};

/** Record ids read per page when fetching the compared field (the `in` list stays small). */
const HAVING_CHUNK = 200;

/**
 * `having` (decision 0051): keeps the rows whose summed measure compares with a fixed value, or with
 * a field of the key record ("on hand < reorder point"). The field is read through the records
 * reader as the viewer: a field hidden from them is refused (comparing would reveal it), a record
 * outside their scope or without a value drops its row (as a SQL comparison with null). Done after the grouping, over at
 * most MAX_ROWS rows, so the comparison sees exactly the sums the chart shows.
 */
async function keepHaving(
  reader: ReturnType<typeof openReader>,
  appId: string,
  aggregate: AggregateDefinition,
  statement: BalanceStatement,
  rows: Row[],
  having: NonNullable<AggregateWidgetSource['having']>,
): Promise<Row[]> {
  const measure = statement.measures.find((m) => m.alias === HAVING_ALIAS)!;
  const test = COMPARE[having.op]!;
  // A fixed bound needs no record read ("on hand below 10").
  if (having.value !== undefined) {
    const bound = having.value;
    return rows.filter((r) => {
      const value = Number(r[measure.column]);
      return Number.isFinite(value) && test(value, bound);
    });
  }
  const key = aggregate.keys.find((k) => k.id === having.key);
  const dim = statement.dims.find((d) => d.key === having.key);
  if (having.field === undefined || !key || key.type !== 'record' || !key.form || !dim)
    throw badRequest('key_not_grouped', `key "${having.key}" must be a grouped record key to compare with`);
  const field = having.field;
  const ref = { appId: key.app ?? appId, formId: key.form };
  const form = await reader.open(ref);
  if (!form.ctx.form.fields.some((f) => f.id === field))
    throw badRequest('unknown_field', `form "${key.form}" has no field "${field}"`);
  if (!form.grant.fields.visible.includes(field)) {
    const error: AppError = forbidden(
      `Comparing with field "${field}" needs it to be visible to you.`,
      'having_field_hidden',
    );
    error.localized = {
      en: error.message,
      'zh-CN': `与字段“${field}”比较需要你能查看该字段。`,
    };
    throw error;
  }
  const ids = [...new Set(rows.map((r) => r[dim.column]).filter((v): v is string => typeof v === 'string'))];
  const values = new Map<string, number>();
  for (let i = 0; i < ids.length; i += HAVING_CHUNK) {
    const chunk = ids.slice(i, i + HAVING_CHUNK);
    const page = await reader.page(ref, {
      filter: { kind: 'cmp', field: 'id', op: 'in', value: chunk },
      sort: [],
      limit: chunk.length,
    });
    for (const record of page.items) {
      const v = record.data[field];
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isFinite(n)) values.set(record.id, n);
    }
  }
  return rows.filter((r) => {
    const id = r[dim.column];
    const bound = typeof id === 'string' ? values.get(id) : undefined;
    const value = Number(r[measure.column]);
    return bound !== undefined && Number.isFinite(value) && test(value, bound);
  });
}

/** Most key records a key filter may match (their ids travel as one parameter). */
const MAX_KEY_FILTER_MATCHES = 5_000;
const KEY_FILTER_PAGE = 500;

/**
 * The ids of the key records matching a widget's key filter, read through the records reader as
 * the viewer: their row scope applies, and a filter naming a field hidden from them is refused
 * (422), so a balance widget never filters by what its viewer cannot see.
 */
async function matchingKeys(
  reader: ReturnType<typeof openReader>,
  appId: string,
  aggregate: AggregateDefinition,
  keyFilter: NonNullable<AggregateWidgetSource['keyFilter']>,
): Promise<{ key: string; ids: string[] }> {
  const key = aggregate.keys.find((k) => k.id === keyFilter.key);
  if (!key || key.type !== 'record' || !key.form)
    throw badRequest('unknown_key', `aggregate "${aggregate.id}" has no record key "${keyFilter.key}"`);
  const ref = { appId: key.app ?? appId, formId: key.form };
  // The key form may be another app's, so the filter is checked here rather than on save.
  const issues = checkFilter(keyFilter.filter, (await reader.open(ref)).query, '/source/keyFilter/filter');
  if (issues.length) throw validationFailed(issues, 'The key filter does not fit the key form.');
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.page(ref, {
      filter: keyFilter.filter,
      sort: [{ field: 'id', dir: 'asc' }],
      limit: KEY_FILTER_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.items.map((r) => r.id));
    if (ids.length > MAX_KEY_FILTER_MATCHES)
      throw badRequest(
        'key_filter_too_broad',
        `The key filter matches more than ${MAX_KEY_FILTER_MATCHES} records; narrow it.`,
      );
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { key: key.id, ids };
}
