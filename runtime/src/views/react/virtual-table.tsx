import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Checkbox, Skeleton } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import type { RecordDto, SortKey } from '@tangram/client';
import { DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH } from '../core/view-store';
import { fill, useViewTexts } from './texts';

export const ROW_HEIGHT = 40;
const CHECK_WIDTH = 48;

/** Row heights a view may choose (`grid.rowHeight`, decision 0048). */
export const ROW_HEIGHTS = { compact: 32, medium: ROW_HEIGHT, tall: 56 } as const;

/**
 * Sticky offsets of the first `frozen` columns (after the check box), so they stay in place while
 * the rest scrolls sideways; undefined for the others.
 */
export function frozenOffsets(
  widths: readonly number[],
  frozen: number,
  checkWidth: number,
): (number | undefined)[] {
  let left = checkWidth;
  return widths.map((w, i) => {
    if (i >= frozen) return undefined;
    const at = left;
    left += w;
    return at;
  });
}

export interface TableColumn {
  field: string;
  title: string;
  width: number | undefined;
  sortable: boolean;
  align?: 'right';
  render(record: RecordDto): ReactNode;
}

export interface VirtualTableProps {
  columns: TableColumn[];
  rows: readonly RecordDto[];
  /** Rows to lay out: loaded rows plus placeholders for the page being loaded. */
  count: number;
  sort: readonly SortKey[];
  selection: ReadonlySet<string>;
  onNeedRows(index: number): void;
  onSort(field: string, multi: boolean): void;
  onResize(field: string, width: number): void;
  /**
   * Selection serves bulk actions only: without these (the caller may neither bulk edit nor bulk
   * delete, decision 0026) rows get no check boxes.
   */
  onToggle?(id: string): void;
  onToggleAll?(checked: boolean): void;
  onOpen(record: RecordDto): void;
  empty: ReactNode;
  /** Row height in pixels (default 40). */
  rowHeight?: number;
  /** Leading columns that stay in place while scrolling sideways. */
  frozen?: number;
}

/**
 * A table that renders only the rows in view (fixed row height), so a million records scroll as
 * smoothly as fifty. Asks for more rows when placeholders come into view.
 */
