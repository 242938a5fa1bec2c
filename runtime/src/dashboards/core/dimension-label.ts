import type { FieldDefinition } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { formatCell, emptyDirectory } from '../../views/core/format-cell';

/** The label of a dimension value on an axis, in a legend or a tooltip. */
export function dimensionLabel(
  value: unknown,
  options: { field?: FieldDefinition; bucket?: string; lang: string; empty: string },
): string {
  if (value === null || value === undefined || value === '') return options.empty;
  const { field, bucket, lang } = options;
  if (bucket && typeof value === 'string') return bucketLabel(value, bucket);
  const choices = (
    field?.config as { options?: { value: unknown; label?: Record<string, string> }[] } | undefined
  )?.options;
  const option = choices?.find((o) => o.value === value);
  if (option?.label) return pickText(option.label, lang);
  if (field) return formatCell(field, value, lang, emptyDirectory);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return String(value);
}

/** `2024-03-01` as a month is `2024-03`, as a quarter `2024 Q1`, as a year `2024`. */
export function bucketLabel(date: string, bucket: string): string {
  const [y = '', m = '01'] = date.split('-');
  switch (bucket) {
    case 'year':
      return y;
    case 'quarter':
      return `${y} Q${Math.floor((Number(m) - 1) / 3) + 1}`;
    case 'month':
      return `${y}-${m}`;
    default:
      return date.slice(0, 10);
  }
}
