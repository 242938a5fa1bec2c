/**
 * Record import (issue 15 point 1, decision 0040): upload -> sheet, header row and mapping ->
 * dry run (`check` phase) -> run (`write` phase) as a background job with progress, cancel and
 * resume. Every write goes through the records kernel's write door as the importer.
 */
import { canDo, type Grant } from '@tangram/acl';
import type { FormDefinition } from '@tangram/schema';
import type { Request } from 'express';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError, notFound, validationFailed } from '../http/app-error';
import { fileTooLarge, receiveUpload, removeQuietly } from '../files/upload-receiver';
import { writeTarget } from '../records/records.writes';
import type { FormRef } from '../records/records.service';
import { badFile } from './import-errors';
import { importFilePath } from './job-runner';
import {
  deleteJob,
  getJob,
  insertJob,
  savedMapping,
  saveMapping,
  updateJob,
  type JobRow,
  type SavedMapping,
} from './job-store';
import { IMPORT_LIMITS } from './limits';
import {
  autoMap,
  headerKey,
  headerProblems,
  importTargets,
  settingsIssues,
  type ColumnMapping,
  type ImportSettings,
} from './mapping';
import { langOf, reasonText } from './reasons';
import { fileKind, summarize, type FileKind, type SheetSummary } from './sheet-reader';
import { inspectXlsx } from './zip-guard';

/** The form and the importer's grant: 403 `import_not_allowed` without the import right. */
async function importTarget(
  db: Db,
  principal: Principal,
  ref: FormRef,
): Promise<{ form: FormDefinition; grant: Grant }> {
  const { ctx, grant } = await writeTarget(db, principal, ref, 'import');
  if (!canDo(grant, 'import'))
    throw new AppError(403, 'import_not_allowed', 'You are not allowed to import records into this form.');
  return { form: ctx.form, grant };
}

async function jobOf(db: Db, principal: Principal, ref: FormRef, id: string): Promise<JobRow> {
  const job = await getJob(db, principal.orgId, id);
  // Another user's job is not theirs to see: its file holds their data.
  if (!job || job.app_id !== ref.appId || job.form_id !== ref.formId || job.created_by !== principal.userId)
    throw notFound('Import');
  return job;
}

/** Receives the file, reads it once (bounds, sheets, previews) and creates the job. */
export async function createImport(
  db: Db,
  principal: Principal,
  ref: FormRef,
  req: Request,
  dataDir: string,
) {
  const { form } = await importTarget(db, principal, ref);
  const type = (req.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data'))
    throw new AppError(
      415,
      'unsupported_media_type',
      'Upload the file as multipart/form-data in a field named "file".',
    );
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > IMPORT_LIMITS.fileBytes + 64 * 1024) {
    req.resume();
    throw fileTooLarge(IMPORT_LIMITS.fileBytes);
  }
  const id = newId('imp');
  const file = importFilePath(dataDir, principal.orgId, id);
  await mkdir(path.dirname(file), { recursive: true });
  const received = await receiveUpload(req, path.dirname(file), IMPORT_LIMITS.fileBytes);
  let kind: FileKind;
  try {
    await rename(received.tmpPath, file);
    kind = await fileKind(file);
    // A zip bomb is refused from its directory before anything inflates (fast, in the request).
    if (kind === 'xlsx') await inspectXlsx(file, { merged: false });
    await insertJob(db, {
      id,
      org_id: principal.orgId,
      app_id: ref.appId,
      form_id: ref.formId,
      created_by: principal.userId,
      file_name: received.name,
      file_kind: kind,
      file_size: received.size,
      status: 'reading',
    });
  } catch (e) {
    // A refused file is not kept: nothing is written for it.
    await rm(file, { force: true });
    throw e;
  } finally {
    await removeQuietly(received.tmpPath);
  }
  // Reading the whole file (bounds, sizes, previews) may outlast a request on a large workbook:
  // the answer waits for it up to READ_WAIT_MS, then the job reports `reading` until it is done.
  const reading = readUpload(db, id, file, kind);
  const outcome = await Promise.race([
    reading.then(
      () => 'read' as const,
      (e: unknown) => e,
    ),
    new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), READ_WAIT_MS).unref()),
  ]);
  if (outcome !== 'read' && outcome !== 'waiting') {
    await deleteJob(db, id);
    throw outcome;
  }
  if (outcome === 'waiting') reading.catch(() => undefined);
  return describeJob(
    db,
    principal,
    (await getJob(db, principal.orgId, id))!,
    form,
    langOf(req.get('accept-language')),
  );
}

