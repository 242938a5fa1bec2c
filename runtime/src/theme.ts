import type { ThemeConfig } from 'antd';

/** The shared Ant Design theme of the player and the studio. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#4263eb',
    colorInfo: '#4263eb',
    colorSuccess: '#2f9e44',
    borderRadius: 8,
    colorBgLayout: '#f5f7fb',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 24px', siderBg: '#ffffff' },
    Card: { borderRadiusLG: 12 },
  },
};

/** Layout constants shared by page layouts. */
export const PAGE_MAX_WIDTH = 1200;
