/**
 * Answering an aggregate query from a rollup (decision 0053). The read door calls this for a
 * form source when the reader's row scope is "all": a rollup counts every live record, so a
 * reader whose grant narrows the rows must never get its numbers (the caller checks; this module
 * has no notion of grants). Null means "no rollup can answer exactly": the caller queries the
 * records directly.
 */
import { averageOf, type AggregateRow, type QueryContext } from '@tangram/query';
import { compileAggregate, createParams, readAggregateRow } from '@tangram/query/sql';
import type { AggregateQuery } from '@tangram/schema';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { planRollup, planTarget, type RollupPlan } from './plan';
import { MAX_KEYS, MAX_MEASURES } from './spec';
import { currentRollups } from './store';

const ROLLABLE_OPS = new Set(['count', 'sum', 'avg']);

/** The cells of one rollup as the relation `"r"`: empty cells left out, a sum NULL without values. */
function cellsRelation(idParam: string): string {
  const keys = Array.from({ length: MAX_KEYS }, (_v, i) => `c.k${i}`);
  const measures = Array.from(
    { length: MAX_MEASURES },
    (_v, i) => `CASE WHEN c.n${i} > 0 THEN c.s${i} END AS s${i}, c.n${i}`,
  );
  return `(SELECT c.d, ${keys.join(', ')}, c.cnt, ${measures.join(', ')} FROM rollup_cells c
            WHERE c.rollup_id = ${idParam}::bigint AND c.cnt > 0) AS "r"`;
}

/** The rows of `query` from the smallest rollup that answers it exactly, or null. */
export async function answerFromRollup(
  db: Db,
  ctx: FormContext,
  query: AggregateQuery,
  qctx: QueryContext,
): Promise<AggregateRow[] | null> {
  if (!query.measures.every((m) => ROLLABLE_OPS.has(m.op))) return null;
  let chosen: { id: string; plan: RollupPlan } | null = null;
  for (const r of await currentRollups(db, ctx)) {
    const plan = planRollup(r.spec, query, { fields: ctx.form.fields });
    if (plan) {
      chosen = { id: r.id, plan };
      break;
    }
  }
  if (!chosen) return null;
  const { plan } = chosen;
  const params = createParams();
  const from = cellsRelation(params.add(chosen.id));
  const compiled = compileAggregate(plan.query, planTarget(plan), qctx, params, { from });
  const { rows } = await db.query<Record<string, unknown>>(compiled.sql, params.values);
  const sqlOf = new Map(compiled.columns.map((c) => [c.alias, c.sql]));
  return rows.map((row) => {
    const read = readAggregateRow(row, compiled.columns);
    // The direct path's numbers: a count over no matching cell is 0, an average is its exact sum
    // over its count (averageOf, as readAggregateRow computes it from the records).
    const measureValue = (alias: string): AggregateRow[string] => {
      const avg = plan.averages.get(alias);
      if (!avg) return plan.zeroIfNull.has(alias) ? (read[alias] ?? 0) : (read[alias] ?? null);
      const sum = row[sqlOf.get(avg.sum)!];
      const n = Number(row[sqlOf.get(avg.count)!] ?? 0);
      return sum === null || sum === undefined || n === 0 ? null : averageOf(String(sum), n);
    };
    // Same key order as the direct answer: $others, groups, the measures as asked, $grouping.
    const out: AggregateRow = {};
    let measured = false;
    for (const c of compiled.columns) {
      if (c.role === 'group' || c.role === 'grouping' || c.role === 'others') {
        if (c.alias in read) out[c.alias] = read[c.alias]!;
      } else if (!measured) {
        for (const m of query.measures) out[m.as] = measureValue(m.as);
        measured = true;
      }
    }
    return out;
  });
}
