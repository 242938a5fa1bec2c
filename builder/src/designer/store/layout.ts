import type { FieldDefinition, FormDefinition, LayoutNode, LayoutRow } from '@tangram/schema';

/** Grid columns of a row; a row's spans add up to at most this. */
export const GRID = 24;
/** Fields that may share one row. */
export const MAX_PER_ROW = 4;

/** Where a dragged or new field goes. */
export type Placement =
  /** A new row before `rows[index]` (index = rows.length appends). */
  | { kind: 'row'; index: number }
  /** Into the row of `fieldId`, before or after it. */
  | { kind: 'beside'; fieldId: string; side: 'before' | 'after' }
  /** A column of subform `subformId` at `index`. */
  | { kind: 'column'; subformId: string; index: number };

function collectRows(items: readonly LayoutNode[], out: LayoutRow[]): void {
  for (const item of items) {
    if (item.kind === 'row') out.push(item);
    else if (item.kind === 'section') collectRows(item.items, out);
    else for (const tab of item.tabs) collectRows(tab.items, out);
  }
}

/**
 * The form's rows as the designer edits them: rows of the stored layout (sections and tabs are
 * read through), unknown or repeated field ids dropped, and every top-level field not placed yet
 * appended as a row of its own (a form without a layout is one field per row).
 */
export function rowsOf(form: FormDefinition): LayoutRow[] {
  const ids = new Set(form.fields.map((f) => f.id));
  const placed = new Set<string>();
  const stored: LayoutRow[] = [];
  collectRows(form.layout?.items ?? [], stored);
  const rows: LayoutRow[] = [];
  for (const row of stored) {
    const cells = row.cells.filter((c) => ids.has(c.field) && !placed.has(c.field));
    cells.forEach((c) => placed.add(c.field));
    if (cells.length) rows.push(cells.length === row.cells.length ? row : { kind: 'row', cells });
  }
  for (const f of form.fields) if (!placed.has(f.id)) rows.push({ kind: 'row', cells: [{ field: f.id }] });
  return rows;
}

/** The span a cell occupies (equal shares unless set). */
export function spanOf(row: LayoutRow, index: number): number {
  return row.cells[index]?.span ?? Math.floor(GRID / row.cells.length);
}

/** A row whose cell count changed goes back to equal shares. */
export function resetSpans(row: LayoutRow): LayoutRow {
  return { kind: 'row', cells: row.cells.map(({ field }) => ({ field })) };
}

/** The form with `rows` as its layout and `fields` reordered to follow the rows (reading order). */
export function withRows(form: FormDefinition, rows: LayoutRow[]): FormDefinition {
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const ordered: FieldDefinition[] = [];
  for (const row of rows) for (const c of row.cells) ordered.push(byId.get(c.field) as FieldDefinition);
  return { ...form, fields: ordered, layout: { items: rows } };
}

/** Where in `rows` a field sits. */
export function locate(rows: readonly LayoutRow[], fieldId: string): { row: number; cell: number } | null {
  for (let r = 0; r < rows.length; r++) {
    const cell = (rows[r] as LayoutRow).cells.findIndex((c) => c.field === fieldId);
    if (cell >= 0) return { row: r, cell };
  }
  return null;
}

/** Rows without `fieldId` (empty rows dropped, the shrunk row back to equal spans). */
export function withoutCell(rows: readonly LayoutRow[], fieldId: string): LayoutRow[] {
  const out: LayoutRow[] = [];
  for (const row of rows) {
    if (!row.cells.some((c) => c.field === fieldId)) {
      out.push(row);
      continue;
    }
    const cells = row.cells.filter((c) => c.field !== fieldId);
    if (cells.length) out.push(resetSpans({ kind: 'row', cells }));
  }
  return out;
}

/** Inserts `fieldId` at a top-level placement; throws when the target row is full. */
export function insertCell(rows: readonly LayoutRow[], fieldId: string, at: Placement): LayoutRow[] {
  if (at.kind === 'row') {
    const index = Math.max(0, Math.min(at.index, rows.length));
    return [...rows.slice(0, index), { kind: 'row', cells: [{ field: fieldId }] }, ...rows.slice(index)];
  }
  if (at.kind === 'column') throw new Error('a subform column is not a top-level placement');
  const where = locate(rows, at.fieldId);
  if (!where) return [...rows, { kind: 'row', cells: [{ field: fieldId }] }];
  const row = rows[where.row] as LayoutRow;
  if (row.cells.length >= MAX_PER_ROW) throw new RowFullError();
  const cells = [...row.cells];
  cells.splice(where.cell + (at.side === 'after' ? 1 : 0), 0, { field: fieldId });
  return rows.map((r, i) => (i === where.row ? resetSpans({ kind: 'row', cells }) : r));
}

export class RowFullError extends Error {
  readonly code = 'row_full';
  constructor() {
    super(`a row holds at most ${MAX_PER_ROW} fields`);
  }
}
