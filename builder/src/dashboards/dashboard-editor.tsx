import {
  ArrowLeftOutlined,
  CloseOutlined,
  DeleteOutlined,
  DragOutlined,
  FunctionOutlined,
  HolderOutlined,
  PlusOutlined,
  RedoOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  DndContext,
  PointerSensor,
  KeyboardSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  App,
  Button,
  Empty,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { AppDefinition } from '@tangram/client';
import type { ChartWidget, FieldDefinition, FormDefinition, Widget } from '@tangram/schema';
import { widgetAggregate } from '@tangram/schema';
import {
  cellStyle,
  DashboardStyles,
  widgetSourceForm,
  LoadError,
  Loading,
  pickText,
  useAsync,
  useClient,
  useServices,
} from '@tangram/runtime';
import { useContext, useRef, useState, type ReactNode } from 'react';
import {
  DATE_TYPES,
  MAX_DIMENSIONS,
  defaultOp,
  type DashboardCommand,
  type MeasureOp,
  type NewWidgetType,
} from './dashboard-commands';
import { createDashboardStore } from './dashboard-store';
import { StoreContext, useEditor } from './editor-context';
import { fill, useEditorTexts } from './texts';
import { WidgetPreview } from './widget-preview';
import { BalanceSourceSection } from './balance-source';
import { RollupsButton } from './rollups-drawer';
import { FilterProperties, FiltersBar } from './filter-editor';
import {
  CompareSection,
  DimensionTag,
  DrillSection,
  MeasureRow,
  OptionsSection,
  PivotTotals,
} from './widget-settings';
import { useDesignerShortcuts } from '../core/designer-guards';
import { useAppSave } from '../core/use-app-save';
import { FieldIcon } from '../designer/palette/field-icons';
import { fieldRegistry } from '@tangram/fields';

const LAYOUT_TYPES = new Set(['description', 'divider', 'tabs', 'section', 'subform']);
// The types and ops this editor offers so far (the schema has more: funnel, gauge, scatter, pivot, formula).
const TYPES = [
  'bar',
  'line',
  'area',
  'pie',
  'funnel',
  'scatter',
  'kpi',
  'gauge',
  'pivot',
  'table',
  'text',
] as const satisfies readonly NewWidgetType[];
const OPS = ['count', 'distinctCount', 'sum', 'avg', 'min', 'max'] as const satisfies readonly MeasureOp[];
const ROW = 40;
const GAP = 12;

/** The studio's dashboard editor: loads the app, edits one dashboard, saves with the app. */
export function DashboardEditorPage({ appId, dashboardId }: { appId: string; dashboardId: string }) {
  const client = useClient();
  const { tx } = useEditorTexts();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  if (result.error) return <LoadError error={result.error} onRetry={result.reload} />;
  if (!result.data) return <Loading />;
  const dashboard = (result.data.app.dashboards ?? []).find((d) => d.id === dashboardId);
  if (!dashboard) {
    return (
      <Result
        status="404"
        title={dashboardId}
        extra={
          <Button onClick={() => router.getState().navigate(`/apps/${encodeURIComponent(appId)}`)}>
            {tx.back}
          </Button>
        }
      />
    );
  }
  // Opened from a form (`?form=<id>`): new widgets show that form's data first.
  const requested = new URLSearchParams(window.location.search).get('form');
  const fromForm = result.data.app.forms.some((f) => f.id === requested)
    ? (requested ?? undefined)
    : undefined;
  return (
    <Editor
      app={result.data.app}
      version={result.data.version}
      dashboardId={dashboard.id}
      fromForm={fromForm}
    />
  );
}

function Editor({
  fromForm,
  ...init
}: {
  app: AppDefinition;
  version: number;
  dashboardId: string;
  fromForm?: string;
}) {
  const [store] = useState(() => createDashboardStore(init));
  return (
    <StoreContext.Provider value={store}>
      <DashboardStyles />
      <EditorLayout fromForm={fromForm} />
    </StoreContext.Provider>
  );
}

function EditorLayout({ fromForm }: { fromForm?: string }) {
  const store = useContext(StoreContext)!;
  const { tx, lang } = useEditorTexts();
  const { message } = App.useApp();
  const app = useEditor((s) => s.app);
  const dispatch = (command: DashboardCommand) => {
    const result = store.getState().dispatch(command);
    if (!result.ok) void message.warning(result.error.message);
  };
  const dashboard = useEditor((s) => s.dashboard);
  const selectedId = useEditor((s) => s.selected);
  const selected = dashboard.widgets.find((w) => w.id === selectedId);
  const selectedFilter = dashboard.filters?.find((f) => f.id === selectedId);
  // An aggregate table's keys and measures stand in for a form's fields (decision 0036).
  const selectedForm = selected ? widgetSourceForm(app, selected) : undefined;
  const selectedAggregate = selected ? widgetAggregate(selected) : undefined;
  const grid = useRef<HTMLDivElement>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor),
  );

  const onDragEnd = ({ active, over, delta }: DragEndEvent) => {
    const data = active.data.current as
      { kind: 'field'; field: FieldDefinition } | { kind: 'move'; widget: Widget };
    if (data.kind === 'move') {
      const width = grid.current?.clientWidth ?? 1200;
      const col = (width + GAP) / 24;
      const { x, y } = data.widget.layout;
      const dx = Math.round(delta.x / col);
      const dy = Math.round(delta.y / (ROW + GAP));
      if (dx || dy) dispatch({ kind: 'moveWidget', id: data.widget.id, x: x + dx, y: y + dy });
      return;
    }
    if (!over || !selected) return;
    const field = data.field;
    if (over.id === 'slot-dimensions')
      dispatch({
        kind: 'addDimension',
        id: selected.id,
        field: field.id,
        ...(DATE_TYPES.has(field.type) ? { bucket: 'month' as const } : {}),
      });
    if (over.id === 'slot-measures')
      dispatch(
        // Over balances a key counts keys; a measure sums (the server's ops for aggregate tables).
        selectedAggregate && field.type !== 'number'
          ? { kind: 'addMeasure', id: selected.id, field: undefined, op: 'count' }
          : selectedAggregate
            ? { kind: 'addMeasure', id: selected.id, field: field.id, op: 'sum' }
            : { kind: 'addMeasure', id: selected.id, field: field.id, op: defaultOp(field, selectedForm) },
      );
    if (over.id === 'slot-columns') dispatch({ kind: 'addColumn', id: selected.id, field: field.id });
    if (over.id === 'slot-pivot-columns')
      dispatch({
        kind: 'addPivotColumn',
        id: selected.id,
        field: field.id,
        ...(DATE_TYPES.has(field.type) ? { bucket: 'month' as const } : {}),
      });
  };

  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
      <div className="tg-dbe">
        <Toolbar
          app={app}
          dispatch={dispatch}
          viewing={
            selectedAggregate ? `aggregate:${selectedAggregate}` : `form:${selectedForm?.id ?? fromForm}`
          }
        />
        <div className="tg-dbe-body">
          <aside className="tg-dbe-fields" data-testid="dashboard-fields">
            <Typography.Text strong>{tx.fields}</Typography.Text>
            {selectedForm ? (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {pickText(selectedForm.name, lang)} · {selectedAggregate ? tx.aggregateHint : tx.fieldsHint}
                </Typography.Text>
                {selectedForm.fields
                  .filter((f) => !LAYOUT_TYPES.has(f.type))
                  .map((f) => (
                    <FieldChip key={f.id} field={f} lang={lang} />
                  ))}
              </>
            ) : (
              <Typography.Text type="secondary">{tx.pickWidget}</Typography.Text>
            )}
          </aside>
          <main className="tg-dbe-canvas" onClick={() => store.getState().select(null)}>
            <FiltersBar app={app} dispatch={dispatch} />
            {dashboard.widgets.length === 0 ? (
              <Empty description={tx.pickWidget} style={{ marginTop: 80 }} />
            ) : (
              <div className="tg-db-grid" ref={grid} data-testid="dashboard-canvas">
                {dashboard.widgets.map((w) => (
                  <CanvasCell
                    key={w.id}
                    appId={app.id}
                    widget={w}
                    form={widgetSourceForm(app, w)}
                    selected={w.id === selectedId}
                  />
                ))}
              </div>
            )}
          </main>
          <aside className="tg-dbe-props" data-testid="dashboard-props">
            {selected ? (
              <Properties widget={selected} form={selectedForm} app={app} dispatch={dispatch} />
            ) : selectedFilter ? (
              <FilterProperties filter={selectedFilter} app={app} dispatch={dispatch} />
            ) : (
              <Typography.Text type="secondary">{tx.pickWidget}</Typography.Text>
            )}
          </aside>
        </div>
      </div>
      <style>{css}</style>
    </DndContext>
  );
}

