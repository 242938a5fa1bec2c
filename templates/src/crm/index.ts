/** Package `crm`: 客户关系管理 over the shared master data, handing won deals to the ERP. */
import { TEMPLATE_ROLES } from '../roles';
import type { TemplatePackage, TemplateView } from '../types';
import { l } from '../kit';
import { crmApp } from './app';
import { crmSample } from './sample';

const cols = (...fields: string[]) => fields.map((field) => ({ field }));

/** Shared views (saved-view config shape of server/src/views/views.schemas.ts). */
export const crmViews: TemplateView[] = [
  {
    app: 'crm',
    form: 'opportunities',
    name: l('Pipeline', '销售管道'),
    config: {
      kind: 'kanban',
      columns: cols('name', 'customer', 'amount', 'expected_close', 'owner'),
      filter: { kind: 'cmp', field: 'stage', op: 'ne', value: 'lost' },
      kanban: {
        groupField: 'stage',
        cardFields: ['customer', 'amount', 'expected_close', 'owner'],
        sumField: 'amount',
      },
    },
  },
  {
    app: 'crm',
    form: 'activities',
    name: l('Activity calendar', '跟进日历'),
    config: {
      kind: 'calendar',
      columns: cols('subject', 'kind', 'customer', 'owner'),
      calendar: { dateField: 'activity_date', titleField: 'subject', colorField: 'kind' },
    },
  },
  {
    app: 'crm',
    form: 'activities',
    name: l('Follow-ups', '待跟进'),
    config: {
      kind: 'calendar',
      columns: cols('subject', 'customer', 'owner'),
      filter: { kind: 'cmp', field: 'follow_up_status', op: 'eq', value: 'open' },
      calendar: { dateField: 'next_follow_up', titleField: 'subject', colorField: 'kind' },
    },
  },
];

export const crmPackage: TemplatePackage = {
  key: 'crm',
  version: '1.1.1',
  name: { en: 'CRM', 'zh-CN': '客户关系管理' },
  description: {
    en: 'Leads converted in one click, a pipeline board and weighted forecast, quotes with discount approval that become ERP sales orders, contracts and payments, service tickets with SLA escalation, campaigns.',
    'zh-CN':
      '一键转化线索、销售管道看板与加权预测、带折扣审批并生成进销存销售订单的报价、合同回款、带 SLA 升级的服务工单、市场活动。',
  },
  icon: 'customer',
  // Made by tests/e2e/template-screenshots.ts.
  screenshot: 'crm.png',
  listed: true,
  requires: ['master'],
  apps: [crmApp],
  roles: [
    TEMPLATE_ROLES.rep,
    TEMPLATE_ROLES.manager,
    TEMPLATE_ROLES.agent,
    TEMPLATE_ROLES.accountant,
    TEMPLATE_ROLES.gm,
  ],
  views: crmViews,
  sample: crmSample,
};

export { crmApp } from './app';
