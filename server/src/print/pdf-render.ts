/**
 * Renders laid-out print sections to one PDF with pdfkit (decision 0045): each record on a new
 * page, header (logo, company name, title) and footer (text, "page / pages") on every page, cells
 * in equal columns, subform tables whose header repeats after a page break. Text is wrapped by
 * pdfkit with the embedded CJK font, which pdfkit subsets. The page count is bounded.
 */
import PDFDocument from 'pdfkit';
import type { PrintTemplate } from '@tangram/schema';
import { AppError } from '../http/app-error';
import type { PrintBlock, PrintCell, PrintSection } from './print-layout';
import { flowImages } from './print-images';
import type { PrintFont } from './print-font';

/** A printout longer than this is refused: print fewer records. */
export const MAX_PAGES = 1000;

const MM = 72 / 25.4;
const SIZES = { A4: 'A4', A5: 'A5', Letter: 'LETTER' } as const;
const FONT_SIZE = { small: 9, normal: 10.5, large: 14 } as const;
const HEADER_H = 36;
const FOOTER_H = 20;
const GREY = '#666666';
const LINE = '#bbbbbb';

export interface RenderInput {
  template: PrintTemplate;
  sections: PrintSection[];
  font: PrintFont;
  locale: string;
  companyName: string;
  /** The logo: image bytes (PNG/JPEG), or a letter drawn in a square (the app icon). */
  logo: { kind: 'image'; bytes: Buffer } | { kind: 'letter'; letter: string } | null;
  /** Picture bytes by file id, already checked (PNG/JPEG within bounds); others print as names. */
  pictures?: ReadonlyMap<string, Buffer>;
}

/** Tallest picture of an image field, and of a signature, in points. */
const PICTURE_H = { image: 110, signature: 48 } as const;

/** A picture pdfkit has opened: its object is drawn (and embedded once) however often it appears. */
interface Opened {
  width: number;
  height: number;
}

/** Opens each picture once per document; one pdfkit cannot read is remembered as null (its name prints). */
function pictureCache(doc: Doc, sources: ReadonlyMap<string, Buffer>) {
  const opened = new Map<string, Opened | null>();
  return (fileId: string): Opened | null => {
    if (!opened.has(fileId)) {
      const bytes = sources.get(fileId);
      let image: Opened | null = null;
      if (bytes)
        try {
          image = (doc as unknown as { openImage(src: Buffer): Opened }).openImage(bytes);
        } catch {
          image = null;
        }
      opened.set(fileId, image);
    }
    return opened.get(fileId) ?? null;
  };
}
type Pictures = ReturnType<typeof pictureCache>;

type Doc = PDFKit.PDFDocument;

