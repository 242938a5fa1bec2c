/**
 * The documents of 进销存 (purchasing, stock, sales, receivables and payables). Every movement of
 * goods is a document with lines (product + quantity) that posts into the aggregate tables of
 * ./aggregates.ts; no document writes a balance directly.
 */
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import {
  date,
  formula,
  group,
  l,
  lines,
  money,
  qty,
  R,
  READ,
  relation,
  select,
  serial,
  text,
  textarea,
  WORK,
} from '../kit';

const M = 'master';
const product = () => relation('product', l('Product', '产品'), 'products', M, { required: true });
const warehouse = (id = 'warehouse', label = l('Warehouse', '仓库')) =>
  relation(id, label, 'warehouses', M, { required: true });
const customer = () => relation('customer', l('Customer', '客户'), 'customers', M, { required: true });
const supplier = () => relation('supplier', l('Supplier', '供应商'), 'suppliers', M, { required: true });

/** The stock of the line's product in the document's warehouse field `wh`, read when shown. */
const onHand = (wh: string): FieldDefinition => ({
  id: 'on_hand',
  type: 'lookup',
  label: l('On hand', '现存量'),
  config: {
    balance: {
      aggregate: 'stock',
      measure: 'qty',
      keys: { product: { field: 'product' }, warehouse: { field: wh, from: 'record' } },
    },
  },
});

/**
 * Lines that move goods: product and quantity, no prices (what a warehouse clerk works with);
 * documents taking goods out of a warehouse show what is on hand there.
 */
const goodsLines = (outOf?: string) =>
  lines(l('Lines', '明细'), [
    product(),
    qty('quantity', l('Quantity', '数量'), { required: true }),
    ...(outOf ? [onHand(outOf)] : []),
  ]);

/**
 * Lines with prices: quantity × price = amount, exact to the cent. An invoice drafted from a
 * shipment arrives without prices (the shipment has none), so there the price is filled later.
 */
const pricedLines = (priceRequired = true): FieldDefinition =>
  lines(l('Lines', '明细'), [
    product(),
    qty('quantity', l('Quantity', '数量'), { required: true }),
    money('price', l('Unit price', '单价'), { required: priceRequired }),
    formula('amount', l('Amount', '金额'), 'ROUND({quantity} * {price}, 2)', true),
  ]);

const total = () => formula('total', l('Total', '合计'), 'SUM({lines.amount})', true);

/** The order's month as text (2026-03), the period key of the reporting aggregates. */
const month = (): FieldDefinition => ({
  id: 'month',
  type: 'formula',
  label: l('Month', '月份'),
  hidden: true,
  config: { formula: 'TEXT({order_date}, "yyyy-MM")', resultType: 'text' },
});

/** Goods documents: the clerk records them, purchasing/sales and management read them. */
function goodsGroups(readers: string[]) {
  return [
    group('warehouse', l('Warehouse', '仓库'), [R.clerk], WORK),
    group('readers', l('Readers', '查阅'), readers, READ),
  ];
}

