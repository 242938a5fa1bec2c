import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type {
  Filter,
  FormDefinition,
  GridGroupSummary,
  GridSettings,
  RecordDto,
  SortKey,
} from '@tangram/client';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import type { Directory } from '../core/format-cell';
import { DEFAULT_WIDTH } from '../core/view-store';
import { boardColumns, columnFilter } from '../core/view-kinds';
import { useKindTexts } from './kind-texts';
import { fill } from './texts';
import { frozenOffsets, type TableColumn } from './virtual-table';

/** Rows an expanded group reads at a time ("Load more" for the next page). */
const GROUP_PAGE = 50;

/**
 * The phone layout of a group's records (decision 0056): a card each, the title and a few lines,
 * as the ungrouped phone list shows them, under the same collapsible group heads.
 */
export interface GroupCards {
  title(record: RecordDto): ReactNode;
  lines: { label: string; render(record: RecordDto): ReactNode }[];
}

/**
 * A grid grouped by a field (decision 0048): the groups with their counts and sums come from one
 * grouped SQL statement (`views/grid/groups`), and each expanded group's rows are a keyset page of
 * `records/query` with the view's filter AND the group's value, so a large form is never loaded
 * whole. Collapsed groups read nothing; which are collapsed is saved with the view.
 */
export function GroupedGrid(props: {
  appId: string;
  form: FormDefinition;
  settings: GridSettings & { groupField: string };
  columns: TableColumn[];
  filter: Filter | undefined;
  sort: readonly SortKey[];
  directory: Directory;
  rowHeight: number;
  frozen: number;
  reloadKey: number;
  /** Changes when a row was edited in place: counts and sums are read again, rows stay. */
  summaryKey: number;
  onOpen(r: RecordDto): void;
  onCollapse(collapsed: string[]): void;
  formatSum(field: string, value: number): string;
  /** Phone width: cards instead of rows, no column heads. */
  cards?: GroupCards;
}) {
  const { appId, form, settings, filter } = props;
  const client = useClient();
  const { kx, lang } = useKindTexts();
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const sums = settings.sumFields ?? [];
  const key = JSON.stringify([settings.groupField, sums, filter ?? null, props.reloadKey]);
  const summaryKey = `${key}#${props.summaryKey}`;
  const [groups, setGroups] = useState<{ key: string; items: GridGroupSummary[]; error?: Error } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    client.views
      .gridGroups(ref, {
        groupField: settings.groupField,
        ...(sums.length ? { sumFields: sums } : {}),
        ...(filter ? { filter } : {}),
      })
      .then(
        (items) => live && setGroups({ key, items }),
        (error: unknown) => live && setGroups({ key, items: [], error: error as Error }),
      );
    return () => {
      live = false;
    };
    // `summaryKey` stands for the group field, the sums, the filter and inline saves.
  }, [client, ref, summaryKey]);
  if (groups?.error) return <Typography.Text type="danger">{groups.error.message}</Typography.Text>;
  if (!groups || groups.key !== key) return <Skeleton active paragraph={{ rows: 6 }} />;
  // Group order and labels as a board's columns: "no value", then the options in order.
  const specs = boardColumns(
    form,
    settings.groupField,
    groups.items.map((g) => ({ value: g.value, count: g.count })),
  ).filter((s) => s.count > 0);
  if (specs.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const collapsed = new Set(settings.collapsed ?? []);
  const byValue = new Map(groups.items.map((g) => [g.value, g]));
  return (
    <div className={`tg-grid-groups${props.cards ? ' tg-grid-groups-cards' : ''}`} data-testid="grid-groups">
      {props.cards ? null : <ColumnHeads columns={props.columns} frozen={props.frozen} />}
      {specs.map((spec) => {
        const name =
          spec.value === null
            ? kx.noValue
            : spec.optionLabel
              ? pickText(spec.optionLabel, lang)
              : (props.directory.users.get(spec.value) ?? spec.value);
        const isCollapsed = collapsed.has(spec.key);
        const g = byValue.get(spec.value);
        return (
          <section key={spec.key} className="tg-grid-group" data-testid="grid-group" data-group={spec.key}>
            <button
              type="button"
              className="tg-grid-group-head"
              aria-expanded={!isCollapsed}
              aria-label={fill(isCollapsed ? kx.expand : kx.collapse, { name })}
              onClick={() => {
                const next = new Set(collapsed);
                if (isCollapsed) next.delete(spec.key);
                else next.add(spec.key);
                props.onCollapse([...next]);
              }}
            >
              {isCollapsed ? <RightOutlined /> : <DownOutlined />}
              <Typography.Text strong style={spec.color ? { color: spec.color } : undefined}>
                {name}
              </Typography.Text>
              <Typography.Text type="secondary" data-testid="grid-group-count">
                {fill(kx.countOf, { count: spec.count })}
              </Typography.Text>
              {sums.map((f) => {
                const v = Number(g?.sums[f] ?? 0);
                return (
                  <Typography.Text key={f} type="secondary" data-testid="grid-group-sum" data-field={f}>
                    {fill(kx.sumOf, { sum: props.formatSum(f, Number.isFinite(v) ? v : 0) })}
                  </Typography.Text>
                );
              })}
            </button>
            {isCollapsed ? null : (
              <GroupRows
                refKey={ref}
                filter={columnFilter(settings.groupField, spec.value, filter)}
                sort={props.sort}
                columns={props.columns}
                rowHeight={props.rowHeight}
                frozen={props.frozen}
                total={spec.count}
                onOpen={props.onOpen}
                reloadKey={props.reloadKey}
                cards={props.cards}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** The column titles over the groups, laid out as the rows below them (same widths, same frozen part). */
function ColumnHeads({ columns, frozen }: { columns: TableColumn[]; frozen: number }) {
  const widths = columns.map((c) => c.width ?? DEFAULT_WIDTH);
  const offsets = frozenOffsets(widths, frozen, 0);
  return (
    <div className="tg-grid-group-columns" role="table">
      <div role="row" className="tg-vt-row" style={{ width: widths.reduce((a, b) => a + b, 0) }}>
        {columns.map((c, i) => (
          <div
            key={c.field}
            role="columnheader"
            className={`tg-vt-th${c.align === 'right' ? ' tg-vt-right' : ''}${offsets[i] !== undefined ? ' tg-vt-frozen' : ''}`}
            style={{ width: widths[i], left: offsets[i] }}
            title={c.title}
          >
            <span className="tg-vt-th-text">{c.title}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function GroupRows(props: {
  refKey: { appId: string; formId: string };
  filter: Filter;
  sort: readonly SortKey[];
  columns: TableColumn[];
  rowHeight: number;
  frozen: number;
  total: number;
  reloadKey: number;
  onOpen(r: RecordDto): void;
  cards?: GroupCards;
}) {
  const client = useClient();
  const { kx } = useKindTexts();
  const [rows, setRows] = useState<RecordDto[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const key = JSON.stringify([props.filter, props.sort, props.reloadKey]);
  const load = (after: string | null, base: RecordDto[]) =>
    client.records
      .query(props.refKey, {
        filter: props.filter,
        ...(props.sort.length ? { sort: [...props.sort] } : {}),
        limit: GROUP_PAGE,
        ...(after ? { cursor: after } : {}),
      })
      .then(
        (page) => {
          setRows([...base, ...page.items]);
          setCursor(page.nextCursor ?? null);
        },
        (e: unknown) => setError(e as Error),
      );
  useEffect(() => {
    setRows(null);
    void load(null, []);
    // `key` stands for the filter, the sort and reloads.
  }, [key]);
  const widths = props.columns.map((c) => c.width ?? DEFAULT_WIDTH);
  const offsets = frozenOffsets(widths, props.frozen, 0);
  const total = widths.reduce((a, b) => a + b, 0);
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (!rows) return <Skeleton active title={false} paragraph={{ rows: Math.min(3, props.total) }} />;
  const more = cursor ? (
    <div className="tg-grid-group-more">
      <Button size="small" type="link" onClick={() => void load(cursor, rows)}>
        {kx.loadMore}
      </Button>
    </div>
  ) : null;
  const { cards } = props;
  if (cards)
    return (
      <div className="tg-grid-group-cards" role="table">
        {rows.map((r) => (
          <div
            key={r.id}
            role="row"
            data-testid="record-row"
            className="tg-card"
            onClick={() => props.onOpen(r)}
          >
            <div className="tg-card-head">
              <span role="cell" className="tg-card-title">
                {cards.title(r)}
              </span>
            </div>
            {cards.lines.map((line) => (
              <div key={line.label} className="tg-card-line">
                <span className="tg-card-label">{line.label}</span>
                <span role="cell" className="tg-card-value">
                  {line.render(r)}
                </span>
              </div>
            ))}
          </div>
        ))}
        {more}
      </div>
    );
  return (
    <div className="tg-grid-group-rows" role="table">
      {rows.map((r) => (
        <div
          key={r.id}
          role="row"
          data-testid="record-row"
          className="tg-vt-row tg-grid-group-row"
          style={{
            height: props.rowHeight,
            width: total,
            borderBottom: '1px solid #f2f3f6',
            cursor: 'pointer',
          }}
          onClick={() => props.onOpen(r)}
        >
          {props.columns.map((c, i) => (
            <div
              key={c.field}
              role="cell"
              className={`tg-vt-cell${c.align === 'right' ? ' tg-vt-right' : ''}${offsets[i] !== undefined ? ' tg-vt-frozen' : ''}`}
              style={{
                width: widths[i],
                lineHeight: `${props.rowHeight}px`,
                left: offsets[i],
                background: '#fff',
              }}
            >
              {c.render(r)}
            </div>
          ))}
        </div>
      ))}
      {more}
    </div>
  );
}