function Toolbar({
  app,
  dispatch,
  viewing,
}: {
  app: AppDefinition;
  dispatch: (c: DashboardCommand) => void;
  /** The form the user is looking at: the selected widget's, or the one the editor was opened from. */
  viewing?: string;
}) {
  const store = useContext(StoreContext)!;
  const { router } = useServices();
  const { message } = App.useApp();
  const { tx, lang } = useEditorTexts();
  const dashboard = useEditor((s) => s.dashboard);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const [type, setType] = useState<NewWidgetType>('bar');
  // A new widget's source: the form picked here, else the form being viewed, else the first.
  const [picked, setForm] = useState<string | undefined>();
  // Encoded `form:<id>` or `aggregate:<id>` (an aggregate table's balances, decision 0036).
  const firstForm = app.forms[0] ? `form:${app.forms[0].id}` : undefined;
  const source = picked ?? (viewing && viewing !== 'form:undefined' ? viewing : firstForm);
  const [sourceKind, sourceId] = source ? (source.split(/:(.*)/s) as [string, string]) : [];
  // The studio's save path; the editor has no per-element issue marks, so the server's details
  // are shown in the message, path and text.
  const { save: send, saving } = useAppSave(store, {
    savedText: () => tx.saved,
    failedText: (text) => fill(tx.invalid, { message: text }),
    onRefusal(e) {
      if (!e.details.length) return undefined;
      // The server's messages name the widget and field; its JSON pointers are for machines.
      const detail = [...new Set(e.details.map((d) => d.message))].join(lang === 'en' ? '; ' : '；');
      void message.error(fill(tx.invalid, { message: detail }));
      return null;
    },
  });
  const save = () => void send();
  useDesignerShortcuts(store, save);

  return (
    <div className="tg-dbe-toolbar">
      <Button
        type="text"
        icon={<ArrowLeftOutlined />}
        aria-label={tx.back}
        onClick={() => router.getState().navigate(`/apps/${encodeURIComponent(app.id)}`)}
      />
      <Input
        value={pickText(dashboard.name, lang)}
        aria-label={tx.name}
        style={{ width: 200 }}
        onChange={(e) =>
          dispatch({
            kind: 'rename',
            name: { ...dashboard.name, [lang.startsWith('en') ? 'en' : 'zh-CN']: e.target.value },
          })
        }
        data-testid="dashboard-name-input"
      />
      {dirty ? <Tag color="orange">{tx.unsaved}</Tag> : null}
      <span style={{ flex: 1 }} />
      <Select
        value={type}
        style={{ width: 120 }}
        aria-label={tx.type}
        options={TYPES.map((t) => ({ value: t, label: tx.types[t] }))}
        onChange={setType}
        data-testid="add-widget-type"
      />
      <Select
        value={source}
        style={{ width: 170 }}
        aria-label={tx.form}
        disabled={type === 'text'}
        options={[
          {
            label: tx.formsGroup,
            options: app.forms.map((f) => ({ value: `form:${f.id}`, label: pickText(f.name, lang) })),
          },
          ...((app.aggregates ?? []).length
            ? [
                {
                  label: tx.aggregatesGroup,
                  options: (app.aggregates ?? []).map((a) => ({
                    value: `aggregate:${a.id}`,
                    label: `${pickText(a.name, lang)} · ${tx.aggregateSource}`,
                  })),
                },
              ]
            : []),
        ]}
        onChange={setForm}
        data-testid="add-widget-form"
      />
      <Button
        icon={<PlusOutlined />}
        onClick={() =>
          dispatch(
            sourceKind === 'aggregate'
              ? { kind: 'addWidget', type, form: undefined, aggregate: sourceId }
              : { kind: 'addWidget', type, form: sourceId },
          )
        }
        data-testid="add-widget"
      >
        {tx.addWidget}
      </Button>
      <Select
        value={dashboard.refreshSeconds ?? 0}
        style={{ width: 150 }}
        aria-label={tx.refresh}
        options={[...new Set([...REFRESH_CHOICES, dashboard.refreshSeconds ?? 0])].map((n) => ({
          value: n,
          label: refreshLabel(n, tx),
        }))}
        onChange={(n: number) => dispatch({ kind: 'setRefresh', seconds: n || undefined })}
        data-testid="dashboard-refresh-interval"
      />
      <RollupsButton app={app} dashboard={dashboard} dirty={dirty} />
      <Tooltip title={tx.undo}>
        <Button
          icon={<UndoOutlined />}
          aria-label={tx.undo}
          disabled={!canUndo}
          onClick={() => store.getState().undo()}
        />
      </Tooltip>
      <Tooltip title={tx.redo}>
        <Button
          icon={<RedoOutlined />}
          aria-label={tx.redo}
          disabled={!canRedo}
          onClick={() => store.getState().redo()}
        />
      </Tooltip>
      <Button
        type="primary"
        icon={<SaveOutlined />}
        loading={saving}
        onClick={() => void save()}
        data-testid="dashboard-save"
      >
        {tx.save}
      </Button>
    </div>
  );
}

