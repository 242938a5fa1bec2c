/**
 * 进销存 / ERP: purchasing with approval, receipts, sales orders, shipments, transfers, stock
 * counts, returns, receivables and payables, over the shared master data (app `master`).
 */
import type { AppDefinition, AutomationDefinition, Dashboard, WorkflowDefinition } from '@tangram/schema';
import { ALL_ROLES, R, l, nav, roles } from '../kit';
import { erpAggregates } from './aggregates';
import { erpDashboards } from './dashboards';
import { erpForms } from './forms';

const poApproval: WorkflowDefinition = {
  id: 'po_approval',
  name: l('Purchase order approval', '采购订单审批'),
  form: 'purchase_orders',
  nodes: [
    { type: 'start', id: 'start', next: 'gm' },
    {
      type: 'approve',
      id: 'gm',
      name: l('General manager approves', '总经理审批'),
      assignees: [roles(R.gm)],
      actions: ['reject', 'transfer'],
      rejectTo: ['start'],
      next: 'end',
    },
    { type: 'end', id: 'end' },
  ],
  settings: { allowWithdraw: true, editAfterApproval: 'locked' },
};

/** A shipment drafts its invoice: customer, order and shipped lines, for the accountant to price and issue. */
const invoiceOnShipment: AutomationDefinition = {
  id: 'invoice_on_shipment',
  name: l('Draft the invoice of a shipment', '出库后生成发票草稿'),
  trigger: { type: 'record', form: 'shipments', events: ['created'] },
  condition: { new: { kind: 'cmp', field: 'invoicing', op: 'ne', value: 'later' } },
  actions: [
    {
      type: 'create',
      form: 'invoices',
      values: [
        { field: 'customer', value: { kind: 'field', field: 'customer' } },
        { field: 'sales_order', value: { kind: 'field', field: 'sales_order' } },
        { field: 'shipment', value: { kind: 'field', field: 'id' } },
        { field: 'issued_on', value: { kind: 'field', field: 'shipped_on' } },
        { field: 'status', value: { kind: 'static', value: 'draft' } },
        {
          field: 'lines',
          value: {
            kind: 'rows',
            from: 'lines',
            values: [
              { field: 'product', value: { kind: 'row', field: 'product' } },
              { field: 'quantity', value: { kind: 'row', field: 'quantity' } },
            ],
          },
        },
      ],
    },
  ],
};

const dashboards: Dashboard[] = erpDashboards;

export const erpApp: AppDefinition = {
  id: 'erp',
  name: l('ERP', '进销存'),
  description: l(
    'Purchasing, stock, sales, receivables and payables for a trading company.',
    '商贸企业的采购、库存、销售、应收和应付。',
  ),
  icon: 'shop',
  color: '#f76707',
  formatVersion: 3,
  forms: erpForms,
  workflows: [poApproval],
  automations: [invoiceOnShipment],
  aggregates: erpAggregates,
  dashboards,
  navigation: [
    nav.group(
      'purchasing',
      l('Purchasing', '采购'),
      nav.form('purchase_orders'),
      nav.form('receipts'),
      nav.form('supplier_returns'),
      nav.aggregate('open_to_receive'),
    ),
    nav.group(
      'sales',
      l('Sales', '销售'),
      nav.form('sales_orders'),
      nav.form('shipments'),
      nav.form('customer_returns'),
      nav.aggregate('open_to_ship'),
    ),
    nav.group(
      'inventory',
      l('Inventory', '库存'),
      nav.aggregate('stock'),
      nav.form('transfers'),
      nav.form('stock_counts'),
    ),
    nav.group(
      'finance',
      l('Finance', '财务'),
      nav.form('invoices'),
      nav.form('payments_received'),
      nav.aggregate('receivables'),
      nav.form('supplier_bills'),
      nav.form('supplier_payments'),
      nav.aggregate('payables'),
    ),
    nav.group('reports', l('Reports', '报表'), ...dashboards.map((d) => nav.dashboard(d.id))),
  ],
  access: {
    members: [roles(...ALL_ROLES.filter((r) => r !== R.agent))],
    admins: [],
    defaultFormActions: [],
  },
};
