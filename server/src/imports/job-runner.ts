/**
 * Runs import jobs in the background: a job is claimed with a lease, its sheet streamed from the
 * top (rows before the checkpoint skipped), and each batch written through the records kernel's
 * write door in one transaction together with the job's checkpoint (`next_row`), so a crash or a
 * restart resumes after the last committed batch and never writes a row twice: a row's
 * idempotency key is (job, sheet row number), checked against the locked job row.
 *
 * Phases: `check` (the dry run) writes each batch under a savepoint and rolls it back, so it
 * reports what the write door would refuse (required fields, unique values, balance rules) and
 * changes nothing; `write` commits. All-or-nothing runs `check` first and writes only when no row
 * is bad. Every batch runs as the job's creator, with the Grant they have now.
 */
import { canDo } from '@tangram/acl';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import path from 'node:path';
import { principalOfUser } from '../access/user-principal';
import type { Config } from '../config';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError } from '../http/app-error';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { writeTarget } from '../records/records.writes';
import { writeBatch } from './batch-writer';
import {
  coerceRecord,
  groupRows,
  relationTexts,
  type CellIssue,
  type CoercedRecord,
  type Lookups,
} from './coerce';
import { failpoint } from '../reliability/failpoints';
import { addErrors, claimJob, getJob, updateJob, type JobRow } from './job-store';
import { IMPORT_LIMITS } from './limits';
import { directoryIndexes, relationIndex } from './lookups';
import type { ImportSettings } from './mapping';
import { isBlankRow, sheetRows, type SheetRow } from './sheet-reader';

export interface ImportDeps {
  db: Db;
  config: Config;
  writes: WritePipeline;
}

export const LEASE_MS = 120_000;

/** Where an import's file is kept: `<DATA_DIR>/imports/<org>/<job>` (ids are server-made). */
export function importFilePath(dataDir: string, orgId: string, jobId: string): string {
  return path.join(path.resolve(dataDir), 'imports', orgId, jobId);
}

/** A job-level failure: the job ends `failed` with this message. */
class JobFailure extends Error {
  constructor(
    message: string,
    readonly issues: CellIssue[] = [],
  ) {
    super(message);
  }
}

/** Another worker holds the job now (our lease expired): stop without touching it. */
class LostLease extends Error {}

/** Values of unique fields and of the upsert key seen so far in this run: duplicates in the file. */
function duplicateTracker(form: FormDefinition, settings: ImportSettings) {
  const fields = settings.columns
    .filter((c) => !c.sub)
    .map((c) => form.fields.find((f) => f.id === c.field))
    .filter((f): f is FieldDefinition => !!f && (f.unique === true || f.id === settings.keyField));
  const seen = new Map<string, Map<string, number>>(fields.map((f) => [f.id, new Map()]));
  let size = 0;
  return (rec: CoercedRecord) => {
    for (const f of fields) {
      const column = settings.columns.find((c) => c.field === f.id && !c.sub)!.column;
      const value = rec.data[f.id];
      if (value === undefined || value === null) {
        if (f.id === settings.keyField && settings.mode === 'upsert')
          rec.issues.push({
            row: rec.row,
            column,
            value: '',
            code: 'key_missing',
            message: 'the key field is empty',
          });
        continue;
      }
      const key = typeof value === 'string' ? value.normalize('NFC').toLowerCase() : JSON.stringify(value);
      const map = seen.get(f.id)!;
      const other = map.get(key);
      if (other !== undefined)
        rec.issues.push({
          row: rec.row,
          column,
          value: String(value),
          code: 'duplicate_in_file',
          message: `"${String(value)}" is also in row ${other}`,
          params: { other },
        });
      else if (size < IMPORT_LIMITS.trackedKeys) {
        map.set(key, rec.row);
        size += 1;
      }
    }
  };
}

/** Where a batch of grouped rows may end: before the last group, which may continue below. */
function completeGroups(rows: readonly SheetRow[], groupBy: number | undefined): number {
  if (groupBy === undefined) return rows.length;
  const key = (r: SheetRow) => (r.cells[groupBy] ?? '').trim();
  const last = key(rows[rows.length - 1]!);
  if (last === '') return rows.length;
  let i = rows.length - 1;
  while (i > 0 && key(rows[i - 1]!) === last) i -= 1;
  return i;
}

export interface RunOptions {
  owner: string;
  /** Stop (leaving the job running, as a crash would) after this many batches: for tests. */
  maxBatches?: number;
  /** Asked after each batch: true when the process is shutting down (the job is handed back). */
  shouldStop?: () => boolean;
  leaseMs?: number;
}

