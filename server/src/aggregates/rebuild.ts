/**
 * Recomputes an aggregate from its sources (decision 0028): every live source record is read
 * through the read door's system reader, posted with the same `postingsOf` as writes, and summed
 * per key; the stored balances are compared with the sums and, unless it is a dry run, replaced
 * (with the postings). The balance rows are locked first, so writers wait and the comparison is
 * not raced by a write half applied.
 */
import type { AggregateDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import { openSystemReader } from '../records/kernel/reader';
import { addDec, compareDec, formatDec, parseDec, ZERO, type Dec } from './decimal';
import type { AggregateRef } from './balance-store';
import { postingsOf, sourcesOf, lockOrder, type Posting } from './postings';
import { POSTING_QUERY_CONTEXT } from './sync';
import { loadForm } from '../apps/app-cache';

/** Records read per page. */
const PAGE = 500;
/** Differences listed in the answer (all are counted and all are fixed). */
const MAX_LISTED = 1000;

export interface BalanceDifference {
  key: Record<string, string>;
  measure: string;
  stored: string;
  computed: string;
}

export interface RebuildReport {
  aggregate: string;
  records: number;
  balances: number;
  differenceCount: number;
  differences: BalanceDifference[];
  applied: boolean;
}

interface Sum {
  keyText: string;
  keyValues: Record<string, string>;
  measureId: string;
  value: Dec;
}

export async function rebuildAggregate(
  tx: Db,
  ref: AggregateRef,
  aggregate: AggregateDefinition,
  opts: { dryRun: boolean },
): Promise<RebuildReport> {
  const { rows: stored } = await tx.query<{
    key_text: string;
    key_values: Record<string, string>;
    measure_id: string;
    value: string;
  }>(
    `SELECT key_text, key_values, measure_id, value::text AS value FROM aggregate_balances
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3
      ORDER BY key_text, measure_id FOR UPDATE`,
    [ref.orgId, ref.appId, ref.aggregateId],
  );
  const reader = openSystemReader(tx, ref.orgId, 'aggregate rebuild');
  const postings: Posting[] = [];
  let records = 0;
  const formIds = [...new Set(aggregate.sources.map((s) => s.form))];
  for (const formId of formIds) {
    const ctx = await loadForm(tx, ref.orgId, ref.appId, formId);
    const sources = sourcesOf([aggregate], ctx.form, POSTING_QUERY_CONTEXT());
    let cursor: string | undefined;
    do {
      const page = await reader.page(
        { appId: ref.appId, formId },
        { sort: [{ field: 'id', dir: 'asc' }], limit: PAGE, ...(cursor ? { cursor } : {}) },
      );
      records += page.items.length;
      for (const record of page.items) for (const s of sources) postings.push(...postingsOf(s, record));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  const sums = new Map<string, Sum>();
  for (const p of postings) {
    const id = `${p.keyText}\u0000${p.measureId}`;
    const sum = sums.get(id);
    if (sum) sum.value = addDec(sum.value, p.value);
    else sums.set(id, { keyText: p.keyText, keyValues: p.keyValues, measureId: p.measureId, value: p.value });
  }
  const differences: BalanceDifference[] = [];
  let differenceCount = 0;
  const storedIds = new Set<string>();
  const note = (key: Record<string, string>, measure: string, s: Dec, c: Dec) => {
    differenceCount++;
    if (differences.length < MAX_LISTED)
      differences.push({ key, measure, stored: formatDec(s), computed: formatDec(c) });
  };
  for (const row of stored) {
    const id = `${row.key_text}\u0000${row.measure_id}`;
    storedIds.add(id);
    const value = parseDec(row.value)!;
    const computed = sums.get(id)?.value ?? ZERO;
    if (compareDec(value, computed) !== 0) note(row.key_values, row.measure_id, value, computed);
  }
  for (const [id, sum] of sums)
    if (!storedIds.has(id) && !sum.value.isZero()) note(sum.keyValues, sum.measureId, ZERO, sum.value);

  if (!opts.dryRun) await replaceAll(tx, ref, [...sums.values()].sort(lockOrder), postings);
  return {
    aggregate: aggregate.id,
    records,
    balances: sums.size,
    differenceCount,
    differences,
    applied: !opts.dryRun,
  };
}

/** Balances become the sums (keys without postings keep a row at 0), postings the computed ones. */
async function replaceAll(tx: Db, ref: AggregateRef, sums: Sum[], postings: Posting[]): Promise<void> {
  const args = [ref.orgId, ref.appId, ref.aggregateId];
  await tx.query(
    `UPDATE aggregate_balances SET value = 0, updated_at = now()
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3 AND value <> 0`,
    args,
  );
  if (sums.length)
    await tx.query(
      `INSERT INTO aggregate_balances (org_id, app_id, aggregate_id, key_text, key_values, measure_id, value)
       SELECT $1, $2, $3, u.k, u.v::jsonb, u.m, u.d::numeric
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(k, v, m, d, n)
        ORDER BY u.n
       ON CONFLICT (org_id, app_id, aggregate_id, key_text, measure_id)
       DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [
        ...args,
        sums.map((s) => s.keyText),
        sums.map((s) => JSON.stringify(s.keyValues)),
        sums.map((s) => s.measureId),
        sums.map((s) => formatDec(s.value)),
      ],
    );
  await tx.query(
    `DELETE FROM aggregate_postings WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3`,
    args,
  );
  for (let i = 0; i < postings.length; i += 5000) {
    const chunk = postings.slice(i, i + 5000);
    await tx.query(
      `INSERT INTO aggregate_postings
         (org_id, app_id, aggregate_id, form_id, source_id, record_id, line_id, key_text, measure_id, value)
       SELECT $1, $2, $3, u.f, u.s, u.r, u.l, u.k, u.m, u.v::numeric
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS u(f, s, r, l, k, m, v)`,
      [
        ...args,
        chunk.map((p) => p.formId),
        chunk.map((p) => p.sourceId),
        chunk.map((p) => p.recordId),
        chunk.map((p) => p.lineId),
        chunk.map((p) => p.keyText),
        chunk.map((p) => p.measureId),
        chunk.map((p) => formatDec(p.value)),
      ],
    );
  }
}