/** The PDF bytes of `input`. */
export function renderPdf(input: RenderInput): Promise<Buffer> {
  const { template } = input;
  const m = template.page?.margins ?? {};
  const margins = {
    top: (m.top ?? 15) * MM + HEADER_H,
    bottom: (m.bottom ?? 15) * MM + FOOTER_H,
    left: (m.left ?? 15) * MM,
    right: (m.right ?? 15) * MM,
  };
  const doc = new PDFDocument({
    size: SIZES[template.page?.size ?? 'A4'],
    layout: template.page?.orientation ?? 'portrait',
    margins,
    bufferPages: true,
    autoFirstPage: false,
    info: { Title: input.sections[0]?.title ?? '', Producer: 'Tangram' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', input.font.path, input.font.family as string);
  doc.font('body');
  let pages = 0;
  doc.on('pageAdded', () => {
    pages += 1;
    if (pages > MAX_PAGES)
      throw new AppError(
        413,
        'print_too_large',
        `A printout is limited to ${MAX_PAGES} pages: print fewer records.`,
      );
  });
  const titles: string[] = [];
  const pictures = pictureCache(doc, input.pictures ?? new Map());
  for (const section of input.sections) {
    doc.addPage();
    titles[pages - 1] = section.title;
    const start = pages;
    for (const block of section.blocks) drawBlock(doc, block, pictures);
    for (let p = start; p < pages; p++) titles[p] = section.title;
  }
  if (pages === 0) doc.addPage();
  decorate(doc, input, titles, margins);
  doc.end();
  return done;
}

const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const widthOf = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page when `height` does not fit below the cursor (an oversize block just flows). */
function ensure(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc) && doc.y > doc.page.margins.top) doc.addPage();
}

function drawBlock(doc: Doc, block: PrintBlock, pictures: Pictures): void {
  if (block.kind === 'text') {
    doc.fontSize(FONT_SIZE[block.size]).fillColor('black');
    const h = doc.heightOfString(block.text || ' ', { width: widthOf(doc) });
    ensure(doc, h);
    doc.text(block.text, doc.page.margins.left, doc.y, { width: widthOf(doc) });
    doc.moveDown(0.4);
    return;
  }
  if (block.kind === 'cells') return drawCells(doc, block.cells, pictures);
  drawTable(doc, block);
}

function drawCells(doc: Doc, cells: PrintCell[], pictures: Pictures): void {
  const gap = 12;
  const colW = (widthOf(doc) - gap * (cells.length - 1)) / cells.length;
  doc.fontSize(FONT_SIZE.small);
  const labelH = doc.heightOfString('Ag', { width: colW });
  doc.fontSize(FONT_SIZE.normal);
  // Per cell: the pictures that can be drawn, scaled into the column, and the text under them
  // (the value, or the names of files that cannot be drawn).
  const laid = cells.map((cell) => {
    const shown = (cell.pictures ?? []).flatMap((p) => {
      const image = pictures(p.fileId);
      return image ? [image] : [];
    });
    const names = (cell.pictures ?? []).filter((p) => !pictures(p.fileId)).map((p) => p.name);
    const text = cell.pictures ? names.join(', ') : cell.value;
    const flow = flowImages(shown, colW, PICTURE_H[cell.picture ?? 'image']);
    const textH = text || !shown.length ? doc.heightOfString(text || ' ', { width: colW }) : 0;
    return { shown, flow, text, textH, height: flow.height + (flow.height && textH ? 2 : 0) + textH };
  });
  const valueH = Math.max(...laid.map((c) => c.height));
  ensure(doc, labelH + valueH + 8);
  const y = doc.y;
  cells.forEach((cell, i) => {
    const x = doc.page.margins.left + i * (colW + gap);
    const { shown, flow, text, textH } = laid[i]!;
    doc
      .fontSize(FONT_SIZE.small)
      .fillColor(GREY)
      .text(cell.label, x, y, { width: colW, lineBreak: false, ellipsis: true });
    const top = y + labelH + 1;
    flow.placed.forEach((box, k) =>
      doc.image(shown[k] as unknown as Buffer, x + box.x, top + box.y, {
        width: box.width,
        height: box.height,
      }),
    );
    if (textH)
      doc
        .fontSize(FONT_SIZE.normal)
        .fillColor('black')
        .text(text || ' ', x, top + (flow.height ? flow.height + 2 : 0), { width: colW });
    doc
      .moveTo(x, y + labelH + valueH + 3)
      .lineTo(x + colW, y + labelH + valueH + 3)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
  });
  doc.x = doc.page.margins.left;
  doc.y = y + labelH + valueH + 8;
}

function drawTable(doc: Doc, table: Extract<PrintBlock, { kind: 'table' }>): void {
  const left = doc.page.margins.left;
  const colW = widthOf(doc) / Math.max(1, table.columns.length);
  const pad = 3;
  doc.fontSize(FONT_SIZE.normal).fillColor('black');
  ensure(doc, 60);
  doc.text(table.title, left, doc.y, { width: widthOf(doc) });
  doc.moveDown(0.2);
  const rowHeight = (cells: string[]) =>
    Math.max(...cells.map((c) => doc.heightOfString(c || ' ', { width: colW - 2 * pad }))) + 2 * pad;
  const drawRow = (cells: string[], head: boolean) => {
    doc.fontSize(head ? FONT_SIZE.small : FONT_SIZE.normal);
    const h = rowHeight(cells);
    const y = doc.y;
    if (head)
      doc
        .rect(left, y, colW * cells.length, h)
        .fillColor('#eeeeee')
        .fill();
    cells.forEach((cell, i) => {
      doc
        .rect(left + i * colW, y, colW, h)
        .lineWidth(0.5)
        .strokeColor(LINE)
        .stroke();
      doc
        .fillColor(head ? GREY : 'black')
        .text(cell || ' ', left + i * colW + pad, y + pad, { width: colW - 2 * pad });
    });
    doc.x = left;
    doc.y = y + h;
  };
  doc.fontSize(FONT_SIZE.small);
  const headH = rowHeight(table.columns);
  ensure(doc, headH);
  drawRow(table.columns, true);
  for (const row of table.rows) {
    doc.fontSize(FONT_SIZE.normal);
    const h = rowHeight(row);
    if (doc.y + h > bottomOf(doc)) {
      doc.addPage();
      drawRow(table.columns, true);
    }
    drawRow(row, false);
  }
  doc.moveDown(0.6);
}

/** Header and footer on every buffered page, once the page count is known. */
function decorate(
  doc: Doc,
  input: RenderInput,
  titles: string[],
  margins: { top: number; bottom: number },
): void {
  const { template, locale } = input;
  const zh = locale.toLowerCase().startsWith('zh');
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const left = doc.page.margins.left;
    const width = widthOf(doc);
    const top = margins.top - HEADER_H;
    // Text drawn into the margins must not make pdfkit open a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    let x = left;
    const logo = template.header?.logo?.kind === 'none' ? null : input.logo;
    if (logo?.kind === 'image') {
      try {
        doc.image(logo.bytes, x, top, { fit: [24, 24] });
        x += 30;
      } catch {
        // A logo pdfkit cannot read is left out rather than failing the printout.
      }
    } else if (logo?.kind === 'letter') {
      doc.roundedRect(x, top, 24, 24, 4).fillColor('#3b6ff5').fill();
      doc
        .fontSize(13)
        .fillColor('white')
        .text(logo.letter, x, top + 5, { width: 24, align: 'center', lineBreak: false });
      x += 30;
    }
    if (template.header?.companyName !== false && input.companyName)
      doc
        .fontSize(11)
        .fillColor('black')
        .text(input.companyName, x, top + 6, { width: width / 2, lineBreak: false, ellipsis: true });
    doc
      .fontSize(13)
      .fillColor('black')
      .text(titles[i] ?? '', left + width / 2, top + 5, {
        width: width / 2,
        align: 'right',
        lineBreak: false,
        ellipsis: true,
      });
    doc
      .moveTo(left, top + 30)
      .lineTo(left + width, top + 30)
      .lineWidth(0.7)
      .strokeColor(LINE)
      .stroke();
    const footY = doc.page.height - margins.bottom + FOOTER_H - 12;
    const footerText = template.footer?.text
      ? zh
        ? (template.footer.text['zh-CN'] ?? template.footer.text.en)
        : (template.footer.text.en ?? template.footer.text['zh-CN'])
      : '';
    doc.fontSize(FONT_SIZE.small).fillColor(GREY);
    if (footerText)
      doc.text(footerText, left, footY, { width: width * 0.7, lineBreak: false, ellipsis: true });
    if (template.footer?.pageNumbers !== false)
      doc.text(`${i + 1} / ${range.count}`, left + width * 0.7, footY, {
        width: width * 0.3,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = saved;
  }
}
