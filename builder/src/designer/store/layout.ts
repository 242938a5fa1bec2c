import type { FieldDefinition, FormDefinition, LayoutNode, LayoutRow } from '@tangram/schema';

/** Grid columns of a row; a row's spans add up to at most this. */
export const GRID = 24;
/** Fields that may share one row. */
export const MAX_PER_ROW = 4;

/** Where a dragged or new field goes. */
export type Placement =
  /**
   * A new row before item `index` of a slot: without `slot`, of the top level (rows, sections and
   * tab groups); with it, of that section's or tab pane's rows. index = length appends.
   */
  | { kind: 'row'; index: number; slot?: string }
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
  const rows: LayoutRow[] = [];
  for (const item of treeOf(form)) {
    if (item.kind === 'row') rows.push(item);
    else if (item.kind === 'section') rows.push(...item.items);
    else for (const t of item.tabs) rows.push(...t.items);
  }
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

/*
 * Sections and tabs. The designer keeps one level of containers: the top level holds rows,
 * sections and tab groups; a section and each tab pane hold rows (nested containers found in a
 * stored layout are read through to their rows). A "slot" names where rows live: undefined for
 * the top level, else the id of a section or of one tab pane.
 */

/** A top-level layout item as the designer edits it. */
export type TreeItem =
  | LayoutRow
  | (Omit<LayoutSection, 'items'> & { items: LayoutRow[] })
  | (Omit<LayoutTabs, 'tabs'> & { tabs: Array<Omit<LayoutTab, 'items'> & { items: LayoutRow[] }> });

type LayoutSection = Extract<LayoutNode, { kind: 'section' }>;
type LayoutTabs = Extract<LayoutNode, { kind: 'tabs' }>;
type LayoutTab = LayoutTabs['tabs'][number];

/** The form's layout as a tree of one container level (see `rowsOf` for the filtering rules). */
export function treeOf(form: FormDefinition): TreeItem[] {
  const ids = new Set(form.fields.map((f) => f.id));
  const placed = new Set<string>();
  const clean = (items: readonly LayoutNode[]): LayoutRow[] => {
    const stored: LayoutRow[] = [];
    collectRows(items, stored);
    const rows: LayoutRow[] = [];
    for (const row of stored) {
      const cells = row.cells.filter((c) => ids.has(c.field) && !placed.has(c.field));
      cells.forEach((c) => placed.add(c.field));
      if (cells.length) rows.push(cells.length === row.cells.length ? row : { kind: 'row', cells });
    }
    return rows;
  };
  const tree: TreeItem[] = [];
  for (const item of form.layout?.items ?? []) {
    if (item.kind === 'row') tree.push(...clean([item]));
    else if (item.kind === 'section') tree.push({ ...item, items: clean(item.items) });
    else tree.push({ ...item, tabs: item.tabs.map((t) => ({ ...t, items: clean(t.items) })) });
  }
  for (const f of form.fields) if (!placed.has(f.id)) tree.push({ kind: 'row', cells: [{ field: f.id }] });
  return tree;
}

/** Ids of the form's slots (sections and tab panes). */
export function slotIds(tree: readonly TreeItem[]): Set<string> {
  const ids = new Set<string>();
  for (const item of tree) {
    if (item.kind === 'section') ids.add(item.id);
    if (item.kind === 'tabs') for (const t of item.tabs) ids.add(t.id);
  }
  return ids;
}

/** The rows of a slot (top level: its rows only, containers skipped). */
export function rowsIn(tree: readonly TreeItem[], slot: string | undefined): LayoutRow[] {
  if (slot === undefined) return tree.filter((i): i is LayoutRow => i.kind === 'row');
  for (const item of tree) {
    if (item.kind === 'section' && item.id === slot) return item.items;
    if (item.kind === 'tabs') for (const t of item.tabs) if (t.id === slot) return t.items;
  }
  return [];
}

/** Where a field's row lives: its slot and its index in that slot's list (top level: in `tree`). */
export function locateInTree(
  tree: readonly TreeItem[],
  fieldId: string,
): { slot: string | undefined; index: number; cell: number } | null {
  for (let i = 0; i < tree.length; i++) {
    const item = tree[i] as TreeItem;
    const lists: Array<[string, LayoutRow[]]> =
      item.kind === 'section'
        ? [[item.id, item.items]]
        : item.kind === 'tabs'
          ? item.tabs.map((t) => [t.id, t.items])
          : [];
    if (item.kind === 'row') {
      const cell = item.cells.findIndex((c) => c.field === fieldId);
      if (cell >= 0) return { slot: undefined, index: i, cell };
    }
    for (const [slot, rows] of lists) {
      const where = locate(rows, fieldId);
      if (where) return { slot, index: where.row, cell: where.cell };
    }
  }
  return null;
}

