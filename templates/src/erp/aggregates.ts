/**
 * The balances of 进销存 (decision 0028): stock by product and warehouse (the postings are the
 * inventory ledger), what is still to receive per purchase order and to ship per sales order, and
 * open receivables and payables. Every one has a rule, so a document that would oversell, over-receive,
 * over-ship or over-pay is refused with the balance's message and writes nothing.
 */
import type { AggregateDefinition, AggregateSource } from '@tangram/schema';
import { l } from '../kit';

const M = 'master';
const line = (field: string) => ({ field, from: 'line' as const });
const rec = (field: string) => ({ field, from: 'record' as const });
const APPROVED = {
  kind: 'cmp',
  field: 'workflowStatus',
  op: 'eq',
  value: 'approved',
} as AggregateSource['when'];

/** A goods document's lines moving stock in (+1) or out (−1) of the warehouse field `wh`. */
const goods = (
  id: string,
  form: string,
  sign: 1 | -1,
  wh = 'warehouse',
  field = 'quantity',
): AggregateSource => ({
  id,
  form,
  subform: 'lines',
  keys: { product: line('product'), warehouse: rec(wh) },
  measures: { qty: { field, from: 'line', sign } },
});

export const stock: AggregateDefinition = {
  id: 'stock',
  name: l('Stock', '库存'),
  description: l(
    'On hand by product and warehouse. Every receipt, shipment, transfer, count and return posts here.',
    '按产品和仓库的现存量。入库、出库、调拨、盘点和退货都记入这里。',
  ),
  keys: [
    { id: 'product', label: l('Product', '产品'), type: 'record', app: M, form: 'products' },
    { id: 'warehouse', label: l('Warehouse', '仓库'), type: 'record', app: M, form: 'warehouses' },
  ],
  measures: [{ id: 'qty', label: l('On hand', '现存量'), decimals: 0 }],
  sources: [
    goods('received', 'receipts', 1),
    goods('shipped', 'shipments', -1),
    goods('transferred_out', 'transfers', -1, 'from_warehouse'),
    goods('transferred_in', 'transfers', 1, 'to_warehouse'),
    goods('counted', 'stock_counts', 1, 'warehouse', 'adjustment'),
    goods('returned_by_customer', 'customer_returns', 1),
    goods('returned_to_supplier', 'supplier_returns', -1),
  ],
  rules: [
    {
      measure: 'qty',
      op: '>=',
      value: 0,
      message: l(
        'Not enough stock of {key}: {available} on hand, {requested} requested',
        '{key} 库存不足：现存 {available}，需要 {requested}',
      ),
    },
  ],
};

export const openToReceive: AggregateDefinition = {
  id: 'open_to_receive',
  name: l('Open to receive', '待入库'),
  description: l(
    'Ordered and approved but not yet received, by purchase order and product.',
    '已审批但尚未入库的数量，按采购订单和产品。',
  ),
  keys: [
    { id: 'purchase_order', label: l('Purchase order', '采购订单'), type: 'record', form: 'purchase_orders' },
    { id: 'product', label: l('Product', '产品'), type: 'record', app: M, form: 'products' },
  ],
  measures: [{ id: 'qty', label: l('Open quantity', '待收数量'), decimals: 0 }],
  sources: [
    {
      id: 'ordered',
      form: 'purchase_orders',
      subform: 'lines',
      keys: { purchase_order: rec('id'), product: line('product') },
      measures: { qty: { field: 'quantity', from: 'line', sign: 1 } },
      when: APPROVED,
    },
    {
      id: 'received',
      form: 'receipts',
      subform: 'lines',
      keys: { purchase_order: rec('purchase_order'), product: line('product') },
      measures: { qty: { field: 'quantity', from: 'line', sign: -1 } },
    },
  ],
  rules: [
    {
      measure: 'qty',
      op: '>=',
      value: 0,
      message: l(
        'Receiving more than ordered: {key} has {available} open, {requested} received',
        '入库数量超过订单：{key} 待收 {available}，本次 {requested}',
      ),
    },
  ],
};

export const openToShip: AggregateDefinition = {
  id: 'open_to_ship',
  name: l('Backorders (open to ship)', '待发货'),
  description: l(
    'Ordered but not yet shipped, by sales order and product.',
    '已下单但尚未发货的数量，按销售订单和产品。',
  ),
  keys: [
    { id: 'sales_order', label: l('Sales order', '销售订单'), type: 'record', form: 'sales_orders' },
    { id: 'product', label: l('Product', '产品'), type: 'record', app: M, form: 'products' },
  ],
  measures: [{ id: 'qty', label: l('Open quantity', '待发数量'), decimals: 0 }],
  sources: [
    {
      id: 'ordered',
      form: 'sales_orders',
      subform: 'lines',
      keys: { sales_order: rec('id'), product: line('product') },
      measures: { qty: { field: 'quantity', from: 'line', sign: 1 } },
    },
    {
      id: 'shipped',
      form: 'shipments',
      subform: 'lines',
      keys: { sales_order: rec('sales_order'), product: line('product') },
      measures: { qty: { field: 'quantity', from: 'line', sign: -1 } },
    },
  ],
  rules: [
    {
      measure: 'qty',
      op: '>=',
      value: 0,
      message: l(
        'Shipping more than ordered: {key} has {available} open, {requested} shipped',
        '发货数量超过订单：{key} 待发 {available}，本次 {requested}',
      ),
    },
  ],
};