/** How long an upload's answer waits for the file to be read before answering `reading`. */
const READ_WAIT_MS = 20_000;

/**
 * Reads an uploaded file once and stores what it found, or why it was refused (the file is then
 * removed: nothing is kept of a bad file). Rejects with the refusal for a caller still waiting.
 */
async function readUpload(db: Db, id: string, file: string, kind: FileKind): Promise<void> {
  try {
    const { sheets, encoding } = await summarize(file, kind);
    await updateJob(db, id, { sheets, encoding, status: 'ready' });
  } catch (e) {
    await rm(file, { force: true });
    const known = e instanceof AppError;
    if (!known) console.error('[imports] reading an upload failed:', e);
    await updateJob(db, id, {
      status: 'failed',
      error_code: known ? e.code : 'unreadable',
      message: known ? e.message : 'The file could not be read.',
      finished_at: new Date(),
    }).catch(() => undefined);
    throw e;
  }
}

/** The first non-blank row of a sheet: the usual header row. */
const firstRow = (s: SheetSummary | undefined) => s?.preview[0]?.number ?? 1;

function headersOf(sheet: SheetSummary | undefined, headerRow: number): string[] {
  return sheet?.preview.find((r) => r.number === headerRow)?.cells ?? [];
}

/** The mapping offered for a header row: the form's saved one where its headers fit, else by label. */
function suggestMapping(
  headers: string[],
  form: FormDefinition,
  saved: SavedMapping | null,
): ColumnMapping[] {
  const auto = autoMap(headers, form);
  if (!saved) return auto;
  const byHeader = new Map(saved.columns.map((c) => [headerKey(c.header), c]));
  const out: ColumnMapping[] = [];
  const used = new Set<string>();
  headers.forEach((h, column) => {
    const hit = byHeader.get(headerKey(h));
    if (hit && !used.has(`${hit.field}.${hit.sub ?? ''}`)) {
      used.add(`${hit.field}.${hit.sub ?? ''}`);
      out.push({ column, field: hit.field, ...(hit.sub ? { sub: hit.sub } : {}) });
    }
  });
  for (const m of auto)
    if (!out.some((o) => o.column === m.column) && !used.has(`${m.field}.${m.sub ?? ''}`)) out.push(m);
  return out.sort((a, b) => a.column - b.column);
}

