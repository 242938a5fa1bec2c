/**
 * Record export (issue 15 point 2, decision 0044): what a saved view (or the data view's ad-hoc
 * query) shows, as XLSX or CSV, within the exporter's Grant. Small exports stream straight back;
 * over the job threshold they run as a job in this process whose file can be downloaded by its
 * creator for a day. Every export is audit-logged (`record.export`, with the row count).
 */
import type { Filter, SortKey } from '@tangram/schema';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { Principal } from '../access';
import { auditExport, auditRecordExport, type ClientInfo } from '../audit/audit-events';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { notFound, tooManyRequests } from '../http/app-error';
import { openReader } from '../records/kernel/reader';
import type { FormRef } from '../records/records.service';
import {
  exportFileName,
  prepareExport,
  writeExport,
  type ExportBody,
  type PreparedExport,
} from './export-run';
import {
  activeJobs,
  finishJob,
  getExportJob,
  insertExportJob,
  markProgress,
  renewLeases,
  takeExpired,
  type ExportJobRow,
} from './job-store';
import { EXPORT_LIMITS, jobThreshold } from './limits';

export const exportFilePath = (dataDir: string, orgId: string, id: string) =>
  path.join(dataDir, 'exports', orgId, id);
export const spoolDir = (dataDir: string) => path.join(dataDir, 'exports', 'spool');

interface SavedView {
  config: { columns: { field: string; hidden?: boolean }[]; filter?: Filter; sort?: SortKey[]; q?: string };
}

/**
 * The request with a saved view's columns, filter, sort and search where the body gives none: a
 * shared view or the caller's own (another user's personal view does not exist for them).
 */
export async function withView(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: ExportBody,
): Promise<ExportBody> {
  if (body.view === undefined) return body;
  const { rows } = await db.query<SavedView>(
    `SELECT config FROM views WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND id = $4
        AND (owner_id IS NULL OR owner_id = $5)`,
    [principal.orgId, ref.appId, ref.formId, body.view, principal.userId],
  );
  const view = rows[0];
  if (!view) throw notFound('View');
  const c = view.config;
  return {
    ...body,
    columns: body.columns ?? c.columns.filter((col) => !col.hidden).map((col) => col.field),
    ...(body.filter === undefined && c.filter ? { filter: c.filter } : {}),
    ...(body.sort === undefined && c.sort ? { sort: c.sort } : {}),
    ...(body.q === undefined && c.q ? { q: c.q } : {}),
  };
}

/** The answer of `POST …/exports`: the file now, or a job to follow. */
export type ExportStart =
  { kind: 'stream'; prepared: PreparedExport; fileName: string } | { kind: 'job'; job: ExportJobDto };

export interface ExportJobDto {
  id: string;
  status: ExportJobRow['status'];
  format: ExportJobRow['format'];
  fileName: string;
  rowsTotal: number | null;
  rowsDone: number;
  fileSize: number | null;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string;
}

/** A job as the API shows it; one whose lease ran out (its process died) reads as failed. */
export function describeJob(job: ExportJobRow): ExportJobDto {
  const dead =
    (job.status === 'queued' || job.status === 'running') &&
    job.lease_until !== null &&
    job.lease_until.getTime() < Date.now();
  return {
    id: job.id,
    status: dead ? 'failed' : job.status,
    format: job.format,
    fileName: job.file_name,
    rowsTotal: job.rows_total,
    rowsDone: job.rows_done,
    fileSize: job.file_size === null ? null : Number(job.file_size),
    message: dead ? 'The export stopped with its server process; export again.' : job.message,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
    expiresAt: job.expires_at.toISOString(),
  };
}

/** Deletes jobs past their download day and their files (run with every new export). */
export async function sweepExpired(db: Db, dataDir: string): Promise<void> {
  for (const job of await takeExpired(db))
    await rm(exportFilePath(dataDir, job.org_id, job.id), { force: true });
}

/**
 * Checks and counts the export, audit-logs it, and either hands it back for streaming or queues
 * a job (`run` starts it in this process).
 */
