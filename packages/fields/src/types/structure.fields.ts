import type { FieldOf, StorageKind } from '../field-type.js';
import type { FormulaValueType } from '../formula-type.js';
import type { Operator } from '@tangram/schema';
import {
  BOOLEAN_OPERATORS,
  CHOICE_OPERATORS,
  DATE_OPERATORS,
  EMPTINESS_OPERATORS,
  MULTI_OPERATORS,
  NO_OPERATORS,
  NUMBER_OPERATORS,
  TEXT_OPERATORS,
} from '../operators.js';
import { bad, ok, spec, splitList } from './common.js';
import { formatNumber } from './number.fields.js';

export const subformField = spec<'subform'>({
  type: 'subform',
  group: 'advanced',
  label: { 'zh-CN': '子表单', en: 'Subform' },
  // Rows live in a child table keyed by the parent record, so reports can aggregate lines.
  storage: () => null,
  valueSchema: (f, ctx) => ({
    type: 'array',
    items: ctx.rowSchema(f.config.fields),
    maxItems: f.config.maxRows ?? 10000,
    ...(f.config.minRows ? { minItems: f.config.minRows } : {}),
  }),
  check(value, f) {
    if (!Array.isArray(value)) return null;
    const ids = value.map((row) => (row as { id?: unknown }).id).filter((id) => id !== undefined);
    return new Set(ids).size === ids.length ? null : `${f.id} has two rows with the same id`;
  },
  formulaType: () => null,
  operators: EMPTINESS_OPERATORS,
  parseText: (text) =>
    text.trim() === '' ? ok(null) : bad('subform rows are imported as separate rows', 'not_importable'),
  format: (v) => (Array.isArray(v) ? `${v.length}` : ''),
  defaultConfig: () => ({ fields: [] }),
});

export const relationField = spec<'relation'>({
  type: 'relation',
  group: 'advanced',
  label: { 'zh-CN': '关联数据', en: 'Linked record' },
  storage: (f) => (f.config.multiple ? 'text[]' : 'text'),
  valueSchema: (f) => {
    const id = { type: 'string', minLength: 1, maxLength: 64 };
    return f.config.multiple ? { type: 'array', items: id, uniqueItems: true, maxItems: 1000 } : id;
  },
  formulaType: (f) => (f.config.multiple ? { array: 'text' } : 'text'),
  operators: MULTI_OPERATORS.concat(CHOICE_OPERATORS).filter((op, i, all) => all.indexOf(op) === i),
  parseText(text, f) {
    const ids = splitList(text);
    if (ids.length === 0) return ok(null);
    return ok(f.config.multiple ? [...new Set(ids)] : ids[0]);
  },
  defaultConfig: () => ({ form: 'form', multiple: false }) as never,
});

export const lookupField = spec<'lookup'>({
  type: 'lookup',
  group: 'advanced',
  label: { 'zh-CN': '关联查询', en: 'Lookup' },
  storage: () => null,
  writable: false,
  computed: true,
  valueSchema: () => null,
  // A balance lookup (decision 0036) is a number, as every aggregate but none.
  formulaType: (f) =>
    f.config.balance || (f.config.aggregate && f.config.aggregate !== 'none') ? 'number' : { array: 'any' },
  operators: NO_OPERATORS,
  parseText: () => ok(null),
  defaultConfig: () => ({ relation: 'relation', field: 'field' }) as never,
});

export const serialField = spec<'serial'>({
  type: 'serial',
  group: 'advanced',
  label: { 'zh-CN': '流水号', en: 'Serial number' },
  storage: () => 'text',
  writable: false,
  computed: true,
  valueSchema: () => null,
  formulaType: () => 'text',
  operators: TEXT_OPERATORS,
  sortable: true,
  parseText: () => ok(null),
  defaultConfig: () => ({
    parts: [
      { kind: 'date', format: 'YYYYMMDD' },
      { kind: 'counter', digits: 4, reset: 'day' },
    ],
  }),
});

type ResultType = FieldOf<'formula'>['config']['resultType'];

/** How a formula's result is stored and filtered, by its declared result type. */
const formulaResult: Record<
  ResultType,
  { storage: StorageKind; operators: readonly Operator[]; formula: FormulaValueType }
> = {
  number: { storage: 'numeric', operators: NUMBER_OPERATORS, formula: 'number' },
  text: { storage: 'text', operators: TEXT_OPERATORS, formula: 'text' },
  boolean: { storage: 'boolean', operators: BOOLEAN_OPERATORS, formula: 'boolean' },
  date: { storage: 'date', operators: DATE_OPERATORS, formula: 'date' },
  datetime: { storage: 'timestamptz', operators: DATE_OPERATORS, formula: 'datetime' },
};

export const formulaField = spec<'formula'>({
  type: 'formula',
  group: 'advanced',
  label: { 'zh-CN': '计算公式', en: 'Formula' },
  // Stored (recomputed by the server on every write) so that it can be filtered, sorted and grouped.
  storage: (f) => formulaResult[f.config.resultType].storage,
  writable: false,
  computed: true,
  valueSchema: () => null,
  formulaType: (f) => formulaResult[f.config.resultType].formula,
  operators: (f) => formulaResult[f.config.resultType].operators,
  sortable: true,
  // Text results have no length bound, and a b-tree entry must stay under ~2.7 kB.
  indexed: (f) => f.config.resultType !== 'text',
  parseText: () => ok(null),
  format(value, f, locale) {
    if (value === null || value === undefined) return '';
    if (f.config.resultType !== 'number' || typeof value !== 'number') return String(value);
    // Totals read like money fields: grouped, and in the formula's currency when it has one.
    const digits = f.config.precision;
    return formatNumber(value, locale, {
      ...(f.config.currency ? { style: 'currency', currency: f.config.currency } : {}),
      useGrouping: f.config.thousands ?? true,
      minimumFractionDigits: digits ?? (f.config.currency ? 2 : 0),
      maximumFractionDigits: digits ?? (f.config.currency ? 2 : 10),
    });
  },
  defaultConfig: () => ({ formula: '', resultType: 'number' }),
});

export const descriptionField = spec<'description'>({
  type: 'description',
  group: 'layout',
  label: { 'zh-CN': '描述文字', en: 'Description text' },
  storage: () => null,
  writable: false,
  valueSchema: () => null,
  formulaType: () => null,
  operators: NO_OPERATORS,
  parseText: () => ok(null),
  defaultConfig: () => ({ content: { 'zh-CN': '说明文字', en: 'Description' } }),
});

export const dividerField = spec<'divider'>({
  type: 'divider',
  group: 'layout',
  label: { 'zh-CN': '分割线', en: 'Divider' },
  storage: () => null,
  writable: false,
  valueSchema: () => null,
  formulaType: () => null,
  operators: NO_OPERATORS,
  parseText: () => ok(null),
});
