import type { ExportRequest, FormDefinition, SortKey, Filter } from '@tangram/client';

export type ExportFormat = ExportRequest['format'];
export type SubformLayout = NonNullable<ExportRequest['subforms']>;
export type AttachmentMode = NonNullable<ExportRequest['attachments']>;

const FILE_TYPES = new Set(['attachment', 'image', 'signature']);

/** Whether any shown column holds files (a subform's columns too): the dialog then offers the zip. */
export function showsFiles(form: FormDefinition, view: ShownView): boolean {
  const shown = new Set(view.columns.filter((c) => !c.hidden).map((c) => c.field));
  return (form.fields ?? []).some(
    (f) =>
      shown.has(f.id) &&
      (FILE_TYPES.has(f.type) ||
        (f.type === 'subform' && f.config.fields.some((s) => FILE_TYPES.has(s.type)))),
  );
}

/** What the data view shows, as the export request names it (React-free, unit-testable). */
export interface ShownView {
  columns: readonly { field: string; hidden?: boolean }[];
  filter?: Filter;
  sort: readonly SortKey[];
  q: string;
}

/** Whether any shown column is a subform: the dialog then offers the subform layouts. */
export function showsSubform(form: FormDefinition, view: ShownView): boolean {
  const subforms = new Set((form.fields ?? []).filter((f) => f.type === 'subform').map((f) => f.id));
  return view.columns.some((c) => !c.hidden && subforms.has(c.field));
}

/**
 * The request of an export of what the view shows: its visible columns in order, filter, sort
 * and search. CSV has one sheet, so a `sheet` layout becomes `rows` there.
 */
export function exportRequest(
  view: ShownView,
  format: ExportFormat,
  subforms: SubformLayout,
  attachments: AttachmentMode = 'links',
): ExportRequest {
  const columns = view.columns.filter((c) => !c.hidden).map((c) => c.field);
  return {
    format,
    ...(columns.length ? { columns } : {}),
    ...(view.filter ? { filter: view.filter } : {}),
    ...(view.sort.length ? { sort: [...view.sort] } : {}),
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
    subforms: format === 'csv' && subforms === 'sheet' ? 'rows' : subforms,
    ...(attachments === 'zip' ? { attachments } : {}),
  };
}
