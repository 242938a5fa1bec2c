/**
 * One table, keyed by field type, of how a spreadsheet cell and a field value meet: `read` is the
 * import's step (text -> value, coerce.ts), `write` the export's (value -> cell, server/src/exports).
 * They sit side by side so what the export writes is what the import reads back (the round trip
 * test of issue 15): names for members and departments, titles for relations, labels for options,
 * wall-clock date-times in the org's zone, numbers as exact numbers. Pure: what needs the org or
 * other forms arrives in the contexts (indexes built by the caller).
 */
import type { FieldDefinition, FieldType } from '@tangram/schema';
import Decimal from 'decimal.js';
import { fieldRegistry, parseDateTimeText, splitListText, type ParseCode } from './parse-helpers';

/** Why a cell was refused by an import-only step (the registry's ParseCode covers the rest). */
export type ReadCode =
  | ParseCode
  | 'unknown_member'
  | 'ambiguous_member'
  | 'unknown_department'
  | 'ambiguous_department'
  | 'unknown_record'
  | 'ambiguous_record'
  | 'invalid';

export type CellResult = { ok: true; value: unknown } | { ok: false; code: ReadCode; message: string };

/** Text -> id maps (keys lower-cased); 'ambiguous' when two entries share a name. */
export type NameIndex = Map<string, string | 'ambiguous'>;

/** What reading a cell may need besides the field: the org directory and linked records. */
export interface ReadContext {
  members: NameIndex;
  departments: NameIndex;
  /** Per relation field id (or `subform.field`): target title or serial text -> record id. */
  relations: Map<string, NameIndex>;
  timeZone: string;
  /** The key of this cell's field in `relations`. */
  relationKey: string;
}

/**
 * A written cell: text, an exact number (with the field's display format for xlsx), a calendar
 * date or a wall-clock date-time (spreadsheets have no zones: the org's zone is applied first).
 */
export type ExportCell =
  null | string | { number: number; format: string; text: string } | { date: string; time?: string };

/** What writing a cell may need: names of ids, titles of linked records, links to files. */
export interface WriteContext {
  locale: string;
  timeZone: string;
  memberName(id: string): string;
  departmentName(id: string): string;
  /** The title of a linked record as the exporter may see it (its id when they may not). */
  recordTitle(relationKey: string, id: string): string;
  fileUrl(fileId: string): string;
  relationKey: string;
}

interface CellCodec<T extends FieldType = FieldType> {
  /** Text -> value; empty text has already been read as empty. Defaults to the registry's parseText. */
  read?(text: string, field: Extract<FieldDefinition, { type: T }>, ctx: ReadContext): CellResult;
  /** Value -> cell; null and undefined are written empty by the caller. */
  write(value: unknown, field: Extract<FieldDefinition, { type: T }>, ctx: WriteContext): ExportCell;
}

const fail = (code: ReadCode, message: string): CellResult => ({ ok: false, code, message });

