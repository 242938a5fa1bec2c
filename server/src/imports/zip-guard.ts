/**
 * Checks an xlsx (a zip) before anything inflates it: the central directory says how many entries
 * there are and how large each inflates, so a zip bomb (a few KB that inflate to gigabytes) is
 * refused from its directory alone. Worksheets are then inflated once, by yauzl, which verifies
 * the declared sizes while it reads, to find merged cells (exceljs's streaming reader skips them).
 */
import yauzl from 'yauzl';
import { badFile } from './import-errors';
import { IMPORT_LIMITS } from './limits';

export interface ZipFacts {
  /** Merged ranges per worksheet part number (`xl/worksheets/sheet2.xml` -> 2), at most 20 each. */
  merged: Map<number, string[]>;
}

const notSpreadsheet = () =>
  badFile('not_a_spreadsheet', 'This file is not an Excel workbook (.xlsx) or a CSV file.');

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(notSpreadsheet()) : resolve(zip),
    ),
  );
}

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** Refuses bombs and non-workbooks, then collects merged ranges. Closes the file in every case. */
export async function inspectXlsx(path: string, opts: { merged: boolean }): Promise<ZipFacts> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip);
    if (!entries.some((e) => e.fileName === 'xl/workbook.xml')) throw notSpreadsheet();
    const merged = new Map<number, string[]>();
    // The directory check is cheap (no inflating); the merge scan inflates every sheet once.
    if (!opts.merged) return { merged };
    for (const entry of entries) {
      const part = SHEET_PART.exec(entry.fileName);
      if (part) merged.set(Number(part[1]), await mergedRanges(zip, entry));
    }
    return { merged };
  } finally {
    zip.close();
  }
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    let inflated = 0;
    zip.on('error', () => reject(notSpreadsheet()));
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      inflated += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entries.length > IMPORT_LIMITS.zipEntries || inflated > IMPORT_LIMITS.zipInflatedBytes)
        return reject(zipBomb());
      if (entry.uncompressedSize > 1024 * 1024 && ratio > IMPORT_LIMITS.zipRatio) return reject(zipBomb());
      zip.readEntry();
    });
    zip.readEntry();
  });
}

const zipBomb = () =>
  badFile(
    'zip_bomb',
    `This workbook inflates far beyond its size (more than ${IMPORT_LIMITS.zipRatio} times, or over ` +
      `${IMPORT_LIMITS.zipInflatedBytes / 1024 ** 3} GB in all); it was refused unread.`,
  );

/** Scans one worksheet's XML for `<mergeCell ref="A1:B2"/>` (they follow the sheet data). */
function mergedRanges(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string[]> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(notSpreadsheet());
      const found: string[] = [];
      let tail = '';
      stream.on('data', (chunk: Buffer) => {
        // Keep a short tail so a tag split between chunks is still seen.
        const text = tail + chunk.toString('latin1');
        for (const m of text.matchAll(/<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g))
          if (found.length < 20 && !found.includes(m[1]!)) found.push(m[1]!);
        tail = text.slice(-64);
      });
      stream.on('error', () => reject(zipBomb()));
      stream.on('end', () => resolve(found));
    });
  });
}