export const purchaseOrders: FormDefinition = {
  id: 'purchase_orders',
  name: l('Purchase orders', '采购订单'),
  titleField: 'number',
  workflowId: 'po_approval',
  fields: [
    serial('number', l('PO number', '采购单号'), 'PO'),
    supplier(),
    warehouse('warehouse', l('Receiving warehouse', '收货仓库')),
    date('order_date', l('Order date', '下单日期'), { required: true }),
    date('expected_date', l('Expected on', '预计到货')),
    pricedLines(),
    total(),
    month(),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: [
    group(
      'purchasing',
      l('Purchasing', '采购'),
      [R.buyer],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
    ),
    group('finance', l('Finance and management', '财务与管理层'), [R.accountant, R.gm], READ),
    // The clerk sees what is coming, not what it costs (a subform is masked as a whole).
    group('warehouse', l('Warehouse', '仓库'), [R.clerk], ['view'], {
      visible: ['number', 'supplier', 'warehouse', 'order_date', 'expected_date'],
    }),
  ],
};

export const receipts: FormDefinition = {
  id: 'receipts',
  name: l('Goods receipts', '采购入库'),
  titleField: 'number',
  fields: [
    serial('number', l('Receipt number', '入库单号'), 'GR'),
    relation('purchase_order', l('Purchase order', '采购订单'), 'purchase_orders', undefined, {
      required: true,
    }),
    warehouse(),
    date('received_on', l('Received on', '入库日期'), { required: true }),
    goodsLines(),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: goodsGroups([R.buyer, R.accountant, R.gm]),
};

export const salesOrders: FormDefinition = {
  id: 'sales_orders',
  name: l('Sales orders', '销售订单'),
  titleField: 'number',
  fields: [
    serial('number', l('SO number', '销售单号'), 'SO'),
    customer(),
    warehouse('warehouse', l('Shipping warehouse', '发货仓库')),
    date('order_date', l('Order date', '下单日期'), { required: true }),
    pricedLines(),
    total(),
    month(),
    // Filled by the CRM's "Mark won" (crm/app.ts): a link to the opportunity, shown by its name and
    // opening it, and the opportunity's Related tab lists its orders. Not typed by hand (there is
    // nothing to pick from when the ERP is installed without the CRM, where it simply stays empty).
    relation('opportunity', l('Opportunity', '来源商机'), 'opportunities', 'crm', {
      readOnly: true,
      description: l('Set when a CRM quote is won.', '在客户关系管理中赢单时自动填写。'),
    }),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: [
    group(
      'reps',
      l('Sales reps (own orders)', '销售（本人订单）'),
      [R.rep],
      ['view', 'create', 'edit', 'print'],
      {
        scope: { kind: 'own' },
      },
    ),
    group(
      'managers',
      l('Sales managers', '销售经理'),
      [R.manager],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
    ),
    group('finance', l('Finance and management', '财务与管理层'), [R.accountant, R.gm], READ),
    // What to ship, without prices or the opportunity it came from.
    group('warehouse', l('Warehouse', '仓库'), [R.clerk], ['view'], {
      visible: ['number', 'customer', 'warehouse', 'order_date', 'notes'],
    }),
  ],
};

export const shipments: FormDefinition = {
  id: 'shipments',
  name: l('Shipments', '销售出库'),
  titleField: 'number',
  fields: [
    serial('number', l('Shipment number', '出库单号'), 'DN'),
    relation('sales_order', l('Sales order', '销售订单'), 'sales_orders', undefined, { required: true }),
    customer(),
    warehouse(),
    date('shipped_on', l('Shipped on', '出库日期'), { required: true }),
    select('invoicing', l('Invoicing', '开票方式'), [
      ['draft', 'Draft the invoice now', '立即生成发票草稿'],
      ['later', 'Invoice later (combined)', '稍后合并开票'],
    ]),
    goodsLines('warehouse'),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: goodsGroups([R.rep, R.manager, R.accountant, R.gm]),
};

export const transfers: FormDefinition = {
  id: 'transfers',
  name: l('Transfers', '调拨单'),
  titleField: 'number',
  fields: [
    serial('number', l('Transfer number', '调拨单号'), 'TR'),
    warehouse('from_warehouse', l('From warehouse', '调出仓库')),
    warehouse('to_warehouse', l('To warehouse', '调入仓库')),
    date('moved_on', l('Moved on', '调拨日期'), { required: true }),
    goodsLines('from_warehouse'),
    textarea('notes', l('Notes', '备注')),
  ],
  rules: {
    validation: [
      {
        id: 'two_warehouses',
        formula: '{from_warehouse} <> {to_warehouse}',
        message: l(
          'A transfer moves goods between two different warehouses.',
          '调出仓库与调入仓库不能相同。',
        ),
      },
    ],
  },
  permissionGroups: goodsGroups([R.buyer, R.accountant, R.gm]),
};

export const stockCounts: FormDefinition = {
  id: 'stock_counts',
  name: l('Stock counts', '盘点单'),
  titleField: 'number',
  fields: [
    serial('number', l('Count number', '盘点单号'), 'SC'),
    warehouse(),
    date('counted_on', l('Counted on', '盘点日期'), { required: true }),
    select(
      'reason',
      l('Reason', '调整原因'),
      [
        ['cycle_count', 'Cycle count', '定期盘点'],
        ['damaged', 'Damaged', '损坏'],
        ['lost', 'Lost', '丢失'],
        ['found', 'Found', '盘盈'],
      ],
      { required: true },
    ),
    lines(l('Adjustments', '调整明细'), [
      product(),
      qty('adjustment', l('Adjustment (+/−)', '调整数量（±）'), { required: true, signed: true }),
    ]),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: goodsGroups([R.accountant, R.gm]),
};

const returnReason = () =>
  select(
    'reason',
    l('Reason', '退货原因'),
    [
      ['defective', 'Defective', '质量问题'],
      ['wrong_item', 'Wrong item', '错发'],
      ['surplus', 'Surplus', '多余'],
    ],
    { required: true },
  );

export const customerReturns: FormDefinition = {
  id: 'customer_returns',
  name: l('Customer returns', '销售退货'),
  titleField: 'number',
  fields: [
    serial('number', l('Return number', '退货单号'), 'CR'),
    customer(),
    relation('sales_order', l('Sales order', '销售订单'), 'sales_orders'),
    warehouse(),
    date('returned_on', l('Returned on', '退货日期'), { required: true }),
    returnReason(),
    goodsLines(),
  ],
  permissionGroups: goodsGroups([R.manager, R.accountant, R.gm]),
};

export const supplierReturns: FormDefinition = {
  id: 'supplier_returns',
  name: l('Returns to suppliers', '采购退货'),
  titleField: 'number',
  fields: [
    serial('number', l('Return number', '退货单号'), 'PR'),
    supplier(),
    relation('purchase_order', l('Purchase order', '采购订单'), 'purchase_orders'),
    warehouse(),
    date('returned_on', l('Returned on', '退货日期'), { required: true }),
    returnReason(),
    goodsLines('warehouse'),
  ],
  permissionGroups: goodsGroups([R.buyer, R.accountant, R.gm]),
};

/** Money documents: the accountant keeps them, management reads them; the clerk has none. */
function financeGroups(readers: string[]) {
  return [
    group(
      'finance',
      l('Accounting', '财务'),
      [R.accountant],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
    ),
    group('readers', l('Readers', '查阅'), readers, READ),
  ];
}

export const invoices: FormDefinition = {
  id: 'invoices',
  name: l('Invoices', '销售发票'),
  titleField: 'number',
  fields: [
    serial('number', l('Invoice number', '发票号'), 'INV'),
    customer(),
    relation('sales_order', l('Sales order', '销售订单'), 'sales_orders'),
    relation('shipment', l('Shipment', '出库单'), 'shipments'),
    date('issued_on', l('Issued on', '开票日期'), { required: true }),
    date('due_on', l('Due on', '到期日')),
    select(
      'status',
      l('Status', '状态'),
      [
        ['draft', 'Draft', '草稿'],
        ['issued', 'Issued', '已开具'],
      ],
      { required: true },
    ),
    pricedLines(false),
    total(),
  ],
  rules: {
    validation: [
      {
        id: 'issued_priced',
        formula: 'OR({status} <> "issued", COUNT({lines.price}) = COUNT({lines.quantity}))',
        message: l(
          'Every line needs a unit price before the invoice is issued.',
          '开具发票前，每一行都需要填写单价。',
        ),
      },
    ],
  },
  permissionGroups: financeGroups([R.manager, R.gm]),
};

const method = () =>
  select('method', l('Method', '方式'), [
    ['transfer', 'Bank transfer', '银行转账'],
    ['cash', 'Cash', '现金'],
    ['acceptance', 'Bank acceptance', '承兑汇票'],
  ]);

export const paymentsReceived: FormDefinition = {
  id: 'payments_received',
  name: l('Payments received', '收款单'),
  titleField: 'number',
  fields: [
    serial('number', l('Receipt number', '收款单号'), 'RC'),
    customer(),
    relation('invoice', l('Invoice', '发票'), 'invoices'),
    date('received_on', l('Received on', '收款日期'), { required: true }),
    money('amount', l('Amount', '金额'), { required: true }),
    method(),
  ],
  permissionGroups: financeGroups([R.manager, R.gm]),
};

export const supplierBills: FormDefinition = {
  id: 'supplier_bills',
  name: l('Supplier bills', '采购发票'),
  titleField: 'number',
  fields: [
    serial('number', l('Bill number', '应付单号'), 'AP'),
    supplier(),
    relation('purchase_order', l('Purchase order', '采购订单'), 'purchase_orders'),
    text('supplier_ref', l('Supplier invoice no.', '供应商发票号')),
    date('billed_on', l('Billed on', '开票日期'), { required: true }),
    date('due_on', l('Due on', '到期日')),
    money('amount', l('Amount', '金额'), { required: true }),
  ],
  permissionGroups: financeGroups([R.buyer, R.gm]),
};

export const supplierPayments: FormDefinition = {
  id: 'supplier_payments',
  name: l('Supplier payments', '付款单'),
  titleField: 'number',
  fields: [
    serial('number', l('Payment number', '付款单号'), 'PY'),
    supplier(),
    relation('bill', l('Bill', '应付单'), 'supplier_bills'),
    date('paid_on', l('Paid on', '付款日期'), { required: true }),
    money('amount', l('Amount', '金额'), { required: true }),
    method(),
  ],
  permissionGroups: financeGroups([R.gm]),
};

export const erpForms: FormDefinition[] = [
  purchaseOrders,
  receipts,
  salesOrders,
  shipments,
  transfers,
  stockCounts,
  customerReturns,
  supplierReturns,
  invoices,
  paymentsReceived,
  supplierBills,
  supplierPayments,
];
