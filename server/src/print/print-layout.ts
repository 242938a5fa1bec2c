/**
 * Print layout (decision 0045), pure: a print template, the form and one record in, the blocks of
 * a printed document out (header, rows of label/value cells, tables, paragraphs, footer), every
 * value already formatted as text. The PDF renderer (pdf-render.ts) only places and wraps text, so
 * what is printed, and what is not (hidden fields), is decided and tested here.
 */
import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition, FormDefinition, LayoutNode, PrintTemplate } from '@tangram/schema';
import { formatPrintValue, type PrintNames } from './print-values';

/** A file a cell may show as a picture (image and signature fields); the renderer falls back to its name. */
export interface PrintPicture {
  fileId: string;
  name: string;
}

/** How tall a cell's pictures may be: the field registry's `printsAsPicture` of its type. */
export type PictureKind = 'photo' | 'signature';

export interface PrintCell {
  label: string;
  value: string;
  /** Fields printed as pictures (image, signature): their files, drawn when they can be (decision 0057). */
  pictures?: PrintPicture[];
  picture?: PictureKind;
}

/** A subform table's cell: text, or the pictures of an image or signature column (decision 0061). */
export type PrintTableCell = string | { pictures: PrintPicture[]; picture: PictureKind };

export type PrintBlock =
  | { kind: 'cells'; cells: PrintCell[] }
  | { kind: 'table'; title: string; columns: string[]; rows: PrintTableCell[][] }
  | { kind: 'text'; text: string; size: 'small' | 'normal' | 'large' };

/** One record's part of the document: it starts on a new page. */
export interface PrintSection {
  title: string;
  blocks: PrintBlock[];
}

export interface PrintContext {
  locale: string;
  timeZone: string;
  /** Top-level field ids the reader may see: no other field is printed, not even its label. */
  visible: ReadonlySet<string>;
  names: PrintNames;
}

/** Fields with nothing to print. */
const NO_VALUE = new Set<FieldDefinition['type']>(['description', 'divider']);

/** Cells per row of the default template. */
const DEFAULT_COLUMNS = 2;

/** The text of an i18n label in `locale`, falling back to the other language. */
export function i18n(text: { 'zh-CN'?: string; en?: string } | undefined, locale: string): string {
  if (!text) return '';
  const zh = locale.toLowerCase().startsWith('zh');
  return (zh ? (text['zh-CN'] ?? text.en) : (text.en ?? text['zh-CN'])) ?? '';
}

/**
 * The template a form prints with when none is designed: its layout's rows (sections become
 * headings, tabs are printed one after another), subforms as tables of all their columns; without
 * a layout, two fields a row in form order.
 */
export function defaultTemplate(form: FormDefinition): PrintTemplate {
  const body: PrintTemplate['body'] = [];
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const placed = new Set<string>();
  let row: string[] = [];
  const flush = () => {
    if (row.length) body.push({ kind: 'fields', fields: row });
    row = [];
  };
  const place = (id: string, perRow: number) => {
    const field = byId.get(id);
    if (!field || placed.has(id) || NO_VALUE.has(field.type)) return;
    placed.add(id);
    if (field.type === 'subform') {
      flush();
      body.push({ kind: 'subform', field: id });
      return;
    }
    row.push(id);
    if (row.length >= perRow) flush();
  };
  const walk = (nodes: readonly LayoutNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'row') {
        flush();
        for (const cell of node.cells) place(cell.field, 4);
        flush();
      } else if (node.kind === 'section') {
        flush();
        if (node.title) body.push({ kind: 'text', text: node.title, size: 'large' });
        walk(node.items);
      } else {
        for (const tab of node.tabs) {
          flush();
          body.push({ kind: 'text', text: tab.title, size: 'large' });
          walk(tab.items);
        }
      }
    }
  };
  walk(form.layout?.items ?? []);
  // Fields the layout leaves out still print, after it.
  for (const field of form.fields) place(field.id, DEFAULT_COLUMNS);
  flush();
  return { id: 'default', name: { 'zh-CN': '默认模板', en: 'Default' }, body };
}

/** The template `id` of the form, the default one for `default` or none given; null when unknown. */
export function templateOf(form: FormDefinition, id: string | undefined): PrintTemplate | null {
  if (id === undefined || id === 'default') return form.printTemplates?.[0] ?? defaultTemplate(form);
  return form.printTemplates?.find((t) => t.id === id) ?? null;
}

/** Lays out one record with `template`: the blocks of its section of the document. */
export function layoutRecord(
  template: PrintTemplate,
  form: FormDefinition,
  data: Readonly<Record<string, unknown>>,
  ctx: PrintContext,
): PrintSection {
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const shown = (id: string) => {
    const field = byId.get(id);
    return field && ctx.visible.has(id) && !NO_VALUE.has(field.type) ? field : undefined;
  };
  const blocks: PrintBlock[] = [];
  for (const block of template.body) {
    if (block.kind === 'text') {
      blocks.push({ kind: 'text', text: i18n(block.text, ctx.locale), size: block.size ?? 'normal' });
      continue;
    }
    if (block.kind === 'fields') {
      const cells = block.fields.flatMap((id) => {
        const field = shown(id);
        if (!field || field.type === 'subform') return [];
        const label = i18n(field.label, ctx.locale);
        const drawn = picturesFor(field, data[id], ctx.locale);
        if (drawn) return [{ label, value: '', ...drawn } satisfies PrintCell];
        return [{ label, value: formatPrintValue(field, data[id], ctx) }];
      });
      if (cells.length) blocks.push({ kind: 'cells', cells });
      continue;
    }
    const subform = shown(block.field);
    if (!subform || subform.type !== 'subform') continue;
    const subFields = subform.config.fields;
    const columns = (block.columns ?? subFields.map((f) => f.id))
      .map((id) => subFields.find((f) => f.id === id))
      .filter((f): f is FieldDefinition => f !== undefined && !NO_VALUE.has(f.type));
    const rows = Array.isArray(data[block.field]) ? (data[block.field] as Record<string, unknown>[]) : [];
    blocks.push({
      kind: 'table',
      title: i18n(subform.label, ctx.locale),
      columns: columns.map((f) => i18n(f.label, ctx.locale)),
      rows: rows.map((r) =>
        columns.map((f) => picturesFor(f, r?.[f.id], ctx.locale) ?? formatPrintValue(f, r?.[f.id], ctx)),
      ),
    });
  }
  return { title: i18n(template.header?.title ?? form.name, ctx.locale), blocks };
}

/**
 * The pictures of a value whose type prints as pictures (the registry's `printsAsPicture`), or
 * null: other types, and such a field with no file, print as text.
 */
function picturesFor(
  field: FieldDefinition,
  value: unknown,
  locale: string,
): { pictures: PrintPicture[]; picture: PictureKind } | null {
  const picture = fieldRegistry.of(field).printsAsPicture;
  if (!picture) return null;
  const pictures = picturesOf(value, i18n(field.label, locale));
  return pictures.length ? { pictures, picture } : null;
}

/** The files of an image field's value (a list) or a signature's (one), with names to fall back on. */
function picturesOf(value: unknown, label: string): PrintPicture[] {
  const all = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  return all.flatMap((f) => {
    const file = f as { fileId?: unknown; name?: unknown };
    if (typeof file.fileId !== 'string' || !file.fileId) return [];
    return [{ fileId: file.fileId, name: typeof file.name === 'string' && file.name ? file.name : label }];
  });
}
