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
};

/** The dashboard texts in the current language. */
export function useDashboardTexts(): { tx: DashboardTexts; lang: string } {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return { tx: lang.startsWith('en') ? en : zh, lang };
}

export const fillText = (text: string, values: Record<string, string>): string =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