export async function startExport(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: ExportBody,
  opts: { locale: string; origin: string; dataDir: string; client: ClientInfo },
  run: (id: string, prepared: PreparedExport) => void,
): Promise<ExportStart> {
  const prepared = await prepareExport(db, principal, ref, await withView(db, principal, ref, body), opts);
  await sweepExpired(db, opts.dataDir);
  const zip = prepared.attachments === 'zip';
  const fileName = exportFileName(
    prepared.formName,
    zip ? 'zip' : prepared.format,
    new Date(),
    prepared.timeZone,
  );
  const audit = () =>
    zip
      ? // The files leave with the rows: the audit line says so (decision 0057).
        auditExport(
          db,
          principal,
          {
            action: 'record.export',
            targetType: 'form',
            targetId: ref.formId,
            format: prepared.format,
            rows: prepared.rows,
            detail: {
              appId: ref.appId,
              attachments: 'zip',
              ...(prepared.filter ? { filter: prepared.filter } : {}),
            },
          },
          opts.client,
        )
      : auditRecordExport(
          db,
          principal,
          {
            appId: ref.appId,
            formId: ref.formId,
            format: prepared.format,
            rows: prepared.rows,
            ...(prepared.filter ? { filter: prepared.filter } : {}),
          },
          opts.client,
        );
  if (prepared.rows <= jobThreshold()) {
    await audit();
    return { kind: 'stream', prepared, fileName };
  }
  if ((await activeJobs(db, principal.orgId, principal.userId)) >= EXPORT_LIMITS.activeJobsPerUser)
    throw tooManyRequests(
      `At most ${EXPORT_LIMITS.activeJobsPerUser} exports may run at once; wait for one to finish.`,
    );
  const id = newId('exp');
  await insertExportJob(db, {
    id,
    org_id: principal.orgId,
    app_id: ref.appId,
    form_id: ref.formId,
    created_by: principal.userId,
    format: prepared.format,
    request: {
      ...body,
      locale: prepared.locale,
      subforms: prepared.plan.layout,
      attachments: prepared.attachments,
    },
    file_name: fileName,
    rows_total: prepared.rows,
    leaseMs: EXPORT_LIMITS.leaseMs,
    keepMs: EXPORT_LIMITS.keepMs,
  });
  await audit();
  run(id, prepared);
  return { kind: 'job', job: describeJob((await getExportJob(db, principal.orgId, id))!) };
}

/** A job of the caller on this form; another user's job does not exist for them (its file holds their data). */
export async function exportJobOf(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
): Promise<ExportJobRow> {
  // The right is checked again: a file of records is not theirs once the export right is gone.
  await openReader(db, principal).open(ref, 'export');
  const job = await getExportJob(db, principal.orgId, id);
  if (
    !job ||
    job.app_id !== ref.appId ||
    job.form_id !== ref.formId ||
    job.created_by !== principal.userId ||
    job.expires_at.getTime() <= Date.now()
  )
    throw notFound('Export');
  return job;
}

/**
 * Runs export jobs of this process, at most `concurrency` at once (each holds a connection while
 * it reads a page and a core while it writes): the rest wait in order.
 */
export function createExportRunner(db: Db, dataDir: string, concurrency = 2) {
  const waiting: { id: string; principal: Principal; prepared: PreparedExport }[] = [];
  let running = 0;
  const idle: (() => void)[] = [];

  async function runOne(id: string, principal: Principal, prepared: PreparedExport): Promise<void> {
    const file = exportFilePath(dataDir, principal.orgId, id);
    const part = `${file}.part`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const out = createWriteStream(part);
      await markProgress(db, id, 0, EXPORT_LIMITS.leaseMs);
      let recorded = Date.now();
      const dirs = { spool: spoolDir(dataDir), data: dataDir };
      const done = await writeExport(db, principal, prepared, out, dirs, async (n) => {
        if (Date.now() - recorded < EXPORT_LIMITS.progressMs) return;
        recorded = Date.now();
        await markProgress(db, id, n, EXPORT_LIMITS.leaseMs);
      });
      if (!out.writableFinished) await finished(out);
      await rename(part, file);
      const { size } = await stat(file);
      await finishJob(db, id, {
        status: 'done',
        rowsDone: done,
        fileSize: size,
        keepMs: EXPORT_LIMITS.keepMs,
      });
    } catch (error) {
      await rm(part, { force: true }).catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      await finishJob(db, id, { status: 'failed', message: message.slice(0, 500) }).catch(() => undefined);
    }
  }

  // Jobs waiting their turn keep their lease, so they do not read as dead while queued.
  let renewer: ReturnType<typeof setInterval> | null = null;
  function renewWaiting(): void {
    if (waiting.length === 0) {
      if (renewer) clearInterval(renewer);
      renewer = null;
      return;
    }
    renewer ??= setInterval(() => {
      void renewLeases(
        db,
        waiting.map((w) => w.id),
        EXPORT_LIMITS.leaseMs,
      ).catch(() => undefined);
    }, EXPORT_LIMITS.leaseMs / 4);
    renewer.unref();
  }

  function next(): void {
    while (running < concurrency && waiting.length) {
      const job = waiting.shift()!;
      running += 1;
      void runOne(job.id, job.principal, job.prepared).finally(() => {
        running -= 1;
        next();
        if (running === 0 && waiting.length === 0) idle.splice(0).forEach((r) => r());
      });
    }
    renewWaiting();
  }

  return {
    start(id: string, principal: Principal, prepared: PreparedExport): void {
      waiting.push({ id, principal, prepared });
      next();
    },
    /** Resolves when no job runs (tests, graceful shutdown). */
    idle(): Promise<void> {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
