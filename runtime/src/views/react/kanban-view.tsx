import { DownOutlined, RightOutlined } from '@ant-design/icons';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { App as AntApp, Button, Empty, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type {
  FieldDefinition,
  Filter,
  FormDefinition,
  KanbanSettings,
  RecordDto,
  SortKey,
} from '@tangram/client';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import { useAsync } from '../../react/use-async';
import type { Directory } from '../core/format-cell';
import { createPageLoader, type PageLoader } from '../core/page-loader';
import {
  boardColumns,
  canMoveCards,
  columnFilter,
  refusalText,
  ruleMessageOf,
  type BoardColumnSpec,
} from '../core/view-kinds';
import { fieldLabel } from './filter-builder';
import { useKindTexts } from './kind-texts';
import { CardBody } from './record-card';
import { fill, useViewTexts } from './texts';

/** Cards per column page: a screenful; more with "Load more" (keyset, never OFFSET). */
const COLUMN_PAGE = 20;
/**
 * The board scrolls sideways while a card is dragged near its edge (to reach hidden columns), but
 * only near the very edge: a drop on a visible column must not scroll it away from the pointer.
 */
const AUTO_SCROLL = { threshold: { x: 0.08, y: 0.12 } };

export interface KanbanViewProps {
  appId: string;
  form: FormDefinition;
  settings: KanbanSettings;
  cardFields: readonly string[];
  filter: Filter | undefined;
  sort: SortKey[];
  directory: Directory;
  related?: ReadonlyMap<string, FieldDefinition>;
  /** The grant allows editing records (decision 0026): cards can be dragged. */
  canEdit: boolean;
  onOpen(record: RecordDto): void;
  onCollapse(collapsed: string[]): void;
  /** Bumped by the parent after a drawer save or delete: counts and cards are read again. */
  reloadKey: number;
}

/**
 * A board: a column per value of the group field with its count and sum from the server, each
 * column's cards paged from the server. Dropping a card on another column writes the group field
 * through the ordinary records API; a refusal (validation, permissions, workflow) shows the server's
 * message and puts the card back where it was.
 */
export function KanbanView(props: KanbanViewProps) {
  const { appId, form, settings, filter, sort, canEdit } = props;
  const client = useClient();
  const { message } = AntApp.useApp();
  const { kx, lang } = useKindTexts();
  const { tx } = useViewTexts();
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const filterKey = JSON.stringify(filter ?? null);
  const sortKey = JSON.stringify(sort);
  const [countsTick, setCountsTick] = useState(0);
  const summaries = useAsync(
    () =>
      client.views.kanbanColumns(ref, {
        groupField: settings.groupField,
        ...(settings.sumField ? { sumField: settings.sumField } : {}),
        ...(filter ? { filter } : {}),
      }),
    [client, ref, settings.groupField, settings.sumField, filterKey, countsTick, props.reloadKey],
  );
  const columns = useMemo(
    () => boardColumns(form, settings.groupField, summaries.data ?? []),
    [form, settings.groupField, summaries.data],
  );

  // One keyset loader per column, rebuilt when the query changes.
  const loaders = useMemo(
    () => new Map<string, PageLoader>(),
    [ref, settings.groupField, filterKey, sortKey, props.reloadKey],
  );
  const loaderOf = (col: BoardColumnSpec): PageLoader => {
    let loader = loaders.get(col.key);
    if (!loader) {
      const query = {
        filter: columnFilter(settings.groupField, col.value, filter),
        ...(sort.length ? { sort } : {}),
      };
      loader = createPageLoader({
        pageSize: COLUMN_PAGE,
        fetchPage: (cursor, limit) => client.records.query(ref, { ...query, cursor, limit }),
      });
      loaders.set(col.key, loader);
    }
    return loader;
  };

  const movable = canMoveCards(form, settings.groupField, canEdit);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // A short press starts a drag on touch screens, so a swipe still scrolls the columns.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const [dragging, setDragging] = useState<RecordDto | null>(null);
  const collapsed = new Set(settings.collapsed ?? []);
  const columnName = (c: BoardColumnSpec) =>
    columnLabel(form, settings.groupField, c, lang, kx, props.directory);

  const onDragStart = (e: DragStartEvent) =>
    setDragging((e.active.data.current?.record as RecordDto) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const record = e.active.data.current?.record as RecordDto | undefined;
    const fromKey = e.active.data.current?.column as string | undefined;
    const toKey = e.over?.id as string | undefined;
    if (!record || fromKey === undefined || toKey === undefined || toKey === fromKey) return;
    const from = columns.find((c) => c.key === fromKey);
    const to = columns.find((c) => c.key === toKey);
    if (!from || !to) return;
    const source = loaderOf(from);
    const target = loaderOf(to);
    const index = source.getState().rows.findIndex((r) => r.id === record.id);
    // Optimistic: the card moves at once; the write decides whether it stays.
    source.remove(new Set([record.id]));
    target.insert({ ...record, data: { ...record.data, [settings.groupField]: to.value } }, 0);
    client.records.update(ref, record.id, { [settings.groupField]: to.value }, record.version).then(
      (saved) => {
        target.replace(saved);
        setCountsTick((n) => n + 1);
        void message.success(fill(kx.moved, { name: columnName(to) }));
      },
      (error: unknown) => {
        target.remove(new Set([record.id]));
        source.insert(record, index);
        void message.error(
          fill(kx.moveRefused, {
            message: refusalText(
              error,
              ruleMessageOf(form, (t) => pickText(t as never, lang)),
            ),
          }),
        );
      },
    );
  };

  if (summaries.error) return <Typography.Text type="danger">{summaries.error.message}</Typography.Text>;
  return (
    <div className="tg-kanban-wrap" data-testid="kanban">
      {movable ? (
        <Typography.Text type="secondary" className="tg-kanban-hint">
          {fill(kx.dragHint, { field: fieldLabel(form, settings.groupField, lang, tx) })}
        </Typography.Text>
      ) : null}
      <DndContext
        autoScroll={AUTO_SCROLL}
        sensors={sensors}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
      >
        <div className="tg-kanban" role="list">
          {summaries.data === undefined
            ? [0, 1, 2].map((i) => (
                <div key={i} className="tg-kcol">
                  <Skeleton active paragraph={{ rows: 4 }} />
                </div>
              ))
            : columns.map((col) => (
                <Column
                  key={col.key}
                  col={col}
                  name={columnName(col)}
                  loader={loaderOf(col)}
                  collapsed={collapsed.has(col.key)}
                  onToggle={() => {
                    const next = new Set(collapsed);
                    if (next.has(col.key)) next.delete(col.key);
                    else next.add(col.key);
                    props.onCollapse([...next]);
                  }}
                  sumLabel={settings.sumField ? fieldLabel(form, settings.sumField, lang, tx) : null}
                  movable={movable}
                  render={(r) => (
                    <CardBody
                      form={form}
                      record={r}
                      fields={props.cardFields}
                      directory={props.directory}
                      {...(props.related ? { related: props.related } : {})}
                    />
                  )}
                  onOpen={props.onOpen}
                />
              ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {dragging ? (
            <div className="tg-kcard tg-kcard-overlay">
              <CardBody form={form} record={dragging} fields={props.cardFields} directory={props.directory} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </div>
  );
}

function columnLabel(
  form: FormDefinition,
  groupField: string,
  col: BoardColumnSpec,
  lang: string,
  kx: ReturnType<typeof useKindTexts>['kx'],
  directory: Directory,
): string {
  if (col.value === null) return kx.noValue;
  if (col.optionLabel) return pickText(col.optionLabel, lang);
  if (groupField === 'workflowStatus') return kx.status[col.value as keyof typeof kx.status] ?? col.value;
  const field = form.fields?.find((f) => f.id === groupField);
  if (field?.type === 'member') return directory.users.get(col.value) ?? col.value;
  return col.value;
}

function Column(props: {
  col: BoardColumnSpec;
  name: string;
  loader: PageLoader;
  collapsed: boolean;
  onToggle(): void;
  sumLabel: string | null;
  movable: boolean;
  render(record: RecordDto): React.ReactNode;
  onOpen(record: RecordDto): void;
}) {
  const { col, loader, collapsed } = props;
  const { kx, lang } = useKindTexts();
  const { setNodeRef, isOver } = useDroppable({ id: col.key });
  const page = useSyncExternalStore(loader.subscribe, loader.getState);
  // The loader this column started: a new query (filter, sort, a save in the drawer) brings a new one.
  const started = useRef<PageLoader | null>(null);
  useEffect(() => {
    // A column reads its first page when it is shown (collapsed ones wait until expanded).
    if (!collapsed && started.current !== loader) {
      started.current = loader;
      if (loader.getState().rows.length === 0 && !loader.getState().done) loader.ensure(0);
    }
  }, [collapsed, loader]);
  const sum =
    props.sumLabel && col.sum !== null
      ? fill(kx.sumOf, { sum: col.sum.toLocaleString(lang, { maximumFractionDigits: 2 }) })
      : null;
  return (
    <section
      ref={setNodeRef}
      role="listitem"
      aria-label={props.name}
      data-testid="kanban-column"
      data-column={col.key}
      className={`tg-kcol${collapsed ? ' tg-kcol-collapsed' : ''}${isOver ? ' tg-kcol-over' : ''}`}
    >
      <header className="tg-kcol-head" style={col.color ? { borderTopColor: col.color } : undefined}>
        <Button
          type="text"
          size="small"
          icon={collapsed ? <RightOutlined /> : <DownOutlined />}
          aria-label={fill(collapsed ? kx.expand : kx.collapse, { name: props.name })}
          aria-expanded={!collapsed}
          onClick={props.onToggle}
        />
        <span className="tg-kcol-name">{props.name}</span>
        <span className="tg-kcol-count" data-testid="kanban-count">
          {col.count.toLocaleString(lang)}
        </span>
        {sum && !collapsed ? (
          <span className="tg-kcol-sum" data-testid="kanban-sum" title={props.sumLabel ?? undefined}>
            {sum}
          </span>
        ) : null}
      </header>
      {collapsed ? null : (
        <div className="tg-kcol-body">
          {page.rows.map((r) => (
            <Card key={r.id} record={r} column={col.key} movable={props.movable} onOpen={props.onOpen}>
              {props.render(r)}
            </Card>
          ))}
          {page.loading ? <Skeleton active title={false} paragraph={{ rows: 2 }} /> : null}
          {page.error ? <Typography.Text type="danger">{page.error.message}</Typography.Text> : null}
          {!page.loading && !page.done && page.rows.length > 0 ? (
            <Button block type="dashed" size="small" onClick={() => loader.ensure(page.rows.length)}>
              {kx.loadMore}
            </Button>
          ) : null}
          {page.done && page.rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={null} className="tg-kcol-empty" />
          ) : null}
        </div>
      )}
    </section>
  );
}

function Card(props: {
  record: RecordDto;
  column: string;
  movable: boolean;
  onOpen(record: RecordDto): void;
  children: React.ReactNode;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: props.record.id,
    data: { record: props.record, column: props.column },
    disabled: !props.movable,
  });
  return (
    <div
      ref={setNodeRef}
      className={`tg-kcard${isDragging ? ' tg-kcard-dragging' : ''}${props.movable ? ' tg-kcard-movable' : ''}`}
      data-testid="kanban-card"
      data-record={props.record.id}
      {...(props.movable ? { ...attributes, ...listeners } : { role: 'button', tabIndex: 0 })}
      onClick={() => props.onOpen(props.record)}
      onKeyDown={(e) => {
        // Space and arrows drive the keyboard drag; Enter opens the record.
        if (e.key === 'Enter') props.onOpen(props.record);
        else listeners?.onKeyDown?.(e);
      }}
    >
      {props.children}
    </div>
  );
}
