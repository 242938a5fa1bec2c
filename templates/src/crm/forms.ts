/**
 * The CRM's forms: leads, contacts, opportunities, activities, quotes, contracts with payment
 * plans, payments received, service tickets and campaigns. Customers and products are the shared
 * master data (app `master`): the CRM relates to them and never keeps a copy.
 *
 * Who sees what (issue 14 point 6): a sales rep reaches the records they created or are the
 * `owner` of (an automation writes as its own owner, so a converted lead's opportunity is the rep's
 * through `owner`, not through who created it); a sales manager the records of their department or
 * whose `team` is their department; a general manager reads everything; a service agent works the
 * tickets; a warehouse clerk is not a member of the CRM at all, so no path shows them a deal.
 */
import type { FieldDefinition, FormDefinition, PermissionGroup } from '@tangram/schema';
import type { I18nPair } from '../types';
import {
  date,
  email,
  formula,
  gmReads,
  group,
  l,
  lines,
  member,
  money,
  phone,
  qty,
  R,
  READ,
  relation,
  select,
  serial,
  subform,
  text,
  textarea,
  WORK,
} from '../kit';

const M = 'master';
const customer = (required = true) =>
  relation('customer', l('Customer', '客户'), 'customers', M, { required });
const department = (id: string, label: I18nPair): FieldDefinition => ({ id, type: 'department', label });
const owner = (): FieldDefinition => ({ ...member('owner', l('Owner', '负责人')), required: true });
const percent = (id: string, label: I18nPair, extra: Partial<FieldDefinition> = {}): FieldDefinition =>
  ({
    id,
    type: 'number',
    label,
    config: { precision: 2, min: 0, max: 100, unit: '%' },
    ...extra,
  }) as FieldDefinition;
const today = { kind: 'formula' as const, formula: 'TODAY()' };

export const LEAD_SOURCES: [string, string, string][] = [
  ['website', 'Website', '官网'],
  ['referral', 'Referral', '客户推荐'],
  ['exhibition', 'Exhibition', '展会'],
  ['cold_call', 'Cold call', '电话拜访'],
  ['campaign', 'Campaign', '市场活动'],
  ['other', 'Other', '其他'],
];

/** Stages in pipeline order with their win probability (%). */
export const STAGES: [string, string, string, number][] = [
  ['qualify', 'Qualify', '初步接洽', 10],
  ['needs', 'Needs analysis', '需求确认', 25],
  ['proposal', 'Proposal', '方案报价', 50],
  ['negotiation', 'Negotiation', '商务谈判', 75],
  ['won', 'Won', '赢单', 100],
  ['lost', 'Lost', '输单', 0],
];

/** Discounts above this (%) on any quote line go to the sales manager. */
export const DISCOUNT_THRESHOLD = 15;

/** Sales records: reps by creation or ownership, managers by department or team, the GM reads. */
function salesGroups(
  opts: { rep?: PermissionGroup['actions']; extraReaders?: string[] } = {},
): PermissionGroup[] {
  const rep = opts.rep ?? WORK;
  return [
    group('rep_own', l('Sales reps: records they created', '销售：本人创建'), [R.rep], rep, {
      scope: { kind: 'own' },
    }),
    group('rep_owner', l('Sales reps: records they own', '销售：本人负责'), [R.rep], rep, {
      scope: { kind: 'fieldContainsMe', field: 'owner' },
    }),
    group(
      'manager_department',
      l("Sales managers: their department's records", '销售经理：本部门'),
      [R.manager],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
      { scope: { kind: 'department', includeSubDepartments: true } },
    ),
    group(
      'manager_team',
      l("Sales managers: their team's records", '销售经理：本团队'),
      [R.manager],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
      { scope: { kind: 'fieldContainsMe', field: 'team' } },
    ),
    group(
      'management',
      l('General manager (read)', '总经理（只读）'),
      [R.gm, ...(opts.extraReaders ?? [])],
      READ,
    ),
  ];
}

