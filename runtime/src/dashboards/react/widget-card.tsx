import {
  DownloadOutlined,
  FullscreenExitOutlined,
  FullscreenOutlined,
  RightOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Empty, Skeleton, Spin, Table, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useMemo, useRef, useState, type ComponentType, type ReactNode } from 'react';
import type { WidgetData } from '@tangram/client';
import type { ChartWidget, FormDefinition, TableWidget, TextWidget, Widget } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { emptyDirectory, formatCell, formatSystem } from '../../views/core/format-cell';
import { buildChartOption } from '../core/chart-option';
import { breadcrumbs, canDrillDown, drillLevel } from '../core/drill';
import { dimensionLabel, idLabel } from '../core/dimension-label';
import { asResult, sourceField, type Row, type WidgetResult } from '../core/widget-result';
import { ChartView } from './chart-view';
import { KpiBody } from './kpi-body';
import { PivotBody } from './pivot-body';
import { useDashboardTexts } from './texts';

export interface WidgetCardProps {
  widget: Widget;
  /** The widget's source form (absent for text widgets or unknown forms). */
  form: FormDefinition | undefined;
  data: WidgetData | undefined;
  loading: boolean;
  /** Phone layout: legends at the bottom, fewer labels. */
  narrow?: boolean;
  /**
   * Click on a data point that does not drill further: the raw values of the widget's
   * dimensions there (the first at the current drill level).
   */
  onSelect?: (widget: ChartWidget, values: unknown[]) => void;
  /** The values clicked through so far (drill-down), and how to change them. */
  drillPath?: readonly unknown[];
  onDrill?: (widget: ChartWidget, path: unknown[]) => void;
  /** Downloads the widget's data as a spreadsheet. */
  onExport?: (widget: Widget) => void;
  /** Extra buttons in the header (the studio adds its own). */
  extra?: ReactNode;
  /** Offered on the error state: loads the data again. */
  onRetry?: () => void;
  /** Shown instead of "No data" when there are no rows (the studio: "drop fields here"). */
  emptyText?: string;
}

