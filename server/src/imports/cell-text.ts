/**
 * A spreadsheet cell as text, the one shape coercion reads (pure). exceljs gives dates as `Date`
 * objects holding the wall-clock time in UTC fields; they become `YYYY-MM-DD` or
 * `YYYY-MM-DD HH:mm:ss` without a zone, which date-time fields place in the org's zone.
 */
export interface CellText {
  text: string;
  /** A formula cell without a cached result (the workbook was never calculated and saved). */
  formulaWithoutValue?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = d.toISOString().slice(0, 10);
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${day} ${pad(h)}:${pad(m)}:${pad(s)}` : day;
}

/** Converts one exceljs cell value. Formula cells give their cached result. */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(value) : '' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: dateText(value) };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined || v.result === null) return { text: '', formulaWithoutValue: true };
      return cellText(typeof v.result === 'object' && v.result && 'error' in v.result ? v.result : v.result);
    }
    if (Array.isArray(v.richText))
      return { text: v.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('') };
    if ('hyperlink' in v) return { text: String(v.text ?? v.hyperlink ?? '') };
    if ('error' in v) return { text: String(v.error) };
  }
  return { text: String(value) };
}