export const leads: FormDefinition = {
  id: 'leads',
  name: l('Leads', '线索'),
  titleField: 'company',
  fields: [
    text('company', l('Company', '公司名称'), { required: true }),
    text('contact_name', l('Contact', '联系人'), { required: true }),
    text('job_title', l('Job title', '职务')),
    phone('phone', l('Phone', '电话')),
    email('email', l('Email', '邮箱')),
    select('industry', l('Industry', '行业'), [
      ['manufacturing', 'Manufacturing', '制造业'],
      ['retail', 'Retail', '零售'],
      ['wholesale', 'Wholesale', '批发'],
      ['construction', 'Construction', '建筑'],
      ['technology', 'Technology', '科技'],
      ['other', 'Other', '其他'],
    ]),
    select('source', l('Source', '线索来源'), LEAD_SOURCES, { required: true }),
    relation('campaign', l('Campaign', '市场活动'), 'campaigns'),
    {
      ...select('status', l('Status', '状态'), [
        ['new', 'New', '新线索'],
        ['contacted', 'Contacted', '已联系'],
        ['qualified', 'Qualified', '已确认'],
        ['converted', 'Converted', '已转化'],
        ['lost', 'Lost', '无效'],
      ]),
      default: { kind: 'static', value: 'new' },
    },
    owner(),
    department('team', l('Team', '所属团队')),
    money('estimated_amount', l('Estimated amount', '预计金额')),
    date('expected_close', l('Expected close', '预计成交日期')),
    textarea('notes', l('Notes', '备注')),
    // Filled by "Convert": the records the lead became.
    { ...customer(false), readOnly: true },
    { ...relation('contact', l('Contact record', '联系人档案'), 'contacts'), readOnly: true },
    { ...relation('opportunity', l('Opportunity', '商机'), 'opportunities'), readOnly: true },
    date('converted_on', l('Converted on', '转化日期'), { readOnly: true }),
  ],
  layout: {
    items: [
      {
        kind: 'row',
        cells: [
          { field: 'company', span: 12 },
          { field: 'industry', span: 6 },
          { field: 'status', span: 6 },
        ],
      },
      {
        kind: 'row',
        cells: [
          { field: 'contact_name', span: 8 },
          { field: 'job_title', span: 8 },
          { field: 'phone', span: 8 },
        ],
      },
      {
        kind: 'row',
        cells: [
          { field: 'email', span: 8 },
          { field: 'source', span: 8 },
          { field: 'campaign', span: 8 },
        ],
      },
      {
        kind: 'row',
        cells: [
          { field: 'owner', span: 8 },
          { field: 'team', span: 8 },
          { field: 'estimated_amount', span: 8 },
        ],
      },
      { kind: 'row', cells: [{ field: 'expected_close', span: 8 }] },
      { kind: 'row', cells: [{ field: 'notes' }] },
      {
        kind: 'section',
        id: 'conversion',
        title: l('Conversion', '转化结果'),
        items: [
          {
            kind: 'row',
            cells: [
              { field: 'customer', span: 8 },
              { field: 'contact', span: 8 },
              { field: 'opportunity', span: 8 },
            ],
          },
          { kind: 'row', cells: [{ field: 'converted_on', span: 8 }] },
        ],
      },
    ],
  },
  permissionGroups: salesGroups({ rep: ['view', 'create', 'edit', 'delete', 'export', 'print'] }),
};