export function VirtualTable(props: VirtualTableProps) {
  const { columns, rows, count, onNeedRows } = props;
  const rowHeight = props.rowHeight ?? ROW_HEIGHT;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (last >= rows.length - 20) onNeedRows(last + 20);
  }, [last, rows.length, onNeedRows]);

  const widths = columns.map((c) => c.width ?? DEFAULT_WIDTH);
  const widthKey = widths.join(',');
  // Rows get stable handlers (read through a ref), so a scroll frame re-renders only new rows.
  const latest = useRef(props);
  latest.current = props;
  const handlers = useMemo<RowHandlers>(
    () => ({
      open: (record) => latest.current.onOpen(record),
      toggle: (id) => latest.current.onToggle?.(id),
    }),
    [],
  );
  const checkWidth = props.onToggle ? CHECK_WIDTH : 0;
  const frozenKey = frozenOffsets(widths, props.frozen ?? 0, checkWidth).join(',');
  const total = checkWidth + widths.reduce((a, b) => a + b, 0);
  const allChecked = rows.length > 0 && rows.every((r) => props.selection.has(r.id));
  const someChecked = !allChecked && rows.some((r) => props.selection.has(r.id));

  return (
    <div className="tg-vt" role="table" data-testid="record-table" aria-rowcount={count}>
      <div className="tg-vt-scroll" ref={scrollRef}>
        <div role="rowgroup" className="tg-vt-head" style={{ width: total }}>
          <div role="row" className="tg-vt-row">
            {checkWidth ? (
              <div className="tg-vt-check" role="columnheader" style={{ width: checkWidth }}>
                <Checkbox
                  aria-label="select all"
                  checked={allChecked}
                  indeterminate={someChecked}
                  onChange={(e) => props.onToggleAll?.(e.target.checked)}
                />
              </div>
            ) : null}
            {columns.map((c, i) => (
              <HeaderCell
                key={c.field}
                column={c}
                width={widths[i]!}
                left={frozenAt(frozenKey, i)}
                {...props}
              />
            ))}
          </div>
        </div>
        {count === 0 ? (
          <div className="tg-vt-empty">{props.empty}</div>
        ) : (
          <div
            role="rowgroup"
            style={{ height: virtualizer.getTotalSize(), width: total, position: 'relative' }}
          >
            {items.map((item) => {
              const record = rows[item.index];
              return (
                <BodyRow
                  key={record ? record.id : `loading-${item.index}`}
                  record={record}
                  start={item.start}
                  columns={columns}
                  widths={widthKey}
                  frozen={frozenKey}
                  height={rowHeight}
                  total={total}
                  selected={record ? props.selection.has(record.id) : false}
                  checkWidth={checkWidth}
                  handlers={handlers}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

interface RowHandlers {
  open(record: RecordDto): void;
  toggle(id: string): void;
}

interface BodyRowProps {
  record: RecordDto | undefined;
  start: number;
  columns: TableColumn[];
  /** Column widths joined, so equal widths compare equal across renders. */
  widths: string;
  /** Sticky offsets of frozen columns joined ('' for the others). */
  frozen: string;
  height: number;
  total: number;
  selected: boolean;
  /** 0 when rows are not selectable (no check box cell). */
  checkWidth: number;
  handlers: RowHandlers;
}

/**
 * One body row. Memoized on what it shows (the record object, position, selection, column set and
 * widths): cell text depends only on the record and the column's field, so rebuilt column objects
 * with the same fields and titles (titles change with the language) do not re-render rows. Loading rows show a static placeholder (an animated
 * skeleton would repaint every frame).
 */
const BodyRow = memo(
  function BodyRow({
    record,
    start,
    columns,
    widths,
    frozen,
    height,
    total,
    selected,
    checkWidth,
    handlers,
  }: BodyRowProps) {
    const widthList = widths.split(',').map(Number);
    return (
      <div
        role="row"
        data-testid={record ? 'record-row' : 'record-row-loading'}
        aria-selected={selected}
        className={`tg-vt-row tg-vt-body-row${selected ? ' tg-vt-selected' : ''}`}
        style={{ transform: `translateY(${start}px)`, height, width: total }}
        onClick={() => record && handlers.open(record)}
      >
        {checkWidth ? (
          <div className="tg-vt-check" style={{ width: checkWidth }} onClick={(e) => e.stopPropagation()}>
            {record ? (
              <Checkbox
                aria-label={`select ${record.id}`}
                checked={selected}
                onChange={() => handlers.toggle(record.id)}
              />
            ) : null}
          </div>
        ) : null}
        {columns.map((c, i) => (
          <div
            key={c.field}
            role="cell"
            className={`tg-vt-cell${c.align === 'right' ? ' tg-vt-right' : ''}${frozenAt(frozen, i) !== undefined ? ' tg-vt-frozen' : ''}`}
            style={{ width: widthList[i], lineHeight: `${height}px`, left: frozenAt(frozen, i) }}
          >
            {record ? (
              c.render(record)
            ) : (
              <span
                className="tg-vt-placeholder"
                style={{ width: Math.min(120, (widthList[i] ?? 120) - 24) }}
              />
            )}
          </div>
        ))}
      </div>
    );
  },
  (a, b) =>
    a.record === b.record &&
    a.start === b.start &&
    a.selected === b.selected &&
    a.checkWidth === b.checkWidth &&
    a.widths === b.widths &&
    a.frozen === b.frozen &&
    a.height === b.height &&
    a.total === b.total &&
    a.handlers === b.handlers &&
    a.columns.length === b.columns.length &&
    a.columns.every(
      (c, i) =>
        c.field === b.columns[i]?.field && c.title === b.columns[i]?.title && c.align === b.columns[i]?.align,
    ),
);

/** The sticky offset of column `i` from a joined offsets key, or undefined when it scrolls. */
function frozenAt(key: string, i: number): number | undefined {
  const v = key.split(',')[i];
  return v === undefined || v === '' ? undefined : Number(v);
}

function HeaderCell({
  column,
  width,
  left,
  sort,
  onSort,
  onResize,
}: { column: TableColumn; width: number; left: number | undefined } & Pick<
  VirtualTableProps,
  'sort' | 'onSort' | 'onResize'
>) {
  const { tx } = useViewTexts();
  const [live, setLive] = useState<number | null>(null);
  const index = sort.findIndex((k) => k.field === column.field);
  const key = sort[index];
  const startResize = (e: ReactPointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = width;
    let current = w0;
    const move = (ev: PointerEvent) => {
      current = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w0 + ev.clientX - x0));
      setLive(current);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setLive(null);
      if (current !== w0) onResize(column.field, current);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div
      role="columnheader"
      aria-sort={key ? (key.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className={`tg-vt-th${column.sortable ? ' tg-vt-sortable' : ''}${column.align === 'right' ? ' tg-vt-right' : ''}${left !== undefined ? ' tg-vt-frozen' : ''}`}
      style={{ width: live ?? width, left }}
      title={column.title}
      onClick={(e) => column.sortable && onSort(column.field, e.shiftKey)}
    >
      <span className="tg-vt-th-text">{column.title}</span>
      {key ? (
        <span className="tg-vt-sort">
          {key.dir === 'asc' ? <ArrowUpOutlined /> : <ArrowDownOutlined />}
          {sort.length > 1 ? <sup>{index + 1}</sup> : null}
        </span>
      ) : null}
      <span
        className="tg-vt-resize"
        role="separator"
        aria-label={fill(tx.resizeColumn, { column: column.title })}
        onPointerDown={startResize}
        onClick={(e) => e.stopPropagation()}
      />
    </div>
  );
}

export interface CardListProps {
  rows: readonly RecordDto[];
  count: number;
  title(record: RecordDto): string;
  lines: { label: string; render(record: RecordDto): ReactNode }[];
  selection: ReadonlySet<string>;
  onNeedRows(index: number): void;
  /** Without it, cards get no check box (as `VirtualTableProps.onToggle`). */
  onToggle?(id: string): void;
  onOpen(record: RecordDto): void;
  empty: ReactNode;
}

const CARD_HEIGHT = 112;

/** The phone layout: one card per record, virtualized the same way. */
export function CardList(props: CardListProps) {
  const { rows, count, onNeedRows } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (last >= rows.length - 10) onNeedRows(last + 10);
  }, [last, rows.length, onNeedRows]);
  return (
    <div className="tg-cards" role="table" data-testid="record-table">
      <div className="tg-vt-scroll" ref={scrollRef}>
        {count === 0 ? (
          <div className="tg-vt-empty">{props.empty}</div>
        ) : (
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const record = rows[item.index];
              const selected = record ? props.selection.has(record.id) : false;
              return (
                <div
                  key={item.key}
                  role="row"
                  data-testid={record ? 'record-row' : 'record-row-loading'}
                  className="tg-card-slot"
                  style={{ transform: `translateY(${item.start}px)`, height: CARD_HEIGHT }}
                >
                  <div
                    className={`tg-card${selected ? ' tg-vt-selected' : ''}`}
                    onClick={() => record && props.onOpen(record)}
                  >
                    {record ? (
                      <>
                        <div className="tg-card-head">
                          <span role="cell" className="tg-card-title">
                            {props.title(record)}
                          </span>
                          {props.onToggle ? (
                            <span onClick={(e) => e.stopPropagation()}>
                              <Checkbox
                                aria-label={`select ${record.id}`}
                                checked={selected}
                                onChange={() => props.onToggle?.(record.id)}
                              />
                            </span>
                          ) : null}
                        </div>
                        {props.lines.map((line) => (
                          <div key={line.label} className="tg-card-line">
                            <span className="tg-card-label">{line.label}</span>
                            <span role="cell" className="tg-card-value">
                              {line.render(record)}
                            </span>
                          </div>
                        ))}
                      </>
                    ) : (
                      <Skeleton active title={false} paragraph={{ rows: 3 }} />
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
