import type { FieldDefinition } from '@tangram/schema';

type Row = Record<string, unknown>;

/** One cell of a subform row that changed (column id, values before and after). */
export interface CellChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * A row-level change of a subform value. `index` is the row's 1-based position as the user saw
 * it: in the new rows for added and changed rows, in the old rows for removed ones. `cells`:
 * for an added row its filled cells, for a removed one the cells it had, for a changed row only
 * the cells that differ.
 */
export interface RowChange {
  kind: 'added' | 'removed' | 'changed';
  index: number;
  cells: CellChange[];
}

export interface SubformDiff {
  rows: RowChange[];
  /** The same rows in another order (and nothing else changed about them). */
  reordered: boolean;
}

const isBlank = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** JSON with sorted keys and blank object members left out: stored and submitted rows compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Row = {};
    for (const k of Object.keys(v).sort()) if (!isBlank((v as Row)[k])) out[k] = (v as Row)[k];
    return out;
  });
}

/** Values equal for the history: blank is blank (null, '', []), objects compare by content. */
export const sameValue = (a: unknown, b: unknown): boolean =>
  (isBlank(a) && isBlank(b)) || canonical(a) === canonical(b);

const rowsOf = (v: unknown): Row[] =>
  Array.isArray(v) ? v.filter((r): r is Row => typeof r === 'object' && r !== null) : [];

/**
 * What changed between two values of a subform, row by row: rows are matched by their stable
 * `id` (the server gives every row one), or by position for rows without one (an old entry).
 * Only the subform's columns are compared, so the row id itself is never reported.
 */
export function subformDiff(columns: readonly FieldDefinition[], from: unknown, to: unknown): SubformDiff {
  const before = rowsOf(from);
  const after = rowsOf(to);
  const keyOf = (row: Row, i: number) => (typeof row.id === 'string' ? `id:${row.id}` : `at:${i}`);
  const old = new Map(before.map((row, i) => [keyOf(row, i), { row, index: i }]));
  const seen = new Set<string>();
  const rows: RowChange[] = [];
  const cells = (a: Row | undefined, b: Row | undefined): CellChange[] =>
    columns
      .filter((c) => !sameValue(a?.[c.id], b?.[c.id]))
      .map((c) => ({ field: c.id, from: a?.[c.id] ?? null, to: b?.[c.id] ?? null }));
  after.forEach((row, i) => {
    const key = keyOf(row, i);
    const match = old.get(key);
    seen.add(key);
    if (!match) rows.push({ kind: 'added', index: i + 1, cells: cells(undefined, row) });
    else {
      const changed = cells(match.row, row);
      if (changed.length) rows.push({ kind: 'changed', index: i + 1, cells: changed });
    }
  });
  before.forEach((row, i) => {
    if (!seen.has(keyOf(row, i))) rows.push({ kind: 'removed', index: i + 1, cells: cells(row, undefined) });
  });
  const kept = (list: Row[]) => list.map(keyOf).filter((k) => old.has(k) && seen.has(k));
  const order = (list: Row[]) => kept(list).join('|');
  const reordered = order(before) !== order(after);
  rows.sort((a, b) => a.index - b.index || (a.kind === 'removed' ? -1 : 1));
  return { rows, reordered };
}
