/**
 * The 6-widget sales dashboard over the `orders` dataset (KPI with comparison, bar by month, pie by
 * status, pivot region × quarter with totals, top-10 customers + others, funnel of conditional
 * counts), read by the dashboard benchmark and, with and without rollups, by the rollups benchmark.
 */
import { l } from './bench-kit';
import { FORM_ID } from './orders';

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