/** One widget: title bar (breadcrumbs when drilled, export, full screen), then its body. */
export function WidgetCard(props: WidgetCardProps) {
  const { widget, extra, onExport } = props;
  const { tx, lang } = useDashboardTexts();
  const [full, setFull] = useState(false);
  const named = useNamesSeen(props.data);
  const title = widget.title ? pickText(widget.title, lang) : '';
  const card = (
    <div className={`tg-widget${full ? ' tg-widget-full' : ''}`} data-testid={`widget-${widget.id}`}>
      <div className="tg-widget-head">
        <Typography.Text strong ellipsis className="tg-widget-title">
          {title}
        </Typography.Text>
        <span className="tg-widget-tools">
          {extra}
          {onExport && widget.type !== 'text' ? (
            <Tooltip title={tx.export}>
              <Button
                type="text"
                size="small"
                aria-label={tx.export}
                icon={<DownloadOutlined />}
                onClick={() => onExport(widget)}
                data-testid="widget-export"
              />
            </Tooltip>
          ) : null}
          {widget.type !== 'text' ? (
            <Tooltip title={full ? tx.exitFullScreen : tx.fullScreen}>
              <Button
                type="text"
                size="small"
                aria-label={full ? tx.exitFullScreen : tx.fullScreen}
                icon={full ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
                onClick={() => setFull(!full)}
                data-testid="widget-fullscreen"
              />
            </Tooltip>
          ) : null}
        </span>
      </div>
      {widget.type !== 'text' && widget.type !== 'table' && props.drillPath?.length ? (
        <DrillCrumbs {...props} widget={widget} named={named} />
      ) : null}
      <div className="tg-widget-body">
        <WidgetBody {...props} />
      </div>
    </div>
  );
  return full ? (
    <>
      <div className="tg-widget-placeholder" />
      <div className="tg-widget-backdrop" onClick={() => setFull(false)} />
      {card}
    </>
  ) : (
    card
  );
}

/**
 * Every id name the widget's answers have carried so far. A crumb names a value clicked at an
 * upper level, whose answer is gone once drilled: the level below groups by another column.
 */
function useNamesSeen(data: WidgetData | undefined): Readonly<Record<string, string | null>> {
  const seen = useRef<Record<string, string | null>>({});
  return useMemo(() => {
    const labels = data && !('error' in data) ? asResult(data).labels : undefined;
    if (labels) seen.current = Object.assign({}, seen.current, ...Object.values(labels));
    return seen.current;
  }, [data]);
}

/** "All › 2024 › 2024-03": each crumb goes back to its level. */
function DrillCrumbs({
  widget,
  form,
  drillPath = [],
  onDrill,
  named,
}: WidgetCardProps & { widget: ChartWidget; named: Readonly<Record<string, string | null>> }) {
  const { tx, lang } = useDashboardTexts();
  const crumbs = breadcrumbs(
    widget,
    drillPath,
    (level, value) => {
      const at = drillLevel(widget, level);
      const custom = widget.options?.labels?.[String(value)];
      if (custom !== undefined) return custom;
      return dimensionLabel(value, {
        ...(at ? { field: sourceField(form, widget, at.field) } : {}),
        ...(at?.bucket ? { bucket: at.bucket } : {}),
        lang,
        empty: tx.empty,
        labels: named,
      });
    },
    tx.drillTop,
  );
  return (
    <nav className="tg-widget-crumbs" aria-label={tx.drillPath} data-testid="drill-crumbs">
      {crumbs.map((c, i) => (
        <span key={c.level} className="tg-widget-crumb">
          {i > 0 ? <RightOutlined className="tg-widget-crumb-sep" /> : null}
          {i < crumbs.length - 1 ? (
            <button
              type="button"
              className="tg-widget-crumb-link"
              onClick={() => onDrill?.(widget, drillPath.slice(0, c.level))}
              data-testid={`drill-crumb-${c.level}`}
            >
              {c.label}
            </button>
          ) : (
            <span className="tg-widget-crumb-current" aria-current="page">
              {c.label}
            </span>
          )}
        </span>
      ))}
    </nav>
  );
}

interface BodyProps<W extends Widget> extends Omit<WidgetCardProps, 'widget' | 'data'> {
  widget: W;
  result: WidgetResult;
}

/** One body per widget type; a new type is a type error until it has one. */
const bodies = {
  kpi: (p: BodyProps<ChartWidget>) => <KpiBody widget={p.widget} form={p.form} result={p.result} />,
  gauge: ChartBody,
  bar: ChartBody,
  line: ChartBody,
  area: ChartBody,
  pie: ChartBody,
  funnel: ChartBody,
  scatter: ChartBody,
  pivot: (p: BodyProps<ChartWidget>) => <PivotBody widget={p.widget} form={p.form} result={p.result} />,
  table: DetailTable,
} satisfies Record<Exclude<Widget['type'], 'text'>, ComponentType<BodyProps<never>>>;

/** Widget types whose answer has rows even when nothing matched (a KPI is 0, a gauge empty). */
const ALWAYS_DRAWN: ReadonlySet<string> = new Set(['kpi', 'gauge']);

function WidgetBody(props: WidgetCardProps) {
  const { widget, data, loading, onRetry } = props;
  const { tx } = useDashboardTexts();
  if (widget.type === 'text') return <TextBody widget={widget} />;
  if (!data) return <WidgetSkeleton widget={widget} />;
  if ('error' in data) {
    return (
      <div className="tg-widget-center tg-widget-error" role="alert" data-testid="widget-error">
        <WarningOutlined className="tg-widget-error-icon" />
        <Typography.Text type="secondary">{tx.cannotLoad}</Typography.Text>
        <Typography.Text type="secondary" className="tg-widget-error-detail">
          {errorText(data.error)}
        </Typography.Text>
        {onRetry ? (
          <Button size="small" onClick={onRetry} loading={loading}>
            {tx.retry}
          </Button>
        ) : null}
      </div>
    );
  }
  const result = asResult(data);
  const Body = bodies[widget.type] as ComponentType<BodyProps<Widget>>;
  const body =
    result.rows.length === 0 && !ALWAYS_DRAWN.has(widget.type) ? (
      <Empty
        className="tg-widget-center"
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={props.emptyText ?? tx.noData}
        data-testid="widget-empty"
      />
    ) : (
      <Body {...props} widget={widget} result={result} />
    );
  return (
    <Spin spinning={loading} classNames={{ root: 'tg-widget-spin' }}>
      {body}
    </Spin>
  );
}

function ChartBody({
  widget,
  form,
  result,
  narrow,
  onSelect,
  onDrill,
  drillPath = [],
}: BodyProps<ChartWidget>) {
  const { tx, lang } = useDashboardTexts();
  const built = useMemo(
    () =>
      buildChartOption(widget, result, {
        form,
        lang,
        empty: tx.empty,
        others: tx.others,
        narrow: narrow ?? false,
      }),
    [widget, result, form, lang, tx.empty, tx.others, narrow],
  );
  const drillable = canDrillDown(widget, drillPath, result.drill);
  const clickable = drillable ? onDrill !== undefined : onSelect !== undefined;
  const select = clickable
    ? (index: number, series: number) => {
        const point = built.pointAt(index, series);
        if (!point) return;
        if (drillable) onDrill?.(widget, [...drillPath, point[0]]);
        else onSelect?.(widget, point);
      }
    : undefined;
  return (
    <ChartView
      option={built.option}
      onSelect={select}
      clickHint={drillable ? tx.clickToDrill : clickable ? tx.clickToOpen : undefined}
    />
  );
}

function DetailTable({ form, result }: BodyProps<TableWidget>) {
  const { lang } = useDashboardTexts();
  // The server's answer lists the columns the reader may see (a hidden field's column is left
  // out, decision 0023); the widget's own list would show its id over an empty column.
  const columns = result.columns.map(({ key }) => {
    const field = form?.fields.find((f) => f.id === key);
    return {
      key,
      dataIndex: key,
      title: field ? pickText(field.label, lang) : key,
      ellipsis: true,
      // Relation, member and department ids are named by the answer (`labels`, as the viewer reads them).
      render: (value: unknown) =>
        idLabel(value, result.labels?.[key]) ??
        (field ? formatCell(field, value, lang, emptyDirectory) : formatSystem(key, value, emptyDirectory)),
    };
  });
  return (
    <Table<Row>
      size="small"
      rowKey={(r) => String(r.id)}
      columns={columns}
      dataSource={result.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

const MarkdownText = lazy(() => import('./markdown-text'));

function TextBody({ widget }: { widget: TextWidget }) {
  const { lang } = useDashboardTexts();
  const source = pickText(widget.content, lang);
  if (widget.format !== 'markdown') return <div className="tg-widget-text">{source}</div>;
  return (
    <div className="tg-widget-text tg-widget-md">
      <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} title={false} />}>
        <MarkdownText source={source} />
      </Suspense>
    </div>
  );
}

/** The shape of the widget while its first data loads: a number, bars or table lines. */
function WidgetSkeleton({ widget }: { widget: Widget }) {
  const { tx } = useDashboardTexts();
  const busy = { 'aria-busy': true, 'aria-label': tx.loading, 'data-testid': 'widget-loading' } as const;
  if (widget.type === 'kpi' || widget.type === 'gauge') {
    return (
      <div className="tg-widget-skeleton" {...busy}>
        <Skeleton.Input active size="large" style={{ width: 140 }} />
        <Skeleton.Input active size="small" style={{ width: 90 }} />
      </div>
    );
  }
  if (widget.type === 'table' || widget.type === 'pivot') {
    return (
      <div className="tg-widget-skeleton" {...busy}>
        <Skeleton active title={false} paragraph={{ rows: 5 }} />
      </div>
    );
  }
  return (
    <div className="tg-widget-skeleton tg-widget-skeleton-bars" {...busy}>
      {[55, 80, 40, 95, 65, 75].map((h, i) => (
        <span key={i} style={{ height: `${h}%` }} />
      ))}
    </div>
  );
}

/** The error's message, with the first field-specific detail ("/measures/0/field: …") when there is one. */
function errorText(error: { message: string; details?: unknown }): string {
  const first = Array.isArray(error.details)
    ? (error.details[0] as { path?: unknown; message?: unknown })
    : undefined;
  return first && typeof first.message === 'string'
    ? `${error.message} ${typeof first.path === 'string' ? `${first.path}: ` : ''}${first.message}`
    : error.message;
}
