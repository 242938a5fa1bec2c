/**
 * CRM / 客户关系管理: leads converted in one press into a customer (the shared master record), a
 * contact and an opportunity; a pipeline with weighted forecast; quotes whose large discounts go to
 * the sales manager; a won quote creating the ERP sales order with its lines; contracts with
 * payment plans and the payments against them; service tickets with an SLA and escalation.
 */
import type {
  AggregateDefinition,
  AppDefinition,
  AutomationDefinition,
  Filter,
  WorkflowDefinition,
} from '@tangram/schema';
import { R, l, nav, roles } from '../kit';
import { crmDashboards } from './dashboards';
import { DISCOUNT_THRESHOLD, crmForms } from './forms';

const field = (id: string) => ({ kind: 'field' as const, field: id });
const fixed = (value: unknown) => ({ kind: 'static' as const, value });
const earlier = (action: number, of?: string) => ({
  kind: 'earlier' as const,
  action,
  ...(of ? { field: of } : {}),
});
const todayValue = { kind: 'formula' as const, expression: 'TODAY()' };
const cmp = (f: string, op: string, value?: unknown) =>
  ({ kind: 'cmp', field: f, op, ...(value === undefined ? {} : { value }) }) as Filter;
const and = (...items: Filter[]): Filter => ({ kind: 'and', items });
const or = (...items: Filter[]): Filter => ({ kind: 'or', items });
/** Empty or one of `values`: a select left empty (a record written without the form's default). */
const emptyOr = (f: string, values: string[]) => or(cmp(f, 'isEmpty'), cmp(f, 'in', values));
const emptyOrNot = (f: string, values: string[]) => or(cmp(f, 'isEmpty'), cmp(f, 'notIn', values));

/** Quotes: a discount above the threshold on any line needs the sales manager; others pass at once. */
const quoteApproval: WorkflowDefinition = {
  id: 'quote_approval',
  name: l('Quote discount approval', '报价折扣审批'),
  form: 'quotes',
  nodes: [
    { type: 'start', id: 'start', next: 'discount' },
    {
      type: 'branch',
      id: 'discount',
      name: l('Discount above the threshold?', '折扣是否超过阈值'),
      branches: [
        {
          id: 'big_discount',
          name: l(`More than ${DISCOUNT_THRESHOLD}%`, `超过 ${DISCOUNT_THRESHOLD}%`),
          condition: cmp('max_discount', 'gt', DISCOUNT_THRESHOLD),
          next: 'manager',
        },
      ],
      defaultNext: 'end',
    },
    {
      type: 'approve',
      id: 'manager',
      name: l('Sales manager approves the discount', '销售经理审批折扣'),
      assignees: [roles(R.manager)],
      mode: 'any',
      actions: ['reject', 'transfer'],
      rejectTo: ['start'],
      next: 'end',
    },
    { type: 'end', id: 'end' },
  ],
  // The "mark won" button records the outcome on an approved quote (status and order number).
  settings: { allowWithdraw: true, forbidSelfApproval: true, editAfterApproval: 'allow' },
};

/** One press turns a lead into a customer, a contact and an opportunity, and marks it converted. */
const convertLead: AutomationDefinition = {
  id: 'convert_lead',
  name: l('Convert lead', '转化线索'),
  description: l(
    'Creates (or finds, by name) the customer, then the contact and the opportunity from the lead, and marks the lead converted. A converted lead is not converted again.',
    '根据线索创建（或按名称找到）客户，再创建联系人和商机，并把线索标为已转化。已转化的线索不会重复转化。',
  ),
  trigger: { type: 'button', form: 'leads', label: l('Convert', '转化'), confirm: true },
  condition: { new: emptyOrNot('status', ['converted', 'lost']) },
  actions: [
    {
      type: 'upsert',
      app: 'master',
      form: 'customers',
      key: 'name',
      values: [
        { field: 'name', value: field('company') },
        { field: 'industry', value: field('industry') },
        { field: 'owner', value: field('owner') },
        { field: 'phone', value: field('phone') },
        { field: 'email', value: field('email') },
      ],
    },
    {
      type: 'create',
      form: 'contacts',
      values: [
        { field: 'name', value: field('contact_name') },
        { field: 'customer', value: earlier(0) },
        { field: 'job_title', value: field('job_title') },
        { field: 'phone', value: field('phone') },
        { field: 'email', value: field('email') },
        { field: 'owner', value: field('owner') },
        { field: 'team', value: field('team') },
        { field: 'lead', value: field('id') },
      ],
    },
    {
      type: 'create',
      form: 'opportunities',
      values: [
        { field: 'name', value: field('company') },
        { field: 'customer', value: earlier(0) },
        { field: 'contact', value: earlier(1) },
        { field: 'stage', value: fixed('qualify') },
        {
          field: 'amount',
          value: { kind: 'formula', expression: 'IF(ISBLANK({estimated_amount}), 0, {estimated_amount})' },
        },
        {
          field: 'expected_close',
          value: {
            kind: 'formula',
            expression: 'IF(ISBLANK({expected_close}), EDATE(TODAY(), 3), {expected_close})',
          },
        },
        { field: 'owner', value: field('owner') },
        { field: 'team', value: field('team') },
        { field: 'source', value: field('source') },
        { field: 'campaign', value: field('campaign') },
        { field: 'lead', value: field('id') },
      ],
    },
    {
      type: 'update',
      form: 'leads',
      records: { kind: 'trigger' },
      values: [
        { field: 'status', value: fixed('converted') },
        { field: 'customer', value: earlier(0) },
        { field: 'contact', value: earlier(1) },
        { field: 'opportunity', value: earlier(2) },
        { field: 'converted_on', value: todayValue },
      ],
    },
  ],
};

