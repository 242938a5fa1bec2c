/**
 * Rollup cells in the database (decision 0053): the rollups a form keeps, applying a write's
 * changes to their cells in the write's transaction, and rebuilding them from the records.
 */
import { fieldRegistry } from '@tangram/fields';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { forgetMemo, memo } from '../db/request-memo';
import { quoteIdent } from '../db/sql/ident';
import { queryTarget } from '../records/query-target';
import type { RecordDto } from '../storage/record-store';
import {
  contributionOf,
  normalizeSpec,
  sameContribution,
  specKey,
  MAX_KEYS,
  MAX_MEASURES,
  type RollupSpec,
} from './spec';

export interface StoredRollup {
  id: string;
  spec: RollupSpec;
  fingerprint: string;
  records: number;
  cells: number;
  builtAt: string;
}

/**
 * Fingerprints by spec key, per form context. apps/app-cache.ts makes one FormContext per form and
 * app version, so this is a per-version cache like the app cache itself: a new version brings a new
 * context (and new fingerprints), and the old one goes with the old context.
 */
const fingerprints = new WeakMap<FormContext, Map<string, string>>();

/**
 * What the rollup's fields are now (column, type, storage): a rollup built for other columns or
 * types (a field converted, removed and re-added) is retired rather than read. Worked out once per
 * app version and spec (every aggregate read compares it with each stored rollup's).
 */
export function fingerprintOf(ctx: FormContext, spec: RollupSpec): string {
  let byKey = fingerprints.get(ctx);
  if (!byKey) fingerprints.set(ctx, (byKey = new Map()));
  const key = specKey(spec);
  let fingerprint = byKey.get(key);
  if (fingerprint === undefined) byKey.set(key, (fingerprint = fieldsFingerprint(ctx, spec)));
  return fingerprint;
}

function fieldsFingerprint(ctx: FormContext, spec: RollupSpec): string {
  const refs = [...(spec.date ? [spec.date.field] : []), ...spec.keys, ...spec.measures];
  return JSON.stringify(
    refs.map((ref) => {
      const field = ctx.form.fields.find((f) => f.id === ref);
      if (!field) return [ref, 'system'];
      const column = ctx.table.columns.get(ref);
      const storage = fieldRegistry.of(field).storage(field as never);
      return [ref, field.type, column?.column ?? null, storage];
    }),
  );
}

/** The rollups of a form, smallest first (the first one that can answer is the cheapest to read). */
export async function rollupsOf(db: Db, ctx: FormContext): Promise<StoredRollup[]> {
  const { rows } = await db.query<{
    id: string;
    spec: RollupSpec;
    fingerprint: string;
    records: string;
    cells: string;
    built_at: Date | string;
  }>(
    `SELECT id::text AS id, spec, fingerprint, records, cells, built_at FROM rollups
      WHERE org_id = $1 AND app_id = $2 AND form_id = $3 ORDER BY cells, id`,
    [ctx.orgId, ctx.app.id, ctx.form.id],
  );
  return rows.map((r) => ({
    id: r.id,
    spec: r.spec,
    fingerprint: r.fingerprint,
    records: Number(r.records),
    cells: Number(r.cells),
    builtAt: new Date(r.built_at).toISOString(),
  }));
}

/** The request-memo key of a form's rollups (forgotten where a rebuild or a write changes them). */
const rollupsKey = (ctx: FormContext) => `rollups:${ctx.orgId}/${ctx.app.id}/${ctx.form.id}`;

/**
 * The rollups that can answer for the form as its definition is now (fingerprint current),
 * smallest first. The registry is read once per request (db/request-memo.ts), so a dashboard's
 * widgets share one look-up; it is not kept longer, because a rebuild in another process replaces
 * the rollups without a new app version, and a rollup read after it was replaced has no cells.
 */
export async function currentRollups(db: Db, ctx: FormContext): Promise<StoredRollup[]> {
  const rollups = await memo(rollupsKey(ctx), () => rollupsOf(db, ctx));
  return rollups.filter((r) => r.fingerprint === fingerprintOf(ctx, r.spec));
}

/** One record's change: before (absent for a create or restore) and after (absent for a delete). */
export interface RecordChange {
  before: RecordDto | null;
  after: RecordDto | null;
}

