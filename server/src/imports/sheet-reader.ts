/**
 * Reads the rows of an uploaded spreadsheet as text, streaming: xlsx through exceljs's streaming
 * reader (after zip-guard.ts cleared it), CSV through csv-parse after the encoding is detected.
 * Memory stays flat however long the sheet; every bound of limits.ts is checked while reading.
 */
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { cellText } from './cell-text';
import { badFile } from './import-errors';
import { IMPORT_LIMITS } from './limits';
import { detectFileEncoding, type TextEncoding } from './text-encoding';
import { inspectXlsx } from './zip-guard';

export type FileKind = 'xlsx' | 'csv';

/** One sheet row: its number as the spreadsheet shows it (1-based) and its cells as text. */
export interface SheetRow {
  number: number;
  cells: string[];
  /** 1-based column numbers of formula cells without a cached value. */
  formulasWithoutValue?: number[];
}

export interface SheetSummary {
  index: number;
  name: string;
  /** Rows with at least one value. */
  rows: number;
  columns: number;
  preview: SheetRow[];
  merged: string[];
  formulasWithoutValue: number;
}

/** Decides xlsx or CSV from the first bytes (the name is only a hint); refuses anything else. */
export async function fileKind(path: string): Promise<FileKind> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
      throw badFile(
        'xls_not_supported',
        'Old Excel files (.xls) cannot be imported: save the file as .xlsx or CSV.',
      );
    // Text has no NUL bytes (UTF-16 has them: Excel's "Unicode text" is not a CSV).
    if (bytesRead === 0) throw badFile('empty_file', 'The file is empty.');
    if (bytes.includes(0))
      throw badFile('not_a_spreadsheet', 'This file is not an Excel workbook (.xlsx) or a CSV file.');
    return 'csv';
  } finally {
    await handle.close();
  }
}

const tooManyColumns = (count: number) =>
  badFile(
    'too_many_columns',
    `A row has ${count} columns; at most ${IMPORT_LIMITS.columns} can be imported.`,
    { limit: IMPORT_LIMITS.columns },
  );
const tooManyRows = () =>
  badFile(
    'too_many_rows',
    `The sheet has more than ${IMPORT_LIMITS.rows} rows; split it into several files.`,
    {
      limit: IMPORT_LIMITS.rows,
    },
  );

function checkCells(cells: string[]): string[] {
  if (cells.length > IMPORT_LIMITS.columns) throw tooManyColumns(cells.length);
  return cells.map((c) => (c.length > IMPORT_LIMITS.cellChars ? c.slice(0, IMPORT_LIMITS.cellChars) : c));
}

/** A row with nothing in it (skipped everywhere, never an error). */
export const isBlankRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

interface XlsxSheet {
  index: number;
  name: string;
  part: number;
  rows: AsyncIterable<SheetRow>;
}

/** Every worksheet of a workbook in order, each with its rows (consume one before the next). */
async function* xlsxSheets(path: string): AsyncGenerator<XlsxSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let index = 0;
  for await (const ws of reader) {
    if (index >= IMPORT_LIMITS.sheets)
      throw badFile('too_many_sheets', `The workbook has more than ${IMPORT_LIMITS.sheets} sheets.`);
    const sheet = ws as unknown as AsyncIterable<ExcelJS.Row> & { name: string; id: number };
    yield { index, name: sheet.name, part: Number(sheet.id), rows: xlsxRows(sheet) };
    index += 1;
  }
}

async function* xlsxRows(sheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<SheetRow> {
  let count = 0;
  for await (const row of sheet) {
    const values = row.values as unknown[];
    if (values.length - 1 > IMPORT_LIMITS.columns) throw tooManyColumns(values.length - 1);
    const cells: string[] = [];
    const formulas: number[] = [];
    for (let c = 1; c < values.length; c += 1) {
      const t = cellText(values[c]);
      cells.push(t.text);
      if (t.formulaWithoutValue) formulas.push(c);
    }
    if ((count += 1) > IMPORT_LIMITS.rows + 1) throw tooManyRows();
    yield {
      number: row.number,
      cells: checkCells(cells),
      ...(formulas.length ? { formulasWithoutValue: formulas } : {}),
    };
  }
}

async function* csvRows(path: string, encoding: TextEncoding): AsyncGenerator<SheetRow> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  const decoded = encoding === 'gb18030' ? source.pipe(iconv.decodeStream('gb18030')) : source;
  const parser = decoded.pipe(
    parseCsv({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // A quoted field longer than this is a broken file, not a cell (bounds the parser's buffer).
      max_record_size: IMPORT_LIMITS.cellChars * 8,
    }),
  );
  let count = 0;
  try {
    // A record is a row as Excel shows the file (a quoted cell may span lines).
    for await (const record of parser as AsyncIterable<string[]>) {
      if ((count += 1) > IMPORT_LIMITS.rows + 1) throw tooManyRows();
      yield { number: count, cells: checkCells(record) };
    }
  } catch (e) {
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('CSV_'))
      throw badFile('bad_csv', `The CSV file cannot be read: ${e.message}`);
    throw e;
  } finally {
    source.destroy();
  }
}

/** Reads a whole file once: every sheet's size, preview, merged ranges and formulas. */
export async function summarize(
  path: string,
  kind: FileKind,
): Promise<{ sheets: SheetSummary[]; encoding: TextEncoding | null }> {
  if (kind === 'csv') {
    const encoding = await detectFileEncoding(path);
    const sheet = await summarizeRows(0, 'CSV', csvRows(path, encoding), []);
    return { sheets: [sheet], encoding };
  }
  const facts = await inspectXlsx(path, { merged: true });
  const sheets: SheetSummary[] = [];
  try {
    for await (const s of xlsxSheets(path))
      sheets.push(await summarizeRows(s.index, s.name, s.rows, facts.merged.get(s.part) ?? []));
  } catch (e) {
    if (e instanceof Error && e.name === 'AppError') throw e;
    throw badFile(
      'not_a_spreadsheet',
      'This workbook cannot be read; open it in Excel and save it again as .xlsx.',
    );
  }
  if (sheets.length === 0) throw badFile('no_sheets', 'The workbook has no sheets.');
  return { sheets, encoding: null };
}

async function summarizeRows(
  index: number,
  name: string,
  rows: AsyncIterable<SheetRow>,
  merged: string[],
): Promise<SheetSummary> {
  const preview: SheetRow[] = [];
  let count = 0;
  let columns = 0;
  let formulas = 0;
  for await (const row of rows) {
    if (isBlankRow(row.cells)) continue;
    count += 1;
    columns = Math.max(columns, row.cells.length);
    formulas += row.formulasWithoutValue?.length ?? 0;
    if (preview.length < IMPORT_LIMITS.previewRows) preview.push(row);
  }
  return { index, name, rows: count, columns, preview, merged, formulasWithoutValue: formulas };
}

/** The rows of one sheet, from the top (the caller skips what it has done). */
export async function* sheetRows(
  path: string,
  kind: FileKind,
  sheetIndex: number,
  encoding: TextEncoding | null,
): AsyncGenerator<SheetRow> {
  if (kind === 'csv') {
    yield* csvRows(path, encoding ?? 'utf-8');
    return;
  }
  for await (const s of xlsxSheets(path)) {
    if (s.index === sheetIndex) {
      yield* s.rows;
      return;
    }
    // Earlier sheets must be read through: the zip is one stream.
    for await (const _row of s.rows) void _row;
  }
}
