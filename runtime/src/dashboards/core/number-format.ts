import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition, NumberFormat } from '@tangram/schema';

/** Formats a measure value: the widget's number format when set, else the field's own format. */
export function formatMeasure(
  value: unknown,
  options: { format?: NumberFormat; field?: FieldDefinition; op?: string; locale: string },
): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  const { format, field, op, locale } = options;
  if (format) return formatWith(value, format, locale);
  // Counts are whole numbers whatever field they count; sum/min/max keep the field's unit and
  // precision. An average may have more decimals than the field allows: then plain Intl.
  if (field && op !== 'count' && op !== 'distinctCount') {
    try {
      return fieldRegistry.of(field).format(value, field as never, locale);
    } catch {
      /* falls through to the default */
    }
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** A number under an explicit format: decimals, thousands separators, percent, prefix and suffix. */
export function formatWith(value: number, format: NumberFormat, locale: string): string {
  const n = format.percent ? value * 100 : value;
  const text = new Intl.NumberFormat(locale, {
    minimumFractionDigits: format.decimals ?? 0,
    maximumFractionDigits: format.decimals ?? 2,
    useGrouping: format.thousands ?? true,
  }).format(n);
  return `${format.prefix ?? ''}${text}${format.percent ? '%' : ''}${format.suffix ?? ''}`;
}