/** Runs a claimed job until it ends, is cancelled, or `maxBatches` is reached. */
export async function runClaimedJob(deps: ImportDeps, claimed: JobRow, opts: RunOptions): Promise<void> {
  let job = claimed;
  try {
    for (;;) {
      const outcome = await runPhase(deps, job, opts);
      if (outcome !== 'next_phase') return;
      job = (await getJob(deps.db, job.org_id, job.id))!;
    }
  } catch (e) {
    if (e instanceof LostLease) return;
    const message =
      e instanceof JobFailure || e instanceof AppError
        ? e.message
        : 'The import stopped because of a server error.';
    if (!(e instanceof JobFailure || e instanceof AppError)) console.error('[imports] job failed:', e);
    if (e instanceof JobFailure && e.issues.length)
      await addErrors(deps.db, job.id, e.issues, 1, IMPORT_LIMITS.keptErrors);
    await updateJob(deps.db, job.id, {
      status: 'failed',
      message,
      lease_owner: null,
      lease_until: null,
      finished_at: new Date(),
    });
  }
}

async function runPhase(
  deps: ImportDeps,
  job: JobRow,
  opts: RunOptions,
): Promise<'done' | 'paused' | 'next_phase'> {
  const { db, writes, config } = deps;
  const settings = job.settings!;
  const principal = await principalOfUser(db, job.org_id, job.created_by);
  if (!principal) throw new JobFailure('The user who started this import is no longer active.');
  const ref = { appId: job.app_id, formId: job.form_id };
  const target = await writeTarget(db, principal, ref, 'import');
  if (!canDo(target.grant, 'import'))
    throw new JobFailure('You are not allowed to import records into this form.');
  const form = target.ctx.form;
  const directory = await directoryIndexes(db, job.org_id);
  const track = duplicateTracker(form, settings);
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  let expected = job.next_row;
  let batches = 0;

  const runBatch = async (batch: SheetRow[]): Promise<'go' | 'cancelled'> => {
    const nextRow = batch[batch.length - 1]!.number + 1;
    const cells = new Map(batch.map((r) => [r.number, r.cells]));
    const cellAt = (row: number, col: number) => cells.get(row)?.[col] ?? '';
    const cancelled = await db.transaction(async (tx) => {
      const current = await getJob(tx, job.org_id, job.id, true);
      // The checkpoint is the row's idempotency key: a batch another worker already committed
      // (after our lease expired) is never written again.
      if (
        !current ||
        current.status !== 'running' ||
        current.lease_owner !== opts.owner ||
        current.next_row !== expected
      )
        throw new LostLease();
      const relations = new Map<string, Map<string, string>>();
      for (const [key, { field, texts }] of relationTexts(batch, settings, form))
        relations.set(
          key,
          await relationIndex(
            tx,
            principal,
            job.app_id,
            field as Extract<FieldDefinition, { type: 'relation' }>,
            texts,
          ),
        );
      const lookups: Lookups = { ...directory, relations, timeZone: target.base.compute.timeZone };
      const records = groupRows(batch, settings.groupBy).map((g) => coerceRecord(g, settings, form, lookups));
      records.forEach(track);
      const issues = records.flatMap((r) => r.issues);
      const clean = records.filter((r) => r.issues.length === 0);
      const w = { ...target.base, tx };
      const write = current.phase === 'write';
      if (write && settings.policy === 'all_or_nothing' && issues.length)
        throw new JobFailure(allOrNothingMessage(current, records[0]!.row), issues);
      if (!write) await tx.query('SAVEPOINT import_check');
      const result = await writeBatch(w, writes, settings, clean, cellAt);
      if (!write) await tx.query('ROLLBACK TO SAVEPOINT import_check');
      if (write && settings.policy === 'all_or_nothing' && result.refused.length)
        throw new JobFailure(allOrNothingMessage(current, records[0]!.row), result.refused);
      const all = [...issues, ...result.refused];
      const badRows = records.filter((r) => r.issues.length).length + result.refusedRows.size;
      if (all.length) await addErrors(tx, job.id, all, badRows, IMPORT_LIMITS.keptErrors);
      failpoint('import.before_checkpoint');
      await updateJob(tx, job.id, {
        next_row: nextRow,
        rows_created: current.rows_created + (write ? result.created : 0),
        rows_updated: current.rows_updated + (write ? result.updated : 0),
        rows_skipped: current.rows_skipped + (write ? badRows : 0),
        lease_until: new Date(Date.now() + leaseMs),
      });
      return current.cancel_requested;
    });
    failpoint('import.after_batch');
    expected = nextRow;
    batches += 1;
    return cancelled ? 'cancelled' : 'go';
  };

  let pending: SheetRow[] = [];
  const file = importFilePath(config.dataDir, job.org_id, job.id);
  for await (const row of sheetRows(file, job.file_kind, settings.sheet, job.encoding)) {
    if (row.number <= settings.headerRow || row.number < job.next_row || isBlankRow(row.cells)) continue;
    pending.push(row);
    if (pending.length < IMPORT_LIMITS.batchRows) continue;
    const end = completeGroups(pending, settings.groupBy);
    if (end === 0) continue; // one group longer than a batch: keep collecting
    const batch = pending.slice(0, end);
    pending = pending.slice(end);
    if ((await runBatch(batch)) === 'cancelled') return cancel(db, job);
    if (opts.maxBatches !== undefined && batches >= opts.maxBatches) return 'paused';
    if (opts.shouldStop?.()) {
      // Shutting down: give the lease back so the next worker resumes from the checkpoint at once.
      await updateJob(db, job.id, { lease_owner: null, lease_until: new Date() });
      return 'paused';
    }
  }
  if (pending.length && (await runBatch(pending)) === 'cancelled') return cancel(db, job);
  return finishPhase(db, job, opts.owner);
}