/** Auto refresh choices in seconds (0 = off); the format allows 30 s to 24 h. */
const REFRESH_CHOICES = [0, 30, 60, 300, 900, 1800, 3600];

function refreshLabel(seconds: number, tx: ReturnType<typeof useEditorTexts>['tx']): string {
  if (!seconds) return tx.refreshOff;
  if (seconds % 3600 === 0) return fill(tx.everyHours, { n: seconds / 3600 });
  if (seconds % 60 === 0) return fill(tx.everyMinutes, { n: seconds / 60 });
  return fill(tx.everySeconds, { n: seconds });
}

function FieldChip({ field, lang }: { field: FieldDefinition; lang: string }) {
  // The palette's icon and the registry's label for the type, not its internal name.
  const typeLabel = pickText(fieldRegistry.spec(field.type).label, lang);
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: `field:${field.id}`,
    data: { kind: 'field', field },
  });
  return (
    <div
      ref={setNodeRef}
      className="tg-dbe-field"
      style={{
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        zIndex: isDragging ? 10 : undefined,
        opacity: isDragging ? 0.85 : 1,
      }}
      data-testid={`dashboard-field-${field.id}`}
      {...listeners}
      {...attributes}
    >
      <HolderOutlined style={{ color: '#98a2b3' }} />
      <span className="tg-dbe-field-icon" title={typeLabel} aria-hidden>
        <FieldIcon type={field.type} />
      </span>
      <span className="tg-dbe-field-label">{pickText(field.label, lang)}</span>
      <Typography.Text type="secondary" style={{ fontSize: 11, marginLeft: 'auto', whiteSpace: 'nowrap' }}>
        {typeLabel}
      </Typography.Text>
    </div>
  );
}

