import { CopyOutlined, DeleteOutlined, ExclamationCircleFilled, HolderOutlined } from '@ant-design/icons';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { pickText } from '@tangram/runtime';
import type { FieldDefinition, LayoutRow, SubformField } from '@tangram/schema';
import { Button, Empty, Tooltip, Typography } from 'antd';
import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDrag } from '../dnd/drag-context';
import type { DragItem } from '../dnd/drag-state';
import type { DropData } from '../dnd/placement';
import { issuesByField } from '../issues';
import { findField, nextFieldId } from '../store/commands';
import { selectForm, useEditor, useEditorStore } from '../store/context';
import { spanOf, treeOf, type TreeItem } from '../store/layout';
import { FieldMock } from './field-mock';

/** Messages per field id for the form being designed. */
function useFieldIssues() {
  const app = useEditor((s) => s.app);
  const formId = useEditor((s) => s.formId);
  const issues = useEditor((s) => s.issues);
  return useMemo(() => issuesByField(app, formId, issues), [app, formId, issues]);
}

function useFieldActions(fieldId: string) {
  const store = useEditorStore();
  return {
    select: () => store.getState().select(fieldId),
    duplicate: () => {
      const s = store.getState();
      const form = selectForm(s);
      const found = findField(form, fieldId);
      if (!found) return;
      const newId = nextFieldId(form, found.field.type);
      if (s.dispatch({ type: 'duplicateField', formId: form.id, fieldId, newId }).ok) s.select(newId);
    },
    remove: () => {
      const s = store.getState();
      s.dispatch({ type: 'removeField', formId: s.formId, fieldId });
    },
  };
}

function FieldToolbar({ fieldId }: { fieldId: string }) {
  const { t } = useTranslation('designer');
  const actions = useFieldActions(fieldId);
  return (
    <div className="tg-dz-toolbar" onPointerDown={(e) => e.stopPropagation()}>
      <Tooltip title={t('canvas.duplicate')}>
        <Button
          size="small"
          type="text"
          icon={<CopyOutlined />}
          aria-label={t('canvas.duplicate')}
          data-testid={`duplicate-${fieldId}`}
          onClick={(e) => {
            e.stopPropagation();
            actions.duplicate();
          }}
        />
      </Tooltip>
      <Tooltip title={t('canvas.delete')}>
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('canvas.delete')}
          data-testid={`delete-${fieldId}`}
          onClick={(e) => {
            e.stopPropagation();
            actions.remove();
          }}
        />
      </Tooltip>
    </div>
  );
}

function FieldLabel({ field, problems }: { field: FieldDefinition; problems: number }) {
  const { i18n } = useTranslation('designer');
  return (
    <div className="tg-dz-label">
      {field.required ? <span className="tg-dz-required">*</span> : null}
      <span>{pickText(field.label, i18n.language)}</span>
      {field.hidden ? <span className="tg-dz-flag">◌</span> : null}
      {problems ? <ExclamationCircleFilled className="tg-dz-issue-icon" /> : null}
    </div>
  );
}

/** Keys on a focused field: Delete removes it, Enter selects it (Space starts a keyboard drag). */
function onFieldKey(e: KeyboardEvent, actions: ReturnType<typeof useFieldActions>) {
  if (e.target !== e.currentTarget) return;
  if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    actions.remove();
  } else if (e.key === 'Enter') {
    e.preventDefault();
    actions.select();
  }
}

