/**
 * Streaming writers of an export's rows: XLSX through exceljs's streaming WorkbookWriter (rows are
 * committed as written, nothing of a sheet is kept), CSV through csv-stringify in UTF-8 with a BOM
 * (Excel opens Chinese text correctly only with it). Both write texts that a spreadsheet would run
 * (`= + - @`, tab, CR first) as text: string cells with the text format in XLSX, a leading `'`
 * in CSV (OWASP's advice for CSV injection).
 */
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportCell } from '../imports/cell-codecs';

/** A text a spreadsheet would read as a formula (or DDE) when typed in. */
export const looksLikeFormula = (s: string): boolean => /^[=+\-@\t\r]/.test(s);

export interface SheetWriter {
  /** Starts a sheet (CSV has one: a second is refused by the caller). */
  sheet(name: string, headers: readonly string[]): void;
  row(cells: readonly ExportCell[]): void;
  /** Waits while the destination is full (called once per page). */
  drain(): Promise<void>;
  end(): Promise<void>;
}

async function drainOf(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, 'drain');
}

/** Excel sheet names: 31 characters, none of `\ / ? * [ ] :`, unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[\\/?*[\]:]/g, ' ')
      .slice(0, 28)
      .trim() || 'Sheet';
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i += 1) out = `${base} ${i}`;
  taken.add(out.toLowerCase());
  return out;
}

const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** A wall-clock date (and time) as a Date whose UTC fields hold it: how exceljs writes serials. */
const wallDate = (date: string, time?: string) => new Date(`${date}T${time ?? '00:00:00'}Z`);

export function xlsxWriter(out: Writable): SheetWriter {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // Inline strings: a shared-strings table would hold every distinct text of a million rows.
    useSharedStrings: false,
  });
  book.creator = 'Tangram';
  const taken = new Set<string>();
  let current: ExcelJS.Worksheet | null = null;
  const close = async () => {
    if (current) await (current as unknown as { commit(): Promise<void> }).commit();
    current = null;
  };
  return {
    sheet(name, headers) {
      if (current) (current as unknown as { commit(): void }).commit();
      current = book.addWorksheet(sheetName(name, taken));
      const head = current.addRow([...headers]);
      head.font = { bold: true };
      head.commit();
    },
    row(cells) {
      const row = current!.addRow(
        cells.map((c) => {
          if (c === null || typeof c === 'string') return c;
          if ('number' in c) return c.number;
          return wallDate(c.date, c.time);
        }),
      );
      cells.forEach((c, i) => {
        if (c === null) return;
        const cell = row.getCell(i + 1);
        if (typeof c === 'string') {
          // A string value is an inline-string cell, never a formula; '@' keeps it text when edited.
          if (looksLikeFormula(c)) cell.numFmt = '@';
        } else if ('number' in c) {
          if (c.format !== 'General') cell.numFmt = c.format;
        } else {
          cell.numFmt = c.time ? DATETIME_FORMAT : DATE_FORMAT;
        }
      });
      row.commit();
    },
    drain: () => drainOf(out),
    async end() {
      await close();
      await book.commit();
    },
  };
}

/** A cell as CSV text: exact numbers, dates as `YYYY-MM-DD[ HH:mm:ss]`, formula-like texts quoted. */
export function csvText(cell: ExportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return looksLikeFormula(cell) ? `'${cell}` : cell;
  if ('number' in cell) return cell.text;
  return cell.time ? `${cell.date} ${cell.time}` : cell.date;
}

export function csvWriter(out: Writable): SheetWriter {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  csv.pipe(out);
  let sheets = 0;
  return {
    sheet(_name, headers) {
      sheets += 1;
      if (sheets > 1) throw new Error('a CSV file has one sheet');
      csv.write(headers.map((h) => csvText(h)));
    },
    row(cells) {
      csv.write(cells.map(csvText));
    },
    async drain() {
      await drainOf(csv);
      await drainOf(out);
    },
    async end() {
      csv.end();
      await once(csv, 'end');
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}