function CanvasCell({
  appId,
  widget,
  form,
  selected,
}: {
  appId: string;
  widget: Widget;
  form: FormDefinition | undefined;
  selected: boolean;
}) {
  const store = useContext(StoreContext)!;
  const { tx } = useEditorTexts();
  const { attributes, listeners, setNodeRef, transform } = useDraggable({
    id: `move:${widget.id}`,
    data: { kind: 'move', widget },
  });
  return (
    <div
      ref={setNodeRef}
      className={`tg-dbe-cell${selected ? ' tg-dbe-selected' : ''}`}
      style={{
        ...cellStyle(widget, false),
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        zIndex: transform ? 20 : undefined,
      }}
      onClick={(e) => {
        e.stopPropagation();
        store.getState().select(widget.id);
      }}
      data-testid={`canvas-widget-${widget.id}`}
    >
      <WidgetPreview
        appId={appId}
        widget={widget}
        form={form}
        extra={
          <Tooltip title={tx.move}>
            <Button
              type="text"
              size="small"
              icon={<DragOutlined />}
              aria-label={tx.move}
              data-testid={`move-${widget.id}`}
              {...listeners}
              {...attributes}
            />
          </Tooltip>
        }
      />
    </div>
  );
}

function Slot({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const { tx } = useEditorTexts();
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <div className="tg-dbe-slot-wrap">
      <Typography.Text strong>{title}</Typography.Text>
      <div ref={setNodeRef} className={`tg-dbe-slot${isOver ? ' tg-dbe-over' : ''}`} data-testid={id}>
        {children}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {tx.dropHere}
        </Typography.Text>
      </div>
    </div>
  );
}