function allOrNothingMessage(job: JobRow, row: number): string {
  const written = job.rows_created + job.rows_updated;
  return written
    ? `Row ${row} was refused; the import stopped. ${written} records from earlier rows were already written.`
    : `Row ${row} was refused, so nothing was imported (all or nothing). Fix the rows in the report and try again.`;
}

async function cancel(db: Db, job: JobRow): Promise<'done'> {
  await updateJob(db, job.id, {
    status: 'cancelled',
    lease_owner: null,
    lease_until: null,
    finished_at: new Date(),
  });
  return 'done';
}

async function finishPhase(db: Db, job: JobRow, owner: string): Promise<'done' | 'next_phase'> {
  return db.transaction(async (tx) => {
    const current = await getJob(tx, job.org_id, job.id, true);
    if (!current || current.lease_owner !== owner || current.status !== 'running') throw new LostLease();
    const start = current.settings!.headerRow + 1;
    if (current.phase === 'write') {
      await updateJob(tx, job.id, {
        status: 'done',
        lease_owner: null,
        lease_until: null,
        finished_at: new Date(),
      });
      return 'done';
    }
    if (!current.write_after_check) {
      await updateJob(tx, job.id, {
        status: 'checked',
        lease_owner: null,
        lease_until: null,
        finished_at: new Date(),
      });
      return 'done';
    }
    if (current.bad_rows > 0) {
      await updateJob(tx, job.id, {
        status: 'failed',
        message: `${current.bad_rows} rows have problems, so nothing was imported (all or nothing). Fix them and try again.`,
        lease_owner: null,
        lease_until: null,
        finished_at: new Date(),
      });
      return 'done';
    }
    await updateJob(tx, job.id, {
      phase: 'write',
      next_row: start,
      phase_start_row: start,
      phase_started_at: new Date(),
      errors: [],
      error_count: 0,
      bad_rows: 0,
    });
    return 'next_phase';
  });
}

/**
 * The import worker of one server process: `kick()` after a job is queued, plus a poll that picks
 * up jobs whose worker died (lease expired) — that is the resume after a restart.
 */
export function createImportRunner(deps: ImportDeps) {
  const owner = `imp_${process.pid}_${newId()}`;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const drain = async () => {
    do {
      again = false;
      for (
        let job = await claimJob(deps.db, owner, LEASE_MS);
        job && !stopped;
        job = await claimJob(deps.db, owner, LEASE_MS)
      )
        await runClaimedJob(deps, job, { owner, shouldStop: () => stopped });
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((e: unknown) =>
        console.error('[imports] worker round failed:', e instanceof Error ? e.message : e),
      )
      .finally(() => (running = null));
  };
  return {
    owner,
    kick,
    /** Polls every `intervalMs` (0 = never) for queued jobs and jobs left by a dead worker. */
    start(intervalMs: number) {
      if (intervalMs <= 0) return;
      timer = setInterval(kick, intervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    /** Resolves when the current round is over (tests). */
    idle: () => running ?? Promise.resolve(),
  };
}

export type ImportRunner = ReturnType<typeof createImportRunner>;

/**
 * The import worker of a server process (main.ts): polls every `intervalMs` for queued jobs and
 * for jobs whose worker died (lease expired) — the resume after a restart. Returns `stop`.
 */
export function startImportWorker(deps: ImportDeps, intervalMs = 5_000): () => Promise<void> {
  const runner = createImportRunner(deps);
  runner.start(intervalMs);
  return () => runner.stop();
}
