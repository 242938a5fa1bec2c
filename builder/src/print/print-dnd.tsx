/**
 * Drag and drop in the print designer (decision 0061), in the form designer's style: one
 * DndContext, a transient drag store (nothing in the document changes while dragging), a plan from
 * the pointer (core/drop-plan.ts) and one command on drop (core/commands.ts). The indicator asks
 * the same command whether the drop would be refused, so what is shown is what the drop does.
 * The buttons and selects of the designer stay the keyboard path; dnd-kit's keyboard sensor works too.
 */
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { CheckOutlined, CloseOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { pickText } from '@tangram/runtime';
import type { FieldDefinition, PrintTemplate } from '@tangram/schema';
import { App, Button, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore, type StoreApi } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { aimOf, smallestUnderPointer } from '../core/pointer-dnd';
import { FieldIcon } from '../designer/palette/field-icons';
import { isPlaced, type BodySpot, type PrintCommandCode } from './core/commands';
import { commandFor, planDrop, refusalOf, type PrintDragItem, type PrintDropData } from './core/drop-plan';
import { selectForm, selectTemplate, usePrint, usePrintStore } from './store';

type Block = PrintTemplate['body'][number];

/** Layout-only field types: not offered in the field list. */
const NO_VALUE = new Set(['description', 'divider']);

interface DragState {
  active: PrintDragItem | null;
  /** Where the item would land now, and why it would be refused (null: accepted). */
  at: BodySpot | null;
  refusal: PrintCommandCode | null;
  start(item: PrintDragItem): void;
  over(at: BodySpot | null, refusal: PrintCommandCode | null): void;
  end(): { at: BodySpot | null; refusal: PrintCommandCode | null };
}

function createDragStore(): StoreApi<DragState> {
  return createStore<DragState>()((set, get) => ({
    active: null,
    at: null,
    refusal: null,
    start: (active) => set({ active, at: null, refusal: null }),
    over: (at, refusal) => {
      const s = get();
      if (JSON.stringify(s.at) !== JSON.stringify(at) || s.refusal !== refusal) set({ at, refusal });
    },
    end: () => {
      const { at, refusal } = get();
      set({ active: null, at: null, refusal: null });
      return { at, refusal };
    },
  }));
}

const DragContext = createContext<StoreApi<DragState> | null>(null);

function useDrag<T>(selector: (s: DragState) => T): T {
  const store = useContext(DragContext);
  if (!store) throw new Error('useDrag() needs the print designer drag context');
  return useStore(store, selector);
}

/** A dragged block only considers blocks and the end, so it never aims at a field inside a row. */
const collision = smallestUnderPointer((active) =>
  (active as PrintDragItem | undefined)?.kind === 'block'
    ? (c) => (c.data.current as PrintDropData | undefined)?.kind !== 'cell'
    : undefined,
);

const droppable = (f: FieldDefinition) => !NO_VALUE.has(f.type);

/** The print designer's DndContext: field list -> page, fields between rows, blocks up and down. */
export function PrintDnd({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation('print');
  const { message } = App.useApp();
  const store = usePrintStore();
  const [drag] = useState(createDragStore);
  const [overlay, setOverlay] = useState<PrintDragItem | null>(null);
  const sensors = useSensors(
    // A click on a field or handle stays a click: the drag starts after 4 px of movement.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor),
  );

  const plan = (e: DragMoveEvent) => {
    const state = store.getState();
    const item = drag.getState().active;
    const template = selectTemplate(state);
    const data = e.over?.data.current as PrintDropData | undefined;
    const rect = e.active.rect.current.translated;
    if (!item || !template || !data || !e.over || !rect) return drag.getState().over(null, null);
    const form = selectForm(state);
    const point = aimOf(e, rect);
    const isSubform = (id: string) => form.fields.find((f) => f.id === id)?.type === 'subform';
    const at = planDrop(item, data, e.over.rect, point, template.body, isSubform);
    if (!at) return drag.getState().over(null, null);
    drag.getState().over(at, refusalOf(state.app, commandFor(item, at, form.id, template.id)));
  };

  const onStart = (e: DragStartEvent) => {
    const item = e.active.data.current as PrintDragItem | undefined;
    if (!item) return;
    drag.getState().start(item);
    setOverlay(item);
  };

  const onEnd = (e: DragEndEvent) => {
    plan(e);
    const item = drag.getState().active;
    const { at } = drag.getState().end();
    setOverlay(null);
    const state = store.getState();
    const template = selectTemplate(state);
    if (!item || !at || !template) return;
    const result = state.dispatch(commandFor(item, at, state.formId, template.id));
    if (!result.ok) void message.warning(refusalText(t, result.error.code));
  };

  const onCancel = () => {
    drag.getState().end();
    setOverlay(null);
  };

  const shown = overlay ? overlayLabel(overlay) : null;
  function overlayLabel(item: PrintDragItem): { type: FieldDefinition['type'] | null; text: string } | null {
    const state = store.getState();
    const form = selectForm(state);
    if (item.kind !== 'block') {
      const field = form.fields.find((f) => f.id === item.fieldId);
      return field ? { type: field.type, text: pickText(field.label, i18n.language) } : null;
    }
    const block = selectTemplate(state)?.body[item.index];
    if (!block) return null;
    return { type: null, text: blockTitle(block, form.fields, t, i18n.language) };
  }

  return (
    <DragContext.Provider value={drag}>
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onStart}
        onDragMove={plan}
        onDragOver={plan}
        onDragEnd={onEnd}
        onDragCancel={onCancel}
        // Scroll only near the window's edge: the default (a fifth of its height) moved the page
        // under a pointer aimed at a row in the lower part of the screen.
        autoScroll={{ threshold: { x: 0, y: 0.08 } }}
        accessibility={{ screenReaderInstructions: { draggable: t('dndInstructions') } }}
      >
        {children}
        <DragOverlay dropAnimation={null}>
          {shown ? (
            <div className="tg-pr-overlay" data-testid="print-drag-overlay">
              {shown.type ? <FieldIcon type={shown.type} /> : <HolderOutlined />}
              <span>{shown.text}</span>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </DragContext.Provider>
  );
}

type T = TFunction<'print'>;

export function refusalText(t: T, code: PrintCommandCode): string {
  const known = ['row_full', 'already_placed', 'subform_in_row', 'no_value', 'not_a_row', 'too_many_blocks'];
  return t(`refusal.${known.includes(code) ? code : 'changed'}`);
}

/** A short name for a block: its fields, its subform, or its text. */
export function blockTitle(block: Block, fields: readonly FieldDefinition[], t: T, lang: string): string {
  const label = (id: string) => {
    const f = fields.find((x) => x.id === id);
    return f ? pickText(f.label, lang) : id;
  };
  if (block.kind === 'fields') return block.fields.map(label).join(' · ');
  if (block.kind === 'subform') return `${t('subform')}: ${label(block.field)}`;
  return pickText(block.text, lang) || t('text');
}

/** One field of the form in the list: dragged onto the page, or added as a new row with +. */
function FieldItem({ field, placed, onAdd }: { field: FieldDefinition; placed: boolean; onAdd(): void }) {
  const { t, i18n } = useTranslation('print');
  const label = pickText(field.label, i18n.language);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `print-field:${field.id}`,
    data: { kind: 'new', fieldId: field.id } satisfies PrintDragItem,
    disabled: placed,
  });
  return (
    <div className="tg-pr-field" data-placed={placed || undefined} data-dragging={isDragging || undefined}>
      <div
        ref={setNodeRef}
        className="tg-pr-field-grip"
        data-testid={`print-field-${field.id}`}
        {...(placed ? {} : attributes)}
        {...(placed ? {} : listeners)}
      >
        <FieldIcon type={field.type} />
        <span className="tg-pr-field-label">{label}</span>
      </div>
      {placed ? (
        <Tooltip title={t('placed')}>
          <CheckOutlined className="tg-pr-field-placed" aria-label={t('placed')} />
        </Tooltip>
      ) : (
        <Button
          size="small"
          type="text"
          icon={<PlusOutlined />}
          aria-label={t('addAsRow', { label })}
          onClick={onAdd}
          data-testid={`print-field-add-${field.id}`}
        />
      )}
    </div>
  );
}

/** The form's printable fields, each marked when it is on the page already. */
export function FieldList({ template }: { template: PrintTemplate }) {
  const { t } = useTranslation('print');
  const { message } = App.useApp();
  const store = usePrintStore();
  const form = usePrint(selectForm);
  const add = (fieldId: string) => {
    const result = store.getState().dispatch({
      type: 'placeField',
      formId: form.id,
      templateId: template.id,
      fieldId,
      at: { kind: 'gap', index: template.body.length },
    });
    if (!result.ok) void message.warning(refusalText(t, result.error.code));
  };
  return (
    <div className="tg-pr-fields" data-testid="print-field-list">
      <Typography.Text type="secondary" className="tg-pr-hint">
        {t('fieldsHint')}
      </Typography.Text>
      {form.fields.filter(droppable).map((field) => (
        <FieldItem
          key={field.id}
          field={field}
          placed={isPlaced(template.body, field.id)}
          onAdd={() => add(field.id)}
        />
      ))}
    </div>
  );
}

/** The line between blocks where a new row (or a moved block) would go; a drop target itself. */
export function GapLine({ index }: { index: number }) {
  const { t } = useTranslation('print');
  const drop = useDroppable({
    id: `print-gap:${index}`,
    data: { kind: 'gap', index } satisfies PrintDropData,
  });
  const state = useDrag((s) =>
    s.at?.kind === 'gap' && s.at.index === index ? (s.refusal ? 'refused' : 'ok') : null,
  );
  const refusal = useDrag((s) => (state === 'refused' ? s.refusal : null));
  return (
    <div
      ref={drop.setNodeRef}
      className="tg-pr-gap"
      data-drop={state ?? undefined}
      data-testid={`print-gap-${index}`}
    >
      {state === 'refused' && refusal ? <span>{refusalText(t, refusal)}</span> : null}
    </div>
  );
}

/** A block of the body: a drop target, dragged by its handle. */
export function useBlockDnd(index: number) {
  const drag = useDraggable({
    id: `print-block:${index}`,
    data: { kind: 'block', index } satisfies PrintDragItem,
  });
  const drop = useDroppable({
    id: `print-block-drop:${index}`,
    data: { kind: 'block', index } satisfies PrintDropData,
  });
  const into = useDrag((s) =>
    s.at?.kind === 'into' && s.at.block === index ? (s.refusal ? 'refused' : 'ok') : null,
  );
  const refusal = useDrag((s) => (s.at?.kind === 'into' && s.at.block === index ? s.refusal : null));
  return {
    ref: (node: HTMLElement | null) => {
      drag.setNodeRef(node);
      drop.setNodeRef(node);
    },
    handle: { ...drag.attributes, ...drag.listeners },
    dragging: drag.isDragging,
    into,
    refusal,
  };
}

export function BlockHandle({ handle }: { handle: Record<string, unknown> }) {
  const { t } = useTranslation('print');
  return (
    <span className="tg-pr-handle" aria-label={t('dragHandle')} title={t('dragHandle')} {...handle}>
      <HolderOutlined />
    </span>
  );
}

export function RefusalNote({ code }: { code: PrintCommandCode }) {
  const { t } = useTranslation('print');
  return (
    <div className="tg-pr-refusal" data-testid="print-drop-refusal">
      {refusalText(t, code)}
    </div>
  );
}

/** A field in a row: dragged to another row or place, removed with its ×. */
export function RowCell({
  block,
  position,
  last,
  field,
  fieldId,
  onRemove,
}: {
  block: number;
  position: number;
  last: boolean;
  field: FieldDefinition | undefined;
  fieldId: string;
  onRemove(): void;
}) {
  const { t, i18n } = useTranslation('print');
  const drag = useDraggable({
    id: `print-cell:${fieldId}`,
    data: { kind: 'placed', fieldId } satisfies PrintDragItem,
  });
  const drop = useDroppable({
    id: `print-cell-drop:${fieldId}`,
    data: { kind: 'cell', block, position } satisfies PrintDropData,
  });
  // The insertion bar: before this field, or after it when it is the row's last.
  const edge = useDrag((s) => {
    if (s.at?.kind !== 'into' || s.at.block !== block || s.refusal) return null;
    if (s.at.position === position) return 'before';
    return last && s.at.position === position + 1 ? 'after' : null;
  });
  const label = field ? pickText(field.label, i18n.language) : fieldId;
  return (
    <div
      ref={(node) => {
        drag.setNodeRef(node);
        drop.setNodeRef(node);
      }}
      className="tg-pr-cell"
      data-edge={edge ?? undefined}
      data-dragging={drag.isDragging || undefined}
      data-testid={`print-cell-${fieldId}`}
      {...drag.attributes}
      {...drag.listeners}
    >
      <div className="tg-pr-cell-label">
        {field ? <FieldIcon type={field.type} /> : null}
        <span>{label}</span>
      </div>
      <div className="tg-pr-cell-value" />
      <Button
        size="small"
        type="text"
        className="tg-pr-cell-remove"
        icon={<CloseOutlined />}
        aria-label={t('removeField')}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.stopPropagation()}
        onClick={onRemove}
      />
    </div>
  );
}

/** After the last block: a drop area for a new row at the end. */
export function EndDrop({ count }: { count: number }) {
  const { t } = useTranslation('print');
  const drop = useDroppable({ id: 'print-end', data: { kind: 'gap', index: count } satisfies PrintDropData });
  const dragging = useDrag((s) => s.active !== null);
  return (
    <div ref={drop.setNodeRef} className="tg-pr-end" data-dragging={dragging || undefined}>
      <GapLine index={count} />
      <div className="tg-pr-end-zone" data-testid="print-drop-end">
        {t('dropHere')}
      </div>
    </div>
  );
}
