/**
 * Printing records to PDF (decision 0045): the records are read through the records kernel's read
 * door under the `print` action (its own row scope; hidden fields never leave the door), relation
 * titles as the reader sees them, member and department names from the directory, then laid out
 * (print-layout.ts) and rendered (pdf-render.ts).
 */
import type { PrintTemplate } from '@tangram/schema';
import { parsePrintTemplate } from '@tangram/schema';
import type { Principal } from '../access';
import { auditExport } from '../audit/audit-events';
import type { Db } from '../db/db';
import { openFile } from '../files/files.service';
import { AppError, notFound, validationFailed } from '../http/app-error';
import { loadOrgSettings } from '../org/org-settings.service';
import { openReader } from '../records/kernel/reader';
import type { FormRef } from '../records/records.service';
import { withRelationDisplay } from '../records/relation-display';
import type { RecordDto } from '../storage/record-store';
import { findPrintFont } from './print-font';
import { i18n, layoutRecord, templateOf, type PrintSection } from './print-layout';
import {
  imageRefusal,
  PRINT_IMAGE_LIMITS,
  pngInflates,
  probeImage,
  type ImageInfo,
  type PictureBudget,
} from './print-images';
import type { PrintNames } from './print-values';
import { renderPdf, type RenderInput } from './pdf-render';

/** Records one printout may hold. */
export const MAX_PRINT_RECORDS = 200;
/** Largest logo file read into a printout. */
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export interface PrintRequest {
  ids: string[];
  /** A template id of the form (`default` or none: the first designed one, else the default). */
  templateId?: string;
  /** An unsaved template (the studio's preview), checked against the form. */
  template?: unknown;
  locale: string;
}

/** One PDF of the records `ids` of the form, in the order asked. */
export async function printRecords(
  db: Db,
  principal: Principal,
  ref: FormRef,
  req: PrintRequest,
  dataDir: string,
): Promise<{ pdf: Buffer; fileName: string }> {
  const reader = openReader(db, principal);
  // 404 for an unknown form, 403 `forbidden` without the print action.
  const form = await reader.open(ref, 'print');
  const definition = form.ctx.form;
  const template = chooseTemplate(definition, req);
  const font = findPrintFont();
  const page = await reader.page(
    ref,
    {
      filter: { kind: 'cmp', field: 'id', op: 'in', value: req.ids },
      sort: [{ field: 'id', dir: 'asc' }],
      limit: req.ids.length,
    },
    'print',
  );
  const byId = new Map(page.items.map((r) => [r.id, r]));
  const missing = req.ids.filter((id) => !byId.has(id));
  // Outside the print scope reads as not there: existence does not leak.
  if (missing.length) throw notFound(`Record ${missing[0]}`, 'record_not_found');
  const records = await withRelationDisplay(
    reader,
    ref,
    req.ids.map((id) => byId.get(id)!),
    req.locale,
  );
  const org = await loadOrgSettings(db, principal.orgId);
  const names = await directoryNames(db, principal.orgId, definition, records);
  const visible = new Set(form.grant.fields.visible);
  const sections = records.map((record) =>
    layoutRecord(template, definition, record.data, {
      locale: req.locale,
      timeZone: org.timeZone,
      visible,
      names: { ...names, relations: record.display ?? {} },
    }),
  );
  const pdf = await renderPdf({
    template,
    sections,
    font,
    locale: req.locale,
    companyName: org.name,
    logo: await logoOf(db, principal, template, i18n(form.ctx.app.name, req.locale), dataDir),
    pictures: await loadPictures(db, principal, sections, dataDir),
  });
  // Printed records leave the server like an export: who printed which, with which template.
  await auditExport(db, principal, {
    action: 'record.print',
    targetType: 'form',
    targetId: ref.formId,
    format: 'pdf',
    rows: records.length,
    detail: { appId: ref.appId, template: template.id, ids: req.ids.slice(0, 20) },
  });
  const base = i18n(definition.name, req.locale) || definition.id;
  return { pdf, fileName: req.ids.length === 1 ? `${base}-${req.ids[0]}.pdf` : `${base}.pdf` };
}

function chooseTemplate(definition: Parameters<typeof templateOf>[0], req: PrintRequest): PrintTemplate {
  if (req.template !== undefined) {
    const parsed = parsePrintTemplate(definition, req.template, '/template');
    if (!parsed.ok) throw validationFailed(parsed.issues, 'The print template is invalid.');
    return parsed.value;
  }
  const template = templateOf(definition, req.templateId);
  if (!template)
    throw validationFailed(
      [
        {
          path: '/templateId',
          code: 'unknown_template',
          message: `the form has no print template "${req.templateId}"`,
        },
      ],
      'The print template does not exist.',
    );
  return template;
}

