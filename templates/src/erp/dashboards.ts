/**
 * The ERP's reports. Widgets read through the viewer's grants: a warehouse clerk opening the sales
 * dashboard gets no amounts (prices and totals are hidden from them), and balances need view on
 * every form that posts into them.
 */
import type { ChartWidget, Dashboard } from '@tangram/schema';
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
      title: l('Sales by product and month', '按产品和月份的销售额'),
      layout: at(0, 4, 24, 9),
      source: { aggregate: 'sales_by_product' },
      dimensions: [{ field: 'month' }, { field: 'product' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount', label: l('Amount', '金额'), format: yuan }],
      options: { stacked: true, showLegend: false },
    },
    {
      type: 'bar',
      id: 'qty_by_product',
      title: l('Quantity sold by product', '各产品销量'),
      layout: at(0, 13, 24, 10),
      source: { aggregate: 'sales_by_product' },
      dimensions: [{ field: 'product' }],
      measures: [{ op: 'sum', field: 'quantity', as: 'quantity', label: l('Quantity', '数量') }],
      options: { horizontal: true },
    },
  ],
};

const receivables: Dashboard = {
  id: 'receivables',
  name: l('Receivables and payables', '应收应付'),
  widgets: [
    {
      type: 'bar',
      id: 'open_by_customer',
      title: l('Open receivables by customer', '各客户未收余额'),
      layout: at(0, 0, 12, 9),
      source: { aggregate: 'receivables' },
      dimensions: [{ field: 'customer' }],
      measures: [{ op: 'sum', field: 'open', as: 'open', label: l('Open', '未收'), format: yuan }],
      options: { horizontal: true },
    },
    {
      type: 'bar',
      id: 'ageing',
      title: l('Receivables ageing: issued invoices by due month', '应收账龄：按到期月份的已开发票'),
      layout: at(12, 0, 12, 9),
      source: { form: 'invoices' },
      dimensions: [{ field: 'due_on', bucket: 'month' }],
      measures: [{ op: 'sum', field: 'total', as: 'total', label: l('Invoiced', '开票金额'), format: yuan }],
      filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'issued' },
    } as ChartWidget,
    {
      type: 'bar',
      id: 'open_by_supplier',
      title: l('Open payables by supplier', '各供应商未付余额'),
      layout: at(0, 9, 24, 8),
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