/**
 * Winning an approved quote: the opportunity is won at the quote's total and the ERP sales order
 * is created with the quote's lines at their net prices (so its total equals the quote's, to the
 * cent); the quote keeps the order number.
 */
const winQuote: AutomationDefinition = {
  id: 'win_quote',
  name: l('Win with this quote', '按此报价赢单'),
  trigger: { type: 'button', form: 'quotes', label: l('Mark won', '赢单'), confirm: true },
  condition: { new: and(cmp('workflowStatus', 'eq', 'approved'), emptyOrNot('status', ['won', 'lost'])) },
  actions: [
    {
      type: 'update',
      form: 'quotes',
      records: { kind: 'trigger' },
      values: [{ field: 'status', value: fixed('won') }],
    },
    {
      type: 'update',
      form: 'opportunities',
      records: { kind: 'match', match: [{ field: 'id', value: field('opportunity') }] },
      values: [
        { field: 'stage', value: fixed('won') },
        { field: 'amount', value: field('total') },
        { field: 'closed_on', value: todayValue },
      ],
    },
    {
      type: 'create',
      app: 'erp',
      form: 'sales_orders',
      values: [
        { field: 'customer', value: field('customer') },
        { field: 'warehouse', value: field('warehouse') },
        { field: 'order_date', value: todayValue },
        { field: 'opportunity', value: field('opportunity') },
        { field: 'notes', value: { kind: 'formula', expression: 'CONCAT("CRM ", {number})' } },
        {
          field: 'lines',
          value: {
            kind: 'rows',
            from: 'lines',
            values: [
              { field: 'product', value: { kind: 'row', field: 'product' } },
              { field: 'quantity', value: { kind: 'row', field: 'quantity' } },
              { field: 'price', value: { kind: 'row', field: 'price' } },
            ],
          },
        },
      ],
    },
    {
      type: 'update',
      form: 'quotes',
      records: { kind: 'trigger' },
      values: [{ field: 'sales_order_no', value: earlier(2, 'number') }],
    },
  ],
};

/** Every morning: follow-ups due today are stamped, which notifies their owners (next automation). */
const followUpDue: AutomationDefinition = {
  id: 'follow_up_due',
  name: l('Find follow-ups due today', '查找今日待跟进'),
  trigger: { type: 'schedule', cron: '0 8 * * *' },
  actions: [
    {
      type: 'update',
      form: 'activities',
      records: {
        kind: 'filter',
        filter: and(
          cmp('next_follow_up', 'eq', { dynamic: 'today' }),
          emptyOr('follow_up_status', ['open']),
          cmp('reminded_on', 'isEmpty'),
        ),
      },
      values: [{ field: 'reminded_on', value: todayValue }],
    },
  ],
};

const followUpReminder: AutomationDefinition = {
  id: 'follow_up_reminder',
  name: l('Remind the owner of a follow-up', '提醒负责人跟进'),
  trigger: { type: 'record', form: 'activities', events: ['updated'], fields: ['reminded_on'] },
  condition: { new: cmp('reminded_on', 'isNotEmpty') },
  actions: [
    {
      type: 'notify',
      userFields: ['owner'],
      title: l('Follow-up due today', '今天需要跟进'),
      message: { kind: 'formula', expression: 'CONCAT({subject})' },
    },
  ],
};

