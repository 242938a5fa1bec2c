import type { WidgetData } from '@tangram/client';
import type { FormDefinition, Widget } from '@tangram/schema';
import { previewQuery, useClient, WidgetCard } from '@tangram/runtime';
import { useEffect, useState, type ReactNode } from 'react';

/**
 * The runtime's widget card over live data for an unsaved widget: charts through the aggregate
 * endpoint (the query the server builds for saved dashboards), tables through the records list.
 * Reloads 300 ms after the widget's definition settles.
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
  const key = JSON.stringify(
    widget.type === 'text' ? null : { ...widget, layout: undefined, title: undefined },
  );

  useEffect(() => {
    if (widget.type === 'text') return;
    const ref = { appId, formId: widget.source.form };
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      const load: Promise<WidgetData> =
        widget.type === 'table'
          ? widget.columns.length === 0
            ? Promise.resolve({ columns: [], rows: [] })
            : client.records
                .query(ref, {
                  ...(widget.filter ? { filter: widget.filter } : {}),
                  ...(widget.sort ? { sort: widget.sort } : {}),
                  limit: widget.limit ?? 50,
                })
                .then((page) => ({
                  columns: [],
                  rows: page.items.map((r) => ({
                    id: r.id,
                    ...r.data,
                    createdAt: r.createdAt,
                    updatedAt: r.updatedAt,
                  })),
                }))
          : widget.measures.length === 0 || (widget.type !== 'kpi' && widget.dimensions.length === 0)
            ? Promise.resolve({ columns: [], rows: [] })
            : client.records
                .aggregate(ref, previewQuery(widget))
                .then((r) => ({ columns: [], rows: r.rows }));
      load.then(
        (d) => live && (setData(d), setLoading(false)),
        (e: unknown) =>
          live &&
          (setData({ error: { code: 'preview', message: e instanceof Error ? e.message : String(e) } }),
          setLoading(false)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the widget's query-relevant definition.
  }, [client, appId, key]);

  return <WidgetCard widget={widget} form={form} data={data} loading={loading} extra={extra} />;
}
