import { FullscreenExitOutlined, FullscreenOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Spin, Table, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import type { WidgetData } from '@tangram/client';
import type { ChartWidget, FormDefinition, TableWidget, Widget } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { emptyDirectory, formatCell, formatSystem } from '../../views/core/format-cell';
import { buildChartOption, measureLabel } from '../core/chart-option';
import { formatMeasure } from '../core/number-format';
import { ChartView } from './chart-view';
import { useDashboardTexts } from './texts';

export interface WidgetCardProps {
  widget: Widget;
  /** The widget's source form (absent for text widgets or unknown forms). */
  form: FormDefinition | undefined;
  data: WidgetData | undefined;
  loading: boolean;
  /** Phone layout: legends at the bottom, fewer labels. */
  narrow?: boolean;
  /** Click on a bar, point or slice: the raw values of the widget's dimensions there. */
  onSelect?: (widget: ChartWidget, values: unknown[]) => void;
  /** Extra buttons in the header (the studio adds its own). */
  extra?: ReactNode;
  /** Offered on the error state: loads the data again. */
  onRetry?: () => void;
}

/** One widget: title bar with full-screen toggle, then the KPI, chart, table or text. */
export function WidgetCard(props: WidgetCardProps) {
  const { widget, extra } = props;
  const { tx, lang } = useDashboardTexts();
  const [full, setFull] = useState(false);
  const title = widget.title ? pickText(widget.title, lang) : '';
  const card = (
    <div className={`tg-widget${full ? ' tg-widget-full' : ''}`} data-testid={`widget-${widget.id}`}>
      <div className="tg-widget-head">
        <Typography.Text strong ellipsis className="tg-widget-title">
          {title}
        </Typography.Text>
        <span className="tg-widget-tools">
          {extra}
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

function WidgetBody({ widget, form, data, loading, narrow, onSelect, onRetry }: WidgetCardProps) {
  const { tx } = useDashboardTexts();
  if (widget.type === 'text') return <TextBody widget={widget} />;
  if (!data) return <WidgetSkeleton widget={widget} />;
  if ('error' in data) {
    return (
      <div className="tg-widget-center tg-widget-error" role="alert" data-testid="widget-error">
        <WarningOutlined className="tg-widget-error-icon" />
        <Typography.Text type="secondary">{tx.cannotLoad}</Typography.Text>
        <Typography.Text type="secondary" className="tg-widget-error-detail">
          {data.error.message}
        </Typography.Text>
        {onRetry ? (
          <Button size="small" onClick={onRetry} loading={loading}>
            {tx.retry}
          </Button>
        ) : null}
      </div>
    );
  }
  const body =
    data.rows.length === 0 ? (
      <Empty className="tg-widget-center" image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx.noData} />
    ) : widget.type === 'table' ? (
      <DetailTable widget={widget} form={form} rows={data.rows} />
    ) : widget.type === 'kpi' ? (
      <Kpi widget={widget} form={form} row={data.rows[0] ?? {}} />
    ) : (
      <Chart widget={widget} form={form} rows={data.rows} narrow={narrow ?? false} onSelect={onSelect} />
    );
  return (
    <Spin spinning={loading} wrapperClassName="tg-widget-spin">
      {body}
    </Spin>
  );
}

function Chart({
  widget,
  form,
  rows,
  narrow,
  onSelect,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  rows: Record<string, unknown>[];
  narrow: boolean;
  onSelect?: WidgetCardProps['onSelect'];
}) {
  const { tx, lang } = useDashboardTexts();
  const built = useMemo(
    () => buildChartOption(widget, rows, { form, lang, empty: tx.empty, narrow }),
    [widget, rows, form, lang, tx.empty, narrow],
  );
  const select = onSelect
    ? (index: number, series: number) =>
        onSelect(
          widget,
          built.seriesValues
            ? [built.categories[index], built.seriesValues[series]]
            : [built.categories[index]],
        )
    : undefined;
  return <ChartView option={built.option} onSelect={select} />;
}

function Kpi({
  widget,
  form,
  row,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  row: Record<string, unknown>;
}) {
  const { lang } = useDashboardTexts();
  return (
    <div className="tg-kpi">
      {widget.measures.map((m, i) => (
        <div key={m.as} className={i === 0 ? 'tg-kpi-main' : 'tg-kpi-extra'}>
          <div className="tg-kpi-value" data-testid={`kpi-${m.as}`}>
            {formatMeasure(row[m.as], {
              format: widget.options?.numberFormat,
              field: form?.fields.find((f) => f.id === m.field),
              op: m.op,
              locale: lang,
            })}
          </div>
          <div className="tg-kpi-label">{measureLabel(m, form, lang)}</div>
        </div>
      ))}
    </div>
  );
}

function DetailTable({
  widget,
  form,
  rows,
}: {
  widget: TableWidget;
  form: FormDefinition | undefined;
  rows: Record<string, unknown>[];
}) {
  const { lang } = useDashboardTexts();
  const columns = widget.columns.map((key) => {
    const field = form?.fields.find((f) => f.id === key);
    return {
      key,
      dataIndex: key,
      title: field ? pickText(field.label, lang) : key,
      ellipsis: true,
      render: (value: unknown) =>
        field ? formatCell(field, value, lang, emptyDirectory) : formatSystem(key, value, emptyDirectory),
    };
  });
  return (
    <Table
      size="small"
      rowKey={(r) => String(r.id)}
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

const MarkdownText = lazy(() => import('./markdown-text'));

function TextBody({ widget }: { widget: Extract<Widget, { type: 'text' }> }) {
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
  if (widget.type === 'kpi') {
    return (
      <div
        className="tg-widget-skeleton"
        aria-busy="true"
        aria-label={tx.loading}
        data-testid="widget-loading"
      >
        <Skeleton.Input active size="large" style={{ width: 140 }} />
        <Skeleton.Input active size="small" style={{ width: 90 }} />
      </div>
    );
  }
  if (widget.type === 'table') {
    return (
      <div
        className="tg-widget-skeleton"
        aria-busy="true"
        aria-label={tx.loading}
        data-testid="widget-loading"
      >
        <Skeleton active title={false} paragraph={{ rows: 5 }} />
      </div>
    );
  }
  return (
    <div
      className="tg-widget-skeleton tg-widget-skeleton-bars"
      aria-busy="true"
      aria-label={tx.loading}
      data-testid="widget-loading"
    >
      {[55, 80, 40, 95, 65, 75].map((h, i) => (
        <span key={i} style={{ height: `${h}%` }} />
      ))}
    </div>
  );
}
