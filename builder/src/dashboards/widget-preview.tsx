import { isApiError, type WidgetData } from '@tangram/client';
import type { ChartWidget, FormDefinition, Widget } from '@tangram/schema';
import { widgetForm } from '@tangram/schema';
import { previewQuery, useClient, WidgetCard } from '@tangram/runtime';
import { useEffect, useState, type ReactNode } from 'react';
import { useEditorTexts } from './texts';

const EMPTY: WidgetData = { columns: [], rows: [] };

/** True while a chart widget lacks what it needs to ask for data (no measure, no dimension). */
function incomplete(widget: Exclude<Widget, { type: 'text' }>): boolean {
  if (widget.type === 'table') return widget.columns.length === 0;
  const shown = widget.measures.filter((m) => !m.hidden);
  if (shown.length === 0) return true;
  if (widget.type === 'pivot') return widget.dimensions.length + (widget.pivot?.columns.length ?? 0) === 0;
  if (widget.type === 'funnel') return widget.dimensions.length === 0 && shown.length < 2;
  if (widget.type === 'scatter') return widget.dimensions.length === 0 || shown.length < 2;
  return widget.type !== 'kpi' && widget.type !== 'gauge' && widget.dimensions.length === 0;
}

/**
 * True when the preview endpoint cannot answer for reasons outside the widget: a server without
 * it (404 "API endpoint not found", server/src/http/error-handler.ts), or a validation failure
 * with no issue under `/widget` (the app around it, e.g. a navigation link to a dashboard that
 * is not saved yet). Problems of the widget itself are shown as they are.
 */
function previewUnavailable(e: unknown): boolean {
  if (!isApiError(e)) return false;
  if (e.status === 404 && /API endpoint/.test(e.message)) return true;
  if (e.code !== 'validation_failed' || !Array.isArray(e.details)) return false;
  return !(e.details as { path?: unknown }[]).some(
    (d) => typeof d.path === 'string' && d.path.startsWith('/widget'),
  );
}

/**
 * The runtime's widget card over live data for an unsaved widget, from the server's preview
 * endpoint (`POST /apps/:app/widget-data`, decision 0010: the same query, checks and permissions
 * as a saved dashboard, so formula measures, top-N, pivots and comparisons preview exactly).
 * A server without that endpoint (404) previews plain charts through the aggregate API and
 * tables through the records list. Reloads 300 ms after the widget's definition settles; drill
 * clicks in the preview are followed, so a hierarchy can be tried out.
 */
export function WidgetPreview({
  appId,
  widget,
  form,
  extra,
}: {
  appId: string;
  widget: Widget;
  form: FormDefinition | undefined;
  extra?: ReactNode;
}) {
  const client = useClient();
  const [data, setData] = useState<WidgetData | undefined>();
  const [loading, setLoading] = useState(false);
  const [drill, setDrill] = useState<unknown[]>([]);
  const key = JSON.stringify(
    widget.type === 'text' ? null : { ...widget, layout: undefined, title: undefined },
  );
  // A changed definition starts from the top of the hierarchy again.
  useEffect(() => setDrill([]), [key]);

  useEffect(() => {
    if (widget.type === 'text') return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      const load: Promise<WidgetData> = incomplete(widget)
        ? Promise.resolve(EMPTY)
        : client.reports.widgetData(appId, widget, drill).catch((e: unknown) => {
            if (previewUnavailable(e)) return fallback(widget);
            throw e;
          });
      load.then(
        (d) => live && (setData(d), setLoading(false)),
        (e: unknown) =>
          live &&
          (setData({
            error: isApiError(e)
              ? { code: e.code, message: e.message, details: e.details }
              : { code: 'preview', message: e instanceof Error ? e.message : String(e) },
          }),
          setLoading(false)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the widget's query-relevant definition.
  }, [client, appId, key, drill]);

  function fallback(w: Exclude<Widget, { type: 'text' }>): Promise<WidgetData> {
    // Balances have no records to aggregate in the browser: only the server's preview reads them.
    const formId = widgetForm(w);
    if (formId === undefined) return Promise.resolve(EMPTY);
    const ref = { appId, formId };
    if (w.type === 'table') {
      return client.records
        .query(ref, {
          ...(w.filter ? { filter: w.filter } : {}),
          ...(w.sort ? { sort: w.sort } : {}),
          limit: w.limit ?? 50,
        })
        .then((page) => ({
          columns: [],
          rows: page.items.map((r) => ({
            id: r.id,
            ...r.data,
            createdAt: r.createdAt,
            updatedAt: r.updatedAt,
          })),
        }));
    }
    return client.records
      .aggregate(ref, previewQuery(w as ChartWidget))
      .then((r) => ({ columns: [], rows: r.rows }));
  }

  const { tx } = useEditorTexts();
  return (
    <WidgetCard
      widget={widget}
      {...(widget.type !== 'text' && incomplete(widget) ? { emptyText: tx.previewHint } : {})}
      form={form}
      data={data}
      loading={loading}
      extra={extra}
      drillPath={drill}
      onDrill={(_, path) => setDrill(path)}
    />
  );
}
