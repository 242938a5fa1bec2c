/**
 * Sheet rows to record data (pure): every mapped cell goes through its field type's cell codec
 * (cell-codecs.ts, the table the export writes with): the registry's `parseText` (packages/fields),
 * after the import-only steps the registry cannot take alone because they need the org or other
 * forms: local date-times placed in the org's zone, members by name or email, departments by name,
 * relations by the target's title or serial number (resolved beforehand by the caller into
 * `Lookups`). Rows sharing a group key become one record with subform rows.
 */
import { splitListText } from './parse-helpers';
import { readCell, type CellResult, type NameIndex, type ReadCode } from './cell-codecs';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import type { ColumnMapping, ImportSettings } from './mapping';
import type { SheetRow } from './sheet-reader';

export { placeInZone, type NameIndex } from './cell-codecs';

/** Why a cell was refused: a code the report translates, and the values its sentence needs. */
export type CellCode =
  ReadCode | 'formula_without_value' | 'duplicate_in_file' | 'key_missing' | 'write_refused';

export interface CellIssue {
  /** Sheet row number (1-based, as Excel shows it). */
  row: number;
  /** 0-based column, or -1 for the whole row. */
  column: number;
  value: string;
  code: CellCode;
  /** The English sentence; reasons.ts gives it in the user's language from code + params. */
  message: string;
  params?: Record<string, string | number>;
}

export interface Lookups {
  members: NameIndex;
  departments: NameIndex;
  /** Per relation field id (or `subform.field`): target title or serial text -> record id. */
  relations: Map<string, NameIndex>;
  timeZone: string;
}

/** One record to write: its data, the sheet rows it came from and the problems found. */
export interface CoercedRecord {
  /** First sheet row of the record (its idempotency key within the job). */
  row: number;
  lastRow: number;
  data: Record<string, unknown>;
  issues: CellIssue[];
}

/**
 * Reads one cell for one field through the per-type cell codecs (cell-codecs.ts, shared with the
 * export so both agree). Empty text is an empty value (required-ness is the write's check).
 */
export function coerceCell(
  field: FieldDefinition,
  text: string,
  lookups: Lookups,
  relationKey: string,
): CellResult {
  return readCell(field, text, { ...lookups, relationKey });
}

/** The field a mapping fills (the sub-field for subform columns). */
export function mappedField(form: FormDefinition, m: ColumnMapping): FieldDefinition | undefined {
  const top = form.fields.find((f) => f.id === m.field);
  if (!m.sub) return top;
  return top?.type === 'subform' ? top.config.fields.find((f) => f.id === m.sub) : undefined;
}

/**
 * Groups data rows into records: without `groupBy` each row is one record; with it, consecutive
 * rows with the same non-empty key are one record (its subform rows), the first row's top-level
 * cells count. Blank rows are skipped by the caller.
 */
export function groupRows(rows: readonly SheetRow[], groupBy: number | undefined): SheetRow[][] {
  if (groupBy === undefined) return rows.map((r) => [r]);
  const groups: SheetRow[][] = [];
  let lastKey: string | null = null;
  for (const row of rows) {
    const key = (row.cells[groupBy] ?? '').trim();
    const current = groups[groups.length - 1];
    if (current && key !== '' && key === lastKey) current.push(row);
    else groups.push([row]);
    lastKey = key;
  }
  return groups;
}

/** One record from its rows: top-level cells from the first row, one subform row per sheet row. */
export function coerceRecord(
  rows: readonly SheetRow[],
  settings: ImportSettings,
  form: FormDefinition,
  lookups: Lookups,
): CoercedRecord {
  const first = rows[0]!;
  const data: Record<string, unknown> = {};
  const issues: CellIssue[] = [];
  const subRows = new Map<string, Record<string, unknown>[]>();
  const read = (row: SheetRow, m: ColumnMapping): { ok: boolean; value: unknown } => {
    const field = mappedField(form, m);
    const text = row.cells[m.column] ?? '';
    if (row.formulasWithoutValue?.includes(m.column + 1)) {
      issues.push({
        row: row.number,
        column: m.column,
        value: text,
        code: 'formula_without_value',
        message: 'a formula without a calculated value (open the file in Excel and save it again)',
      });
      return { ok: false, value: null };
    }
    if (!field) return { ok: false, value: null };
    const r = coerceCell(field, text, lookups, m.sub ? `${m.field}.${m.sub}` : m.field);
    if (r.ok) return r;
    issues.push({ row: row.number, column: m.column, value: text, code: r.code, message: r.message });
    return { ok: false, value: null };
  };
  for (const m of settings.columns) {
    if (m.sub) continue;
    const r = read(first, m);
    if (r.ok && r.value !== null) data[m.field] = r.value;
  }
  const subColumns = settings.columns.filter((m) => m.sub);
  for (const row of rows) {
    const perField = new Map<string, Record<string, unknown>>();
    for (const m of subColumns) {
      const r = read(row, m);
      if (!r.ok || r.value === null) continue;
      const line = perField.get(m.field) ?? {};
      line[m.sub!] = r.value;
      perField.set(m.field, line);
    }
    for (const [field, line] of perField) subRows.set(field, [...(subRows.get(field) ?? []), line]);
  }
  for (const [field, lines] of subRows) data[field] = lines;
  return { row: first.number, lastRow: rows[rows.length - 1]!.number, data, issues };
}

/** Relation texts per relation mapping of some rows, for the caller to resolve in one query each. */
export function relationTexts(
  rows: readonly SheetRow[],
  settings: ImportSettings,
  form: FormDefinition,
): Map<string, { field: FieldDefinition; texts: Set<string> }> {
  const out = new Map<string, { field: FieldDefinition; texts: Set<string> }>();
  for (const m of settings.columns) {
    const field = mappedField(form, m);
    if (field?.type !== 'relation') continue;
    const key = m.sub ? `${m.field}.${m.sub}` : m.field;
    const entry = out.get(key) ?? { field, texts: new Set<string>() };
    for (const row of rows) {
      const text = row.cells[m.column] ?? '';
      const parts = field.config.multiple ? splitListText(text) : [text.trim()];
      for (const p of parts) if (p) entry.texts.add(p);
    }
    out.set(key, entry);
  }
  return out;
}

/** Adds `name -> id` to an index, marking names shared by two ids as ambiguous. */
export function addName(index: NameIndex, name: string | null | undefined, id: string): void {
  if (!name) return;
  const key = name.trim().toLowerCase();
  if (!key) return;
  const had = index.get(key);
  index.set(key, had === undefined || had === id ? id : 'ambiguous');
}
