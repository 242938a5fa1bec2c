import type { Row } from './widget-result';

/** Marks a totalled dimension in a row or column path. */
export const TOTAL = Symbol('total');
type PathValue = unknown;

/** One leaf column of the pivot body: a column-dimension path (or a total) and a measure. */
export interface PivotColumn {
  path: PathValue[];
  measure: string;
  kind: 'detail' | 'subtotal' | 'total';
}

/** One header cell above the body; `colSpan` counts leaf columns. */
export interface PivotHeaderCell {
  label: string;
  colSpan: number;
  rowSpan: number;
  kind: 'corner' | 'value' | 'subtotal' | 'total' | 'measure';
}

/** One body row: its row-dimension labels (blank where equal to the row above) and its cells. */
export interface PivotBodyRow {
  kind: 'detail' | 'subtotal' | 'total';
  /** The row-dimension path (TOTAL where totalled), for click-through. */
  path: PathValue[];
  /**
   * Row header cells: one per row dimension for detail rows (label '' when it repeats the row
   * above); a subtotal or total row has its label at its level, spanning the rest.
   */
  headers: { label: string; colSpan: number }[];
  cells: (number | null)[];
}

export interface PivotTable {
  header: PivotHeaderCell[][];
  columns: PivotColumn[];
  body: PivotBodyRow[];
}

export interface PivotInput {
  rows: readonly Row[];
  /** Row dimension keys, column dimension keys and measure keys, as the answer's `pivot` names them. */
  axes: { rows: string[]; columns: string[]; measures: string[] };
  /** Text of a dimension value. */
  label(key: string, value: unknown): string;
  /** Header of a row dimension and of a measure. */
  dimensionTitle(key: string): string;
  measureTitle(key: string): string;
  texts: { subtotal: string; total: string };
  /**
   * Order of the values of a column dimension (rows keep the server's order, which follows the
   * widget's sort). Default: numbers and dates ascending, text by locale, empty last.
   */
  compare?(key: string, a: unknown, b: unknown): number;
}

/** Ascending, empty values last: numbers numerically, everything else as text. */
export function naturalCompare(a: unknown, b: unknown): number {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

const pathKey = (path: PathValue[]) => JSON.stringify(path.map((v) => (v === TOTAL ? { $t: 1 } : v)));

/** The path of a result row on one axis: its values, TOTAL for the keys it totals. */
function pathOf(row: Row, keys: string[]): PathValue[] {
  const totals = Array.isArray(row.$totals) ? (row.$totals as string[]) : [];
  return keys.map((k) => (totals.includes(k) ? TOTAL : row[k]));
}

interface Node {
  value: PathValue;
  children: Map<string, Node>;
}

/** The distinct detail paths of an axis as a tree, in order of first appearance (or `order`). */
function treeOf(paths: PathValue[][], order?: (level: number, a: unknown, b: unknown) => number): Node {
  const root: Node = { value: null, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const v of path) {
      const k = pathKey([v]);
      let child = node.children.get(k);
      if (!child) {
        child = { value: v, children: new Map() };
        node.children.set(k, child);
      }
      node = child;
    }
  }
  if (order) sortTree(root, 0, order);
  return root;
}

function sortTree(node: Node, level: number, order: (level: number, a: unknown, b: unknown) => number) {
  node.children = new Map([...node.children].sort(([, a], [, b]) => order(level, a.value, b.value)));
  for (const child of node.children.values()) sortTree(child, level + 1, order);
}

/**
 * The ordered paths of an axis: detail leaves depth first, each group followed by its subtotal
 * (when the answer has one), the grand total last (when it has one). `has` says whether the
 * answer holds any cell on a path; subtotals and totals appear exactly when the server sent them.
 */
function orderedPaths(
  depth: number,
  detail: PathValue[][],
  has: (path: PathValue[]) => boolean,
  order?: (level: number, a: unknown, b: unknown) => number,
): { path: PathValue[]; kind: 'detail' | 'subtotal' | 'total' }[] {
  if (depth === 0) return [{ path: [], kind: 'detail' }];
  const out: { path: PathValue[]; kind: 'detail' | 'subtotal' | 'total' }[] = [];
  const walk = (node: Node, prefix: PathValue[]) => {
    if (prefix.length === depth) {
      out.push({ path: prefix, kind: 'detail' });
      return;
    }
    for (const child of node.children.values()) {
      const path = [...prefix, child.value];
      walk(child, path);
      if (path.length < depth) {
        const sub = [...path, ...Array<PathValue>(depth - path.length).fill(TOTAL)];
        if (has(sub)) out.push({ path: sub, kind: 'subtotal' });
      }
    }
  };
  walk(treeOf(detail, order), []);
  const total = Array<PathValue>(depth).fill(TOTAL);
  if (has(total)) out.push({ path: total, kind: 'total' });
  return out;
}

/**
 * Turns a pivot answer (one row per cell, plus rows marked `$totals` for subtotals and totals)
 * into a table: header rows with spans, leaf columns (column path × measure) and body rows with
 * their row headers and numbers. Pure; the React layer only draws it.
 */
