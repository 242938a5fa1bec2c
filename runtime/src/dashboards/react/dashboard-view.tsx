import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Empty, Grid, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  isApiError,
  type AppGrantSummary,
  type DashboardData,
  type DashboardFilterState,
  type WidgetData,
} from '@tangram/client';
import type { AppDefinition, ChartWidget, Dashboard, Widget } from '@tangram/schema';
import { widgetForm } from '@tangram/schema';
import { widgetSourceForm } from '../core/aggregate-source';
import { grantView } from '../../core/grant-view';
import { useClient, useServices } from '../../react/context';
import { intervalParts, startAutoRefresh } from '../core/auto-refresh';
import { pointFilter, recordsHref } from '../core/click-through';
import { drillUp, type DrillPaths } from '../core/drill';
import { FilterControl } from './filter-controls';
import { fillText, useDashboardTexts } from './texts';
import { WidgetCard } from './widget-card';

export interface DashboardViewProps {
  appId: string;
  app: AppDefinition;
  dashboard: Dashboard;
  /**
   * The caller's grant summary (`me` of `GET /apps/:app`, decision 0026): a widget's xlsx export is
   * offered only with `export` on its form. Absent (an older server): offered, as before.
   */
  me?: AppGrantSummary | undefined;
}

/** Rows are 40 px; a stacked widget (phones) keeps its height, at least 240 px. */
const ROW = 40;
const GAP = 12;

/**
 * A saved dashboard: filter widgets and refresh on top, then the widgets on the 24-column grid
 * (one column on phones). All widget data comes from one request per filter and drill state;
 * with `refreshSeconds` it reloads on that interval while the tab is visible.
 */
export function DashboardView({ appId, app, dashboard, me }: DashboardViewProps) {
  const client = useClient();
  const { router, session } = useServices();
  const { message } = AntApp.useApp();
  const { tx } = useDashboardTexts();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [filterState, setFilterState] = useState<DashboardFilterState>({});
  const [drill, setDrill] = useState<DrillPaths>({});
  const [data, setData] = useState<DashboardData | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.reports.data(appId, dashboard.id, filterState, drill as Record<string, unknown[]>).then(
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
  }, [client, appId, dashboard.id, filterState, drill, tick, session]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (!dashboard.refreshSeconds) return;
    return startAutoRefresh({ seconds: dashboard.refreshSeconds, tick: refresh, page: document });
  }, [dashboard.refreshSeconds, refresh]);

  // Nothing loaded yet and the request failed: every widget shows the error with a retry.
  const failed: WidgetData | undefined =
    error && !data ? { error: { code: 'request', message: error.message } } : undefined;
  // Balances are every app member's to see (decision 0028), so their export is too; a form's
  // widget exports under the viewer's export right on that form.
  const canExport = (w: Widget) => {
    if (w.type === 'text') return false;
    const form = widgetForm(w);
    return form === undefined || grantView(me, form).canExport;
  };
  const ordered = useMemo(
    () => [...dashboard.widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x),
    [dashboard.widgets],
  );

  // A data point opens the form's data view filtered to exactly the records behind it.
  const openRecords = useCallback(
    (widget: ChartWidget, values: unknown[]) => {
      // Subform rows and aggregate balances have no record list to open.
      const source = widget.source;
      if (!('form' in source) || source.subform) {
        void message.info(tx.notSupported);
        return;
      }
      const filter = pointFilter(widget, { values }, dashboard, filterState, drill[widget.id] ?? []);
      router.getState().navigate(recordsHref(appId, source.form, filter));
    },
    [router, appId, dashboard, filterState, drill, message, tx.notSupported],
  );
  const onDrill = useCallback(
    (widget: ChartWidget, path: unknown[]) =>
      setDrill((d) => (path.length ? { ...d, [widget.id]: path } : drillUp(d, widget.id, 0))),
    [],
  );
  const onExport = useCallback(
    (widget: Widget) => {
      client.reports
        .exportWidget(appId, dashboard.id, widget.id, {
          filterState,
          ...(drill[widget.id]?.length ? { drill: { [widget.id]: [...drill[widget.id]!] } } : {}),
        })
        .then(
          ({ blob, filename }) => saveBlob(blob, filename ?? `${widget.id}.xlsx`),
          (e: unknown) =>
            void message.error(
              fillText(tx.exportFailed, { message: e instanceof Error ? e.message : String(e) }),
            ),
        );
    },
    [client, appId, dashboard.id, filterState, drill, message, tx.exportFailed],
  );
  const setFilter = (id: string, value: DashboardFilterState[string] | undefined) => {
    // A new filter value starts drilled widgets from the top: their path may no longer exist.
    setDrill({});
    setFilterState((s) => {
      const next = { ...s };
      if (value) next[id] = value;
      else delete next[id];
      return next;
    });
  };
  const every = dashboard.refreshSeconds ? intervalParts(dashboard.refreshSeconds) : undefined;

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
        <span className="tg-db-status">
          {every ? (
            <Tooltip
              title={fillText(tx.autoRefresh, { interval: fillText(tx[every.unit], { n: String(every.n) }) })}
            >
              <SyncOutlined className="tg-db-auto" aria-label={tx.autoRefresh} data-testid="auto-refresh" />
            </Tooltip>
          ) : null}
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
              onClick={refresh}
              data-testid="dashboard-refresh"
            />
          </Tooltip>
        </span>
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
                form={widgetSourceForm(app, w)}
                data={data?.widgets[w.id] ?? failed}
                loading={loading}
                narrow={narrow}
                onSelect={openRecords}
                drillPath={drill[w.id] ?? []}
                onDrill={onDrill}
                onExport={canExport(w) ? onExport : undefined}
                onRetry={refresh}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Saves a downloaded file through a temporary link (the browser's own download UI). */
function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Grid placement of a widget; stacked (phones) it keeps its height. */
export function cellStyle(w: Widget, stacked: boolean): React.CSSProperties {
  if (stacked) {
    const h =
      w.type === 'kpi' || w.type === 'text'
        ? Math.max(w.layout.h * ROW, 120)
        : w.type === 'pivot' || w.type === 'table'
          ? Math.min(Math.max(280, w.layout.h * ROW), 520)
          : Math.max(260, Math.min(w.layout.h * ROW, 360));
    return { height: h };
  }
  return {
    gridColumn: `${w.layout.x + 1} / span ${Math.min(w.layout.w, 24 - w.layout.x)}`,
    gridRow: `${w.layout.y + 1} / span ${w.layout.h}`,
    minHeight: w.layout.h * ROW + (w.layout.h - 1) * GAP,
  };
}