/** Every half hour: open tickets past their SLA deadline are escalated (urgent, supervisor told). */
const escalateTickets: AutomationDefinition = {
  id: 'escalate_overdue_tickets',
  name: l('Escalate overdue tickets', '升级超时工单'),
  trigger: { type: 'schedule', cron: '*/30 * * * *' },
  actions: [
    {
      type: 'update',
      form: 'tickets',
      records: {
        kind: 'filter',
        filter: and(
          cmp('sla_due', 'lt', { dynamic: 'now' }),
          emptyOr('status', ['open', 'in_progress']),
          emptyOr('escalation', ['none']),
        ),
      },
      values: [
        { field: 'escalation', value: fixed('escalated') },
        { field: 'priority', value: fixed('urgent') },
      ],
    },
  ],
};

const escalationNotice: AutomationDefinition = {
  id: 'escalation_notice',
  name: l('Tell the assignee and supervisor about an escalation', '通知工单升级'),
  trigger: { type: 'record', form: 'tickets', events: ['updated'], fields: ['escalation'] },
  condition: { new: cmp('escalation', 'eq', 'escalated') },
  actions: [
    {
      type: 'notify',
      userFields: ['assignee', 'supervisor'],
      title: l('Ticket past its SLA deadline', '工单已超过 SLA 时限'),
      message: { kind: 'formula', expression: 'CONCAT({number}, " ", {subject})' },
    },
  ],
};

/** What is still to be received per contract: the plan posts in, payments post out, never below zero. */
const contractBalance: AggregateDefinition = {
  id: 'contract_receivable',
  name: l('Open per contract', '合同待回款'),
  keys: [{ id: 'contract', label: l('Contract', '合同'), type: 'record', form: 'contracts' }],
  measures: [{ id: 'open', label: l('Open', '待回款'), decimals: 2 }],
  sources: [
    {
      id: 'planned',
      form: 'contracts',
      subform: 'plan',
      keys: { contract: { field: 'id', from: 'record' } },
      measures: { open: { field: 'due_amount', from: 'line', sign: 1 } },
    },
    {
      id: 'received',
      form: 'payments',
      keys: { contract: { field: 'contract', from: 'record' } },
      measures: { open: { field: 'amount', sign: -1 } },
    },
  ],
  rules: [
    {
      measure: 'open',
      op: '>=',
      value: 0,
      message: l(
        'The payment is more than is open on {key}: {available} open, {requested} received',
        '回款超过 {key} 的待回款：待回款 {available}，本次 {requested}',
      ),
    },
  ],
};

export const crmApp: AppDefinition = {
  id: 'crm',
  name: l('CRM', '客户关系管理'),
  description: l(
    'Leads, pipeline, quotes with discount approval, contracts and payments, service tickets and campaigns.',
    '线索、销售漏斗、折扣审批报价、合同回款、服务工单与市场活动。',
  ),
  icon: 'customer',
  color: '#d6336c',
  formatVersion: 3,
  forms: crmForms,
  workflows: [quoteApproval],
  automations: [convertLead, winQuote, followUpDue, followUpReminder, escalateTickets, escalationNotice],
  aggregates: [contractBalance],
  dashboards: crmDashboards,
  navigation: [
    nav.dashboard('sales'),
    nav.group(
      'selling',
      l('Selling', '销售'),
      nav.form('leads'),
      nav.form('opportunities'),
      nav.form('quotes'),
      nav.form('activities'),
      nav.form('contacts'),
    ),
    nav.group(
      'contracts',
      l('Contracts and payments', '合同与回款'),
      nav.form('contracts'),
      nav.form('payments'),
      nav.aggregate('contract_receivable'),
    ),
    nav.group('service', l('Service', '客户服务'), nav.form('tickets'), nav.dashboard('service')),
    nav.group('marketing', l('Marketing', '市场'), nav.form('campaigns')),
  ],
  // The warehouse clerk, the purchaser and the accountant's ERP work need no CRM; the accountant
  // follows contracts and payments here.
  access: {
    members: [roles(R.rep, R.manager, R.agent, R.accountant, R.gm)],
    admins: [],
    defaultFormActions: ['view'],
  },
};
