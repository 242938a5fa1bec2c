/** Package `erp`: 进销存 over the shared master data. */
import { TEMPLATE_ROLES } from '../roles';
import type { TemplatePackage } from '../types';
import { erpApp } from './app';
import { erpSample } from './sample';

export const erpPackage: TemplatePackage = {
  key: 'erp',
  version: '1.2.0',
  name: { en: 'ERP (purchasing, stock, sales)', 'zh-CN': '进销存' },
  description: {
    en: 'Purchase orders with approval, receipts, sales orders, shipments with backorders, transfers, stock counts, returns, receivables and payables. Stock never goes below zero.',
    'zh-CN': '采购审批、入库、销售订单、出库与欠货、调拨、盘点、退货、应收与应付。库存永不为负。',
  },
  icon: 'shop',
  // Made by tests/e2e/template-screenshots.ts.
  screenshot: 'erp.png',
  listed: true,
  requires: ['master'],
  apps: [erpApp],
  roles: [
    TEMPLATE_ROLES.rep,
    TEMPLATE_ROLES.manager,
    TEMPLATE_ROLES.buyer,
    TEMPLATE_ROLES.clerk,
    TEMPLATE_ROLES.accountant,
    TEMPLATE_ROLES.gm,
  ],
  sample: erpSample,
};

export { erpApp } from './app';
