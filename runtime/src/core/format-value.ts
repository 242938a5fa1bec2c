/**
 * Plain-text display of a stored value for read-only tables. Temporary: field-aware formatting
 * comes from the @tangram/fields registry once it exists.
 */
export function formatValue(value: unknown, yesNo: { yes: string; no: string }): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? yesNo.yes : yesNo.no;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(v, yesNo)).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of ['name', 'label', 'title', 'text']) {
      if (typeof o[key] === 'string') return o[key];
    }
    return JSON.stringify(value);
  }
  return String(value);
}
