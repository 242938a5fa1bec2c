import type { FieldDefinition } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { formatCell, emptyDirectory } from '../../views/core/format-cell';

/** What a relation id the viewer may not read shows: a neutral mark, never its title. */
export const NO_ACCESS = '—';

/**
 * The server's name of an id value (the answer's `labels[columnKey]`: record titles, member and
 * department names), or undefined when it sent none for it. A list of ids is its names joined.
 */
export function idLabel(
  value: unknown,
  labels: Readonly<Record<string, string | null>> | undefined,
): string | undefined {
  if (!labels || value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (!value.some((v) => typeof v === 'string' && Object.hasOwn(labels, v))) return undefined;
    return value.map((v) => idLabel(v, labels) ?? String(v)).join(', ');
  }
  if (typeof value !== 'string' || !Object.hasOwn(labels, value)) return undefined;
  return labels[value] ?? NO_ACCESS;
}

/** The label of a dimension value on an axis, in a legend or a tooltip. */
export function dimensionLabel(
  value: unknown,
  options: {
    field?: FieldDefinition;
    bucket?: string;
    lang: string;
    empty: string;
    /** The answer's names of this column's ids (relations, members, departments). */
    labels?: Readonly<Record<string, string | null>> | undefined;
  },
): string {
  if (value === null || value === undefined || value === '') return options.empty;
  const { field, bucket, lang } = options;
  if (bucket && typeof value === 'string') return bucketLabel(value, bucket);
  const named = idLabel(value, options.labels);
  if (named !== undefined) return named;
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