/** The job as the API answers it: progress, settings or a suggestion, the first bad cells. */
export async function describeJob(
  db: Db,
  principal: Principal,
  job: JobRow,
  form: FormDefinition,
  lang: 'zh-CN' | 'en',
) {
  const sheetIndex = job.settings?.sheet ?? 0;
  const sheet = job.sheets[sheetIndex];
  const headerRow = job.settings?.headerRow ?? firstRow(sheet);
  const headers = headersOf(sheet, headerRow);
  const saved = job.settings ? null : await savedMapping(db, principal.orgId, job.app_id, job.form_id);
  const suggestion: ImportSettings = job.settings ?? {
    sheet: sheetIndex,
    headerRow,
    columns: suggestMapping(headers, form, saved),
    policy: saved?.policy ?? 'skip_bad_rows',
    mode: saved?.mode ?? 'create',
    ...(saved?.keyField ? { keyField: saved.keyField } : {}),
  };
  const total = job.total_rows ?? 0;
  const start = (job.settings?.headerRow ?? 0) + 1;
  const done = job.settings
    ? Math.max(0, Math.min(total, rowsBefore(sheet, job.next_row) - rowsBefore(sheet, start)))
    : 0;
  const elapsed = job.phase_started_at ? (Date.now() - job.phase_started_at.getTime()) / 1000 : 0;
  const doneInPhase = Math.max(
    0,
    done - Math.max(0, rowsBefore(sheet, job.phase_start_row) - rowsBefore(sheet, start)),
  );
  const rate = job.status === 'running' && elapsed > 0.5 ? doneInPhase / elapsed : null;
  const headerOf = (col: number) => (col >= 0 ? (headers[col] ?? '') : '');
  return {
    id: job.id,
    status: job.status,
    phase: job.phase,
    writeAfterCheck: job.write_after_check,
    file: { name: job.file_name, kind: job.file_kind, size: job.file_size, encoding: job.encoding },
    sheets: job.sheets,
    settings: job.settings,
    suggestion,
    targets: importTargets(form),
    progress: {
      total,
      done,
      rowsPerSecond: rate === null ? null : Math.round(rate),
      secondsLeft: rate ? Math.ceil((total - done) / rate) : null,
    },
    created: job.rows_created,
    updated: job.rows_updated,
    skipped: job.rows_skipped,
    badRows: job.bad_rows,
    errorCount: job.error_count,
    errors: job.errors.slice(0, 200).map((e) => ({
      row: e.row,
      column: e.column >= 0 ? e.column + 1 : null,
      header: headerOf(e.column),
      value: e.value,
      code: e.code,
      reason: reasonText(e, lang),
    })),
    message: job.message,
    errorCode: job.error_code,
    cancelRequested: job.cancel_requested,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}

/**
 * Data rows up to (not including) sheet row `row`. The summary keeps row numbers of the preview
 * only, so beyond it rows are counted as contiguous (blank rows make this an estimate).
 */
function rowsBefore(sheet: SheetSummary | undefined, row: number): number {
  if (!sheet) return 0;
  const inPreview = sheet.preview.filter((r) => r.number < row).length;
  const last = sheet.preview[sheet.preview.length - 1];
  if (!last || row <= last.number + 1) return inPreview;
  return sheet.preview.length + (row - last.number - 1);
}

export async function readImport(db: Db, principal: Principal, ref: FormRef, id: string, req: Request) {
  const { form } = await importTarget(db, principal, ref);
  return describeJob(
    db,
    principal,
    await jobOf(db, principal, ref, id),
    form,
    langOf(req.get('accept-language')),
  );
}

/** Checks and stores the sheet, header row, mapping and policies; remembers the mapping for the form. */
export async function configureImport(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  settings: ImportSettings,
  req: Request,
) {
  const { form, grant } = await importTarget(db, principal, ref);
  const job = await jobOf(db, principal, ref, id);
  if (['queued', 'running'].includes(job.status))
    throw new AppError(
      409,
      'import_running',
      'This import is running; cancel it before changing its settings.',
    );
  if (job.status === 'reading' || (job.status === 'failed' && job.error_code))
    throw new AppError(409, 'import_not_read', 'The file is still being read, or could not be read.');
  const sheet = job.sheets[settings.sheet];
  if (!sheet)
    throw validationFailed([
      { path: '/sheet', code: 'unknown_sheet', message: 'is not a sheet of the file' },
    ]);
  if (!sheet.preview.some((r) => r.number === settings.headerRow))
    throw validationFailed([
      {
        path: '/headerRow',
        code: 'unknown_row',
        message: `choose one of the first ${IMPORT_LIMITS.previewRows} rows that has values`,
      },
    ]);
  const headers = headersOf(sheet, settings.headerRow);
  const withData = new Set<number>();
  for (const r of sheet.preview)
    if (r.number > settings.headerRow) r.cells.forEach((c, i) => c.trim() && withData.add(i));
  const problems = headerProblems(headers, withData);
  if (problems.length)
    throw new AppError(
      400,
      'bad_headers',
      problems
        .map((p) =>
          p.code === 'empty_header'
            ? `Column ${p.column + 1} has values but no header.`
            : `Column ${p.column + 1} repeats the header "${p.value}" of column ${p.first! + 1}.`,
        )
        .join(' '),
      problems.map((p) => ({ path: `/headers/${p.column}`, code: p.code, message: p.value })),
    );
  const issues = settingsIssues(settings, form, Math.max(sheet.columns, headers.length));
  if (issues.length) throw validationFailed(issues);
  // A column mapped to a field the importer may not edit is refused now, not row by row later.
  const editable = new Set(grant.fields.editable);
  const refused = [...new Set(settings.columns.map((c) => c.field))].filter((f) => !editable.has(f));
  if (refused.length)
    throw new AppError(
      422,
      'field_not_editable',
      `You may not set these fields: ${refused.join(', ')}.`,
      refused.map((f) => ({ path: `/columns`, code: 'field_not_editable', message: f })),
    );
  const dataRows = sheet.rows - sheet.preview.filter((r) => r.number <= settings.headerRow).length;
  await updateJob(db, job.id, {
    settings,
    status: 'ready',
    total_rows: dataRows,
    next_row: settings.headerRow + 1,
    errors: [],
    error_count: 0,
    bad_rows: 0,
    message: null,
  });
  await saveMapping(db, principal.orgId, ref.appId, ref.formId, principal.userId, {
    columns: settings.columns.map((c) => ({
      header: headers[c.column] ?? '',
      field: c.field,
      ...(c.sub ? { sub: c.sub } : {}),
    })),
    policy: settings.policy,
    mode: settings.mode,
    ...(settings.keyField ? { keyField: settings.keyField } : {}),
  });
  return describeJob(
    db,
    principal,
    (await getJob(db, principal.orgId, id))!,
    form,
    langOf(req.get('accept-language')),
  );
}

/** Queues the dry run (`check`) or the import (`write`, after a check when all-or-nothing). */
export async function startImport(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  what: 'check' | 'write',
  req: Request,
) {
  const { form } = await importTarget(db, principal, ref);
  const job = await jobOf(db, principal, ref, id);
  if (!job.settings)
    throw new AppError(
      409,
      'import_not_configured',
      'Choose the sheet, the header row and the mapping first.',
    );
  if (job.error_code) throw new AppError(409, 'import_not_read', 'The file could not be read.');
  if (['queued', 'running'].includes(job.status))
    throw new AppError(409, 'import_running', 'This import is already running.');
  if (
    job.status === 'done' ||
    job.status === 'cancelled' ||
    (job.status === 'failed' && job.phase === 'write')
  )
    throw new AppError(
      409,
      'import_finished',
      'This import has finished; upload the file again to import it again.',
    );
  const start = job.settings.headerRow + 1;
  // All or nothing writes only after a clean check; a clean dry run just before counts as one.
  const cleanCheck = job.status === 'checked' && job.bad_rows === 0;
  const phase =
    what === 'write' && (job.settings.policy === 'skip_bad_rows' || cleanCheck) ? 'write' : 'check';
  await updateJob(db, job.id, {
    status: 'queued',
    phase,
    write_after_check: what === 'write',
    next_row: start,
    phase_start_row: start,
    errors: [],
    error_count: 0,
    bad_rows: 0,
    message: null,
    cancel_requested: false,
    lease_owner: null,
    lease_until: null,
    finished_at: null,
  });
  return describeJob(
    db,
    principal,
    (await getJob(db, principal.orgId, id))!,
    form,
    langOf(req.get('accept-language')),
  );
}

/** Asks a job to stop after its current batch; a queued one stops at once. Written rows stay. */
export async function cancelImport(db: Db, principal: Principal, ref: FormRef, id: string, req: Request) {
  const { form } = await importTarget(db, principal, ref);
  const job = await jobOf(db, principal, ref, id);
  await db.transaction(async (tx) => {
    const current = (await getJob(tx, principal.orgId, job.id, true))!;
    if (current.status === 'running') await updateJob(tx, job.id, { cancel_requested: true });
    else if (['queued', 'ready', 'checked'].includes(current.status))
      await updateJob(tx, job.id, { status: 'cancelled', cancel_requested: true, finished_at: new Date() });
  });
  return describeJob(
    db,
    principal,
    (await getJob(db, principal.orgId, id))!,
    form,
    langOf(req.get('accept-language')),
  );
}

export { badFile, jobOf, importTarget };
