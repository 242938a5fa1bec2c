/**
 * An export from request to file: `prepareExport` checks the request against the form and the
 * exporter's Grant (the `export` action, its row scope, visible fields) and counts the rows;
 * `writeExport` reads keyset pages through the records kernel's read door (so memory stays flat
 * whatever the number of rows) and streams them into a sheet writer.
 */
import { checkFilter, checkSort } from '@tangram/query';
import type { Filter, SortKey, ValidationIssue } from '@tangram/schema';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished, pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import path from 'node:path';
import yazl from 'yazl';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { openFile } from '../files/files.service';
import { newId } from '../db/ids';
import { unprocessable, validationFailed } from '../http/app-error';
import { writeCell, type ExportCell, type WriteContext } from '../imports/cell-codecs';
import { openReader, type RecordReader } from '../records/kernel/reader';
import type { FormRef } from '../records/records.service';
import type { RecordDto } from '../storage/record-store';
import {
  planColumns,
  relationColumns,
  type ColumnPlan,
  type ExportColumn,
  type SubformLayout,
} from './columns';
import { EXPORT_LIMITS } from './limits';
import { loadDirectory, TitleCache, type Directory } from './names';
import { csvWriter, xlsxWriter, type SheetWriter } from './sheet-writers';
import { safeSegment, worthDeflating, ZipFiles, zipLimits } from './zip-files';

export type ExportFormat = 'xlsx' | 'csv';
/** Files as links to the files API, or the sheet and the files together in a zip (decision 0057). */
export type AttachmentMode = 'links' | 'zip';

/** What the client asks for (after the route's JSON schema); a saved view fills what is absent. */
export interface ExportBody {
  format: ExportFormat;
  view?: string;
  columns?: string[];
  filter?: Filter;
  sort?: SortKey[];
  q?: string;
  subforms?: SubformLayout;
  attachments?: AttachmentMode;
}

/** A checked export: everything `writeExport` needs, kept by a job while it runs. */
export interface PreparedExport {
  ref: FormRef;
  format: ExportFormat;
  formName: string;
  plan: ColumnPlan;
  filter?: Filter;
  sort: SortKey[];
  q?: string;
  rows: number;
  locale: string;
  timeZone: string;
  /** `https://host`: file cells are links to `/api/v1/files/:id`. */
  origin: string;
  /** `zip` only when the columns hold files (otherwise a zip would wrap the sheet alone). */
  attachments: AttachmentMode;
  /** A visible serial field: a record's folder in the zip is named by its number, else by its id. */
  folderField: string | null;
}

/** Field types whose values are stored files. */
const FILE_TYPES = new Set(['attachment', 'image', 'signature']);

/** Whether the plan writes any file column (top level or a subform's). */
export function hasFileColumns(plan: ColumnPlan): boolean {
  return [...plan.columns, ...plan.subforms.flatMap((s) => s.columns)].some((c) =>
    FILE_TYPES.has(c.field.type),
  );
}

const DEFAULT_SORT: SortKey[] = [{ field: 'createdAt', dir: 'desc' }];

