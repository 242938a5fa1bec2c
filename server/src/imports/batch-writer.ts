/**
 * Writes one batch of coerced records through the records kernel's write door, inside the
 * caller's transaction, and reports every record the door refused instead of failing the batch:
 * each attempt runs under a savepoint, so a refused record (a required field left empty, a
 * unique value taken, a balance rule broken) rolls back alone. Validation problems come back
 * listed per item, so the batch is retried without them; other refusals (409 unique, balance
 * rules) are found by writing the records one by one. A refusal that is not about a record
 * (no right to create, a field the importer may not edit) fails the whole job.
 */
import { canDo } from '@tangram/acl';
import type { Filter } from '@tangram/schema';
import type { Db } from '../db/db';
import { AppError, type ErrorDetail } from '../http/app-error';
import type { WriteContext } from '../records/kernel/hooks';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { openReader } from '../records/kernel/reader';
import type { CellIssue, CoercedRecord } from './coerce';
import type { ColumnMapping, ImportSettings } from './mapping';

export interface BatchResult {
  created: number;
  updated: number;
  /** Records the write door refused, with the reason on the column of the field it names. */
  refused: CellIssue[];
  /** First sheet rows of the refused records. */
  refusedRows: Set<number>;
}

/** Errors that say nothing about one record: the whole job stops with them. */
function isJobError(e: unknown): boolean {
  if (!(e instanceof AppError)) return true;
  return e.status === 403 || e.status === 404 || e.code === 'field_not_editable' || e.status >= 500;
}

async function attempt<T>(
  tx: Db,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await tx.query('SAVEPOINT import_row');
  try {
    const value = await fn();
    await tx.query('RELEASE SAVEPOINT import_row');
    return { ok: true, value };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT import_row');
    await tx.query('RELEASE SAVEPOINT import_row');
    if (isJobError(error)) throw error;
    return { ok: false, error };
  }
}

/** The column a detail's path names (`/items/3/data/f_amount` or `/data/f_lines/0/f_qty`). */
function columnOf(path: string, columns: readonly ColumnMapping[]): number {
  const parts = path.split('/').filter(Boolean);
  const dataAt = parts.indexOf('data');
  const field = parts[dataAt + 1];
  const sub = parts[dataAt + 3];
  const hit =
    columns.find((c) => c.field === field && c.sub === sub) ?? columns.find((c) => c.field === field);
  return hit ? hit.column : -1;
}

function issuesOf(
  error: unknown,
  record: CoercedRecord,
  columns: readonly ColumnMapping[],
  cells: (row: number, col: number) => string,
): CellIssue[] {
  const e = error as AppError;
  const details = Array.isArray(e.details) ? (e.details as ErrorDetail[]) : [];
  const localized = e.localized;
  if (details.length && e.status === 400)
    return details.map((d) => {
      const column = columnOf(d.path, columns);
      return {
        row: record.row,
        column,
        value: column >= 0 ? cells(record.row, column) : '',
        code: (d.code === 'required' || d.code === 'duplicate_value'
          ? d.code
          : 'write_refused') as CellIssue['code'],
        message: d.message,
      };
    });
  const column = details[0] ? columnOf(details[0].path, columns) : -1;
  return [
    {
      row: record.row,
      column,
      value: column >= 0 ? cells(record.row, column) : '',
      code: (e.code === 'duplicate_value' ? 'duplicate_value' : 'write_refused') as CellIssue['code'],
      message: e.message,
      ...(localized ? { params: { 'zh-CN': localized['zh-CN'], en: localized.en } } : {}),
    },
  ];
}

/** Index of the item a validation detail is about (`/items/3/...`). */
const itemOf = (path: string) => Number(/^\/items\/(\d+)\//.exec(path)?.[1] ?? -1);

export async function writeBatch(
  w: WriteContext,
  writes: WritePipeline,
  settings: ImportSettings,
  records: readonly CoercedRecord[],
  cells: (row: number, col: number) => string,
): Promise<BatchResult> {
  const result: BatchResult = { created: 0, updated: 0, refused: [], refusedRows: new Set() };
  const refuse = (r: CoercedRecord, error: unknown) => {
    result.refused.push(...issuesOf(error, r, settings.columns, cells));
    result.refusedRows.add(r.row);
  };
  let toCreate: CoercedRecord[] = [...records];
  if (settings.mode === 'upsert')
    toCreate = await upsertExisting(w, writes, settings, records, result, refuse);
  // Whole batch first; validation refusals name their items, so retry without them (twice at
  // most: computed values can only fail once more), then one by one.
  for (let round = 0; round < 3 && toCreate.length; round += 1) {
    const batch = toCreate;
    const r = await attempt(w.tx, () =>
      writes.create(
        w,
        batch.map((x) => x.data),
        (i) => `/items/${i}/data`,
      ),
    );
    if (r.ok) {
      result.created += batch.length;
      return result;
    }
    const details =
      r.error instanceof AppError && r.error.status === 400 && Array.isArray(r.error.details)
        ? (r.error.details as ErrorDetail[])
        : [];
    const bad = new Set(details.map((d) => itemOf(d.path)).filter((i) => i >= 0));
    if (bad.size === 0) break;
    for (const i of bad) {
      const rec = batch[i]!;
      const own = details
        .filter((d) => itemOf(d.path) === i)
        .map((d) => ({ ...d, path: d.path.replace(/^\/items\/\d+/, '') }));
      refuse(rec, Object.assign(new AppError(400, 'validation_failed', 'invalid', own)));
    }
    toCreate = batch.filter((_r, i) => !bad.has(i));
  }
  for (const rec of toCreate) {
    const r = await attempt(w.tx, () => writes.create(w, [rec.data], () => '/data'));
    if (r.ok) result.created += 1;
    else refuse(rec, r.error);
  }
  return result;
}

/** Updates the records whose key value exists (in the importer's view scope); returns the rest. */
async function upsertExisting(
  w: WriteContext,
  writes: WritePipeline,
  settings: ImportSettings,
  records: readonly CoercedRecord[],
  result: BatchResult,
  refuse: (r: CoercedRecord, e: unknown) => void,
): Promise<CoercedRecord[]> {
  const key = settings.keyField!;
  const values = [...new Set(records.map((r) => r.data[key]).filter((v) => v !== undefined && v !== null))];
  const existing = new Map<string, string>();
  if (values.length) {
    const ref = { appId: w.form.app.id, formId: w.form.form.id };
    const page = await openReader(w.tx, w.principal).page(ref, {
      filter: { kind: 'cmp', field: key, op: 'in', value: values } as Filter,
      sort: [],
      limit: 1000,
    });
    for (const r of page.items) existing.set(String(r.data[key]), r.id);
  }
  if (existing.size && !canDo(w.grant, 'edit'))
    throw new AppError(
      403,
      'form_not_writable',
      'Updating existing records needs the edit right on this form.',
    );
  const rest: CoercedRecord[] = [];
  for (const rec of records) {
    const id = existing.get(String(rec.data[key]));
    if (!id) {
      rest.push(rec);
      continue;
    }
    const r = await attempt(w.tx, async () => {
      const current = await writes.lockOne(w, 'edit', id);
      const data = await writes.checkUpdate(w, rec.data, '/data', current.data);
      return writes.update(w, current, data);
    });
    if (r.ok) result.updated += 1;
    else refuse(rec, r.error);
  }
  return rest;
}
