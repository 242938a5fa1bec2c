/**
 * The CRM's reports. Widgets read through the viewer's grant, so a rep's funnel is their own
 * pipeline, a manager's their team's, and someone without view on opportunities gets nothing.
 */
import type { ChartWidget, Dashboard, Filter, Widget } from '@tangram/schema';
import { l } from '../kit';

type Layout = ChartWidget['layout'];
const at = (x: number, y: number, w: number, h: number): Layout => ({ x, y, w, h });
const yuan = { decimals: 2, thousands: true, prefix: '¥' };
const stage = (op: 'eq' | 'ne' | 'in' | 'notIn', value: string | string[]) =>
  ({ kind: 'cmp', field: 'stage', op, value }) as Filter;
const OPEN = stage('notIn', ['won', 'lost']);
const OPEN_TICKET = { kind: 'cmp', field: 'status', op: 'in', value: ['open', 'in_progress'] } as Filter;
const OVERDUE = {
  kind: 'and',
  items: [OPEN_TICKET, { kind: 'cmp', field: 'sla_due', op: 'lt', value: { dynamic: 'now' } }],
} as Filter;

const sales: Dashboard = {
  id: 'sales',
  name: l('Sales', '销售看板'),
  widgets: [
    {
      type: 'kpi',
      id: 'pipeline',
      title: l('Open pipeline (weighted)', '在途商机（加权）'),
      layout: at(0, 0, 8, 4),
      source: { form: 'opportunities' },
      dimensions: [],
      measures: [{ op: 'sum', field: 'weighted', as: 'weighted', format: yuan }],
      filter: OPEN,
    },
    {
      type: 'kpi',
      id: 'win_rate',
      title: l('Win rate', '赢单率'),
      layout: at(8, 0, 8, 4),
      source: { form: 'opportunities' },
      dimensions: [],
      measures: [
        { op: 'count', as: 'won', filter: stage('eq', 'won'), hidden: true },
        { op: 'count', as: 'closed', filter: stage('in', ['won', 'lost']), hidden: true },
        {
          op: 'formula',
          as: 'rate',
          formula: 'IF({closed} = 0, 0, {won} / {closed})',
          label: l('Win rate', '赢单率'),
          format: { decimals: 1, percent: true },
        },
      ],
    },
    {
      type: 'kpi',
      id: 'won_amount',
      title: l('Won, last 12 months', '近 12 个月赢单额'),
      layout: at(16, 0, 8, 4),
      source: { form: 'opportunities' },
      dimensions: [],
      measures: [{ op: 'sum', field: 'amount', as: 'amount', format: yuan }],
      filter: {
        kind: 'and',
        items: [
          stage('eq', 'won'),
          { kind: 'cmp', field: 'closed_on', op: 'eq', value: { dynamic: 'lastNDays', n: 365 } },
        ],
      } as Filter,
    },
    {
      type: 'funnel',
      id: 'funnel',
      title: l('Pipeline by stage', '销售漏斗'),
      layout: at(0, 4, 12, 9),
      source: { form: 'opportunities' },
      dimensions: [{ field: 'stage' }],
      measures: [{ op: 'count', as: 'deals', label: l('Opportunities', '商机数') }],
      filter: stage('ne', 'lost'),
      // Stages in the select's order, named by its options in the viewer's language.
      options: { funnelSort: 'definition' },
    } as ChartWidget,
    {
      type: 'bar',
      id: 'forecast',
      title: l('Weighted forecast by expected close month', '按预计成交月份的加权预测'),
      layout: at(12, 4, 12, 9),
      source: { form: 'opportunities' },
      dimensions: [{ field: 'expected_close', bucket: 'month' }],
      measures: [
        { op: 'sum', field: 'weighted', as: 'weighted', label: l('Weighted', '加权金额'), format: yuan },
        { op: 'sum', field: 'amount', as: 'amount', label: l('Amount', '金额'), format: yuan },
      ],
      filter: OPEN,
    },
    {
      type: 'bar',
      id: 'ranking',
      title: l('Won amount by rep', '销售排行（赢单额）'),
      layout: at(0, 13, 12, 9),
      source: { form: 'opportunities' },
      dimensions: [{ field: 'owner', top: { n: 10 } }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount', label: l('Won', '赢单额'), format: yuan }],
      filter: stage('eq', 'won'),
      sort: [{ key: 'amount', dir: 'desc' }],
      options: { horizontal: true },
    } as ChartWidget,
    {
      type: 'bar',
      id: 'revenue_by_source',
      title: l('Won revenue by lead source', '各线索来源赢单额'),
      layout: at(12, 13, 12, 9),
      source: { form: 'opportunities' },
      dimensions: [{ field: 'source' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount', label: l('Won', '赢单额'), format: yuan }],
      filter: stage('eq', 'won'),
    },
    {
      type: 'bar',
      id: 'campaign_cost',
      title: l('Campaign cost', '市场活动成本'),
      layout: at(0, 22, 12, 8),
      source: { form: 'campaigns' },
      dimensions: [{ field: 'name' }],
      measures: [{ op: 'sum', field: 'cost', as: 'cost', label: l('Cost', '成本'), format: yuan }],
    },
    // Relations cannot be grouped in charts yet: the won deals of each campaign are listed instead.
    {
      type: 'table',
      id: 'campaign_deals',
      title: l('Deals won from campaigns', '市场活动带来的赢单'),
      layout: at(12, 22, 12, 8),
      source: { form: 'opportunities' },
      columns: ['campaign', 'name', 'amount', 'closed_on'],
      filter: {
        kind: 'and',
        items: [stage('eq', 'won'), { kind: 'cmp', field: 'campaign', op: 'isNotEmpty' }],
      } as Filter,
      sort: [{ field: 'closed_on', dir: 'desc' }],
      limit: 100,
    },
    {
      type: 'table',
      id: 'open_deals',
      title: l('Open opportunities', '在途商机'),
      layout: at(0, 30, 24, 10),
      source: { form: 'opportunities' },
      columns: ['name', 'customer', 'stage', 'amount', 'weighted', 'expected_close', 'owner'],
      filter: OPEN,
      sort: [{ field: 'expected_close', dir: 'asc' }],
      limit: 200,
    },
  ] as Widget[],
};

const service: Dashboard = {
  id: 'service',
  name: l('Service', '服务看板'),
  widgets: [
    {
      type: 'kpi',
      id: 'overdue_count',
      title: l('Overdue tickets', '超时工单'),
      layout: at(0, 0, 8, 4),
      source: { form: 'tickets' },
      dimensions: [],
      measures: [{ op: 'count', as: 'tickets' }],
      filter: OVERDUE,
    },
    {
      type: 'pie',
      id: 'open_by_priority',
      title: l('Open tickets by priority', '未结工单（按优先级）'),
      layout: at(8, 0, 16, 8),
      source: { form: 'tickets' },
      dimensions: [{ field: 'priority' }],
      measures: [{ op: 'count', as: 'tickets' }],
      filter: OPEN_TICKET,
    },
    {
      type: 'table',
      id: 'overdue',
      title: l('Overdue tickets', '超时工单'),
      layout: at(0, 8, 24, 10),
      source: { form: 'tickets' },
      columns: ['number', 'subject', 'customer', 'priority', 'status', 'assignee', 'sla_due'],
      filter: OVERDUE,
      sort: [{ field: 'sla_due', dir: 'asc' }],
      limit: 100,
    },
  ] as Widget[],
};

export const crmDashboards: Dashboard[] = [sales, service];