function SubformColumn({ sub, col, index }: { sub: SubformField; col: FieldDefinition; index: number }) {
  const { i18n } = useTranslation('designer');
  const selected = useEditor((s) => s.selectedFieldId === col.id);
  const actions = useFieldActions(col.id);
  const drag = useDraggable({ id: `field:${col.id}`, data: { kind: 'field', fieldId: col.id } });
  const drop = useDroppable({
    id: `col:${sub.id}:${col.id}`,
    data: { kind: 'column', subformId: sub.id, index } satisfies DropData,
  });
  const target = useDrag((s) =>
    s.target?.kind === 'column' && s.target.subformId === sub.id ? s.target.index : null,
  );
  const edge = target === index ? 'before' : target === index + 1 ? 'after' : null;
  return (
    <div
      ref={(node) => {
        drag.setNodeRef(node);
        drop.setNodeRef(node);
      }}
      className="tg-dz-column"
      data-selected={selected || undefined}
      data-edge={edge ?? undefined}
      data-dragging={drag.isDragging || undefined}
      data-testid={`column-${col.id}`}
      onClick={(e) => {
        e.stopPropagation();
        actions.select();
      }}
      onKeyDown={(e) => onFieldKey(e, actions)}
      {...drag.attributes}
      {...drag.listeners}
    >
      <div className="tg-dz-column-head">
        {col.required ? <span className="tg-dz-required">*</span> : null}
        <span>{pickText(col.label, i18n.language)}</span>
      </div>
      <div className="tg-dz-column-cell" />
      {selected ? <FieldToolbar fieldId={col.id} /> : null}
    </div>
  );
}

function SubformBody({ sub }: { sub: SubformField }) {
  const { t } = useTranslation('designer');
  const cols = sub.config.fields;
  const end = useDroppable({
    id: `subform-end:${sub.id}`,
    data: { kind: 'subform-end', subformId: sub.id, count: cols.length } satisfies DropData,
  });
  const atEnd = useDrag(
    (s) =>
      s.target?.kind === 'column' &&
      s.target.subformId === sub.id &&
      s.target.index === cols.length &&
      cols.length === 0,
  );
  // The whole column zone is the "add a column" target, not only its empty end: a field dropped
  // anywhere inside it lands in the subform (columns inside are smaller targets and win there).
  return (
    <div ref={end.setNodeRef} className="tg-dz-subform" data-testid={`subform-${sub.id}`}>
      {cols.map((col, i) => (
        <SubformColumn key={col.id} sub={sub} col={col} index={i} />
      ))}
      <div
        className="tg-dz-subform-drop"
        data-active={atEnd || (end.isOver && cols.length > 0) || undefined}
        data-testid={`subform-drop-${sub.id}`}
      >
        {t('canvas.dropColumns')}
      </div>
    </div>
  );
}

const CanvasCell = memo(function CanvasCell({
  fieldId,
  index,
  slot,
  span,
}: {
  fieldId: string;
  index: number;
  slot?: string;
  span: number;
}) {
  const field = useEditor((s) => selectForm(s).fields.find((f) => f.id === fieldId));
  const selected = useEditor((s) => s.selectedFieldId === fieldId);
  const problems = useFieldIssues().get(fieldId)?.length ?? 0;
  const actions = useFieldActions(fieldId);
  const drag = useDraggable({ id: `field:${fieldId}`, data: { kind: 'field', fieldId } });
  const drop = useDroppable({
    id: `cell:${fieldId}`,
    data: { kind: 'cell', fieldId, index, slot } satisfies DropData,
  });
  const edge = useDrag((s) => {
    const tg = s.target;
    if (tg?.kind !== 'beside' || tg.fieldId !== fieldId) return null;
    return tg.side;
  });
  if (!field) return null;
  return (
    <div
      ref={(node) => {
        drag.setNodeRef(node);
        drop.setNodeRef(node);
      }}
      className="tg-dz-cell"
      style={{ gridColumn: `span ${span}` }}
      data-selected={selected || undefined}
      data-edge={edge ?? undefined}
      data-dragging={drag.isDragging || undefined}
      data-issue={problems > 0 || undefined}
      data-testid={`cell-${fieldId}`}
      data-type={field.type}
      onClick={actions.select}
      onKeyDown={(e) => onFieldKey(e, actions)}
      {...drag.attributes}
      {...drag.listeners}
    >
      <HolderOutlined className="tg-dz-handle" />
      {field.type === 'divider' ? (
        <div className="tg-dz-divider">
          <span>{field.config?.title ? <LabelText text={field.config.title} /> : null}</span>
        </div>
      ) : field.type === 'description' ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          <LabelText text={field.config.content} />
        </Typography.Paragraph>
      ) : (
        <>
          <FieldLabel field={field} problems={problems} />
          {field.type === 'subform' ? <SubformBody sub={field} /> : <FieldMock field={field} />}
          {field.description ? (
            <Typography.Text type="secondary" className="tg-dz-help">
              <LabelText text={field.description} />
            </Typography.Text>
          ) : null}
        </>
      )}
      {selected ? <FieldToolbar fieldId={fieldId} /> : null}
    </div>
  );
});