const KEY_SLOTS = Array.from({ length: MAX_KEYS }, (_v, i) => i);
const MEASURE_SLOTS = Array.from({ length: MAX_MEASURES }, (_v, i) => i);

/**
 * Applies record changes to every rollup of the form, in one statement: each change is -1 × what
 * the record contributed before and +1 × what it contributes now; the rows are summed per cell and
 * upserted in (rollup, date, keys) order, so two writers touching the same cells lock them in the
 * same order and cannot deadlock. A rollup whose fields changed since it was built is dropped.
 */
export async function applyChanges(
  tx: Db,
  ctx: FormContext,
  changes: readonly RecordChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const rollups = await rollupsOf(tx, ctx);
  if (rollups.length === 0) return;
  const cols = {
    r: [] as string[],
    d: [] as (string | null)[],
    k: KEY_SLOTS.map(() => [] as (string | null)[]),
    sg: [] as number[],
    s: MEASURE_SLOTS.map(() => [] as (string | null)[]),
  };
  for (const rollup of rollups) {
    if (rollup.fingerprint !== fingerprintOf(ctx, rollup.spec)) {
      await tx.query(`DELETE FROM rollups WHERE id = $1::bigint`, [rollup.id]);
      forgetMemo(rollupsKey(ctx));
      continue;
    }
    for (const change of changes) {
      const before = change.before ? contributionOf(rollup.spec, change.before) : null;
      const after = change.after ? contributionOf(rollup.spec, change.after) : null;
      if (before && after && sameContribution(before, after)) continue;
      for (const [c, sign] of [
        [before, -1],
        [after, 1],
      ] as const) {
        if (!c) continue;
        cols.r.push(rollup.id);
        cols.d.push(c.d);
        KEY_SLOTS.forEach((i) => cols.k[i]!.push(c.keys[i] ?? null));
        cols.sg.push(sign);
        MEASURE_SLOTS.forEach((i) => cols.s[i]!.push(c.values[i] ?? null));
      }
    }
  }
  if (cols.r.length === 0) return;
  const kIn = KEY_SLOTS.map((i) => `k${i}`);
  const sIn = MEASURE_SLOTS.map((i) => `s${i}`);
  const params = [cols.r, cols.d, ...cols.k, cols.sg, ...cols.s];
  const types = ['bigint[]', 'date[]', ...kIn.map(() => 'text[]'), 'int[]', ...sIn.map(() => 'numeric[]')];
  const unnest = types.map((t, i) => `$${i + 1}::${t}`).join(', ');
  const keyList = ['r', 'd', ...kIn].join(', ');
  await tx.query(
    `INSERT INTO rollup_cells AS c (rollup_id, d, ${kIn.join(', ')}, cnt, ${sIn.join(', ')}, ${MEASURE_SLOTS.map((i) => `n${i}`).join(', ')})
     SELECT ${keyList}, sum(sg),
            ${sIn.map((s) => `COALESCE(sum(sg * ${s}), 0)`).join(', ')},
            ${sIn.map((s) => `sum(CASE WHEN ${s} IS NULL THEN 0 ELSE sg END)`).join(', ')}
       FROM unnest(${unnest}) AS u(r, d, ${kIn.join(', ')}, sg, ${sIn.join(', ')})
      GROUP BY ${keyList}
      ORDER BY r, d NULLS FIRST, ${kIn.map((k) => `${k} COLLATE "C" NULLS FIRST`).join(', ')}
     ON CONFLICT ON CONSTRAINT rollup_cells_key DO UPDATE SET
       cnt = c.cnt + excluded.cnt,
       ${MEASURE_SLOTS.map((i) => `s${i} = c.s${i} + excluded.s${i}, n${i} = c.n${i} + excluded.n${i}`).join(',\n       ')}`,
    params,
  );
}

// eslint-disable-next-line no-restricted-syntax -- every live record: see rebuildRollups
const LIVE = 't.deleted_at IS NULL';

/** A rollup kept per record (cells) only pays off when cells are few next to records. */
export const MIN_CELLS_TO_CHECK = 10_000;
export const MAX_CELL_RATIO = 0.25;

export interface RebuildResult {
  spec: RollupSpec;
  id: string | null;
  records: number;
  cells: number;
  /** Why the rollup is not kept (too many cells to be worth it). */
  skipped?: 'too_many_cells';
}

