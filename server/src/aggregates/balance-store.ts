/**
 * SQL over the aggregate tables (migration 011). Balance rows are created and locked in one stable
 * order (key text by code point, then measure: the tables' `COLLATE "C"` columns), so concurrent
 * writers touching the same balances queue instead of deadlocking, and a rule check sees the value
 * no other transaction can change before this one commits.
 */
import type { Db } from '../db/db';
import { formatDec, parseDec, type Dec } from './decimal';
import type { BalanceDelta, Posting } from './postings';

export interface AggregateRef {
  orgId: string;
  appId: string;
  aggregateId: string;
}

export interface AppliedDelta extends BalanceDelta {
  before: Dec;
  after: Dec;
}

const dec = (text: string): Dec => parseDec(text)!;

/**
 * Adds `deltas` (already in lock order) to their balance rows: missing rows are inserted at 0 in
 * that order (ON CONFLICT DO NOTHING waits for a concurrent insert of the same key instead of
 * failing), then every row is locked in that order before any value changes.
 */
export async function applyDeltas(
  tx: Db,
  ref: AggregateRef,
  deltas: readonly BalanceDelta[],
): Promise<AppliedDelta[]> {
  if (deltas.length === 0) return [];
  const keys = deltas.map((d) => d.keyText);
  const measures = deltas.map((d) => d.measureId);
  const args = [ref.orgId, ref.appId, ref.aggregateId, keys, measures];
  await tx.query(
    `INSERT INTO aggregate_balances (org_id, app_id, aggregate_id, key_text, key_values, measure_id)
     SELECT $1, $2, $3, u.k, u.v::jsonb, u.m
       FROM unnest($4::text[], $6::text[], $5::text[]) WITH ORDINALITY AS u(k, v, m, n)
      ORDER BY u.n
     ON CONFLICT DO NOTHING`,
    [...args, deltas.map((d) => JSON.stringify(d.keyValues))],
  );
  await tx.query(
    `SELECT 1 FROM aggregate_balances
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3
        AND (key_text, measure_id) IN (SELECT u.k, u.m FROM unnest($4::text[], $5::text[]) AS u(k, m))
      ORDER BY key_text, measure_id
      FOR UPDATE`,
    args,
  );
  const { rows } = await tx.query<{ key_text: string; measure_id: string; before: string; after: string }>(
    `UPDATE aggregate_balances b
        SET value = b.value + u.d::numeric, updated_at = now()
       FROM unnest($4::text[], $5::text[], $6::text[]) AS u(k, m, d)
      WHERE b.org_id = $1 AND b.app_id = $2 AND b.aggregate_id = $3 AND b.key_text = u.k AND b.measure_id = u.m
      RETURNING b.key_text, b.measure_id, (b.value - u.d::numeric)::text AS before, b.value::text AS after`,
    [...args, deltas.map((d) => formatDec(d.delta))],
  );
  const byId = new Map(rows.map((r) => [`${r.key_text}\u0000${r.measure_id}`, r]));
  return deltas.map((d) => {
    const row = byId.get(`${d.keyText}\u0000${d.measureId}`)!;
    return { ...d, before: dec(row.before), after: dec(row.after) };
  });
}

/** The postings `records` of `formId` hold now in the aggregate. */
export async function loadPostings(
  tx: Db,
  ref: AggregateRef,
  formId: string,
  recordIds: readonly string[],
): Promise<Posting[]> {
  const { rows } = await tx.query<{
    source_id: string;
    record_id: string;
    line_id: string;
    key_text: string;
    key_values: Record<string, string>;
    measure_id: string;
    value: string;
  }>(
    `SELECT p.source_id, p.record_id, p.line_id, p.key_text, b.key_values, p.measure_id, p.value::text AS value
       FROM aggregate_postings p
       JOIN aggregate_balances b ON b.org_id = p.org_id AND b.app_id = p.app_id
        AND b.aggregate_id = p.aggregate_id AND b.key_text = p.key_text AND b.measure_id = p.measure_id
      WHERE p.org_id = $1 AND p.app_id = $2 AND p.aggregate_id = $3 AND p.form_id = $4
        AND p.record_id = ANY($5::text[])`,
    [ref.orgId, ref.appId, ref.aggregateId, formId, recordIds],
  );
  return rows.map((r) => ({
    formId,
    sourceId: r.source_id,
    recordId: r.record_id,
    lineId: r.line_id,
    keyText: r.key_text,
    keyValues: r.key_values,
    measureId: r.measure_id,
    value: dec(r.value),
  }));
}

/** Replaces the postings of `recordIds` of `formId` with `postings`. */
export async function replacePostings(
  tx: Db,
  ref: AggregateRef,
  formId: string,
  recordIds: readonly string[],
  postings: readonly Posting[],
): Promise<void> {
  await tx.query(
    `DELETE FROM aggregate_postings
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3 AND form_id = $4 AND record_id = ANY($5::text[])`,
    [ref.orgId, ref.appId, ref.aggregateId, formId, recordIds],
  );
  if (postings.length === 0) return;
  await tx.query(
    `INSERT INTO aggregate_postings
       (org_id, app_id, aggregate_id, form_id, source_id, record_id, line_id, key_text, measure_id, value)
     SELECT $1, $2, $3, $4, u.s, u.r, u.l, u.k, u.m, u.v::numeric
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) AS u(s, r, l, k, m, v)`,
    [
      ref.orgId,
      ref.appId,
      ref.aggregateId,
      formId,
      postings.map((p) => p.sourceId),
      postings.map((p) => p.recordId),
      postings.map((p) => p.lineId),
      postings.map((p) => p.keyText),
      postings.map((p) => p.measureId),
      postings.map((p) => formatDec(p.value)),
    ],
  );
}