export async function prepareExport(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: ExportBody,
  opts: { locale: string; origin: string },
): Promise<PreparedExport> {
  const reader = openReader(db, principal);
  // 404 for an app they cannot see, 403 `form_not_readable` without the export action.
  const form = await reader.open(ref, 'export');
  const layout = body.subforms ?? 'none';
  if (body.format === 'csv' && layout === 'sheet')
    throw unprocessable(
      'csv_one_sheet',
      'A CSV file has one sheet: export subform rows as rows, or choose XLSX for a second sheet.',
    );
  const issues: ValidationIssue[] = [];
  if (body.filter !== undefined) issues.push(...checkFilter(body.filter, form.query, '/filter'));
  const sort = body.sort?.length ? body.sort : DEFAULT_SORT;
  issues.push(...checkSort(sort, form.query, '/sort'));
  if (issues.length) throw validationFailed(issues, 'The export query is invalid.');
  const plan = planColumns(form.ctx.form, form.grant.fields.visible, body.columns, layout, opts.locale);
  if (plan.columns.length === 0 && plan.subforms.length === 0)
    throw unprocessable('nothing_to_export', 'The export has no columns you may see.');
  const counted = await reader.page(
    ref,
    {
      ...(body.filter ? { filter: body.filter } : {}),
      ...(body.q ? { q: body.q } : {}),
      sort: [{ field: 'id', dir: 'asc' }],
      limit: 1,
      count: true,
    },
    'export',
  );
  const rows = counted.total ?? 0;
  if (rows > EXPORT_LIMITS.rows)
    throw unprocessable(
      'export_too_large',
      `An export holds at most ${EXPORT_LIMITS.rows} rows; narrow the filter.`,
      { limit: EXPORT_LIMITS.rows, rows },
    );
  const f = form.ctx.form;
  const visible = new Set(form.grant.fields.visible);
  const serial = f.fields.find((x) => x.type === 'serial' && visible.has(x.id));
  return {
    ref,
    format: body.format,
    formName: (opts.locale.startsWith('zh') ? f.name['zh-CN'] : f.name.en) ?? f.name.en ?? f.id,
    plan,
    ...(body.filter ? { filter: body.filter } : {}),
    sort,
    ...(body.q ? { q: body.q } : {}),
    rows,
    locale: opts.locale,
    timeZone: form.qctx.timeZone,
    origin: opts.origin,
    attachments: body.attachments === 'zip' && hasFileColumns(plan) ? 'zip' : 'links',
    folderField: serial?.id ?? null,
  };
}

