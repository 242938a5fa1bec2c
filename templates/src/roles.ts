/** The org roles and demo people the CRM and ERP templates share (keys are the contract of tpl-common). */
import type { SampleUser, TemplateRole } from './types';
import { R, l } from './kit';

export const TEMPLATE_ROLES: Record<keyof typeof R, TemplateRole> = {
  rep: {
    key: R.rep,
    name: l('Sales rep', '销售代表'),
    description: l('Own leads, opportunities, quotes and orders.', '负责本人的线索、商机、报价和订单。'),
  },
  manager: {
    key: R.manager,
    name: l('Sales manager', '销售经理'),
    description: l("The team's pipeline and orders; approves discounts.", '管理团队商机和订单，审批折扣。'),
  },
  agent: { key: R.agent, name: l('Service agent', '客服专员') },
  buyer: {
    key: R.buyer,
    name: l('Purchaser', '采购员'),
    description: l('Suppliers, products and purchase orders.', '维护供应商、产品，下采购订单。'),
  },
  clerk: {
    key: R.clerk,
    name: l('Warehouse clerk', '仓管员'),
    description: l(
      'Receipts, shipments, transfers and counts; sees no prices.',
      '入库、出库、调拨和盘点；看不到价格。',
    ),
  },
  accountant: {
    key: R.accountant,
    name: l('Accountant', '会计'),
    description: l('Invoices, payments, receivables and payables.', '发票、收付款、应收与应付。'),
  },
  gm: {
    key: R.gm,
    name: l('General manager', '总经理'),
    description: l('Reads everything; approves purchase orders.', '查看全部数据，审批采购订单。'),
  },
};

const user = (key: string, zh: string, en: string, role: string): SampleUser => ({
  key,
  name: { 'zh-CN': zh, en },
  email: `${key.replace('_', '.')}@demo.tangram.local`,
  roles: [role],
});

export const SAMPLE_USERS: SampleUser[] = [
  user('rep_wang', '王磊', 'Lei Wang', R.rep),
  user('rep_li', '李娜', 'Na Li', R.rep),
  user('mgr_zhang', '张伟', 'Wei Zhang', R.manager),
  user('agent_chen', '陈静', 'Jing Chen', R.agent),
  user('buyer_zhao', '赵强', 'Qiang Zhao', R.buyer),
  user('clerk_sun', '孙丽', 'Li Sun', R.clerk),
  user('acct_zhou', '周敏', 'Min Zhou', R.accountant),
  user('gm_wu', '吴刚', 'Gang Wu', R.gm),
];
