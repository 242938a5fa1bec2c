/**
 * Renders laid-out print sections to one PDF with pdfkit (decision 0045): each record on a new
 * page, header (logo, company name, title) and footer (text, "page / pages") on every page, cells
 * in equal columns, subform tables whose header repeats after a page break. Text is wrapped by
 * pdfkit with the embedded CJK font, which pdfkit subsets. The page count is bounded.
 */
import PDFDocument from 'pdfkit';
import type { PrintTemplate } from '@tangram/schema';
import { AppError } from '../http/app-error';
import type {
  PictureKind,
  PrintBlock,
  PrintCell,
  PrintPicture,
  PrintSection,
  PrintTableCell,
} from './print-layout';
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
const PICTURE_H: Record<PictureKind, number> = { photo: 110, signature: 48 };
/** The same in a subform table's cell, smaller so rows stay rows (decision 0061). */
const TABLE_PICTURE_H: Record<PictureKind, number> = { photo: 56, signature: 28 };
/** A table row grows to fit its pictures up to this height; pictures past it print as names. */
const TABLE_PICTURES_MAX_H = 120;

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

/** Pictures of one cell as they will be drawn: boxes relative to the cell's top left. */
interface LaidPictures {
  drawn: { image: Opened; x: number; y: number; width: number; height: number }[];
  /** Files that cannot be drawn (missing, not a checked PNG/JPEG, past `cap`): printed by name. */
  names: string[];
  height: number;
}

/**
 * Lays out a cell's pictures into `width`, each at most `maxHeight` tall; those pdfkit cannot draw,
 * and those whose box would reach below `cap`, fall back to their names.
 */
function layPictures(
  pictures: Pictures,
  files: readonly PrintPicture[],
  width: number,
  maxHeight: number,
  cap = Infinity,
): LaidPictures {
  const opened = files.map((file) => ({ file, image: pictures(file.fileId) }));
  const drawable = opened.filter((o): o is { file: PrintPicture; image: Opened } => o.image !== null);
  const flow = flowImages(
    drawable.map((o) => o.image),
    width,
    maxHeight,
  );
  const kept = new Set<PrintPicture>();
  const drawn: LaidPictures['drawn'] = [];
  flow.placed.forEach((box, i) => {
    if (box.y + box.height > cap) return;
    kept.add(drawable[i]!.file);
    drawn.push({ image: drawable[i]!.image, ...box });
  });
  return {
    drawn,
    names: opened.filter((o) => !kept.has(o.file)).map((o) => o.file.name),
    height: drawn.reduce((h, box) => Math.max(h, box.y + box.height), 0),
  };
}

function drawPictures(doc: Doc, laid: LaidPictures, x: number, y: number): void {
  for (const box of laid.drawn)
    doc.image(box.image as unknown as Buffer, x + box.x, y + box.y, { width: box.width, height: box.height });
}

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
  drawTable(doc, block, pictures);
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
    const pics = layPictures(pictures, cell.pictures ?? [], colW, PICTURE_H[cell.picture ?? 'photo']);
    const text = cell.pictures ? pics.names.join(', ') : cell.value;
    const textH = text || !pics.drawn.length ? doc.heightOfString(text || ' ', { width: colW }) : 0;
    return { pics, text, textH, height: pics.height + (pics.height && textH ? 2 : 0) + textH };
  });
  const valueH = Math.max(...laid.map((c) => c.height));
  ensure(doc, labelH + valueH + 8);
  const y = doc.y;
  cells.forEach((cell, i) => {
    const x = doc.page.margins.left + i * (colW + gap);
    const { pics, text, textH } = laid[i]!;
    doc
      .fontSize(FONT_SIZE.small)
      .fillColor(GREY)
      .text(cell.label, x, y, { width: colW, lineBreak: false, ellipsis: true });
    const top = y + labelH + 1;
    drawPictures(doc, pics, x, top);
    if (textH)
      doc
        .fontSize(FONT_SIZE.normal)
        .fillColor('black')
        .text(text || ' ', x, top + (pics.height ? pics.height + 2 : 0), { width: colW });
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

function drawTable(doc: Doc, table: Extract<PrintBlock, { kind: 'table' }>, pictures: Pictures): void {
  const left = doc.page.margins.left;
  const colW = widthOf(doc) / Math.max(1, table.columns.length);
  const pad = 3;
  const inner = colW - 2 * pad;
  doc.fontSize(FONT_SIZE.normal).fillColor('black');
  ensure(doc, 60);
  doc.text(table.title, left, doc.y, { width: widthOf(doc) });
  doc.moveDown(0.2);
  // Each cell once: its pictures (a row grows to fit them, up to TABLE_PICTURES_MAX_H) and its text
  // (the value, or the names of files that are not drawn), with the height they take together.
  const layRow = (cells: readonly PrintTableCell[]) =>
    cells.map((cell) => {
      const pics =
        typeof cell === 'string'
          ? null
          : layPictures(pictures, cell.pictures, inner, TABLE_PICTURE_H[cell.picture], TABLE_PICTURES_MAX_H);
      const text = typeof cell === 'string' ? cell : pics!.names.join(', ');
      const picH = pics?.height ?? 0;
      const textH = text || !picH ? doc.heightOfString(text || ' ', { width: inner }) : 0;
      return { pics, text, picH, textH, height: picH + (picH && textH ? 2 : 0) + textH };
    });
  const drawRow = (cells: readonly PrintTableCell[], head: boolean) => {
    doc.fontSize(head ? FONT_SIZE.small : FONT_SIZE.normal);
    const laid = layRow(cells);
    const h = Math.max(...laid.map((c) => c.height)) + 2 * pad;
    if (!head && doc.y + h > bottomOf(doc)) {
      doc.addPage();
      drawRow(table.columns, true);
      doc.fontSize(FONT_SIZE.normal);
    }
    const y = doc.y;
    if (head)
      doc
        .rect(left, y, colW * cells.length, h)
        .fillColor('#eeeeee')
        .fill();
    laid.forEach((cell, i) => {
      const x = left + i * colW;
      doc.rect(x, y, colW, h).lineWidth(0.5).strokeColor(LINE).stroke();
      if (cell.pics) drawPictures(doc, cell.pics, x + pad, y + pad);
      if (cell.textH)
        doc
          .fillColor(head ? GREY : 'black')
          .text(cell.text || ' ', x + pad, y + pad + (cell.picH ? cell.picH + 2 : 0), { width: inner });
    });
    doc.x = left;
    doc.y = y + h;
  };
  doc.fontSize(FONT_SIZE.small);
  ensure(doc, Math.max(...layRow(table.columns).map((c) => c.height)) + 2 * pad);
  drawRow(table.columns, true);
  for (const row of table.rows) drawRow(row, false);
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
