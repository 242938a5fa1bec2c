/**
 * Where a drag in the print designer would land (decision 0061), pure: the dragged item, the drop
 * target under the pointer and the pointer's place on it in, a BodySpot out. Whether the spot is
 * accepted is not decided here: the UI runs the command itself (`refusalOf`), so the indicator and
 * the drop can never disagree with what the command allows.
 */
import type { AppDefinition, PrintTemplate } from '@tangram/schema';
import {
  applyPrintCommand,
  PrintCommandError,
  type BodySpot,
  type PrintCommand,
  type PrintCommandCode,
} from './commands';

/** What is being dragged. */
export type PrintDragItem =
  /** A field of the form from the field list, not on the page yet. */
  | { kind: 'new'; fieldId: string }
  /** A field in a row of the page. */
  | { kind: 'placed'; fieldId: string }
  /** A block of the body (row, table, text) at its index. */
  | { kind: 'block'; index: number };

/** What each drop target tells the planner about itself (dnd-kit `data`). */
export type PrintDropData =
  /** A block of the body. */
  | { kind: 'block'; index: number }
  /** A field in the row at body index `block`, at `position` in the row. */
  | { kind: 'cell'; block: number; position: number }
  /** The line between two blocks, or the space after the last one: a new block at `index`. */
  | { kind: 'gap'; index: number };

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Top and bottom share of a row that mean "a new row above / below" rather than "into this row". */
const EDGE = 0.28;

export function planDrop(
  item: PrintDragItem,
  data: PrintDropData,
  rect: Rect,
  point: { x: number; y: number },
  body: PrintTemplate['body'],
  isSubform: (fieldId: string) => boolean,
): BodySpot | null {
  const y = rect.height ? (point.y - rect.top) / rect.height : 0.5;
  if (data.kind === 'gap') return { kind: 'gap', index: data.index };
  if (data.kind === 'cell') {
    // Blocks move between blocks only; a subform never joins a row: both aim at the row's edges.
    if (item.kind === 'block' || isSubform(item.fieldId))
      return { kind: 'gap', index: data.block + (y > 0.5 ? 1 : 0) };
    const x = rect.width ? (point.x - rect.left) / rect.width : 0.5;
    return { kind: 'into', block: data.block, position: data.position + (x > 0.5 ? 1 : 0) };
  }
  const block = body[data.index];
  if (!block) return null;
  const joinable = item.kind !== 'block' && block.kind === 'fields' && !isSubform(item.fieldId);
  if (joinable && y >= EDGE && y <= 1 - EDGE)
    return { kind: 'into', block: data.index, position: block.fields.length };
  return { kind: 'gap', index: data.index + (y > 0.5 ? 1 : 0) };
}

/** The command a drop of `item` at `at` dispatches. */
export function commandFor(
  item: PrintDragItem,
  at: BodySpot,
  formId: string,
  templateId: string,
): PrintCommand {
  if (item.kind === 'block') {
    const to = at.kind === 'gap' ? at.index : at.block;
    return { type: 'moveBlock', formId, templateId, from: item.index, to };
  }
  return {
    type: item.kind === 'new' ? 'placeField' : 'moveField',
    formId,
    templateId,
    fieldId: item.fieldId,
    at,
  };
}

/** Why the command would be refused, or null when it would be applied (or change nothing). */
export function refusalOf(app: AppDefinition, cmd: PrintCommand): PrintCommandCode | null {
  try {
    applyPrintCommand(app, cmd);
    return null;
  } catch (e) {
    if (e instanceof PrintCommandError) return e.code;
    throw e;
  }
}
