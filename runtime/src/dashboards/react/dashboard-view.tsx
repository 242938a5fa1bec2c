import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, Grid, Select, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { isApiError, type DashboardData, type DashboardFilterState, type WidgetData } from '@tangram/client';
import type { AppDefinition, ChartWidget, Dashboard, FilterWidget, Widget } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { useClient, useServices } from '../../react/context';
import { pointFilter, recordsHref } from '../core/click-through';
import { fillText, useDashboardTexts } from './texts';
import { WidgetCard } from './widget-card';

export interface DashboardViewProps {
  appId: string;
  app: AppDefinition;
  dashboard: Dashboard;
}

/** Rows are 40 px; a stacked widget (phones) keeps its height, at least 240 px. */
const ROW = 40;
const GAP = 12;

/**
 * A saved dashboard: filter widgets and refresh on top, then the widgets on the 24-column grid
 * (one column on phones). All widget data comes from one request per filter state.
 */
export function DashboardView({ appId, app, dashboard }: DashboardViewProps) {
  const client = useClient();
  const { router, session } = useServices();
  const { tx } = useDashboardTexts();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [filterState, setFilterState] = useState<DashboardFilterState>({});
  const [data, setData] = useState<DashboardData | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.reports.data(appId, dashboard.id, filterState).then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        if (isApiError(e) && e.status === 401) session.getState().expire();
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [client, appId, dashboard.id, filterState, tick, session]);

  // Nothing loaded yet and the request failed: every widget shows the error with a retry.
  const failed: WidgetData | undefined =
    error && !data ? { error: { code: 'request', message: error.message } } : undefined;
  const retry = useCallback(() => setTick((t) => t + 1), []);
  const forms = useMemo(() => new Map(app.forms.map((f) => [f.id, f])), [app]);
  const ordered = useMemo(
    () => [...dashboard.widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x),
    [dashboard.widgets],
  );
  // A data point opens the form's data view filtered to exactly the records behind it.
  const openRecords = useCallback(
    (widget: ChartWidget, values: unknown[]) =>
      router
        .getState()
        .navigate(
          recordsHref(appId, widget.source.form, pointFilter(widget, { values }, dashboard, filterState)),
        ),
    [router, appId, dashboard, filterState],
  );
  const setFilter = (id: string, value: DashboardFilterState[string] | undefined) =>
    setFilterState((s) => {
      const next = { ...s };
      if (value) next[id] = value;
      else delete next[id];
      return next;
    });

  return (
    <div className="tg-dashboard" data-testid="dashboard">
      <div className="tg-db-toolbar">
        {(dashboard.filters ?? []).map((f) => (
          <FilterControl
            key={f.id}
            filter={f}
            app={app}
            value={filterState[f.id]}
            onChange={(v) => setFilter(f.id, v)}
          />
        ))}
        <span className="tg-db-spacer" />
        {data ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fillText(tx.updatedAt, { time: dayjs(data.computedAt).format('HH:mm:ss') })}
          </Typography.Text>
        ) : null}
        <Tooltip title={tx.refresh}>
          <Button
            icon={<ReloadOutlined />}
            aria-label={tx.refresh}
            loading={loading && data !== undefined}
            onClick={() => setTick((t) => t + 1)}
            data-testid="dashboard-refresh"
          />
        </Tooltip>
      </div>
      {error && data ? (
        <Alert
          type="warning"
          showIcon
          title={fillText(tx.refreshFailed, { message: error.message })}
          data-testid="dashboard-error"
        />
      ) : null}
      {dashboard.widgets.length === 0 ? (
        <div className="tg-empty">
          <Empty description={tx.noWidgets} />
        </div>
      ) : (
        <div className={`tg-db-grid${narrow ? ' tg-db-stack' : ''}`}>
          {ordered.map((w) => (
            <div key={w.id} style={cellStyle(w, narrow)}>
              <WidgetCard
                widget={w}
                form={w.type === 'text' ? undefined : forms.get(w.source.form)}
                data={data?.widgets[w.id] ?? failed}
                loading={loading}
                narrow={narrow}
                onSelect={openRecords}
                onRetry={retry}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Grid placement of a widget; stacked (phones) it keeps its height. */
export function cellStyle(w: Widget, stacked: boolean): React.CSSProperties {
  if (stacked) {
    const h = w.type === 'kpi' || w.type === 'text' ? w.layout.h * ROW : Math.max(240, w.layout.h * ROW);
    return { height: h };
  }
  return {
    gridColumn: `${w.layout.x + 1} / span ${Math.min(w.layout.w, 24 - w.layout.x)}`,
    gridRow: `${w.layout.y + 1} / span ${w.layout.h}`,
    minHeight: w.layout.h * ROW + (w.layout.h - 1) * GAP,
  };
}

function FilterControl({
  filter,
  app,
  value,
  onChange,
}: {
  filter: FilterWidget;
  app: AppDefinition;
  value: DashboardFilterState[string] | undefined;
  onChange: (value: DashboardFilterState[string] | undefined) => void;
}) {
  const { tx, lang } = useDashboardTexts();
  const field = app.forms.find((f) => f.id === filter.form)?.fields.find((f) => f.id === filter.field);
  const label = filter.label
    ? pickText(filter.label, lang)
    : field
      ? pickText(field.label, lang)
      : filter.field;
  if (filter.type === 'dateRange') {
    const range = value && 'from' in value ? value : value && 'to' in value ? value : {};
    return (
      <span className="tg-db-filter" data-testid={`filter-${filter.id}`}>
        <Typography.Text type="secondary">{label}</Typography.Text>
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[tx.dateFrom, tx.dateTo]}
          value={[range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null]}
          onChange={(dates) => {
            const from = dates?.[0]?.format('YYYY-MM-DD');
            const to = dates?.[1]?.format('YYYY-MM-DD');
            onChange(from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined);
          }}
        />
      </span>
    );
  }
  const options = (
    (field?.config as { options?: { value: string; label?: Record<string, string> }[] } | undefined)
      ?.options ?? []
  ).map((o) => ({ value: o.value, label: o.label ? pickText(o.label, lang) : o.value }));
  const values = value && 'values' in value ? value.values : [];
  return (
    <span className="tg-db-filter" data-testid={`filter-${filter.id}`}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Select
        mode={options.length ? 'multiple' : 'tags'}
        allowClear
        placeholder={tx.all}
        style={{ minWidth: 160 }}
        options={options}
        value={values as string[]}
        onChange={(v: string[]) => onChange(v.length ? { values: v } : undefined)}
      />
    </span>
  );
}
