/** What the print tests share: their screenshot folder and reading a printed PDF (text and page 1 as a PNG). */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir, shoot } from './browser';

export const PRINT_SHOTS = '/tmp/shots/print';

/** A full-page screenshot, also copied into the print folder to be looked at with the PDFs. */
export async function snapPrint(page: Page, name: string): Promise<void> {
  await shoot(page, name);
  await mkdir(PRINT_SHOTS, { recursive: true });
  await copyFile(path.join(screenshotDir, `${name}.png`), `${PRINT_SHOTS}/${name}.png`);
}

export interface PrintedPdf {
  /** The PDF's text, laid out as on the page (pdftotext -layout). */
  text: string;
  /** Where the PDF was written, for pdfimages and the like. */
  file: string;
}

/** Writes a printed PDF to a temporary folder, turns page 1 into `<PRINT_SHOTS>/<name>.png` and reads its text. */
export async function readPdf(bytes: Buffer, name: string): Promise<PrintedPdf> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'print-e2e-')), `${name}.pdf`);
  await writeFile(file, bytes);
  await mkdir(PRINT_SHOTS, { recursive: true });
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '80',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    file,
    `${PRINT_SHOTS}/${name}`,
  ]);
  return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), file };
}
