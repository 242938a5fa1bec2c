/**
 * The 6-widget sales dashboard over the `orders` dataset (KPI with comparison, bar by month, pie by
 * status, pivot region × quarter with totals, top-10 customers + others, funnel of conditional
 * counts), read by the dashboard benchmark and, with and without rollups, by the rollups benchmark.
 */
import { l, timed, type Session } from './bench-kit';
import { APP_ID, FORM_ID } from './orders';
import { summarize, type Timing } from './report';

const at = (x: number, y: number, w = 12, h = 8) => ({ x, y, w, h });

/** The 6-widget sales dashboard of the dashboard and rollups benchmarks (decision 0010 shapes). */
export const salesDashboard = {
  id: 'sales',
  name: l('Sales', '销售'),
  widgets: [
    {
      id: 'kpi',
      type: 'kpi',
      title: l('Sales', '销售额'),
      layout: at(0, 0, 6, 4),
      source: { form: FORM_ID },
      dimensions: [],
      measures: [
        { op: 'sum', field: 'amount', as: 'sales' },
        { op: 'count', as: 'orders' },
      ],
      compare: { field: 'order_date', period: 'previous' },
    },
    {
      id: 'byMonth',
      type: 'bar',
      layout: at(6, 0, 18, 8),
      source: { form: FORM_ID },
      dimensions: [{ field: 'order_date', bucket: 'month' }],
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
    },
    {
      id: 'byStatus',
      type: 'pie',
      layout: at(0, 8),
      source: { form: FORM_ID },
      dimensions: [{ field: 'status' }],
      measures: [{ op: 'count', as: 'n' }],
    },
    {
      id: 'pivot',
      type: 'pivot',
      layout: at(12, 8),
      source: { form: FORM_ID },
      dimensions: [{ field: 'region' }],
      pivot: { columns: [{ field: 'order_date', bucket: 'quarter' }], grandTotals: true },
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
    },
    {
      id: 'topCustomers',
      type: 'bar',
      layout: at(0, 16),
      source: { form: FORM_ID },
      dimensions: [{ field: 'customer', top: { n: 10, others: true } }],
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
      sort: [{ key: 'sales', dir: 'desc' }],
    },
    {
      id: 'funnel',
      type: 'funnel',
      layout: at(12, 16),
      source: { form: FORM_ID },
      dimensions: [],
      measures: [
        { op: 'count', as: 'all' },
        {
          op: 'count',
          as: 'confirmed',
          filter: { kind: 'cmp', field: 'status', op: 'in', value: ['confirmed', 'shipped', 'completed'] },
        },
        {
          op: 'count',
          as: 'shipped',
          filter: { kind: 'cmp', field: 'status', op: 'in', value: ['shipped', 'completed'] },
        },
        {
          op: 'count',
          as: 'completed',
          filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'completed' },
        },
      ],
    },
  ],
  filters: [{ id: 'period', type: 'dateRange', form: FORM_ID, field: 'order_date', widgets: ['kpi'] }],
};
/** The dashboard's filter state: the KPI's period, the last quarter of the dataset. */
export const SALES_STATE = { filterState: { period: { from: '2025-10-01', to: '2025-12-31' } } };

/** The dashboard's data endpoint, as the player asks it. */
export const SALES_DASHBOARD_URL = `/apps/${APP_ID}/dashboards/sales/data`;

type DashboardData = { widgets: Record<string, { error?: unknown; rows?: unknown[] }> };

/** Every widget answered with rows; a widget's error ends the run with what it said. */
function checkWidgets(d: DashboardData): void {
  for (const [id, w] of Object.entries(d.widgets))
    if (w.error || !w.rows?.length) throw new Error(`widget ${id}: ${JSON.stringify(w).slice(0, 300)}`);
}

/**
 * Times the dashboard cold: a record write before each request gives a new outbox stamp, so
 * nothing comes from the report cache. One request first warms the app cache and the database
 * buffers. A request the server stops (503 query_timeout: a statement past its bound) is counted
 * and timed to its answer, so a dashboard too slow to answer shows as such instead of ending the run.
 */
export function coldDashboardTimer(
  s: Session,
): (iterations: number) => Promise<Timing & { failures: number }> {
  let touches = 0;
  const invalidate = () =>
    s.request('POST', `/apps/${APP_ID}/forms/${FORM_ID}/records`, {
      data: { title: `bench touch ${touches++}`, amount: 1, order_date: '2020-01-01' },
    });
  return async (iterations) => {
    let failures = 0;
    const once = async () => {
      try {
        checkWidgets(await s.request<DashboardData>('POST', SALES_DASHBOARD_URL, SALES_STATE));
      } catch (error) {
        if (!String(error).includes('query_timeout')) throw error;
        failures++;
      }
    };
    await once();
    failures = 0;
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      await invalidate();
      samples.push(await timed(once));
    }
    return { ...summarize(samples), failures };
  };
}
