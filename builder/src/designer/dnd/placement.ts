import type { FormDefinition } from '@tangram/schema';
import { findField, NOT_IN_SUBFORM } from '../store/commands';
import { locateInTree, MAX_PER_ROW, rowsIn, treeOf, type Placement } from '../store/layout';
import type { DragItem } from './drag-state';

/** What each drop target tells the planner about itself (dnd-kit `data`). */
export type DropData =
  /** A field of a row at `index` of its slot's list (top level: of the top-level items). */
  | { kind: 'cell'; fieldId: string; index: number; slot?: string }
  /** The head of a section or tab group at top-level `index`. */
  | { kind: 'container'; index: number }
  /** The end of a section's or tab pane's rows. */
  | { kind: 'slot-end'; slot: string; count: number }
  | { kind: 'column'; subformId: string; index: number }
  | { kind: 'subform-end'; subformId: string; count: number }
  | { kind: 'canvas-end'; count: number };

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Outer share of a cell's width that means "beside" rather than "above / below". */
const SIDE_ZONE = 0.3;

/**
 * Plans where a drag would land: over the left or right 30% of a field it joins that field's
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
  const x = rect.width ? (point.x - rect.left) / rect.width : 0.5;
  const below = point.y > rect.top + rect.height / 2;
  if (item.kind === 'container' || item.kind === 'move-container') {
    // Containers go at the top level only (one level of sections and tabs).
    if (data.kind === 'canvas-end') return { kind: 'row', index: data.count };
    if (data.kind === 'container' || (data.kind === 'cell' && data.slot === undefined))
      return { kind: 'row', index: data.index + (below ? 1 : 0) };
    return null;
  }
  const draggedType = item.kind === 'new' ? item.type : findField(form, item.fieldId)?.field.type;
  if (!draggedType) return null;
  const dragged = item.kind === 'field' ? item.fieldId : null;

  if (data.kind === 'column' || data.kind === 'subform-end') {
    if (NOT_IN_SUBFORM.has(draggedType) || dragged === data.subformId) return null;
    const index = data.kind === 'column' ? data.index + (x > 0.5 ? 1 : 0) : data.count;
    return { kind: 'column', subformId: data.subformId, index };
  }
  if (data.kind === 'canvas-end') return { kind: 'row', index: data.count };
  if (data.kind === 'slot-end') return { kind: 'row', index: data.count, slot: data.slot };
  if (data.kind === 'container') return { kind: 'row', index: data.index + (below ? 1 : 0) };

  if (dragged === data.fieldId) return null;
  const tree = treeOf(form);
  const list = data.slot === undefined ? tree : rowsIn(tree, data.slot);
  const row = list[data.index];
  const from = dragged !== null ? locateInTree(tree, dragged) : null;
  const sameRow = from !== null && from.slot === data.slot && from.index === data.index;
  const roomy = row?.kind === 'row' && (row.cells.length < MAX_PER_ROW || sameRow);
  if (roomy && x < SIDE_ZONE) return { kind: 'beside', fieldId: data.fieldId, side: 'before' };
  if (roomy && x > 1 - SIDE_ZONE) return { kind: 'beside', fieldId: data.fieldId, side: 'after' };
  const at: Placement = { kind: 'row', index: data.index + (below ? 1 : 0) };
  return data.slot === undefined ? at : { ...at, slot: data.slot };
}
