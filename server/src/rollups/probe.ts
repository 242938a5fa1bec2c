/**
 * The same aggregate answered from a rollup and straight from the records (the read door's direct
 * statement, every live record), for the conformance tests and the bench (decision 0053).
 */
import type { AggregateRow } from '@tangram/query';
import { compileAggregate, createParams, readAggregateRow } from '@tangram/query/sql';
import type { AggregateQuery } from '@tangram/schema';
import { loadForm } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { queryTarget } from '../records/query-target';
import { answerFromRollup } from './answer';
import { deriveRollups } from './spec';
import { rebuildRollups } from './store';

const probeContext = (timeZone: string) => ({
  now: new Date(),
  timeZone,
  userId: 'probe',
  userDepartmentIds: [],
});

export async function rollupProbe(
  db: Db,
  ref: { orgId: string; appId: string; formId: string },
  query: AggregateQuery,
  timeZone = 'UTC',
): Promise<{ rolled: AggregateRow[] | null; direct: AggregateRow[] }> {
  const ctx = await loadForm(db, ref.orgId, ref.appId, ref.formId);
  const qctx = probeContext(timeZone);
  const rolled = await answerFromRollup(db, ctx, query, qctx);
  const params = createParams();
  // The read door's direct statement for an unscoped reader, built here so that it cannot take
  // the rollup path: the conformance tests compare the two.
  const compiled = compileAggregate(query, queryTarget(ctx, 't'), qctx, params, {
    // eslint-disable-next-line no-restricted-syntax -- every live record, as the rollup counts them
    from: `${quoteIdent(ctx.table.table)} AS "t"`,
    // eslint-disable-next-line no-restricted-syntax -- idem
    where: 't.deleted_at IS NULL',
  });
  const { rows } = await db.query<Record<string, unknown>>(compiled.sql, params.values);
  return { rolled, direct: rows.map((r) => readAggregateRow(r, compiled.columns)) };
}

/** Rebuilds a form's derived rollups without a request (bench, command line). */
export async function rebuildDerivedRollups(db: Db, ref: { orgId: string; appId: string; formId: string }) {
  const ctx = await loadForm(db, ref.orgId, ref.appId, ref.formId);
  return rebuildRollups(db, ctx, deriveRollups(ctx.app, ctx.form));
}