function LabelText({ text }: { text: { 'zh-CN'?: string; en?: string } }) {
  const { i18n } = useTranslation('designer');
  return <>{pickText(text, i18n.language)}</>;
}

function RowLine({ index, slot }: { index: number; slot?: string }) {
  const active = useDrag(
    (s) => s.target?.kind === 'row' && s.target.index === index && s.target.slot === slot,
  );
  return <div className="tg-dz-rowline" data-active={active || undefined} />;
}

function CanvasRow({ row, index, slot }: { row: LayoutRow; index: number; slot?: string }) {
  return (
    <>
      <RowLine index={index} slot={slot} />
      <div className="tg-dz-row" data-testid="canvas-row">
        {row.cells.map((c, i) => (
          <CanvasCell key={c.field} fieldId={c.field} index={index} slot={slot} span={spanOf(row, i)} />
        ))}
      </div>
    </>
  );
}

const rowKey = (row: LayoutRow) => row.cells.map((c) => c.field).join('|');

/** The rows of a section or tab pane, and a drop area after them. */
function SlotBody({ slot, rows }: { slot: string; rows: LayoutRow[] }) {
  const { t } = useTranslation('designer');
  const end = useDroppable({
    id: `slot-end:${slot}`,
    data: { kind: 'slot-end', slot, count: rows.length } satisfies DropData,
  });
  const active = useDrag(
    (s) => s.target?.kind === 'row' && s.target.slot === slot && s.target.index === rows.length,
  );
  return (
    <div className="tg-dz-slot" data-testid={`slot-${slot}`}>
      {rows.map((row, i) => (
        <CanvasRow key={rowKey(row)} row={row} index={i} slot={slot} />
      ))}
      <div
        ref={end.setNodeRef}
        className="tg-dz-slot-drop"
        data-active={active || undefined}
        data-testid={`slot-drop-${slot}`}
      >
        {t('layout.dropFields')}
      </div>
    </div>
  );
}

type Pane = Extract<TreeItem, { kind: 'tabs' }>['tabs'][number];

/** A pane's tab; dropping a field on it appends the field to that pane. */
function TabButton({ pane, active, onClick }: { pane: Pane; active: boolean; onClick(): void }) {
  const { i18n } = useTranslation('designer');
  const drop = useDroppable({
    id: `tab:${pane.id}`,
    data: { kind: 'slot-end', slot: pane.id, count: pane.items.length } satisfies DropData,
  });
  const target = useDrag((s) => s.target?.kind === 'row' && s.target.slot === pane.id);
  return (
    <button
      ref={drop.setNodeRef}
      type="button"
      role="tab"
      aria-selected={active}
      className="tg-dz-tab"
      data-active={(target && !active) || undefined}
      data-testid={`tab-${pane.id}`}
      onClick={onClick}
    >
      {pickText(pane.title, i18n.language)}
    </button>
  );
}