export function pivotToTable(input: PivotInput): PivotTable {
  const { rows, axes } = input;
  const nR = axes.rows.length;
  const nC = axes.columns.length;
  const cells = new Map<string, Row>();
  const rowPaths = new Set<string>();
  const colPaths = new Set<string>();
  const detailRows: PathValue[][] = [];
  const detailCols: PathValue[][] = [];
  for (const row of rows) {
    const rp = pathOf(row, axes.rows);
    const cp = pathOf(row, axes.columns);
    cells.set(`${pathKey(rp)}|${pathKey(cp)}`, row);
    rowPaths.add(pathKey(rp));
    colPaths.add(pathKey(cp));
    if (!rp.includes(TOTAL)) detailRows.push(rp);
    if (!cp.includes(TOTAL)) detailCols.push(cp);
  }
  const rowOrder = orderedPaths(nR, detailRows, (p) => rowPaths.has(pathKey(p)));
  const compare = input.compare ?? ((_key: string, a: unknown, b: unknown) => naturalCompare(a, b));
  const colOrder = orderedPaths(
    nC,
    detailCols,
    (p) => colPaths.has(pathKey(p)),
    (level, a, b) => compare(axes.columns[level]!, a, b),
  );
  const measures = axes.measures;

  const columns: PivotColumn[] = colOrder.flatMap((c) =>
    measures.map((measure) => ({ path: c.path, measure, kind: c.kind })),
  );

  // Header: one row per column dimension, then a measure row when there are several measures.
  const measureRow = measures.length > 1 || nC === 0;
  const headerDepth = Math.max(1, nC + (measureRow ? 1 : 0));
  const header: PivotHeaderCell[][] = Array.from({ length: headerDepth }, () => []);
  const corner = nR === 0 ? [''] : axes.rows.map((k) => input.dimensionTitle(k));
  for (const title of corner)
    header[0]!.push({ label: title, colSpan: 1, rowSpan: headerDepth, kind: 'corner' });
  // A column whose path has its first TOTAL at level t is drawn by one cell at level t spanning
  // down (its subtotal / total label); above t it belongs to the groups of its prefix.
  const firstTotal = (c: { path: PathValue[] }) => {
    const t = c.path.indexOf(TOTAL);
    return t < 0 ? nC : t;
  };
  for (let level = 0; level < nC; level++) {
    let i = 0;
    while (i < colOrder.length) {
      const c = colOrder[i]!;
      const t = firstTotal(c);
      if (t < level) {
        i++;
        continue;
      }
      if (t === level) {
        header[level]!.push({
          label:
            level === 0
              ? input.texts.total
              : `${input.label(axes.columns[level - 1]!, c.path[level - 1])} ${input.texts.subtotal}`,
          colSpan: measures.length,
          rowSpan: nC - level,
          kind: level === 0 ? 'total' : 'subtotal',
        });
        i++;
        continue;
      }
      const prefix = pathKey(c.path.slice(0, level + 1));
      let j = i;
      while (
        j < colOrder.length &&
        firstTotal(colOrder[j]!) > level &&
        pathKey(colOrder[j]!.path.slice(0, level + 1)) === prefix
      )
        j++;
      header[level]!.push({
        label: input.label(axes.columns[level]!, c.path[level]),
        colSpan: (j - i) * measures.length,
        rowSpan: 1,
        kind: 'value',
      });
      i = j;
    }
  }
  if (measureRow) {
    for (const col of columns)
      header[headerDepth - 1]!.push({
        label: input.measureTitle(col.measure),
        colSpan: 1,
        rowSpan: 1,
        kind: 'measure',
      });
  }

  let previous: PathValue[] | null = null;
  const body: PivotBodyRow[] = rowOrder.map((r) => {
    const cellsOf = columns.map((col) => {
      const row = cells.get(`${pathKey(r.path)}|${pathKey(col.path)}`);
      const v = row?.[col.measure];
      return typeof v === 'number' ? v : null;
    });
    if (r.kind === 'total' || nR === 0) {
      previous = null;
      return {
        kind: r.kind,
        path: r.path,
        headers: [{ label: nR === 0 ? '' : input.texts.total, colSpan: Math.max(1, nR) }],
        cells: cellsOf,
      };
    }
    if (r.kind === 'subtotal') {
      const level = r.path.indexOf(TOTAL);
      const headers = [
        ...Array.from({ length: level - 1 }, () => ({ label: '', colSpan: 1 })),
        {
          label: `${input.label(axes.rows[level - 1]!, r.path[level - 1])} ${input.texts.subtotal}`,
          colSpan: nR - level + 1,
        },
      ];
      previous = null;
      return { kind: 'subtotal', path: r.path, headers, cells: cellsOf };
    }
    const prev = previous;
    const headers = r.path.map((v, level) => {
      const same = prev !== null && pathKey(prev.slice(0, level + 1)) === pathKey(r.path.slice(0, level + 1));
      return { label: same ? '' : input.label(axes.rows[level]!, v), colSpan: 1 };
    });
    previous = r.path;
    return { kind: 'detail', path: r.path, headers, cells: cellsOf };
  });

  return { header, columns, body };
}
