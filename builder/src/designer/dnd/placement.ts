import type { FormDefinition } from '@tangram/schema';
import { findField, NOT_IN_SUBFORM } from '../store/commands';
import { locate, MAX_PER_ROW, rowsOf, type Placement } from '../store/layout';
import type { DragItem } from './drag-state';

/** What each drop target tells the planner about itself (dnd-kit `data`). */
export type DropData =
  | { kind: 'cell'; fieldId: string; row: number }
  | { kind: 'column'; subformId: string; index: number }
  | { kind: 'subform-end'; subformId: string; count: number }
  | { kind: 'canvas-end'; rows: number };

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Outer share of a cell's width that means "beside" rather than "above / below". */
const SIDE_ZONE = 0.25;

/**
 * Plans where a drag would land: over the left or right quarter of a field it joins that field's
 * row; over the rest it goes above or below that row; over a subform column it becomes a column
 * before or after it. Returns null where the item is not accepted.
 */
export function placementFor(
  data: DropData,
  rect: Rect,
  point: { x: number; y: number },
  item: DragItem,
  form: FormDefinition,
): Placement | null {
  const draggedType = item.kind === 'new' ? item.type : findField(form, item.fieldId)?.field.type;
  if (!draggedType) return null;
  const dragged = item.kind === 'field' ? item.fieldId : null;
  const x = rect.width ? (point.x - rect.left) / rect.width : 0.5;
  const below = point.y > rect.top + rect.height / 2;

  if (data.kind === 'column' || data.kind === 'subform-end') {
    if (NOT_IN_SUBFORM.has(draggedType) || dragged === data.subformId) return null;
    const index = data.kind === 'column' ? data.index + (x > 0.5 ? 1 : 0) : data.count;
    return { kind: 'column', subformId: data.subformId, index };
  }
  if (data.kind === 'canvas-end') return { kind: 'row', index: data.rows };

  if (dragged === data.fieldId) return null;
  const rows = rowsOf(form);
  const row = rows[data.row];
  const sameRow = dragged !== null && locate(rows, dragged)?.row === data.row;
  const roomy = row !== undefined && (row.cells.length < MAX_PER_ROW || sameRow);
  if (roomy && x < SIDE_ZONE) return { kind: 'beside', fieldId: data.fieldId, side: 'before' };
  if (roomy && x > 1 - SIDE_ZONE) return { kind: 'beside', fieldId: data.fieldId, side: 'after' };
  return { kind: 'row', index: data.row + (below ? 1 : 0) };
}
