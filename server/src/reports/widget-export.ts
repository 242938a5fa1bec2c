import ExcelJS from 'exceljs';
import type { AppDefinition, I18NText, Widget } from '@tangram/schema';
import { sourceFields, widgetAggregate } from '@tangram/schema';
import type { WidgetColumn } from './widget-query';

export type Locale = 'zh-CN' | 'en';

const TEXTS = {
  others: { 'zh-CN': '其他', en: 'Others' },
  total: { 'zh-CN': '合计', en: 'Total' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
} as const;

const pick = (text: I18NText | undefined, locale: Locale): string | undefined =>
  text?.[locale] ?? text?.en ?? text?.['zh-CN'];

/**
 * A text a spreadsheet would read as a formula (or DDE) when typed in: `= + - @`, tab, CR.
 * Such values are written as text cells with the text number format, never as formulas.
 */
export const looksLikeFormula = (s: string): boolean => /^[=+\-@\t\r]/.test(s);

/** The file name of an export: the widget title, else its id, with characters file systems refuse replaced. */
export function exportFileName(widget: Widget, locale: Locale): string {
  const title = pick(widget.title, locale) ?? widget.id;
  // Characters file systems refuse, and control characters (code points below 32).
  const safe = [...title].map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch));
  const base = safe.join('').trim() || widget.id;
  return `${base}.xlsx`;
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Column headers: the dimension / measure label, else the field's label, else the key. */
function headers(
  app: AppDefinition,
  widget: Exclude<Widget, { type: 'text' }>,
  columns: WidgetColumn[],
  locale: Locale,
) {
  const fields = sourceFields(app, widget.source) ?? [];
  // A widget over an aggregate table names its keys and measures by their labels (decision 0036).
  const aggregateId = widgetAggregate(widget);
  const aggregate = (app.aggregates ?? []).find((a) => a.id === aggregateId);
  const fieldLabel = (id: string) =>
    pick(
      fields.find((f) => f.id === id)?.label ??
        aggregate?.keys.find((k) => k.id === id)?.label ??
        aggregate?.measures.find((m) => m.id === id)?.label,
      locale,
    );
  return columns.map((c) => {
    if (widget.type === 'table') return fieldLabel(c.key) ?? c.key;
    const dims = [...widget.dimensions, ...(widget.pivot?.columns ?? [])];
    const own =
      c.role === 'measure'
        ? pick(widget.measures.find((m) => m.as === c.key)?.label, locale)
        : pick(
            dims.find((d) => (d.as ?? (d.bucket ? `${d.field}_${d.bucket}` : d.field)) === c.key)?.label,
            locale,
          );
    return own ?? ('field' in c && c.field ? fieldLabel(c.field) : undefined) ?? c.key;
  });
}

/**
 * Ids named by the answer's labels (record titles, member and department names); a record the
 * reader may not read is a neutral mark, never its title. Undefined when the value has no label.
 */
function nameIds(value: unknown, labels: Record<string, string | null> | undefined): string | undefined {
  if (!labels || value === null || value === undefined) return undefined;
  const ids = Array.isArray(value) ? value : [value];
  const known = (x: unknown): x is string => typeof x === 'string' && Object.hasOwn(labels, x);
  if (!ids.some(known)) return undefined;
  return ids.map((x) => (known(x) ? (labels[x] ?? '—') : String(x))).join(', ');
}

/**
 * One widget's rows as an .xlsx workbook (one sheet, a header row, then the rows as the API
 * answers them). Numbers stay numbers; `$others` and pivot total rows are labelled in the first
 * dimension column; formula-like texts are written as plain text.
 */
export async function widgetWorkbook(
  app: AppDefinition,
  widget: Exclude<Widget, { type: 'text' }>,
  data: {
    columns: WidgetColumn[];
    rows: Record<string, unknown>[];
    labels?: Record<string, Record<string, string | null>>;
  },
  locale: Locale,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Tangram';
  const sheet = book.addWorksheet(
    (pick(widget.title, locale) ?? widget.id).replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Data',
  );
  const head = sheet.addRow(headers(app, widget, data.columns, locale));
  head.font = { bold: true };
  const firstDim = data.columns.find((c) => c.role === 'dimension')?.key;
  for (const row of data.rows) {
    const values = data.columns.map((c) => {
      let v = row[c.key];
      if (c.key === firstDim && v === null && row.$others === true) v = TEXTS.others[locale];
      else if (v === null && Array.isArray(row.$totals) && (row.$totals as string[]).includes(c.key))
        v = TEXTS.total[locale];
      const named = nameIds(v, data.labels?.[c.key]);
      if (named !== undefined) return named;
      if (typeof v === 'boolean') return v ? TEXTS.yes[locale] : TEXTS.no[locale];
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return v;
      if (Array.isArray(v)) return v.join(', ');
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    const added = sheet.addRow(values);
    added.eachCell((cell) => {
      if (typeof cell.value === 'string' && looksLikeFormula(cell.value)) {
        // A string value is a shared-string cell (never a formula); '@' keeps it text when edited.
        cell.numFmt = '@';
      }
    });
  }
  sheet.columns.forEach((col) => {
    col.width = 18;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
