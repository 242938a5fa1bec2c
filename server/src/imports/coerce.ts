/**
 * Sheet rows to record data (pure): every mapped cell goes through its field type's `parseText`
 * (packages/fields), after the import-only steps the registry cannot take alone because they need
 * the org or other forms: local date-times placed in the org's zone, members by name or email,
 * departments by name, relations by the target's title or serial number (resolved beforehand by
 * the caller into `Lookups`). Rows sharing a group key become one record with subform rows.
 */
import { fieldRegistry, parseDateTimeText, splitListText, type ParseCode } from './parse-helpers';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import type { ColumnMapping, ImportSettings } from './mapping';
import type { SheetRow } from './sheet-reader';

/** Why a cell was refused: a code the report translates, and the values its sentence needs. */
export type CellCode =
  | ParseCode
  | 'unknown_member'
  | 'ambiguous_member'
  | 'unknown_department'
  | 'ambiguous_department'
  | 'unknown_record'
  | 'ambiguous_record'
  | 'formula_without_value'
  | 'duplicate_in_file'
  | 'key_missing'
  | 'invalid'
  | 'write_refused';

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

/** Text -> id maps (keys lower-cased); 'ambiguous' when two entries share a name. */
export type NameIndex = Map<string, string | 'ambiguous'>;

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

/** The instant of a wall-clock time in `timeZone`, as ISO with the zone's offset then. */
export function placeInZone(date: string, time: string, timeZone: string): string {
  const asUtc = Date.parse(`${date}T${time}Z`);
  let guess = asUtc;
  // Two rounds settle the offset even across a daylight-saving change.
  for (let i = 0; i < 2; i += 1) guess = asUtc - offsetMs(guess, timeZone);
  const offset = offsetMs(guess, timeZone) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${time}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

type CellResult = { ok: true; value: unknown } | { ok: false; code: CellCode; message: string };

const fail = (code: CellCode, message: string): CellResult => ({ ok: false, code, message });

function byName(index: NameIndex, text: string, what: 'member' | 'department' | 'record'): CellResult {
  const hit = index.get(text.trim().toLowerCase());
  if (hit === 'ambiguous')
    return fail(`ambiguous_${what}` as CellCode, `"${text}" names more than one ${what}`);
  if (!hit) return fail(`unknown_${what}` as CellCode, `no ${what} is called "${text}"`);
  return { ok: true, value: hit };
}

function many(text: string, one: (part: string) => CellResult): CellResult {
  const ids: unknown[] = [];
  for (const part of splitListText(text)) {
    const r = one(part);
    if (!r.ok) return r;
    if (!ids.includes(r.value)) ids.push(r.value);
  }
  return { ok: true, value: ids.length ? ids : null };
}

/** Reads one cell for one field. Empty text is an empty value (required-ness is the write's check). */
export function coerceCell(
  field: FieldDefinition,
  text: string,
  lookups: Lookups,
  relationKey: string,
): CellResult {
  if (text.trim() === '') return { ok: true, value: null };
  switch (field.type) {
    case 'member':
      return byName(lookups.members, text, 'member');
    case 'members':
      return many(text, (p) => byName(lookups.members, p, 'member'));
    case 'department':
      return byName(lookups.departments, text, 'department');
    case 'departments':
      return many(text, (p) => byName(lookups.departments, p, 'department'));
    case 'relation': {
      const index = lookups.relations.get(relationKey) ?? new Map();
      return field.config.multiple
        ? many(text, (p) => byName(index, p, 'record'))
        : byName(index, text, 'record');
    }
    case 'datetime': {
      const parts = parseDateTimeText(text);
      if (parts && parts !== 'bad_day' && !parts.offset)
        text = placeInZone(parts.date, parts.time ?? '00:00:00', lookups.timeZone);
      break;
    }
    default:
      break;
  }
  const parsed = fieldRegistry.of(field).parseText(text, field as never);
  if (parsed.ok) return parsed;
  return fail(parsed.code ?? 'invalid', parsed.message);
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