function Properties({
  widget,
  form,
  app,
  dispatch,
}: {
  widget: Widget;
  form: FormDefinition | undefined;
  app: AppDefinition;
  dispatch: (c: DashboardCommand) => void;
}) {
  const { tx, lang } = useEditorTexts();
  const label = (id: string | undefined) => {
    const f = form?.fields.find((x) => x.id === id);
    return f ? pickText(f.label, lang) : (id ?? tx.count);
  };
  const langKey = lang.startsWith('en') ? 'en' : 'zh-CN';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <div>
        <Typography.Text strong>{tx.type}</Typography.Text>
        <Select
          value={widget.type}
          style={{ width: '100%' }}
          options={TYPES.map((t) => ({ value: t, label: tx.types[t] }))}
          onChange={(type: NewWidgetType) => dispatch({ kind: 'setType', id: widget.id, type })}
          data-testid="widget-type"
        />
      </div>
      {widget.type !== 'text' ? (
        <Typography.Text type="secondary">
          {tx.form}: {pickText(widgetSourceForm(app, widget)?.name, lang)}
          {widgetAggregate(widget) ? ` · ${tx.aggregateSource}` : ''}
        </Typography.Text>
      ) : null}
      <div>
        <Typography.Text strong>{tx.title}</Typography.Text>
        <Input
          value={widget.title ? pickText(widget.title, lang) : ''}
          onChange={(e) =>
            dispatch({
              kind: 'setTitle',
              id: widget.id,
              title: e.target.value ? { ...widget.title, [langKey]: e.target.value } : undefined,
            })
          }
          data-testid="widget-title"
        />
      </div>
      {widget.type === 'table' ? (
        <Slot id="slot-columns" title={tx.columns}>
          {widget.columns.map((c) => (
            <Tag key={c}>{label(c)}</Tag>
          ))}
        </Slot>
      ) : widget.type !== 'text' ? (
        <>
          <ChartSlots widget={widget} form={form} label={label} dispatch={dispatch} />
          {widgetAggregate(widget) ? (
            <BalanceSourceSection widget={widget} app={app} dispatch={dispatch} />
          ) : null}
          {widget.type === 'kpi' ? <CompareSection widget={widget} form={form} dispatch={dispatch} /> : null}
          <DrillSection widget={widget} form={form} fieldLabel={label} dispatch={dispatch} />
          {widget.type !== 'kpi' ? <OptionsSection widget={widget} dispatch={dispatch} /> : null}
        </>
      ) : null}
      <Space>
        <div>
          <Typography.Text type="secondary">{tx.width}</Typography.Text>
          <InputNumber
            min={1}
            max={24}
            value={widget.layout.w}
            onChange={(w) => w && dispatch({ kind: 'resizeWidget', id: widget.id, w, h: widget.layout.h })}
            data-testid="widget-w"
          />
        </div>
        <div>
          <Typography.Text type="secondary">{tx.height}</Typography.Text>
          <InputNumber
            min={1}
            max={100}
            value={widget.layout.h}
            onChange={(h) => h && dispatch({ kind: 'resizeWidget', id: widget.id, w: widget.layout.w, h })}
            data-testid="widget-h"
          />
        </div>
      </Space>
      <Button
        danger
        icon={<DeleteOutlined />}
        onClick={() => dispatch({ kind: 'removeWidget', id: widget.id })}
      >
        {tx.removeWidget}
      </Button>
    </Space>
  );
}

