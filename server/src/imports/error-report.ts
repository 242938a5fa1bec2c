/**
 * The dry run's report as a workbook: the header row, then every bad row as it was in the file,
 * with a first column saying what is wrong (in the user's language), so the user can fix the
 * rows in Excel and import the report itself. Streamed: only the bad rows are held.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { JobRow } from './job-store';
import { importFilePath } from './job-runner';
import { reasonText } from './reasons';
import { sheetRows } from './sheet-reader';

export async function writeErrorReport(
  out: Writable,
  job: JobRow,
  dataDir: string,
  lang: 'zh-CN' | 'en',
): Promise<void> {
  const settings = job.settings!;
  const byRow = new Map<number, string[]>();
  let headers: string[] = [];
  const sheet = job.sheets[settings.sheet];
  headers = sheet?.preview.find((r) => r.number === settings.headerRow)?.cells ?? [];
  for (const e of job.errors) {
    const list = byRow.get(e.row) ?? [];
    const where = e.column >= 0 ? `${headers[e.column] || `#${e.column + 1}`}: ` : '';
    list.push(`${where}${reasonText(e, lang)}`);
    byRow.set(e.row, list);
  }
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  const ws = book.addWorksheet(lang === 'en' ? 'Errors' : '错误');
  const errorHeader = lang === 'en' ? 'Errors' : '错误原因';
  const rowHeader = lang === 'en' ? 'Row' : '原行号';
  const head = ws.addRow([errorHeader, rowHeader, ...headers]);
  head.font = { bold: true };
  head.commit();
  const file = importFilePath(dataDir, job.org_id, job.id);
  let left = byRow.size;
  if (left > 0) {
    for await (const row of sheetRows(file, job.file_kind, settings.sheet, job.encoding)) {
      const reasons = byRow.get(row.number);
      if (!reasons) continue;
      // Cells are written as text: a cell starting with "=" must not become a formula.
      const r = ws.addRow([
        reasons.join('\n'),
        row.number,
        ...row.cells.map((c) => ({ richText: [{ text: c }] })),
      ]);
      r.getCell(1).font = { color: { argb: 'FFC0392B' } };
      r.commit();
      if ((left -= 1) === 0) break;
    }
  }
  ws.getColumn(1).width = 48;
  await book.commit();
}
