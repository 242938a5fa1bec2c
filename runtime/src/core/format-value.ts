import type { FieldDefinition } from '@tangram/client';
import { pickText } from './i18n-text';

export interface FormatTexts {
  yes: string;
  no: string;
}

/**
 * Plain-text display of a stored value for read-only tables. Temporary: field-aware formatting
 * comes from the @tangram/fields registry once the runtime's widget registry lands.
 */
export function formatValue(value: unknown, texts: FormatTexts): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? texts.yes : texts.no;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(v, texts)).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of ['name', 'label', 'title', 'text']) {
      if (typeof o[key] === 'string') return o[key];
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** Like formatValue, but choice fields show their option labels instead of stored values. */
export function formatFieldValue(
  field: FieldDefinition,
  value: unknown,
  lang: string,
  texts: FormatTexts,
): string {
  const options = (
    field.config as { options?: { value: unknown; label?: Record<string, string> }[] } | undefined
  )?.options;
  if (!options) return formatValue(value, texts);
  const label = (v: unknown) => {
    const option = options.find((o) => o.value === v);
    return option?.label ? pickText(option.label, lang) : formatValue(v, texts);
  };
  return Array.isArray(value) ? value.map(label).join(', ') : value == null ? '' : label(value);
}
