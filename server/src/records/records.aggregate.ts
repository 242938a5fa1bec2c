import type { QueryContext } from '@tangram/query';
import { compileAggregate, createParams, readAggregateRow } from '@tangram/query/sql';
import type { AggregateQuery } from '@tangram/schema';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { queryTarget } from './query-target';

/** Runs a checked aggregate query over the form's live records; rows come back in API shape. */
export async function compileAggregateQuery(db: Db, ctx: FormContext, query: unknown, qctx: QueryContext) {
  const params = createParams();
  const compiled = compileAggregate(query as AggregateQuery, queryTarget(ctx), qctx, params, {
    from: `${quoteIdent(ctx.table.table)} AS "t"`,
    where: '"t"."deleted_at" IS NULL',
  });
  const { rows } = await db.query<Record<string, unknown>>(compiled.sql, params.values);
  return rows.map((row) => readAggregateRow(row, compiled.columns));
}
