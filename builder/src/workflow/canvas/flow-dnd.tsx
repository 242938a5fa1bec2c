import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardCode,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseSlotId } from './flow-canvas';

/**
 * Keyboard moves jump from "+" slot to "+" slot in reading order (down/right: next, up/left:
 * previous) instead of by pixels, so a node can reach every place on the canvas with the arrows.
 */
const slotCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const forward = event.code === KeyboardCode.Down || event.code === KeyboardCode.Right;
  const backward = event.code === KeyboardCode.Up || event.code === KeyboardCode.Left;
  if (!forward && !backward) return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers, over } = context;
  const slots = droppableContainers
    .getEnabled()
    .map((c) => ({ id: String(c.id), rect: droppableRects.get(c.id) }))
    .filter((s): s is { id: string; rect: NonNullable<typeof s.rect> } => !!s.rect)
    .sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);
  if (!slots.length || !collisionRect) return currentCoordinates;
  const at = over ? slots.findIndex((s) => s.id === String(over.id)) : -1;
  const nextIndex =
    at === -1
      ? // Not over a slot yet: the nearest one in the pressed direction.
        Math.max(
          0,
          forward
            ? slots.findIndex((s) => s.rect.top > collisionRect.top)
            : slots.findLastIndex((s) => s.rect.top < collisionRect.top),
        )
      : Math.min(slots.length - 1, Math.max(0, at + (forward ? 1 : -1)));
  const target = slots[nextIndex];
  if (!target) return currentCoordinates;
  // Centre the dragged card on the slot: closest-centre collision then picks that slot.
  return {
    x:
      currentCoordinates.x +
      (target.rect.left + target.rect.width / 2 - (collisionRect.left + collisionRect.width / 2)),
    y:
      currentCoordinates.y +
      (target.rect.top + target.rect.height / 2 - (collisionRect.top + collisionRect.height / 2)),
  };
};

/**
 * Drag and drop of nodes onto "+" slots. Nothing in the document changes while dragging; the drop
 * dispatches one move command (through `onMove`), Escape or a drop outside a slot forgets it.
 */
export function FlowDnd({
  children,
  onMove,
  labelOf,
}: {
  children: ReactNode;
  onMove(nodeId: string, slot: NonNullable<ReturnType<typeof parseSlotId>>): void;
  labelOf(nodeId: string): string;
}) {
  const { t } = useTranslation('workflow');
  const [active, setActive] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: slotCoordinates }),
  );
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragStart={(e) => setActive(String(e.active.id))}
      onDragCancel={() => setActive(null)}
      onDragEnd={(e) => {
        setActive(null);
        const slot = e.over ? parseSlotId(String(e.over.id)) : null;
        if (slot) onMove(String(e.active.id), slot);
      }}
      accessibility={{ screenReaderInstructions: { draggable: t('canvas.dndInstructions') } }}
    >
      {children}
      <DragOverlay dropAnimation={null}>
        {active ? <div className="tg-wfd-overlay">{labelOf(active)}</div> : null}
      </DragOverlay>
    </DndContext>
  );
}