export const contacts: FormDefinition = {
  id: 'contacts',
  name: l('Contacts', '联系人'),
  titleField: 'name',
  fields: [
    text('name', l('Name', '姓名'), { required: true }),
    customer(),
    text('job_title', l('Job title', '职务')),
    phone('phone', l('Phone', '电话')),
    email('email', l('Email', '邮箱')),
    owner(),
    department('team', l('Team', '所属团队')),
    relation('lead', l('From lead', '来源线索'), 'leads', undefined, { readOnly: true }),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: [
    ...salesGroups(),
    group('service', l('Service agents (read)', '客服（只读）'), [R.agent], ['view']),
  ],
};

export const opportunities: FormDefinition = {
  id: 'opportunities',
  name: l('Opportunities', '商机'),
  titleField: 'name',
  fields: [
    text('name', l('Opportunity', '商机名称'), { required: true }),
    customer(),
    relation('contact', l('Contact', '联系人'), 'contacts'),
    {
      ...select(
        'stage',
        l('Stage', '阶段'),
        STAGES.map(([v, en, zh]) => [v, en, zh]),
      ),
      required: true,
      default: { kind: 'static', value: 'qualify' },
    },
    formula(
      'probability',
      l('Probability (%)', '赢单概率（%）'),
      `SWITCH({stage}, ${STAGES.map(([v, , , p]) => `"${v}", ${p}`).join(', ')}, 0)`,
    ),
    money('amount', l('Amount', '金额'), { required: true }),
    formula('weighted', l('Weighted amount', '加权金额'), 'ROUND({amount} * {probability} / 100, 2)', true),
    date('expected_close', l('Expected close', '预计成交日期'), { required: true }),
    owner(),
    department('team', l('Team', '所属团队')),
    select('source', l('Source', '来源'), LEAD_SOURCES),
    relation('campaign', l('Campaign', '市场活动'), 'campaigns'),
    relation('lead', l('From lead', '来源线索'), 'leads', undefined, { readOnly: true }),
    date('closed_on', l('Closed on', '成交日期')),
    textarea('lost_reason', l('Lost reason', '输单原因')),
  ],
  rules: {
    visibility: [
      {
        id: 'lost_reason_when_lost',
        when: { kind: 'cmp', field: 'stage', op: 'eq', value: 'lost' },
        show: ['lost_reason'],
      },
    ],
  },
  permissionGroups: salesGroups(),
};

export const activities: FormDefinition = {
  id: 'activities',
  name: l('Activities', '跟进记录'),
  titleField: 'subject',
  fields: [
    text('subject', l('Subject', '主题'), { required: true }),
    {
      ...select('kind', l('Kind', '方式'), [
        ['call', 'Call', '电话'],
        ['visit', 'Visit', '拜访'],
        ['email', 'Email', '邮件'],
        ['meeting', 'Meeting', '会议'],
      ]),
      required: true,
    },
    { ...date('activity_date', l('Date', '日期')), default: today },
    customer(false),
    relation('contact', l('Contact', '联系人'), 'contacts'),
    relation('opportunity', l('Opportunity', '商机'), 'opportunities'),
    relation('lead', l('Lead', '线索'), 'leads'),
    owner(),
    department('team', l('Team', '所属团队')),
    textarea('summary', l('Summary', '沟通内容')),
    date('next_follow_up', l('Next follow-up', '下次跟进')),
    {
      ...select('follow_up_status', l('Follow-up', '跟进状态'), [
        ['open', 'Open', '待跟进'],
        ['done', 'Done', '已完成'],
      ]),
      default: { kind: 'static', value: 'open' },
    },
    date('reminded_on', l('Reminded on', '提醒日期'), { readOnly: true }),
  ],
  permissionGroups: [
    ...salesGroups({ rep: ['view', 'create', 'edit', 'delete', 'export', 'print'] }),
    group('service', l('Service agents: their own', '客服：本人'), [R.agent], ['view', 'create', 'edit'], {
      scope: { kind: 'own' },
    }),
  ],
};

const quoteLines = (): FieldDefinition =>
  lines(l('Lines', '报价明细'), [
    relation('product', l('Product', '产品'), 'products', M, { required: true }),
    qty('quantity', l('Quantity', '数量'), { required: true }),
    money('list_price', l('List price', '标准单价'), { required: true }),
    percent('discount', l('Discount (%)', '折扣（%）'), { default: { kind: 'static', value: 0 } }),
    // The net unit price is rounded to the cent first, so quote and sales order totals agree exactly.
    formula('price', l('Net price', '成交单价'), 'ROUND({list_price} * (100 - {discount}) / 100, 2)', true),
    formula('amount', l('Amount', '金额'), 'ROUND({quantity} * {price}, 2)', true),
  ]);

export const quotes: FormDefinition = {
  id: 'quotes',
  name: l('Quotes', '报价单'),
  titleField: 'number',
  workflowId: 'quote_approval',
  fields: [
    serial('number', l('Quote number', '报价单号'), 'QT'),
    relation('opportunity', l('Opportunity', '商机'), 'opportunities', undefined, { required: true }),
    customer(),
    relation('warehouse', l('Shipping warehouse', '发货仓库'), 'warehouses', M, { required: true }),
    { ...date('quoted_on', l('Quoted on', '报价日期')), default: today },
    date('valid_until', l('Valid until', '有效期至')),
    quoteLines(),
    formula('max_discount', l('Largest discount (%)', '最大折扣（%）'), 'MAX({lines.discount})'),
    formula('total', l('Total', '报价总额'), 'SUM({lines.amount})', true),
    {
      ...select('status', l('Status', '状态'), [
        ['draft', 'Draft', '草稿'],
        ['sent', 'Sent', '已发送'],
        ['won', 'Won', '已成交'],
        ['lost', 'Lost', '未成交'],
      ]),
      default: { kind: 'static', value: 'draft' },
    },
    owner(),
    department('team', l('Team', '所属团队')),
    text('sales_order_no', l('Sales order', '销售订单号'), { readOnly: true }),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: salesGroups(),
};

export const contracts: FormDefinition = {
  id: 'contracts',
  name: l('Contracts', '合同'),
  titleField: 'number',
  fields: [
    serial('number', l('Contract number', '合同编号'), 'HT'),
    text('name', l('Name', '合同名称'), { required: true }),
    customer(),
    relation('opportunity', l('Opportunity', '商机'), 'opportunities'),
    { ...date('signed_on', l('Signed on', '签订日期')), default: today },
    date('ends_on', l('Ends on', '到期日期')),
    money('amount', l('Contract amount', '合同金额'), { required: true }),
    subform('plan', l('Payment plan', '回款计划'), [
      date('due_on', l('Due on', '计划日期'), { required: true }),
      money('due_amount', l('Amount', '计划金额'), { required: true }),
      text('note', l('Note', '说明')),
    ]),
    formula('planned', l('Planned total', '计划回款合计'), 'SUM({plan.due_amount})', true),
    owner(),
    department('team', l('Team', '所属团队')),
    textarea('notes', l('Notes', '备注')),
  ],
  rules: {
    validation: [
      {
        id: 'plan_matches_amount',
        formula: '{planned} = {amount}',
        message: l('The payment plan must add up to the contract amount.', '回款计划合计必须等于合同金额。'),
      },
    ],
  },
  permissionGroups: [
    ...salesGroups({ extraReaders: [] }),
    group('finance', l('Accountants', '财务'), [R.accountant], READ),
  ],
};

export const payments: FormDefinition = {
  id: 'payments',
  name: l('Payments received', '回款记录'),
  titleField: 'number',
  fields: [
    serial('number', l('Receipt number', '回款单号'), 'HK'),
    relation('contract', l('Contract', '合同'), 'contracts', undefined, { required: true }),
    customer(),
    { ...date('received_on', l('Received on', '到账日期')), default: today },
    money('amount', l('Amount', '金额'), { required: true }),
    select('method', l('Method', '方式'), [
      ['transfer', 'Bank transfer', '银行转账'],
      ['acceptance', 'Bank acceptance', '承兑汇票'],
      ['cash', 'Cash', '现金'],
    ]),
    member('owner', l('Sales rep', '负责销售')),
    department('team', l('Team', '所属团队')),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: [
    group(
      'finance',
      l('Accountants', '财务'),
      [R.accountant],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
    ),
    group('rep_owner', l('Sales reps: their customers', '销售：本人负责'), [R.rep], ['view'], {
      scope: { kind: 'fieldContainsMe', field: 'owner' },
    }),
    group('manager', l('Sales managers', '销售经理'), [R.manager], ['view', 'export']),
    gmReads(),
  ],
};

export const tickets: FormDefinition = {
  id: 'tickets',
  name: l('Service tickets', '服务工单'),
  titleField: 'subject',
  fields: [
    serial('number', l('Ticket number', '工单编号'), 'GD'),
    text('subject', l('Subject', '问题'), { required: true }),
    customer(),
    relation('contact', l('Contact', '联系人'), 'contacts'),
    select('kind', l('Kind', '类型'), [
      ['question', 'Question', '咨询'],
      ['fault', 'Fault', '故障'],
      ['complaint', 'Complaint', '投诉'],
      ['return', 'Return', '退换货'],
    ]),
    {
      ...select('priority', l('Priority', '优先级'), [
        ['low', 'Low', '低'],
        ['normal', 'Normal', '普通'],
        ['high', 'High', '高'],
        ['urgent', 'Urgent', '紧急'],
      ]),
      default: { kind: 'static', value: 'normal' },
    },
    {
      ...select('status', l('Status', '状态'), [
        ['open', 'Open', '待处理'],
        ['in_progress', 'In progress', '处理中'],
        ['resolved', 'Resolved', '已解决'],
        ['closed', 'Closed', '已关闭'],
      ]),
      default: { kind: 'static', value: 'open' },
    },
    member('assignee', l('Assignee', '处理人')),
    member('supervisor', l('Escalate to', '升级给')),
    // The SLA counts working hours (Monday to Friday, 9:00-18:00 in the org's time zone) from
    // the moment the ticket is opened: 4 for urgent, 8 high, 16 normal, 24 low.
    {
      id: 'sla_due',
      type: 'datetime',
      label: l('SLA deadline', 'SLA 截止时间'),
      default: {
        kind: 'formula',
        formula: 'ADDWORKHOURS(NOW(), SWITCH({priority}, "urgent", 4, "high", 8, "normal", 16, 24), 9, 18)',
      },
    },
    {
      ...select('escalation', l('Escalation', '升级状态'), [
        ['none', 'Not escalated', '未升级'],
        ['escalated', 'Escalated', '已升级'],
      ]),
      default: { kind: 'static', value: 'none' },
    },
    textarea('description', l('Description', '问题描述')),
    textarea('resolution', l('Resolution', '处理结果')),
    date('resolved_on', l('Resolved on', '解决日期')),
  ],
  permissionGroups: [
    group('service', l('Service agents', '客服'), [R.agent], WORK),
    group('sales', l('Sales (read, raise)', '销售（查看、提交）'), [R.rep, R.manager], ['view', 'create']),
    gmReads(),
  ],
};

export const campaigns: FormDefinition = {
  id: 'campaigns',
  name: l('Campaigns', '市场活动'),
  titleField: 'name',
  fields: [
    text('name', l('Name', '活动名称'), { required: true }),
    select('kind', l('Kind', '类型'), [
      ['exhibition', 'Exhibition', '展会'],
      ['online', 'Online ads', '线上推广'],
      ['email', 'Email', '邮件营销'],
      ['seminar', 'Seminar', '研讨会'],
    ]),
    date('starts_on', l('Starts on', '开始日期'), { required: true }),
    date('ends_on', l('Ends on', '结束日期')),
    money('cost', l('Cost', '活动成本')),
    member('owner', l('Owner', '负责人')),
    textarea('notes', l('Notes', '备注')),
  ],
  permissionGroups: [
    group(
      'manager',
      l('Sales managers', '销售经理'),
      [R.manager],
      ['view', 'create', 'edit', 'delete', 'export', 'print'],
    ),
    group('reps', l('Sales reps (read)', '销售（只读）'), [R.rep], ['view']),
    gmReads(),
  ],
};

export const crmForms: FormDefinition[] = [
  leads,
  contacts,
  opportunities,
  activities,
  quotes,
  contracts,
  payments,
  tickets,
  campaigns,
];