/** A section or tab group on the canvas: a selectable, draggable head and its slots. */
function CanvasContainer({ item, index }: { item: Exclude<TreeItem, LayoutRow>; index: number }) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const selected = useEditor((s) => s.selectedFieldId === item.id);
  const [pane, setPane] = useState(0);
  const head = useDroppable({
    id: `container:${item.id}`,
    data: { kind: 'container', index } satisfies DropData,
  });
  // The handle is the drag node (its small rect is what the planner follows), so the tabs and
  // buttons of the head keep their clicks.
  const drag = useDraggable({
    id: `move-container:${item.id}`,
    data: { kind: 'move-container', containerId: item.id } satisfies DragItem,
  });
  const select = () => store.getState().select(item.id);
  const remove = () => {
    const s = store.getState();
    s.dispatch({ type: 'removeContainer', formId: s.formId, containerId: item.id });
  };
  const tab = item.kind === 'tabs' ? (item.tabs[Math.min(pane, item.tabs.length - 1)] ?? null) : null;
  return (
    <>
      <RowLine index={index} />
      <div
        className="tg-dz-container"
        data-kind={item.kind}
        data-selected={selected || undefined}
        data-dragging={drag.isDragging || undefined}
        data-testid={`container-${item.id}`}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('.tg-dz-cell')) return;
          e.stopPropagation();
          select();
        }}
      >
        <div
          ref={head.setNodeRef}
          className="tg-dz-container-head"
          role="button"
          tabIndex={0}
          aria-label={t(`layout.${item.kind}`)}
          onKeyDown={(e) => {
            if (e.target !== e.currentTarget) return;
            if (e.key === 'Enter') select();
            if (e.key === 'Delete' || e.key === 'Backspace') remove();
          }}
        >
          <Tooltip title={t('layout.move')} mouseEnterDelay={0.6}>
            <span
              ref={drag.setNodeRef}
              className="tg-dz-container-handle"
              data-testid={`move-${item.id}`}
              {...drag.attributes}
              {...drag.listeners}
              aria-label={t('layout.move')}
              onClick={(e) => e.stopPropagation()}
            >
              <HolderOutlined />
            </span>
          </Tooltip>
          {item.kind === 'section' ? (
            <Typography.Text strong>{pickText(item.title, i18n.language)}</Typography.Text>
          ) : (
            <div className="tg-dz-tabbar" role="tablist">
              {item.tabs.map((p, i) => (
                <TabButton key={p.id} pane={p} active={p.id === tab?.id} onClick={() => setPane(i)} />
              ))}
            </div>
          )}
          {selected ? (
            <Tooltip title={t('layout.remove')}>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('layout.remove')}
                data-testid={`delete-${item.id}`}
                onClick={(e) => {
                  e.stopPropagation();
                  remove();
                }}
              />
            </Tooltip>
          ) : null}
        </div>
        {item.kind === 'section' ? (
          <SlotBody slot={item.id} rows={item.items} />
        ) : tab ? (
          <SlotBody key={tab.id} slot={tab.id} rows={tab.items} />
        ) : null}
      </div>
    </>
  );
}

/** The form as it is being designed: rows of fields on a 24-column grid, drop lines while dragging. */
export function Canvas() {
  const { t, i18n } = useTranslation('designer');
  const form = useEditor(selectForm);
  const store = useEditorStore();
  const tree = useMemo(() => treeOf(form), [form]);
  const end = useDroppable({
    id: 'canvas-end',
    data: { kind: 'canvas-end', count: tree.length } satisfies DropData,
  });
  const endActive = useDrag(
    (s) => s.target?.kind === 'row' && s.target.slot === undefined && s.target.index === tree.length,
  );
  return (
    <div
      className="tg-dz-canvas"
      onClick={(e) => {
        // A click on the background (not on a field) shows the form's properties.
        if (!(e.target as HTMLElement).closest('.tg-dz-cell')) store.getState().select(null);
      }}
      data-testid="canvas"
    >
      <div className="tg-dz-paper">
        <Typography.Title level={4} className="tg-dz-form-title">
          {pickText(form.name, i18n.language)}
        </Typography.Title>
        {tree.map((item, i) =>
          item.kind === 'row' ? (
            <CanvasRow key={rowKey(item)} row={item} index={i} />
          ) : (
            <CanvasContainer key={item.id} item={item} index={i} />
          ),
        )}
        <div
          ref={end.setNodeRef}
          className="tg-dz-end"
          data-active={endActive || undefined}
          data-empty={tree.length === 0 || undefined}
          data-testid="canvas-drop"
        >
          {tree.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('canvas.empty')} />
          ) : (
            <span>{t('canvas.dropHere')}</span>
          )}
        </div>
      </div>
    </div>
  );
}
