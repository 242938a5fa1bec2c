/**
 * Columns to fields (pure): which fields an import can fill, the automatic match of headers to
 * field labels in zh-CN and en, and the checks of a mapping the user edited.
 */
import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';

/** One column's target: a top-level field, or a field of a subform's rows (`sub`). */
export interface ColumnMapping {
  /** 0-based column index in the sheet. */
  column: number;
  field: string;
  sub?: string;
}

export type ImportPolicy = 'all_or_nothing' | 'skip_bad_rows';
export type ImportMode = 'create' | 'upsert';

export interface ImportSettings {
  sheet: number;
  /** 1-based row number of the header row; data starts below it. */
  headerRow: number;
  columns: ColumnMapping[];
  policy: ImportPolicy;
  mode: ImportMode;
  /** Upsert: the field whose value finds the existing record. */
  keyField?: string;
  /** Subform rows: consecutive rows with the same value in this column form one record. */
  groupBy?: number;
}

/** A field an import may fill, as the wizard lists it. */
export interface ImportTarget {
  field: string;
  sub?: string;
  type: string;
  label: { 'zh-CN'?: string; en?: string };
  required: boolean;
}

/** Types whose values cannot come from a text cell (files, drawings). */
const NOT_FROM_TEXT = new Set(['image', 'attachment', 'signature', 'subform']);

const importable = (f: FieldDefinition) => {
  const spec = fieldRegistry.of(f);
  return spec.writable && !spec.computed && spec.storage(f as never) !== null && !NOT_FROM_TEXT.has(f.type);
};

/** Every field and subform field an import can fill, in form order. */
export function importTargets(form: FormDefinition): ImportTarget[] {
  const out: ImportTarget[] = [];
  for (const f of form.fields) {
    if (f.type === 'subform') {
      for (const s of f.config.fields)
        if (importable(s))
          out.push({
            field: f.id,
            sub: s.id,
            type: s.type,
            label: {
              'zh-CN': `${f.label['zh-CN'] ?? f.label.en ?? f.id}.${s.label['zh-CN'] ?? s.label.en ?? s.id}`,
              en: `${f.label.en ?? f.label['zh-CN'] ?? f.id}.${s.label.en ?? s.label['zh-CN'] ?? s.id}`,
            },
            required: s.required === true,
          });
    } else if (importable(f)) {
      out.push({ field: f.id, type: f.type, label: f.label, required: f.required === true });
    }
  }
  return out;
}

/** Header text compared loosely: case, width, spaces and a trailing `*` (required marks) ignored. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*＊:：]/g, '')
    .replace(/[-_/／]/g, '.');
}

export interface HeaderProblem {
  column: number;
  code: 'empty_header' | 'duplicate_header';
  /** For a duplicate, the 0-based column of its first occurrence. */
  first?: number;
  value: string;
}

/**
 * Empty and duplicate headers of the columns that hold data. An empty header over an empty column
 * is just the end of the sheet; over data it is a column nobody can map by name.
 */
export function headerProblems(
  headers: readonly string[],
  columnsWithData: ReadonlySet<number>,
): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const seen = new Map<string, number>();
  headers.forEach((raw, column) => {
    const key = headerKey(raw);
    if (key === '') {
      if (columnsWithData.has(column)) problems.push({ column, code: 'empty_header', value: raw });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) problems.push({ column, code: 'duplicate_header', first, value: raw });
    else seen.set(key, column);
  });
  return problems;
}

/** Matches headers to fields by label (zh-CN, en) or id; each field at most once, first column wins. */
export function autoMap(headers: readonly string[], form: FormDefinition): ColumnMapping[] {
  const byKey = new Map<string, ImportTarget>();
  for (const t of importTargets(form)) {
    const names = [t.label['zh-CN'], t.label.en, t.sub ? `${t.field}.${t.sub}` : t.field];
    if (t.sub) {
      // A subform column is usually headed by the sub-field's own label.
      const sub = form.fields.find((f) => f.id === t.field);
      const s = sub?.type === 'subform' ? sub.config.fields.find((x) => x.id === t.sub) : undefined;
      names.push(s?.label['zh-CN'], s?.label.en);
    }
    for (const n of names) if (n && !byKey.has(headerKey(n))) byKey.set(headerKey(n), t);
  }
  const used = new Set<string>();
  const out: ColumnMapping[] = [];
  headers.forEach((h, column) => {
    const t = byKey.get(headerKey(h));
    if (!t) return;
    const id = t.sub ? `${t.field}.${t.sub}` : t.field;
    if (used.has(id)) return;
    used.add(id);
    out.push({ column, field: t.field, ...(t.sub ? { sub: t.sub } : {}) });
  });
  return out;
}

export interface SettingsIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * A mapping's problems against the form and the sheet: unknown or unimportable targets, a field
 * mapped twice, columns outside the sheet, upsert without a usable key, subform columns without
 * a grouping column when several subform rows would need one.
 */
export function settingsIssues(
  s: ImportSettings,
  form: FormDefinition,
  columnCount: number,
): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const targets = new Map(importTargets(form).map((t) => [t.sub ? `${t.field}.${t.sub}` : t.field, t]));
  const seen = new Set<string>();
  s.columns.forEach((c, i) => {
    const id = c.sub ? `${c.field}.${c.sub}` : c.field;
    if (!targets.has(id))
      issues.push({
        path: `/columns/${i}/field`,
        code: 'unknown_field',
        message: `"${id}" is not a field this import can fill`,
      });
    if (seen.has(id))
      issues.push({
        path: `/columns/${i}/field`,
        code: 'duplicate_mapping',
        message: `"${id}" is mapped from two columns`,
      });
    seen.add(id);
    if (c.column >= columnCount)
      issues.push({
        path: `/columns/${i}/column`,
        code: 'unknown_column',
        message: `column ${c.column + 1} is not in the sheet`,
      });
  });
  if (s.columns.length === 0)
    issues.push({ path: '/columns', code: 'nothing_mapped', message: 'map at least one column to a field' });
  if (s.mode === 'upsert') {
    const key = s.keyField ? form.fields.find((f) => f.id === s.keyField) : undefined;
    if (!key || !s.columns.some((c) => c.field === key.id && !c.sub))
      issues.push({
        path: '/keyField',
        code: 'key_not_mapped',
        message: 'upsert needs a key field that a column is mapped to',
      });
    else if (!['text', 'phone', 'email', 'number', 'serial', 'url'].includes(key.type))
      issues.push({
        path: '/keyField',
        code: 'key_type',
        message: 'the key field must be text, a number, a phone, an email or a URL',
      });
  }
  if (s.groupBy !== undefined && s.groupBy >= columnCount)
    issues.push({
      path: '/groupBy',
      code: 'unknown_column',
      message: `column ${s.groupBy + 1} is not in the sheet`,
    });
  return issues;
}
