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
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import path from 'node:path';
import type { Principal } from '../access';
import type { Db } from '../db/db';
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

export type ExportFormat = 'xlsx' | 'csv';

/** What the client asks for (after the route's JSON schema); a saved view fills what is absent. */
export interface ExportBody {
  format: ExportFormat;
  view?: string;
  columns?: string[];
  filter?: Filter;
  sort?: SortKey[];
  q?: string;
  subforms?: SubformLayout;
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

function cellsOf(
  columns: readonly ExportColumn[],
  get: (c: ExportColumn) => unknown,
  ctx: Omit<WriteContext, 'relationKey'>,
): ExportCell[] {
  return columns.map((c) => writeCell(c.field, get(c), { ...ctx, relationKey: c.relationKey }));
}

export interface WriteProgress {
  (rowsDone: number): Promise<void>;
}

/**
 * Writes the export into `out` (a response or a file) and returns the number of records written.
 * `progress` is called after every page (a job records it and may stop the run by throwing).
 */
export async function writeExport(
  db: Db,
  principal: Principal,
  job: PreparedExport,
  out: Writable,
  spoolDir: string,
  progress?: WriteProgress,
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
      for (const record of records) {
        const top = cellsOf(plan.columns, (c) => valueOf(record, c), ctx);
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
                return line ? cellsOf(s.columns, (c) => line[c.id], ctx) : s.columns.map(() => null);
              }),
            ]);
        } else {
          writer.row([...(key.length ? [record.id] : []), ...top]);
          if (spool)
            plan.subforms.forEach((s, k) => {
              for (const line of lines[k]!)
                spool.write(k, [record.id, ...cellsOf(s.columns, (c) => line[c.id], ctx)]);
            });
        }
      }
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
export function exportFileName(formName: string, format: ExportFormat, at: Date, timeZone: string): string {
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
