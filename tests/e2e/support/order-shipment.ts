import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { pickSelectOption } from './browser';

/*
 * The order -> shipment app the automation stories share: sales orders with lines and a one-step
 * approval, and shipments with items; the studio steps that build "when an order is approved,
 * create a shipment with its lines" in the automation designer.
 */

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const lineFields = [
  { id: 'sku', type: 'text', label: l('货品', 'SKU'), config: {} },
  { id: 'qty', type: 'number', label: l('数量', 'Qty'), config: {} },
];

export interface OrderShipmentApp {
  id: string;
  name: { 'zh-CN': string; en: string };
  /** The member who approves orders. */
  approver: string;
  /** Added to the app's forms, after orders and shipments (and to its navigation). */
  extraForms?: { id: string; name: { 'zh-CN': string; en: string }; fields: unknown[] }[];
  aggregates?: unknown[];
  automations?: unknown[];
}

export function orderShipmentApp(spec: OrderShipmentApp): AppDefinition {
  const extraForms = spec.extraForms ?? [];
  return {
    id: spec.id,
    name: spec.name,
    icon: 'shop',
    formatVersion: 3,
    forms: [
      {
        id: 'orders',
        name: l('销售订单', 'Sales orders'),
        titleField: 'no',
        workflowId: 'order_flow',
        fields: [
          { id: 'no', type: 'text', label: l('订单号', 'Order no.'), required: true, config: {} },
          { id: 'customer', type: 'text', label: l('客户', 'Customer'), config: {} },
          { id: 'lines', type: 'subform', label: l('订单明细', 'Lines'), config: { fields: lineFields } },
        ],
      },
      {
        id: 'shipments',
        name: l('发货单', 'Shipments'),
        titleField: 'order_no',
        fields: [
          { id: 'order_no', type: 'text', label: l('订单号', 'Order no.'), config: {} },
          { id: 'customer', type: 'text', label: l('客户', 'Customer'), config: {} },
          { id: 'note', type: 'text', label: l('备注', 'Note'), config: {} },
          { id: 'items', type: 'subform', label: l('发货明细', 'Items'), config: { fields: lineFields } },
        ],
      },
      ...extraForms,
    ],
    workflows: [
      {
        id: 'order_flow',
        name: l('订单审批', 'Order approval'),
        form: 'orders',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          {
            type: 'approve',
            id: 'mgr',
            name: l('主管审批', 'Manager approval'),
            assignees: [{ kind: 'users', ids: [spec.approver] }],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    ...(spec.aggregates ? { aggregates: spec.aggregates } : {}),
    ...(spec.automations ? { automations: spec.automations } : {}),
    navigation: ['orders', 'shipments', ...extraForms.map((f) => f.id)].map((target) => ({
      kind: 'form',
      target,
    })),
  } as unknown as AppDefinition;
}

/**
 * In the studio's automation designer of `appId`: a new workflow automation "订单通过后发货" whose
 * create action writes a shipment (order no. and customer from the order, a fixed note, one item
 * per order line). Leaves the editor open, unsaved.
 */
export async function buildShipOnApproval(page: Page, baseUrl: string, appId: string): Promise<void> {
  await page.goto(`${baseUrl}/studio/apps/${appId}`);
  await page.getByTestId('open-automations').click();
  await page.getByTestId('automation-designer').waitFor();
  await page.getByTestId('add-automation').click();
  await page.getByTestId('add-automation-workflow').click();
  await page.getByTestId('automation-editor').waitFor();
  await page.getByTestId('automation-name-zh').fill('订单通过后发货');
  await page.getByTestId('automation-name-en').fill('Ship approved orders');
  // The trigger starts on the app's workflow and its "approved" event.
  expect(await page.getByTestId('trigger-workflow').textContent()).toContain('订单审批');
  expect(await page.getByTestId('trigger-workflow-event').textContent()).toContain('审批通过');

  // Action 1: create a record in Shipments (the form select starts on the first form).
  await pickSelectOption(page, page.getByTestId('action-0-form'), '发货单');
  await page.getByTestId('action-0-values').waitFor();
  await pickSelectOption(page, page.getByTestId('action-0-values-order_no-kind'), '触发数据的字段');
  // The trigger's first field (Order no.) is proposed for "order_no".
  expect(await page.getByTestId('action-0-values-order_no-field').textContent()).toContain('订单号');
  await pickSelectOption(page, page.getByTestId('action-0-values-customer-kind'), '触发数据的字段');
  expect(await page.getByTestId('action-0-values-customer-field').textContent()).toContain('客户');
  await pickSelectOption(page, page.getByTestId('action-0-values-note-kind'), '固定值');
  await page.getByTestId('action-0-values-note-static').fill('自动生成');
  // The shipment's lines: one row per order line, each column from the current row.
  await pickSelectOption(page, page.getByTestId('action-0-values-items-kind'), '子表单逐行');
  expect(await page.getByTestId('action-0-values-items-rows-from').textContent()).toContain('订单明细');
  await pickSelectOption(page, page.getByTestId('action-0-values-items-rows-sku-kind'), '当前子表单行');
  await pickSelectOption(page, page.getByTestId('action-0-values-items-rows-qty-kind'), '当前子表单行');
  expect(await page.getByTestId('action-0-values-items-rows-qty-row').textContent()).toContain('数量');
}