/** Pages of permitted records in the export's order (keyset, never OFFSET). */
async function* pages(reader: RecordReader, job: PreparedExport): AsyncGenerator<RecordDto[]> {
  let cursor: string | undefined;
  do {
    const page = await reader.page(
      job.ref,
      {
        ...(job.filter ? { filter: job.filter } : {}),
        ...(job.q ? { q: job.q } : {}),
        sort: job.sort,
        limit: EXPORT_LIMITS.pageRows,
        ...(cursor ? { cursor } : {}),
      },
      'export',
    );
    if (page.items.length) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A system column's value from the record, a field's from its data. */
function valueOf(record: RecordDto, column: ExportColumn): unknown {
  if (column.field.id === column.id && column.id in record && column.id !== 'data')
    return (record as unknown as Record<string, unknown>)[column.id];
  return record.data[column.id];
}

/** How a column's file cells name their files: zip paths for the record being written, else links. */
type FileNamer = ((column: ExportColumn) => WriteContext['fileUrl']) | undefined;

function cellsOf(
  columns: readonly ExportColumn[],
  get: (c: ExportColumn) => unknown,
  ctx: Omit<WriteContext, 'relationKey'>,
  files?: FileNamer,
): ExportCell[] {
  return columns.map((c) =>
    writeCell(c.field, get(c), {
      ...ctx,
      relationKey: c.relationKey,
      ...(files && FILE_TYPES.has(c.field.type) ? { fileUrl: files(c) } : {}),
    }),
  );
}

/** File ids a value of a file field holds (a list of files, or one signature). */
function fileIdsOf(value: unknown): string[] {
  const all = Array.isArray(value) ? value : value ? [value] : [];
  return all
    .map((f) => (f && typeof f === 'object' ? (f as { fileId?: unknown }).fileId : undefined))
    .filter((id): id is string => typeof id === 'string' && id !== '');
}

/** Every file id a page of records names in the plan's file columns. */
function pageFileIds(plan: ColumnPlan, records: readonly RecordDto[]): string[] {
  const ids: string[] = [];
  const top = plan.columns.filter((c) => FILE_TYPES.has(c.field.type));
  for (const r of records) {
    for (const c of top) ids.push(...fileIdsOf(r.data[c.id]));
    for (const s of plan.subforms)
      for (const line of (r.data[s.id] as Record<string, unknown>[] | undefined) ?? [])
        for (const c of s.columns) if (FILE_TYPES.has(c.field.type)) ids.push(...fileIdsOf(line?.[c.id]));
  }
  return ids;
}

export interface WriteProgress {
  (rowsDone: number): Promise<void>;
}

/**
 * Writes the export into `out` (a response or a file) and returns the number of records written.
 * `progress` is called after every page (a job records it and may stop the run by throwing).
 * A `zip` export writes its sheet to a spool file first, collecting the files it names, then
 * streams the zip (decision 0057): nothing reaches `out` before the files are known to fit the
 * bound, so a streamed export that is too large is still a clear 422, not a cut-off download.
 */
export async function writeExport(
  db: Db,
  principal: Principal,
  job: PreparedExport,
  out: Writable,
  dirs: { spool: string; data: string },
  progress?: WriteProgress,
): Promise<number> {
  if (job.attachments !== 'zip') return writeSheet(db, principal, job, out, dirs.spool, progress);
  await mkdir(dirs.spool, { recursive: true });
  const sheetFile = path.join(dirs.spool, `${newId('sheet')}.${job.format}`);
  const files = new ZipFiles(zipLimits(), job.origin);
  try {
    const sheetOut = createWriteStream(sheetFile);
    const rows = await writeSheet(db, principal, job, sheetOut, dirs.spool, progress, files);
    if (!sheetOut.writableFinished) await finished(sheetOut);
    await writeZip(db, principal, job, { sheetFile, files, dataDir: dirs.data }, out, () => progress?.(rows));
    return rows;
  } finally {
    await rm(sheetFile, { force: true });
  }
}

/** The zip: the sheet first, then each file under the path its cell names, streamed one at a time. */
async function writeZip(
  db: Db,
  principal: Principal,
  job: PreparedExport,
  input: { sheetFile: string; files: ZipFiles; dataDir: string },
  out: Writable,
  tick: () => Promise<void> | undefined,
): Promise<void> {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as unknown as Readable;
  // yazl reports a failed entry on the zip object; failing the output fails the pipeline below.
  zip.on('error', (error: Error) => output.destroy(error));
  const mtime = new Date();
  zip.addFile(input.sheetFile, `${safeSegment(job.formName, 'export')}.${job.format}`, {
    mtime,
    // An xlsx file is a zip already.
    compress: job.format === 'csv',
  });
  for (const entry of input.files.entries)
    zip.addReadStreamLazy(entry.path, { mtime, compress: worthDeflating(entry.mime) }, (cb) => {
      // Opened when its turn comes (one descriptor at a time), through the files service's org check.
      openFile(db, principal, entry.fileId, input.dataDir).then(
        ({ stream }) => {
          // A job's progress (and lease) moves on while a long zip is written.
          stream.once('end', () => void tick()?.catch(() => undefined));
          cb(null, stream);
        },
        (error: unknown) => cb(error, undefined as never),
      );
    });
  zip.end();
  await pipeline(output, out);
}

async function writeSheet(
  db: Db,
  principal: Principal,
  job: PreparedExport,
  out: Writable,
  spoolDir: string,
  progress?: WriteProgress,
  files?: ZipFiles,
): Promise<number> {
  const reader = openReader(db, principal);
  const directory: Directory = await loadDirectory(db, principal.orgId);
  const titles = new TitleCache(reader, job.ref.appId, job.locale);
  const ctx: Omit<WriteContext, 'relationKey'> = {
    locale: job.locale,
    timeZone: job.timeZone,
    memberName: directory.memberName,
    departmentName: directory.departmentName,
    recordTitle: (key, id) => titles.title(key, id),
    fileUrl: (id) => `${job.origin}/api/v1/files/${encodeURIComponent(id)}?download`,
  };
  const { plan } = job;
  const folderOf = (record: RecordDto) => {
    const serial = job.folderField ? record.data[job.folderField] : undefined;
    return typeof serial === 'string' && serial.trim() ? serial : record.id;
  };
  // Per column, the folder its files go to: its header (`Lines.Photo` for a subform's column).
  const folders = new Map<ExportColumn, string>([
    ...plan.columns.map((c) => [c, c.header] as const),
    ...plan.subforms.flatMap((s) =>
      s.columns.map((c) => [c, plan.layout === 'rows' ? c.header : `${s.name}.${c.header}`] as const),
    ),
  ]);
  const namer = (record: RecordDto): FileNamer =>
    files ? (c) => (id) => files.pathOf(folderOf(record), folders.get(c) ?? c.id, id) : undefined;
  const writer: SheetWriter = job.format === 'xlsx' ? xlsxWriter(out) : csvWriter(out);
  const relations = relationColumns(plan);
  const key = plan.keyHeader ? [plan.keyHeader] : [];
  const flat = plan.layout === 'rows';
  writer.sheet(job.formName, [
    ...key,
    ...plan.columns.map((c) => c.header),
    ...(flat ? plan.subforms.flatMap((s) => s.columns.map((c) => c.header)) : []),
  ]);
  // Subform sheets are written after the main sheet (a streaming workbook writes one sheet at a
  // time): their rows wait in a spool file, one JSON line each, never in memory.
  const spool = plan.layout === 'sheet' ? await openSpool(spoolDir) : null;
  let done = 0;
  try {
    for await (const records of pages(reader, job)) {
      await titles.fill(relations, records);
      if (files) await files.load(db, principal.orgId, pageFileIds(plan, records));
      for (const record of records) {
        const named = namer(record);
        const top = cellsOf(plan.columns, (c) => valueOf(record, c), ctx, named);
        const lines = plan.subforms.map(
          (s) => (record.data[s.id] as Record<string, unknown>[] | undefined) ?? [],
        );
        if (flat) {
          // One row per subform row (the subforms side by side), the parent's cells on each, so an
          // import grouping by the key column reads the record back.
          const height = Math.max(1, ...lines.map((l) => l.length));
          for (let i = 0; i < height; i += 1)
            writer.row([
              record.id,
              ...top,
              ...plan.subforms.flatMap((s, k) => {
                const line = lines[k]![i];
                return line ? cellsOf(s.columns, (c) => line[c.id], ctx, named) : s.columns.map(() => null);
              }),
            ]);
        } else {
          writer.row([...(key.length ? [record.id] : []), ...top]);
          if (spool)
            plan.subforms.forEach((s, k) => {
              for (const line of lines[k]!)
                spool.write(k, [record.id, ...cellsOf(s.columns, (c) => line[c.id], ctx, named)]);
            });
        }
      }
      files?.forgetPage();
      done += records.length;
      await writer.drain();
      if (spool) await spool.drain();
      await progress?.(done);
    }
    if (spool) {
      await spool.close();
      for (const [k, s] of plan.subforms.entries()) {
        writer.sheet(s.name, [plan.keyHeader!, ...s.columns.map((c) => c.header)]);
        for await (const cells of spool.read(k)) writer.row(cells);
      }
    }
    await writer.end();
  } finally {
    await spool?.remove();
  }
  return done;
}

/** Subform rows waiting for their sheet: one spool file per export, lines tagged by subform. */
async function openSpool(dir: string) {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${newId('spool')}.jsonl`);
  const out = createWriteStream(file);
  return {
    write(k: number, cells: ExportCell[]) {
      out.write(`${JSON.stringify([k, cells])}\n`);
    },
    async drain() {
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async close() {
      out.end();
      await finished(out);
    },
    async *read(k: number): AsyncGenerator<ExportCell[]> {
      const handle = await open(file);
      try {
        for await (const line of createInterface({ input: handle.createReadStream(), crlfDelay: Infinity })) {
          const [tag, cells] = JSON.parse(line) as [number, ExportCell[]];
          if (tag === k) yield cells;
        }
      } finally {
        await handle.close().catch(() => undefined);
      }
    },
    async remove() {
      out.destroy();
      await rm(file, { force: true });
    },
  };
}

/** The download's file name: the form's name and the time, without characters file systems refuse. */
export function exportFileName(
  formName: string,
  format: ExportFormat | 'zip',
  at: Date,
  timeZone: string,
): string {
  const safe = [...formName]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .trim();
  const stamp = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .replace(/[-:]/g, '')
    .replace(' ', '-');
  return `${safe || 'export'}-${stamp}.${format}`;
}