/**
 * Rebuilds the given rollups of a form from its live records, replacing every rollup it had, in
 * one transaction: the form's table is locked in SHARE mode first, so writers wait (their cells
 * would otherwise be counted twice or not at all) while readers go on with the old rollups until
 * the commit switches them over. Each rollup is one `INSERT … SELECT … GROUP BY` over the table.
 */
export async function rebuildRollups(
  db: Db,
  ctx: FormContext,
  specs: readonly RollupSpec[],
): Promise<RebuildResult[]> {
  try {
    return await rebuildInTransaction(db, ctx, specs);
  } finally {
    forgetMemo(rollupsKey(ctx));
  }
}

async function rebuildInTransaction(
  db: Db,
  ctx: FormContext,
  specs: readonly RollupSpec[],
): Promise<RebuildResult[]> {
  return db.transaction(async (tx) => {
    // eslint-disable-next-line no-restricted-syntax -- a rollup counts every live record on purpose: row scopes apply when it is read (reader.aggregate answers from it only for an unscoped reader).
    const table = quoteIdent(ctx.table.table);
    // A rebuild reads the whole table once per rollup: past any per-request statement bound.
    await tx.query(`SET LOCAL statement_timeout = 0`);
    await tx.query(`LOCK TABLE ${table} IN SHARE MODE`);
    await tx.query(`DELETE FROM rollups WHERE org_id = $1 AND app_id = $2 AND form_id = $3`, [
      ctx.orgId,
      ctx.app.id,
      ctx.form.id,
    ]);
    const { rows: live } = await tx.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${table} t WHERE ${LIVE}`,
    );
    const records = Number(live[0]?.n ?? 0);
    const target = queryTarget(ctx, 't');
    const col = (ref: string): string => {
      const c = ctx.form.fields.some((f) => f.id === ref)
        ? target.column(ref)
        : target.systemColumn(ref as never);
      if (!c) throw new Error(`rollup field ${ref} has no column`);
      return c;
    };
    const out: RebuildResult[] = [];
    for (const raw of specs) {
      const spec = normalizeSpec(raw);
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO rollups (org_id, app_id, form_id, spec_key, spec, fingerprint, records, cells)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, 0) RETURNING id::text AS id`,
        [
          ctx.orgId,
          ctx.app.id,
          ctx.form.id,
          specKey(spec),
          JSON.stringify(spec),
          fingerprintOf(ctx, spec),
          records,
        ],
      );
      const id = rows[0]!.id;
      const date = spec.date
        ? spec.date.grain === 'day'
          ? col(spec.date.field)
          : `date_trunc('month', ${col(spec.date.field)})::date`
        : 'NULL::date';
      const keys = KEY_SLOTS.map((i) => (spec.keys[i] ? `${col(spec.keys[i])}::text` : 'NULL::text'));
      const sums = MEASURE_SLOTS.map((i) =>
        spec.measures[i] ? `COALESCE(sum(${col(spec.measures[i])}), 0)` : '0',
      );
      const counts = MEASURE_SLOTS.map((i) => (spec.measures[i] ? `count(${col(spec.measures[i])})` : '0'));
      const inserted = await tx.query(
        `INSERT INTO rollup_cells (rollup_id, d, ${KEY_SLOTS.map((i) => `k${i}`).join(', ')}, cnt,
                                   ${MEASURE_SLOTS.map((i) => `s${i}`).join(', ')}, ${MEASURE_SLOTS.map((i) => `n${i}`).join(', ')})
         SELECT $1::bigint, ${date}, ${keys.join(', ')}, count(*), ${sums.join(', ')}, ${counts.join(', ')}
           FROM ${table} t WHERE ${LIVE}
          GROUP BY 2, ${KEY_SLOTS.map((i) => i + 3).join(', ')}`,
        [id],
      );
      const cells = inserted.rowCount ?? 0;
      if (cells > MIN_CELLS_TO_CHECK && cells > records * MAX_CELL_RATIO) {
        await tx.query(`DELETE FROM rollups WHERE id = $1::bigint`, [id]);
        out.push({ spec, id: null, records, cells, skipped: 'too_many_cells' });
        continue;
      }
      await tx.query(`UPDATE rollups SET cells = $2 WHERE id = $1::bigint`, [id, cells]);
      out.push({ spec, id, records, cells });
    }
    return out;
  });
}
