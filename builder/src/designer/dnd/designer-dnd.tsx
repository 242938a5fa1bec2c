import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { fieldRegistry } from '@tangram/fields';
import { App } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorStore } from '../store/context';
import { newField, nextFieldId, findField } from '../store/commands';
import { selectForm } from '../store/context';
import { FieldIcon } from '../palette/field-icons';
import { DragStoreContext } from './drag-context';
import { createDragStore, type DragItem } from './drag-state';
import { addContainer } from './containers';
import { placementFor, type DropData } from './placement';
import { treeOf } from '../store/layout';
import { pickText } from '@tangram/runtime';
import { aimOf, smallestUnderPointer } from '../../core/pointer-dnd';

/** Targets a section or tab group may land on: top-level rows, container heads, the canvas end. */
const topLevel = (d: DropData | undefined) =>
  d?.kind === 'container' || d?.kind === 'canvas-end' || (d?.kind === 'cell' && d.slot === undefined);

/** Containers only consider top-level targets, so a keyboard drag (closest centre, no pointer) is
 * not caught by a tab button or a field inside another container on its way. */
const collision = smallestUnderPointer((active) => {
  const item = active as DragItem | undefined;
  return item?.kind === 'container' || item?.kind === 'move-container'
    ? (c) => topLevel(c.data.current as DropData | undefined)
    : undefined;
});

/** The designer's one DndContext: palette -> canvas, reorder, rows and subform columns; mouse, touch and keyboard. */
export function DesignerDnd({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation('designer');
  const { message } = App.useApp();
  const editor = useEditorStore();
  const [drag] = useState(createDragStore);
  const [overlay, setOverlay] = useState<DragItem | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor),
  );

  const plan = (e: DragMoveEvent) => {
    const item = drag.getState().active;
    const data = e.over?.data.current as DropData | undefined;
    const rect = e.active.rect.current.translated;
    if (!item || !data || !e.over || !rect) return drag.getState().over(null);
    const point = aimOf(e, rect);
    drag.getState().over(placementFor(data, e.over.rect, point, item, selectForm(editor.getState())));
  };

  const onStart = (e: DragStartEvent) => {
    const item = e.active.data.current as DragItem | undefined;
    if (!item) return;
    drag.getState().start(item);
    setOverlay(item);
  };

  const onEnd = (e: DragEndEvent) => {
    plan(e);
    const item = drag.getState().active;
    const target = drag.getState().end();
    setOverlay(null);
    if (!item || !target) return;
    const state = editor.getState();
    const form = selectForm(state);
    if (item.kind === 'move-container') {
      if (target.kind !== 'row' || target.slot !== undefined) return;
      const result = state.dispatch({
        type: 'moveContainer',
        formId: form.id,
        containerId: item.containerId,
        index: target.index,
      });
      if (!result.ok)
        void message.warning(t(`errors.${result.error.code}`, { defaultValue: result.error.message }));
      return;
    }
    if (item.kind === 'container') {
      if (target.kind !== 'row') return;
      const result = addContainer(editor.getState(), item.container, target.index);
      if (!result.ok)
        void message.warning(t(`errors.${result.error.code}`, { defaultValue: result.error.message }));
      return;
    }
    if (item.kind === 'new') {
      const field = newField(item.type, nextFieldId(form, item.type));
      const result = state.dispatch({ type: 'addField', formId: form.id, field, at: target });
      if (result.ok) state.select(field.id);
      else void message.warning(t(`errors.${result.error.code}`, { defaultValue: result.error.message }));
      return;
    }
    const result = state.dispatch({ type: 'moveField', formId: form.id, fieldId: item.fieldId, to: target });
    if (!result.ok)
      void message.warning(t(`errors.${result.error.code}`, { defaultValue: result.error.message }));
  };

  const onCancel = () => {
    // Nothing was written while dragging: forgetting the plan is the rollback.
    drag.getState().end();
    setOverlay(null);
  };

  const label = (item: DragItem) => {
    if (item.kind === 'container') return { type: 'divider' as const, text: t(`layout.${item.container}`) };
    if (item.kind === 'move-container') {
      const moved = treeOf(selectForm(editor.getState())).find(
        (i) => i.kind !== 'row' && i.id === item.containerId,
      );
      if (!moved || moved.kind === 'row') return null;
      const title = moved.kind === 'section' ? moved.title : moved.tabs[0]?.title;
      return {
        type: 'divider' as const,
        text: title ? pickText(title, i18n.language) : t(`layout.${moved.kind}`),
      };
    }
    if (item.kind === 'new')
      return { type: item.type, text: pickText(fieldRegistry.spec(item.type).label, i18n.language) };
    const found = findField(selectForm(editor.getState()), item.fieldId);
    return found ? { type: found.field.type, text: pickText(found.field.label, i18n.language) } : null;
  };
  const shown = overlay ? label(overlay) : null;

  return (
    <DragStoreContext.Provider value={drag}>
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onStart}
        onDragMove={plan}
        onDragOver={plan}
        onDragEnd={onEnd}
        onDragCancel={onCancel}
        accessibility={{
          screenReaderInstructions: { draggable: t('dnd.instructions') },
        }}
      >
        {children}
        <DragOverlay dropAnimation={null}>
          {shown ? (
            <div className="tg-dz-overlay">
              <FieldIcon type={shown.type} />
              <span>{shown.text}</span>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </DragStoreContext.Provider>
  );
}
