/**
 * 进销存 / ERP: purchasing with approval, receipts, sales orders, shipments, transfers, stock
 * counts, returns, receivables and payables, over the shared master data (app `master`).
 */
import type { AppDefinition, AutomationDefinition, Dashboard, WorkflowDefinition } from '@tangram/schema';
import { ALL_ROLES, R, l, roles } from '../kit';
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
    {
      kind: 'group',
      id: 'purchasing',
      label: l('Purchasing', '采购'),
      items: [
        { kind: 'form', target: 'purchase_orders' },
        { kind: 'form', target: 'receipts' },
        { kind: 'form', target: 'supplier_returns' },
        { kind: 'aggregate', target: 'open_to_receive' },
      ],
    },
    {
      kind: 'group',
      id: 'sales',
      label: l('Sales', '销售'),
      items: [
        { kind: 'form', target: 'sales_orders' },
        { kind: 'form', target: 'shipments' },
        { kind: 'form', target: 'customer_returns' },
        { kind: 'aggregate', target: 'open_to_ship' },
      ],
    },
    {
      kind: 'group',
      id: 'inventory',
      label: l('Inventory', '库存'),
      items: [
        { kind: 'aggregate', target: 'stock' },
        { kind: 'form', target: 'transfers' },
        { kind: 'form', target: 'stock_counts' },
      ],
    },
    {
      kind: 'group',
      id: 'finance',
      label: l('Finance', '财务'),
      items: [
        { kind: 'form', target: 'invoices' },
        { kind: 'form', target: 'payments_received' },
        { kind: 'aggregate', target: 'receivables' },
        { kind: 'form', target: 'supplier_bills' },
        { kind: 'form', target: 'supplier_payments' },
        { kind: 'aggregate', target: 'payables' },
      ],
    },
    {
      kind: 'group',
      id: 'reports',
      label: l('Reports', '报表'),
      items: dashboards.map((d) => ({ kind: 'dashboard' as const, target: d.id })),
    },
  ],
  access: {
    members: [roles(...ALL_ROLES.filter((r) => r !== R.agent))],
    admins: [],
    defaultFormActions: [],
  },
};