function ChartSlots({
  widget,
  form,
  label,
  dispatch,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  label: (id: string | undefined) => string;
  dispatch: (c: DashboardCommand) => void;
}) {
  const { tx } = useEditorTexts();
  return (
    <>
      {MAX_DIMENSIONS[widget.type] > 0 ? (
        <Slot id="slot-dimensions" title={widget.type === 'pivot' ? tx.pivotRows : tx.dimensions}>
          {widget.dimensions.map((d, i) => (
            <DimensionTag
              key={`${d.field}-${i}`}
              widget={widget}
              index={i}
              field={form?.fields.find((f) => f.id === d.field)}
              name={label(d.field)}
              dispatch={dispatch}
            />
          ))}
        </Slot>
      ) : null}
      {widget.type === 'pivot' ? (
        <>
          <Slot id="slot-pivot-columns" title={tx.pivotColumns}>
            {(widget.pivot?.columns ?? []).map((d, i) => (
              <Tag
                key={`${d.field}-${i}`}
                closable
                closeIcon={<CloseOutlined />}
                onClose={(e) => {
                  e.preventDefault();
                  dispatch({ kind: 'removePivotColumn', id: widget.id, index: i });
                }}
                data-testid={`pivot-column-${d.field}`}
              >
                {label(d.field)}
                {d.bucket ? ` · ${tx.buckets[d.bucket]}` : ''}
              </Tag>
            ))}
          </Slot>
          <PivotTotals widget={widget} dispatch={dispatch} />
        </>
      ) : null}
      <Slot id="slot-measures" title={tx.measures}>
        {widget.measures.map((m, i) => (
          <MeasureRow
            key={m.as}
            widget={widget}
            index={i}
            form={form}
            name={label(m.field)}
            ops={OPS}
            dispatch={dispatch}
          />
        ))}
      </Slot>
      <Button
        size="small"
        type="dashed"
        icon={<FunctionOutlined />}
        onClick={() => dispatch({ kind: 'addFormulaMeasure', id: widget.id, formula: formulaSeed(widget) })}
        disabled={widget.measures.length === 0}
        data-testid="add-formula"
      >
        {tx.addFormula}
      </Button>
    </>
  );
}

/** A first formula for a new calculated measure: the ratio of the first two measures, if any. */
function formulaSeed(widget: ChartWidget): string {
  const [a, b] = widget.measures.filter((m) => m.op !== 'formula');
  return a && b ? `{${b.as}} / {${a.as}}` : a ? `{${a.as}}` : '';
}