/** Names of the members and departments the records name (top level and subform rows). */
async function directoryNames(
  db: Db,
  orgId: string,
  form: Parameters<typeof templateOf>[0],
  records: readonly RecordDto[],
): Promise<Omit<PrintNames, 'relations'>> {
  const users = new Set<string>();
  const departments = new Set<string>();
  const collect = (fields: typeof form.fields, data: Record<string, unknown>) => {
    for (const field of fields) {
      const value = data[field.id];
      const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      if (field.type === 'member' || field.type === 'members') ids.forEach((id) => users.add(id));
      if (field.type === 'department' || field.type === 'departments')
        ids.forEach((id) => departments.add(id));
      if (field.type === 'subform' && Array.isArray(value))
        for (const row of value)
          if (row && typeof row === 'object') collect(field.config.fields, row as Record<string, unknown>);
    }
  };
  records.forEach((r) => collect(form.fields, r.data));
  const read = async (table: 'users' | 'departments', ids: Set<string>) => {
    if (ids.size === 0) return new Map<string, string>();
    const { rows } = await db.query<{ id: string; name: string }>(
      `SELECT id, name FROM ${table} WHERE org_id = $1 AND id = ANY($2::text[])`,
      [orgId, [...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  };
  return { users: await read('users', users), departments: await read('departments', departments) };
}

/** The header's logo: an uploaded PNG/JPEG of the org, else the app's initial in a square. */
async function logoOf(
  db: Db,
  principal: Principal,
  template: PrintTemplate,
  appName: string,
  dataDir: string,
): Promise<RenderInput['logo']> {
  const logo = template.header?.logo;
  if (logo?.kind === 'none') return null;
  if (logo?.kind === 'file') {
    const { info, stream } = await openFile(db, principal, logo.fileId, dataDir).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404)
        throw validationFailed([
          { path: '/header/logo/fileId', code: 'unknown_file', message: 'the logo file does not exist' },
        ]);
      throw error;
    });
    const refuse = () =>
      validationFailed([
        {
          path: '/header/logo/fileId',
          code: 'logo_type',
          message: 'the logo must be a PNG or JPEG image of at most 2 MB and 12 megapixels',
        },
      ]);
    if (!/^image\/(png|jpeg)$/.test(info.mime) || info.size > MAX_LOGO_BYTES) {
      stream.destroy();
      throw refuse();
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    if (!drawable(bytes)) throw refuse();
    return { kind: 'image', bytes };
  }
  const letter = [...appName.trim()][0];
  return letter ? { kind: 'letter', letter: letter.toUpperCase() } : null;
}

/** Whether pdfkit may be given these bytes: a PNG or JPEG within the per-picture bounds. */
function drawable(bytes: Buffer, used: PictureBudget = { bytes: 0, count: 0, pixels: 0 }): ImageInfo | null {
  const info = probeImage(bytes);
  if (imageRefusal(info, bytes.length, used) !== null || !info) return null;
  if (info.type === 'png' && !pngInflates(bytes, info)) return null;
  return info;
}

/**
 * The pictures of image and signature cells, in rows and in subform tables (decisions 0057,
 * 0061), read one by one through the files
 * service (the caller's org) within the printout's budget. The cells come from records read
 * through the print door with hidden fields dropped, so only files the reader may see are read.
 * A file that is missing, not a PNG/JPEG, or past a bound is left out: it prints as its name.
 */
async function loadPictures(
  db: Db,
  principal: Principal,
  sections: readonly PrintSection[],
  dataDir: string,
): Promise<Map<string, Buffer>> {
  const ids = new Set<string>();
  for (const section of sections)
    for (const block of section.blocks)
      if (block.kind === 'cells')
        for (const cell of block.cells) for (const p of cell.pictures ?? []) ids.add(p.fileId);
      else if (block.kind === 'table')
        for (const row of block.rows)
          for (const cell of row)
            if (typeof cell !== 'string') for (const p of cell.pictures) ids.add(p.fileId);
  const out = new Map<string, Buffer>();
  const used: PictureBudget = { bytes: 0, count: 0, pixels: 0 };
  for (const id of ids) {
    if (used.count >= PRINT_IMAGE_LIMITS.count) break;
    const opened = await openFile(db, principal, id, dataDir).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    });
    if (!opened) continue;
    const { info, stream } = opened;
    if (
      !/^image\/(png|jpeg)$/.test(info.mime) ||
      info.size > PRINT_IMAGE_LIMITS.bytes ||
      used.bytes + info.size > PRINT_IMAGE_LIMITS.totalBytes
    ) {
      stream.destroy();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const image = drawable(bytes, used);
    if (!image) continue;
    used.bytes += bytes.length;
    used.count += 1;
    used.pixels += image.width * image.height;
    out.set(id, bytes);
  }
  return out;
}