export const receivables: AggregateDefinition = {
  id: 'receivables',
  name: l('Receivables', '应收账款'),
  description: l('Issued invoices less payments received, by customer.', '已开票金额减去已收款，按客户。'),
  keys: [{ id: 'customer', label: l('Customer', '客户'), type: 'record', app: M, form: 'customers' }],
  measures: [{ id: 'open', label: l('Open balance', '未收余额'), decimals: 2 }],
  sources: [
    {
      id: 'invoiced',
      form: 'invoices',
      keys: { customer: rec('customer') },
      measures: { open: { field: 'total', sign: 1 } },
      when: { kind: 'cmp', field: 'status', op: 'eq', value: 'issued' } as AggregateSource['when'],
    },
    {
      id: 'paid',
      form: 'payments_received',
      keys: { customer: rec('customer') },
      measures: { open: { field: 'amount', sign: -1 } },
    },
  ],
  rules: [
    {
      measure: 'open',
      op: '>=',
      value: 0,
      message: l(
        'The payment is more than {key} owes: {available} open, {requested} received',
        '收款超过 {key} 的未收余额：未收 {available}，本次 {requested}',
      ),
    },
  ],
};

/**
 * What is still open on each invoice: the issued total less the payments naming it. A payment
 * may name no invoice (money on account: it lowers the customer's receivables only); one naming
 * an invoice may not pay more than is open on it, nor an invoice of another customer (that
 * posts to a key with nothing open). The ageing report reads this by the invoice's due date.
 */
export const invoiceOpen: AggregateDefinition = {
  id: 'invoice_open',
  name: l('Open per invoice', '发票未收余额'),
  description: l(
    'Issued invoices less the payments allocated to them, by invoice and customer.',
    '已开发票金额减去核销到该发票的收款，按发票和客户。',
  ),
  keys: [
    { id: 'invoice', label: l('Invoice', '发票'), type: 'record', form: 'invoices' },
    { id: 'customer', label: l('Customer', '客户'), type: 'record', app: M, form: 'customers' },
  ],
  measures: [{ id: 'open', label: l('Open', '未收'), decimals: 2 }],
  sources: [
    {
      id: 'invoiced',
      form: 'invoices',
      keys: { invoice: rec('id'), customer: rec('customer') },
      measures: { open: { field: 'total', sign: 1 } },
      when: { kind: 'cmp', field: 'status', op: 'eq', value: 'issued' } as AggregateSource['when'],
    },
    {
      id: 'paid',
      form: 'payments_received',
      keys: { invoice: rec('invoice'), customer: rec('customer') },
      measures: { open: { field: 'amount', sign: -1 } },
    },
  ],
  rules: [
    {
      measure: 'open',
      op: '>=',
      value: 0,
      message: l(
        'The payment is more than is open on invoice {key}: {available} open, {requested} received',
        '收款超过发票 {key} 的未收金额：未收 {available}，本次 {requested}',
      ),
    },
  ],
};

export const payables: AggregateDefinition = {
  id: 'payables',
  name: l('Payables', '应付账款'),
  description: l('Supplier bills less payments, by supplier.', '供应商应付金额减去已付款，按供应商。'),
  keys: [{ id: 'supplier', label: l('Supplier', '供应商'), type: 'record', app: M, form: 'suppliers' }],
  measures: [{ id: 'open', label: l('Open balance', '未付余额'), decimals: 2 }],
  sources: [
    {
      id: 'billed',
      form: 'supplier_bills',
      keys: { supplier: rec('supplier') },
      measures: { open: { field: 'amount', sign: 1 } },
    },
    {
      id: 'paid',
      form: 'supplier_payments',
      keys: { supplier: rec('supplier') },
      measures: { open: { field: 'amount', sign: -1 } },
    },
  ],
  rules: [
    {
      measure: 'open',
      op: '>=',
      value: 0,
      message: l(
        'The payment is more than is owed to {key}: {available} open, {requested} paid',
        '付款超过应付 {key} 的余额：未付 {available}，本次 {requested}',
      ),
    },
  ],
};

/** Sales by product and month (order lines), for the sales dashboard: no rule, a report only. */
export const salesByProduct: AggregateDefinition = {
  id: 'sales_by_product',
  name: l('Sales by product and month', '产品月度销售'),
  keys: [
    { id: 'product', label: l('Product', '产品'), type: 'record', app: M, form: 'products' },
    { id: 'month', label: l('Month', '月份'), type: 'text' },
  ],
  measures: [
    { id: 'quantity', label: l('Quantity', '数量'), decimals: 0 },
    { id: 'amount', label: l('Amount', '金额'), decimals: 2 },
  ],
  sources: [
    {
      id: 'ordered',
      form: 'sales_orders',
      subform: 'lines',
      keys: { product: line('product'), month: rec('month') },
      measures: {
        quantity: { field: 'quantity', from: 'line', sign: 1 },
        amount: { field: 'amount', from: 'line', sign: 1 },
      },
    },
  ],
};

/** Approved purchases against sales, by month. */
export const tradeByMonth: AggregateDefinition = {
  id: 'trade_by_month',
  name: l('Purchases against sales', '采购与销售对比'),
  keys: [{ id: 'month', label: l('Month', '月份'), type: 'text' }],
  measures: [
    { id: 'purchases', label: l('Purchases', '采购额'), decimals: 2 },
    { id: 'sales', label: l('Sales', '销售额'), decimals: 2 },
  ],
  sources: [
    {
      id: 'purchased',
      form: 'purchase_orders',
      keys: { month: rec('month') },
      measures: { purchases: { field: 'total', sign: 1 } },
      when: APPROVED,
    },
    {
      id: 'sold',
      form: 'sales_orders',
      keys: { month: rec('month') },
      measures: { sales: { field: 'total', sign: 1 } },
    },
  ],
};

export const erpAggregates: AggregateDefinition[] = [
  stock,
  openToReceive,
  openToShip,
  receivables,
  invoiceOpen,
  payables,
  salesByProduct,
  tradeByMonth,
];