/** The tree with `fn` applied to the list of a slot (top level: the whole item list). */
function mapSlot(
  tree: readonly TreeItem[],
  slot: string | undefined,
  fn: <T extends TreeItem>(list: readonly T[]) => T[],
): TreeItem[] {
  if (slot === undefined) return fn(tree);
  return tree.map((item) => {
    if (item.kind === 'section' && item.id === slot) return { ...item, items: fn(item.items) };
    if (item.kind === 'tabs' && item.tabs.some((t) => t.id === slot))
      return { ...item, tabs: item.tabs.map((t) => (t.id === slot ? { ...t, items: fn(t.items) } : t)) };
    return item;
  });
}

/** The tree without `fieldId` (empty rows dropped, a shrunk row back to equal spans). */
export function treeWithout(tree: readonly TreeItem[], fieldId: string): TreeItem[] {
  const where = locateInTree(tree, fieldId);
  if (!where) return [...tree];
  return mapSlot(tree, where.slot, (list) => {
    const out: TreeItem[] = [];
    for (const item of list) {
      if (item.kind !== 'row' || !item.cells.some((c) => c.field === fieldId)) out.push(item);
      else {
        const cells = item.cells.filter((c) => c.field !== fieldId);
        if (cells.length) out.push(resetSpans({ kind: 'row', cells }));
      }
    }
    return out as never;
  });
}

/** Inserts `fieldId` at a placement (rows of a slot, or beside a field wherever it is). */
export function treeInsert(tree: readonly TreeItem[], fieldId: string, at: Placement): TreeItem[] {
  if (at.kind === 'column') throw new Error('a subform column is not a layout placement');
  if (at.kind === 'row') {
    if (at.slot !== undefined && !slotIds(tree).has(at.slot))
      throw new Error(`no section or tab "${at.slot}"`);
    return mapSlot(tree, at.slot, (list) => {
      const index = Math.max(0, Math.min(at.index, list.length));
      const row: LayoutRow = { kind: 'row', cells: [{ field: fieldId }] };
      return [...list.slice(0, index), row, ...list.slice(index)] as never;
    });
  }
  const where = locateInTree(tree, at.fieldId);
  if (!where) return [...tree, { kind: 'row', cells: [{ field: fieldId }] }];
  return mapSlot(tree, where.slot, (list) => {
    const row = list[where.index] as LayoutRow;
    if (row.cells.length >= MAX_PER_ROW) throw new RowFullError();
    const cells = [...row.cells];
    cells.splice(where.cell + (at.side === 'after' ? 1 : 0), 0, { field: fieldId });
    return list.map((r, i) => (i === where.index ? resetSpans({ kind: 'row', cells }) : r)) as never;
  });
}

/** The form with `tree` as its layout and `fields` in reading order. */
export function withTree(form: FormDefinition, tree: TreeItem[]): FormDefinition {
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const ordered: FieldDefinition[] = [];
  const take = (rows: readonly LayoutRow[]) => {
    for (const row of rows) for (const c of row.cells) ordered.push(byId.get(c.field) as FieldDefinition);
  };
  for (const item of tree) {
    if (item.kind === 'row') take([item]);
    else if (item.kind === 'section') take(item.items);
    else for (const t of item.tabs) take(t.items);
  }
  return { ...form, fields: ordered, layout: { items: tree } };
}

/** Replaces the global row `index` (reading order, as `rowsOf` numbers them) wherever it lives. */
export function treeWithRow(tree: readonly TreeItem[], index: number, row: LayoutRow): TreeItem[] {
  let n = 0;
  const swap = (r: LayoutRow) => (n++ === index ? row : r);
  return tree.map((item) => {
    if (item.kind === 'row') return swap(item);
    if (item.kind === 'section') return { ...item, items: item.items.map(swap) };
    return { ...item, tabs: item.tabs.map((t) => ({ ...t, items: t.items.map(swap) })) };
  });
}
