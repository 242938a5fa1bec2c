import { useTranslation } from 'react-i18next';

/** Texts of dashboards, per language (kept here so the feature ships as one folder). */
const zh = {
  empty: '（空）',
  noData: '暂无数据',
  refresh: '刷新',
  fullScreen: '全屏',
  exitFullScreen: '退出全屏',
  updatedAt: '更新于 {{time}}',
  noWidgets: '这个仪表盘还没有组件',
  dashboards: '仪表盘',
  dateFrom: '开始日期',
  dateTo: '结束日期',
  all: '全部',
  widgetError: '无法加载：{{message}}',
  notFound: '仪表盘不存在',
  cannotLoad: '这个组件的数据没有加载出来',
  retry: '重试',
  loading: '加载中',
  refreshFailed: '刷新失败，显示的是上次的数据：{{message}}',
  export: '导出 Excel',
  exportFailed: '导出失败：{{message}}',
  others: '其他',
  drillTop: '全部',
  drillPath: '下钻路径',
  clickToDrill: '点击下钻',
  clickToOpen: '点击查看记录',
  vsPrevious: '上期',
  vsLastYear: '去年同期',
  comparedRange: '本期 {{current}}，对比 {{from}} ~ {{to}}',
  subtotal: '小计',
  total: '总计',
  autoRefresh: '每 {{interval}} 自动刷新',
  member: '成员',
  department: '部门',
  seconds: '{{n}} 秒',
  minutes: '{{n}} 分钟',
  hours: '{{n}} 小时',
  notSupported: '这个数据点没有对应的明细记录',
};

export type DashboardTexts = typeof zh;

const en: DashboardTexts = {
  empty: '(empty)',
  noData: 'No data',
  refresh: 'Refresh',
  fullScreen: 'Full screen',
  exitFullScreen: 'Exit full screen',
  updatedAt: 'Updated {{time}}',
  noWidgets: 'This dashboard has no widgets yet',
  dashboards: 'Dashboards',
  dateFrom: 'From',
  dateTo: 'To',
  all: 'All',
  widgetError: 'Could not load: {{message}}',
  notFound: 'Dashboard not found',
  cannotLoad: 'This widget could not load its data',
  retry: 'Retry',
  loading: 'Loading',
  refreshFailed: 'Refresh failed; showing the previous data: {{message}}',
  export: 'Export to Excel',
  exportFailed: 'Export failed: {{message}}',
  others: 'Others',
  drillTop: 'All',
  drillPath: 'Drill path',
  clickToDrill: 'Click to drill down',
  clickToOpen: 'Click to see the records',
  vsPrevious: 'Previous',
  vsLastYear: 'Last year',
  comparedRange: 'This period {{current}}, compared with {{from}} – {{to}}',
  subtotal: 'subtotal',
  total: 'Total',
  autoRefresh: 'Refreshes every {{interval}}',
  member: 'Member',
  department: 'Department',
  seconds: '{{n}} s',
  minutes: '{{n}} min',
  hours: '{{n}} h',
  notSupported: 'This data point has no records of its own',
};

/** The dashboard texts in the current language. */
export function useDashboardTexts(): { tx: DashboardTexts; lang: string } {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return { tx: lang.startsWith('en') ? en : zh, lang };
}

export const fillText = (text: string, values: Record<string, string>): string =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
