/**
 * Pointer aiming shared by the builder's designers (form and print). Both find the drop target
 * under the pointer and then judge the side of it from the pointer too, so what the indicator shows
 * is where the hand is, not where the dragged overlay's centre happens to be.
 */
import {
  closestCenter,
  pointerWithin,
  type ClientRect,
  type CollisionDetection,
  type DragMoveEvent,
} from '@dnd-kit/core';

type Droppable = Parameters<CollisionDetection>[0]['droppableContainers'][number];

/**
 * Pointer inside several nested targets (a field inside its row, a subform column inside a subform
 * row): the smallest wins. `consider` narrows the targets for the item being dragged (a block never
 * aims at a field inside a row). With no pointer (a keyboard drag) the closest centre wins.
 */
export function smallestUnderPointer(
  consider?: (active: unknown) => ((target: Droppable) => boolean) | undefined,
): CollisionDetection {
  return (input) => {
    const keep = consider?.(input.active.data.current);
    const args = keep ? { ...input, droppableContainers: input.droppableContainers.filter(keep) } : input;
    const within = pointerWithin(args);
    if (!within.length) return closestCenter(args);
    const area = (id: string | number) => {
      const r = args.droppableRects.get(id);
      return r ? r.width * r.height : Infinity;
    };
    return [...within].sort((a, b) => area(a.id) - area(b.id));
  };
}

/**
 * Where the pointer is now (mouse or touch). The centre of the dragged overlay lies wherever the
 * item was grabbed, up to half its width away, so aiming by it made a field aimed beside another
 * land above it. A keyboard drag has no pointer: the overlay's centre (`rect`) is used.
 */
export function aimOf(e: DragMoveEvent, rect: ClientRect): { x: number; y: number } {
  const start = e.activatorEvent;
  if (start instanceof MouseEvent) return { x: start.clientX + e.delta.x, y: start.clientY + e.delta.y };
  if (typeof TouchEvent !== 'undefined' && start instanceof TouchEvent) {
    const touch = start.touches[0] ?? start.changedTouches[0];
    if (touch) return { x: touch.clientX + e.delta.x, y: touch.clientY + e.delta.y };
  }
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}
