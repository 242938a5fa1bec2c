/**
 * How many records a list request matches, three ways (decision 0050), so a page never waits for
 * an exact count over a large set:
 *
 * - `estimate`: the planner's row estimate (`EXPLAIN (FORMAT JSON)`, no rows read). When it says
 *   the set is small (at most the cap) the capped count runs instead: cheap and exact there.
 * - `capped`: exact up to `COUNT_CAP`, else "at least `COUNT_CAP`" (reads at most cap + 1 rows).
 * - `exact`: `count(*)`, bounded by `EXACT_COUNT_TIMEOUT_MS` (a 503 `count_timeout` past it).
 *
 * `from` is `<table> t WHERE <conditions>` compiled by the reader with `params`.
 */
import type { Db } from '../../db/db';
import { AppError } from '../../http/app-error';

export const COUNT_CAP = 10_000;
export const EXACT_COUNT_TIMEOUT_MS = 5_000;

export type CountMode = 'exact' | 'capped' | 'estimate';
export type TotalKind = 'exact' | 'atLeast' | 'estimate';

export interface Counted {
  total: number;
  totalKind: TotalKind;
}

interface ExplainPlan {
  Plan?: { 'Plan Rows'?: number };
}

export async function countRows(
  db: Db,
  from: string,
  params: readonly unknown[],
  mode: CountMode,
): Promise<Counted> {
  if (mode === 'estimate') {
    const { rows } = await db.query<{ 'QUERY PLAN': ExplainPlan[] | string }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from}`,
      params,
    );
    const raw = rows[0]?.['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ExplainPlan[] | undefined;
    const estimate = Math.round(plan?.[0]?.Plan?.['Plan Rows'] ?? 0);
    if (estimate > COUNT_CAP) return { total: estimate, totalKind: 'estimate' };
    return countRows(db, from, params, 'capped');
  }
  if (mode === 'capped') {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} LIMIT ${COUNT_CAP + 1}) c`,
      params,
    );
    const n = rows[0]?.n ?? 0;
    return n > COUNT_CAP ? { total: COUNT_CAP, totalKind: 'atLeast' } : { total: n, totalKind: 'exact' };
  }
  const exact = `SELECT count(*)::int AS n FROM ${from}`;
  // PGlite cannot interrupt a statement: no timeout to set there.
  if (db.kind === 'pglite') {
    const { rows } = await db.query<{ n: number }>(exact, params);
    return { total: rows[0]?.n ?? 0, totalKind: 'exact' };
  }
  // The timeout is set for this statement only: the reader's handle may be a caller's transaction.
  return db.transaction(async (tx) => {
    const { rows: before } = await tx.query<{ v: string }>(
      `SELECT current_setting('statement_timeout') AS v, set_config('statement_timeout', $1, true)`,
      [String(EXACT_COUNT_TIMEOUT_MS)],
    );
    let n: number;
    try {
      const { rows } = await tx.query<{ n: number }>(exact, params);
      n = rows[0]?.n ?? 0;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '57014') throw error;
      const seconds = EXACT_COUNT_TIMEOUT_MS / 1000;
      const timeout = new AppError(
        503,
        'count_timeout',
        `Counting these records took longer than ${seconds} s; narrow the filter or use the estimate.`,
      );
      timeout.localized = {
        en: timeout.message,
        'zh-CN': `统计记录数超过 ${seconds} 秒，请缩小筛选范围或使用估算值。`,
      };
      throw timeout;
    }
    await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [before[0]?.v ?? '0']);
    return { total: n, totalKind: 'exact' as const };
  });
}