function byName(index: NameIndex, text: string, what: 'member' | 'department' | 'record'): CellResult {
  const hit = index.get(text.trim().toLowerCase());
  if (hit === 'ambiguous') return fail(`ambiguous_${what}`, `"${text}" names more than one ${what}`);
  if (!hit) return fail(`unknown_${what}`, `no ${what} is called "${text}"`);
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

/** Formatters are costly to build and an export formats a million cells: one per zone. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: number, timeZone: string): { date: string; time: string } {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const n = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${n('year')}-${n('month')}-${n('day')}`,
    time: `${n('hour')}:${n('minute')}:${n('second')}`,
  };
}

function offsetMs(instant: number, timeZone: string): number {
  const { date, time } = wallClock(instant, timeZone);
  return Date.parse(`${date}T${time}Z`) - Math.floor(instant / 1000) * 1000;
}

const text = (value: unknown): ExportCell => (typeof value === 'string' ? value : String(value));
const ids = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
/** Lists are written with the separator the import splits on first. */
const list = (parts: string[]): ExportCell => (parts.length ? parts.join(', ') : null);

function optionLabel(field: FieldDefinition, value: unknown, locale: string): string {
  return fieldRegistry.of(field).format(value as never, field as never, locale) || String(value);
}

/** Number formats of xlsx cells: the field's decimals, grouping for money. */
function numberCell(value: unknown, format: string): ExportCell {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { number: value, format, text: String(value) };
}
const decimals = (n: number | undefined, fallback: number) =>
  (n ?? fallback) > 0 ? `.${'0'.repeat(n ?? fallback)}` : '';

const plain = { write: text };
const choice = {
  write: (value: unknown, field: FieldDefinition, ctx: WriteContext): ExportCell =>
    Array.isArray(value)
      ? list(value.map((v) => optionLabel(field, v, ctx.locale)))
      : optionLabel(field, value, ctx.locale),
};
const files = {
  // Files cannot come from a cell (the registry refuses any text); exported as links to them.
  write: (value: unknown, _f: FieldDefinition, ctx: WriteContext): ExportCell => {
    const all = Array.isArray(value) ? value : value ? [value] : [];
    const fileIds = all.map((f) => (f as { fileId?: string }).fileId).filter((id): id is string => !!id);
    return list(fileIds.map(ctx.fileUrl));
  },
};
const noValue = { write: () => null };

/** Every field type's cell codec; a missing type is a compile error. */
export const cellCodecs = {
  text: plain,
  textarea: plain,
  phone: plain,
  email: plain,
  url: plain,
  serial: plain,
  // What a view shows: the text without tags (formatting does not survive a spreadsheet).
  richtext: { write: (v, f, ctx) => fieldRegistry.of(f).format(v as never, f as never, ctx.locale) },
  formula: {
    write: (v) => (typeof v === 'number' ? { number: v, format: 'General', text: String(v) } : text(v)),
  },
  lookup: {
    write: (v) =>
      typeof v === 'number'
        ? { number: v, format: 'General', text: String(v) }
        : Array.isArray(v)
          ? list(v.map(String))
          : text(v),
  },
  number: {
    write: (v, f) =>
      numberCell(v, `${f.config?.thousands ? '#,##0' : '0'}${decimals(f.config?.precision, 0)}`),
  },
  money: { write: (v, f) => numberCell(v, `#,##0${decimals(f.config?.precision, 2)}`) },
  percent: {
    write(v, f) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      // Exact decimal arithmetic: 0.07 * 100 is 7.000000000000001 in floating point.
      const pct = `${new Decimal(v).times(100).toString()}%`;
      return { number: v, format: `0${decimals(f.config?.precision, 2)}%`, text: pct };
    },
  },
  date: { write: (v) => (typeof v === 'string' ? { date: v.slice(0, 10) } : null) },
  datetime: {
    read(t, field, ctx) {
      const parts = parseDateTimeText(t);
      if (parts && parts !== 'bad_day' && !parts.offset)
        t = placeInZone(parts.date, parts.time ?? '00:00:00', ctx.timeZone);
      return parseWithRegistry(field, t);
    },
    write(v, _f, ctx) {
      const at = typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isNaN(at) ? null : wallClock(at, ctx.timeZone);
    },
  },
  time: plain,
  select: choice,
  radio: choice,
  multiselect: choice,
  checkboxes: choice,
  boolean: {
    write: (v, _f, ctx) =>
      typeof v === 'boolean'
        ? v
          ? ctx.locale.startsWith('zh')
            ? '是'
            : 'Yes'
          : ctx.locale.startsWith('zh')
            ? '否'
            : 'No'
        : null,
  },
  address: { write: (v, f, ctx) => fieldRegistry.of(f).format(v as never, f as never, ctx.locale) || null },
  location: {
    // The import's layout ("lat,lng name"), not the display's.
    write(v) {
      if (!v || typeof v !== 'object') return null;
      const l = v as { lat: number; lng: number; name?: string };
      return `${l.lat},${l.lng}${l.name ? ` ${l.name}` : ''}`;
    },
  },
  member: {
    read: (t, _f, ctx) => byName(ctx.members, t, 'member'),
    write: (v, _f, ctx) => list(ids(v).map(ctx.memberName)),
  },
  members: {
    read: (t, _f, ctx) => many(t, (p) => byName(ctx.members, p, 'member')),
    write: (v, _f, ctx) => list(ids(v).map(ctx.memberName)),
  },
  department: {
    read: (t, _f, ctx) => byName(ctx.departments, t, 'department'),
    write: (v, _f, ctx) => list(ids(v).map(ctx.departmentName)),
  },
  departments: {
    read: (t, _f, ctx) => many(t, (p) => byName(ctx.departments, p, 'department')),
    write: (v, _f, ctx) => list(ids(v).map(ctx.departmentName)),
  },
  relation: {
    read(t, field, ctx) {
      const index = ctx.relations.get(ctx.relationKey) ?? new Map();
      return field.config.multiple ? many(t, (p) => byName(index, p, 'record')) : byName(index, t, 'record');
    },
    write: (v, _f, ctx) => list(ids(v).map((id) => ctx.recordTitle(ctx.relationKey, id))),
  },
  image: files,
  attachment: files,
  signature: files,
  // Subform rows are their own sheet or rows (exports/columns.ts), never one cell.
  subform: noValue,
  description: noValue,
  divider: noValue,
} satisfies { [T in FieldType]: CellCodec<T> };

/** The codec of a field's type. */
export function codecOf(field: FieldDefinition): CellCodec {
  return cellCodecs[field.type] as CellCodec;
}

/** Reads one cell for one field. Empty text is an empty value (required-ness is the write's check). */
export function readCell(field: FieldDefinition, value: string, ctx: ReadContext): CellResult {
  if (value.trim() === '') return { ok: true, value: null };
  const codec = codecOf(field);
  return codec.read ? codec.read(value, field, ctx) : parseWithRegistry(field, value);
}

/** The field registry's own text parsing (packages/fields), its refusal with a code. */
function parseWithRegistry(field: FieldDefinition, value: string): CellResult {
  const parsed = fieldRegistry.of(field).parseText(value, field as never);
  if (parsed.ok) return parsed;
  return fail(parsed.code ?? 'invalid', parsed.message);
}

/** Writes one value of one field as a cell. */
export function writeCell(field: FieldDefinition, value: unknown, ctx: WriteContext): ExportCell {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return codecOf(field).write(value, field, ctx);
}
