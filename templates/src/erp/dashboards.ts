/**
 * The ERP's reports. Widgets read through the viewer's grants: a warehouse clerk opening the sales
 * dashboard gets no amounts (prices and totals are hidden from them), and balances need view on
 * every form that posts into them.
 */
import type { ChartWidget, Dashboard, Filter } from '@tangram/schema';
import { l } from '../kit';

type Layout = ChartWidget['layout'];
const at = (x: number, y: number, w: number, h: number): Layout => ({ x, y, w, h });
const yuan = { decimals: 2, thousands: true, prefix: '¥' };

const inventory: Dashboard = {
  id: 'inventory',
  name: l('Inventory', '库存看板'),
  widgets: [
    {
      type: 'bar',
      id: 'stock_by_warehouse',
      title: l('Stock by warehouse', '各仓库存量'),
      layout: at(0, 0, 12, 8),
      source: { aggregate: 'stock' },
      dimensions: [{ field: 'warehouse' }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty', label: l('On hand', '现存量') }],
    },
    {
      type: 'bar',
      id: 'stock_by_product',
      title: l('Stock by product and warehouse', '各产品库存'),
      layout: at(12, 0, 12, 8),
      source: { aggregate: 'stock' },
      dimensions: [{ field: 'product' }, { field: 'warehouse' }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty', label: l('On hand', '现存量') }],
      options: { stacked: true, horizontal: true },
    },
    {
      // On hand in a warehouse below the product's reorder point: what to replenish there (the
      // sample buys per warehouse too). A product never stocked there has no balance, no row.
      type: 'bar',
      id: 'below_reorder',
      title: l('Items below reorder point, by warehouse', '低于安全库存的产品（按仓库）'),
      layout: at(0, 16, 24, 8),
      source: {
        aggregate: 'stock',
        having: { measure: 'qty', op: 'lt', key: 'product', field: 'reorder_point' },
      },
      dimensions: [{ field: 'product' }, { field: 'warehouse' }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty', label: l('On hand', '现存量') }],
      sort: [{ key: 'qty', dir: 'asc' }],
      options: { horizontal: true, stacked: true },
    },
    {
      type: 'bar',
      id: 'backorders',
      title: l('Backorders by product', '待发货（按产品）'),
      layout: at(0, 8, 12, 8),
      source: { aggregate: 'open_to_ship' },
      dimensions: [{ field: 'product' }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty', label: l('Open to ship', '待发数量') }],
    },
    {
      type: 'bar',
      id: 'incoming',
      title: l('Open to receive by product', '待入库（按产品）'),
      layout: at(12, 8, 12, 8),
      source: { aggregate: 'open_to_receive' },
      dimensions: [{ field: 'product' }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty', label: l('Open to receive', '待收数量') }],
    },
  ],
};

const sales: Dashboard = {
  id: 'sales',
  name: l('Sales', '销售分析'),
  widgets: [
    {
      type: 'kpi',
      id: 'sales_total',
      title: l('Sales, last 12 months', '近 12 个月销售额'),
      layout: at(0, 0, 8, 4),
      source: { form: 'sales_orders' },
      dimensions: [],
      measures: [{ op: 'sum', field: 'total', as: 'total', label: l('Sales', '销售额'), format: yuan }],
      filter: { kind: 'cmp', field: 'order_date', op: 'eq', value: { dynamic: 'lastNDays', n: 365 } },
    } as ChartWidget,
    {
      type: 'bar',
      id: 'sales_by_month',
      // One series: a series per product (54 in the sample) was unreadable. Products are ranked
      // in the chart below; balances have no top N and no category key to stack by.
      title: l('Sales by month', '月度销售额'),
      layout: at(0, 4, 24, 9),
      source: { aggregate: 'sales_by_product' },
      dimensions: [{ field: 'month' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount', label: l('Amount', '金额'), format: yuan }],
      sort: [{ key: 'month', dir: 'asc' }],
    },
    {
      type: 'bar',
      id: 'qty_by_product',
      title: l('Top 15 products by sales: quantity sold', '销售额前 15 的产品：销量'),
      layout: at(0, 13, 24, 10),
      source: { aggregate: 'sales_by_product' },
      dimensions: [{ field: 'product' }],
      measures: [
        { op: 'sum', field: 'quantity', as: 'quantity', label: l('Quantity', '数量') },
        { op: 'sum', field: 'amount', as: 'amount', label: l('Amount', '金额'), format: yuan, hidden: true },
      ],
      sort: [{ key: 'amount', dir: 'desc' }],
      limit: 15,
      options: { horizontal: true },
    },
  ],
};

/**
 * Receivables ageing: the open amount of each invoice (payments allocated to it) by days past its
 * due date. `lastNDays n` starts n-1 days before today, so "due on or after lastNDays(31)" is at
 * most 30 days past due (invoices not yet due count here too).
 */
const lastDays = (n: number) => ({ dynamic: 'lastNDays', n });
const dueFrom = (n: number) => ({ kind: 'cmp', field: 'due_on', op: 'gte', value: lastDays(n) });
const dueBefore = (n: number) =>
  ({ kind: 'cmp', field: 'due_on', op: 'lt', value: n === 1 ? { dynamic: 'today' } : lastDays(n) }) as Filter;
const AGEING: [string, string, string, Filter][] = [
  ['ageing_0_30', 'Due or up to 30 days past due', '未到期及逾期 0-30 天', dueFrom(31) as Filter],
  [
    'ageing_31_60',
    '31-60 days past due',
    '逾期 31-60 天',
    { kind: 'and', items: [dueFrom(61), dueBefore(31)] } as Filter,
  ],
  [
    'ageing_61_90',
    '61-90 days past due',
    '逾期 61-90 天',
    { kind: 'and', items: [dueFrom(91), dueBefore(61)] } as Filter,
  ],
  ['ageing_90_plus', 'Over 90 days past due', '逾期 90 天以上', dueBefore(91)],
];

const receivables: Dashboard = {
  id: 'receivables',
  name: l('Receivables and payables', '应收应付'),
  widgets: [
    {
      type: 'bar',
      id: 'open_by_customer',
      title: l('Open receivables by customer', '各客户未收余额'),
      layout: at(0, 0, 12, 17),
      source: { aggregate: 'receivables' },
      dimensions: [{ field: 'customer' }],
      measures: [{ op: 'sum', field: 'open', as: 'open', label: l('Open', '未收'), format: yuan }],
      options: { horizontal: true },
    },
    ...AGEING.map(([id, en, zh, filter], i): ChartWidget => ({
      type: 'kpi',
      id,
      title: l(en, zh),
      layout: at(12 + (i % 2) * 6, Math.floor(i / 2) * 4, 6, 4),
      source: { aggregate: 'invoice_open', keyFilter: { key: 'invoice', filter } },
      dimensions: [],
      measures: [{ op: 'sum', field: 'open', as: 'open', label: l('Open', '未收'), format: yuan }],
    })),
    {
      type: 'bar',
      id: 'overdue_by_customer',
      title: l('Past due by customer', '各客户逾期未收'),
      layout: at(12, 8, 12, 9),
      source: {
        aggregate: 'invoice_open',
        keyFilter: { key: 'invoice', filter: dueBefore(1) },
      },
      dimensions: [{ field: 'customer' }],
      measures: [{ op: 'sum', field: 'open', as: 'open', label: l('Past due', '逾期'), format: yuan }],
      sort: [{ key: 'open', dir: 'desc' }],
      limit: 15,
      options: { horizontal: true },
    },
    {
      type: 'bar',
      id: 'open_by_supplier',
      title: l('Open payables by supplier', '各供应商未付余额'),
      layout: at(0, 17, 24, 8),
      source: { aggregate: 'payables' },
      dimensions: [{ field: 'supplier' }],
      measures: [{ op: 'sum', field: 'open', as: 'open', label: l('Open', '未付'), format: yuan }],
      options: { horizontal: true },
    },
  ],
};

const purchasesVsSales: Dashboard = {
  id: 'purchases_vs_sales',
  name: l('Purchases against sales', '采购与销售对比'),
  widgets: [
    {
      type: 'bar',
      id: 'by_month',
      title: l('Approved purchases and sales by month', '每月采购额（已审批）与销售额'),
      layout: at(0, 0, 24, 10),
      source: { aggregate: 'trade_by_month' },
      dimensions: [{ field: 'month' }],
      measures: [
        { op: 'sum', field: 'purchases', as: 'purchases', label: l('Purchases', '采购额'), format: yuan },
        { op: 'sum', field: 'sales', as: 'sales', label: l('Sales', '销售额'), format: yuan },
      ],
    },
  ],
};

export const erpDashboards: Dashboard[] = [inventory, sales, receivables, purchasesVsSales];