const css = `
.tg-dbe { display: flex; flex-direction: column; height: calc(100vh - 64px); }
.tg-dbe-toolbar { display: flex; align-items: center; gap: 8px; padding: 10px 16px; background: #fff; border-bottom: 1px solid #eef0f4; flex-wrap: wrap; }
.tg-dbe-body { flex: 1; display: flex; min-height: 0; }
.tg-dbe-fields { width: 220px; flex: none; padding: 12px; display: flex; flex-direction: column; gap: 6px; background: #fff; border-right: 1px solid #eef0f4; overflow: auto; }
.tg-dbe-field { display: flex; align-items: center; gap: 6px; padding: 6px 10px; border: 1px solid #e4e7ec; border-radius: 8px; background: #fff; cursor: grab; touch-action: none; user-select: none; position: relative; }
.tg-dbe-field:hover { border-color: #4263eb; }
.tg-dbe-field-icon { color: #4263eb; display: inline-flex; }
.tg-dbe-field-label { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-dbe-canvas { flex: 1; min-width: 0; overflow: auto; padding: 16px; background: #f5f6f8; }
.tg-dbe-cell { position: relative; border-radius: 12px; outline: 2px solid transparent; }
.tg-dbe-selected { outline-color: #4263eb; }
.tg-dbe-props { width: 300px; flex: none; padding: 12px; background: #fff; border-left: 1px solid #eef0f4; overflow: auto; }
.tg-dbe-slot-wrap { display: flex; flex-direction: column; gap: 4px; }
.tg-dbe-slot { min-height: 56px; border: 1.5px dashed #d0d5dd; border-radius: 8px; padding: 8px; display: flex; flex-direction: column; gap: 6px; align-items: flex-start; }
.tg-dbe-over { border-color: #4263eb; background: #eef2ff; }
.tg-dbe-filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 12px; }
.tg-dbe-filters-title { font-size: 12px; }
.tg-dbe-filter-chip { display: inline-flex; align-items: center; gap: 6px; height: 28px; padding: 0 10px; border-radius: 14px;
  border: 1px solid #d0d5dd; background: #fff; cursor: pointer; font: inherit; font-size: 13px; color: #344054; }
.tg-dbe-filter-chip:hover { border-color: #4263eb; }
.tg-dbe-filter-on { border-color: #4263eb; background: #eef2ff; box-shadow: 0 0 0 1px #4263eb; }
.tg-dbe-links { display: flex; flex-direction: column; gap: 4px; }
.tg-dbe-measure { display: flex; flex-direction: column; gap: 4px; width: 100%; }
.tg-dbe-measure-line { display: flex; align-items: center; gap: 4px; width: 100%; }
.tg-dbe-measure-formula { padding: 6px; border-radius: 6px; background: #faf8ff; }
.tg-dbe-chip { cursor: pointer; }
.tg-dbe-section { display: flex; flex-direction: column; gap: 8px; padding-top: 12px; border-top: 1px solid #f0f1f4; }
.tg-dbe-section > .ant-switch, .tg-dbe-section > .ant-btn, .tg-dbe-props .ant-space-item > .ant-btn { align-self: flex-start; }
.tg-dbe-row { display: grid; grid-template-columns: 84px 1fr; align-items: center; gap: 8px; }
.tg-dbe-row-control { min-width: 0; }
.tg-dbe-flags { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.tg-dbe-flags .ant-checkbox-wrapper { margin-inline-start: 0; }
.tg-dbe-popover { width: 260px; display: flex; flex-direction: column; gap: 8px; }
.tg-dbe-indent { padding-left: 22px; display: flex; flex-direction: column; gap: 6px; }
.tg-dbe-format { display: flex; flex-direction: column; gap: 6px; }
.tg-dbe-levels { display: flex; flex-wrap: wrap; gap: 4px; }
.tg-dbe-palettes { display: flex; flex-wrap: wrap; gap: 6px; }
.tg-dbe-palette { display: inline-flex; gap: 0; padding: 3px; border: 1px solid #e4e7ec; border-radius: 6px; background: #fff; cursor: pointer; }
.tg-dbe-palette > span { width: 9px; height: 14px; }
.tg-dbe-palette > span:first-child { border-radius: 3px 0 0 3px; }
.tg-dbe-palette > span:last-child { border-radius: 0 3px 3px 0; }
.tg-dbe-palette-on { border-color: #4263eb; box-shadow: 0 0 0 1px #4263eb; }
.tg-dz-formula { border: 1px solid #d9d9d9; border-radius: 6px; overflow: hidden; padding: 4px 0; background: #fff; }
.tg-dz-formula:focus-within { border-color: #4263eb; box-shadow: 0 0 0 2px rgba(66, 99, 235, 0.1); }
.tg-dz-formula-foot { display: flex; justify-content: space-between; gap: 8px; margin-top: 4px; }
.tg-dbe-measure-name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
`;
