import type { FieldOf, FieldProblem } from '../field-type.js';
import { parseNumberText } from '../text-parse.js';
import { NUMBER_OPERATORS } from '../operators.js';
import { bad, ok, spec } from './common.js';

/** Largest magnitude accepted: beyond it JSON numbers lose integer precision. */
const MAX_ABS = 1e15;

/** Decimal places of a number as JSON prints it (0.1 -> 1, 1e-7 -> 7). */
export function decimalPlaces(value: number): number {
  if (Number.isInteger(value)) return 0; // most quantities and many amounts: no string work
  const [mantissa = '', exponent] = String(value).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/**
 * Formatters are built once per locale and options: a table formats thousands of cells while
 * scrolling, and `toLocaleString` with options builds a new Intl.NumberFormat on every call.
 */
const formatters = new Map<string, Intl.NumberFormat>();
export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions): string {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}

type Numeric = FieldOf<'number'> | FieldOf<'money'> | FieldOf<'percent'>;

/**
 * Range and precision checks of number, money and percent values. Each problem carries a code
 * (`not_a_number`, `too_large`, `too_many_decimals`, `below_min`, `above_max`) so a form can word
 * it in the user's language; the message is the API's English text.
 */
function checkNumber(value: unknown, field: Numeric, precision: number): FieldProblem | null {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { code: 'not_a_number', message: 'must be a finite number', zh: '必须是数字' };
  if (Math.abs(value) >= MAX_ABS)
    return {
      code: 'too_large',
      message: `must be smaller than ${MAX_ABS} in magnitude`,
      zh: '的数值太大（绝对值须小于 10^15）',
    };
  if (decimalPlaces(value) > precision)
    return {
      code: 'too_many_decimals',
      message: `allows at most ${precision} decimal places`,
      zh: `最多 ${precision} 位小数`,
    };
  const { min, max } = field.config ?? {};
  const shown = (v: number) => (field.type === 'percent' ? `${Number((v * 100).toFixed(6))}%` : String(v));
  if (min !== undefined && value < min)
    return { code: 'below_min', message: `must be at least ${shown(min)}`, zh: `不能小于 ${shown(min)}` };
  if (max !== undefined && value > max)
    return { code: 'above_max', message: `must be at most ${shown(max)}`, zh: `不能大于 ${shown(max)}` };
  return null;
}

/** Parses "1,234.50", "¥1,234.5", "12.5%" (percent fields), "-3"; refuses "12abc" and hex. */
function parseNumber(text: string, percent: boolean) {
  if (text.trim() === '') return ok(null);
  const parsed = parseNumberText(text);
  if (!parsed || (parsed.percentSign && !percent)) return bad(`"${text}" is not a number`, 'not_a_number');
  const { value, percentSign } = parsed;
  return ok(percent && percentSign ? Number((value / 100).toPrecision(15)) : value);
}

const numberSchema = { type: 'number' };

export const numberField = spec<'number'>({
  type: 'number',
  group: 'basic',
  label: { 'zh-CN': '数字', en: 'Number' },
  storage: () => 'numeric',
  valueSchema: () => numberSchema,
  check: (v, f) => checkNumber(v, f, f.config?.precision ?? 10),
  formulaType: () => 'number',
  operators: NUMBER_OPERATORS,
  sortable: true,
  uniqueAllowed: true,
  parseText: (text) => parseNumber(text, false),
  format(value, f, locale) {
    if (typeof value !== 'number') return '';
    const text = formatNumber(value, locale, {
      useGrouping: f.config?.thousands ?? false,
      minimumFractionDigits: f.config?.precision ?? 0,
      maximumFractionDigits: f.config?.precision ?? 10,
    });
    return f.config?.unit ? `${text} ${f.config.unit}` : text;
  },
  defaultConfig: () => ({ precision: 0 }),
});

export const moneyField = spec<'money'>({
  type: 'money',
  group: 'basic',
  label: { 'zh-CN': '金额', en: 'Money' },
  storage: () => 'numeric',
  valueSchema: () => numberSchema,
  check: (v, f) => checkNumber(v, f, f.config?.precision ?? 2),
  formulaType: () => 'number',
  operators: NUMBER_OPERATORS,
  sortable: true,
  parseText: (text) => parseNumber(text, false),
  format(value, f, locale) {
    if (typeof value !== 'number') return '';
    const digits = f.config?.precision ?? 2;
    return formatNumber(value, locale, {
      style: 'currency',
      currency: f.config?.currency ?? 'CNY',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  },
  defaultConfig: () => ({ currency: 'CNY', precision: 2 }),
});

export const percentField = spec<'percent'>({
  type: 'percent',
  group: 'basic',
  label: { 'zh-CN': '百分比', en: 'Percent' },
  storage: () => 'numeric',
  valueSchema: () => numberSchema,
  // Stored as a fraction, so 2 displayed decimals of a percent are 4 stored ones.
  check: (v, f) => checkNumber(v, f, (f.config?.precision ?? 2) + 2),
  formulaType: () => 'number',
  operators: NUMBER_OPERATORS,
  sortable: true,
  parseText: (text) => parseNumber(text, true),
  format(value, f, locale) {
    if (typeof value !== 'number') return '';
    const digits = f.config?.precision ?? 2;
    return formatNumber(value, locale, {
      style: 'percent',
      minimumFractionDigits: 0,
      maximumFractionDigits: digits,
    });
  },
  defaultConfig: () => ({ precision: 2 }),
});
