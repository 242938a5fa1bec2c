import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import {
  DESKTOP,
  PHONE,
  launchChromium,
  shoot,
  requireBuiltApps,
  drag,
  dialogSettled,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'reports@example.com',
  password: 'correct horse 42',
};
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const options = (...pairs: [string, string, string][]) =>
  pairs.map(([value, zh, en]) => ({ value, label: t(zh, en) }));

const overview: Dashboard = {
  id: 'overview',
  name: t('销售概览', 'Sales overview'),
  widgets: [
    {
      id: 'total',
      type: 'kpi',
      title: t('销售总额', 'Total amount'),
      layout: { x: 0, y: 0, w: 8, h: 3 },
      source: { form: 'orders' },
      dimensions: [],
      measures: [
        { op: 'sum', field: 'amount', as: 'total' },
        { op: 'count', as: 'orders', label: t('订单数', 'Orders') },
      ],
    },
    {
      id: 'note',
      type: 'text',
      title: t('说明', 'Note'),
      layout: { x: 8, y: 0, w: 16, h: 3 },
      content: t('金额单位：元。数据每次打开时刷新。', 'Amounts in CNY.'),
    },
    {
      id: 'byMonth',
      type: 'line',
      title: t('月度销售额', 'Amount by month'),
      layout: { x: 0, y: 3, w: 14, h: 7 },
      source: { form: 'orders' },
      dimensions: [{ field: 'orderDate', bucket: 'month' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount' }],
    },
    {
      id: 'byStatus',
      type: 'pie',
      title: t('订单状态', 'Status'),
      layout: { x: 14, y: 3, w: 10, h: 7 },
      source: { form: 'orders' },
      dimensions: [{ field: 'status' }],
      measures: [{ op: 'count', as: 'n' }],
      options: { donut: true },
    },
    {
      id: 'latest',
      type: 'table',
      title: t('最新订单', 'Latest orders'),
      layout: { x: 0, y: 10, w: 24, h: 6 },
      source: { form: 'orders' },
      columns: ['orderNo', 'region', 'amount', 'orderDate'],
      sort: [{ field: 'orderDate', dir: 'desc' }],
      limit: 5,
    },
  ],
  filters: [
    {
      id: 'period',
      type: 'dateRange',
      form: 'orders',
      field: 'orderDate',
      widgets: ['total', 'byMonth', 'byStatus', 'latest'],
    },
  ],
};

const salesApp = {
  name: t('销售管理', 'Sales'),
  icon: 'shop',
  formatVersion: 1,
  forms: [
    {
      id: 'orders',
      name: t('订单', 'Orders'),
      fields: [
        { id: 'orderNo', type: 'text', label: t('订单号', 'Order') },
        {
          id: 'region',
          type: 'select',
          label: t('区域', 'Region'),
          config: {
            options: options(['east', '华东', 'East'], ['west', '华西', 'West'], ['north', '华北', 'North']),
          },
        },
        {
          id: 'amount',
          type: 'money',
          label: t('金额', 'Amount'),
          config: { precision: 2, currency: 'CNY' },
        },
        {
          id: 'status',
          type: 'select',
          label: t('状态', 'Status'),
          config: {
            options: options(['open', '进行中', 'Open'], ['won', '赢单', 'Won'], ['lost', '输单', 'Lost']),
          },
        },
        { id: 'orderDate', type: 'date', label: t('下单日期', 'Order date') },
      ],
    },
  ],
  dashboards: [overview],
  navigation: [],
};

const orders: [string, string, number, string, string][] = [
  ['A1', 'east', 100, 'won', '2024-01-05'],
  ['A2', 'east', 250.5, 'open', '2024-01-20'],
  ['A3', 'west', 300, 'won', '2024-02-03'],
  ['A4', 'west', 50, 'lost', '2024-02-14'],
  ['A5', 'north', 400, 'won', '2024-03-01'],
  ['A6', 'east', 120, 'won', '2024-03-15'],
  ['A7', 'north', 80, 'open', '2024-03-30'],
  ['A8', 'west', 200, 'lost', '2024-04-02'],
];

describe('reports', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let appId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    const created = await call<{ app: AppDefinition }>('POST', '/apps', salesApp);
    appId = created.app.id;
    await call('POST', `/apps/${appId}/forms/orders/records/batch`, {
      items: orders.map(([orderNo, region, amount, status, orderDate]) => ({
        data: { orderNo, region, amount, status, orderDate },
      })),
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addCookies([{ ...session.cookie, domain: '127.0.0.1', path: '/' }]);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a saved dashboard in the player from the app navigation, with a working date filter', async () => {
    await page.goto(`${server.url}/apps/${appId}`);
    await page.getByRole('menuitem', { name: '销售概览' }).click();
    await page.waitForURL(/\/dashboards\/overview$/);
    const kpi = page.getByTestId('kpi-total');
    await expect.poll(() => kpi.textContent()).toContain('1,500.50');
    expect(await page.getByTestId('kpi-orders').textContent()).toBe('8');
    // The pie's aria description lists its slices with the API's counts.
    const pie = page.getByTestId('widget-byStatus').getByTestId('chart');
    await expect.poll(() => pie.getAttribute('aria-label')).toMatch(/赢单.*4/);
    await page.getByTestId('widget-latest').getByText('A8').waitFor();
    await shoot(page, 'reports-player-desktop');

    // A range on the linked date filter changes the KPI.
    const range = page.getByTestId('filter-period');
    await range.locator('input').first().click();
    await range.locator('input').first().fill('2024-02-01');
    await range.locator('input').nth(1).click();
    await range.locator('input').nth(1).fill('2024-03-15');
    await page.keyboard.press('Enter');
    await expect.poll(() => kpi.textContent()).toContain('870.00');

    // Full screen and back.
    await page.getByTestId('widget-byMonth').getByTestId('widget-fullscreen').click();
    await expect.poll(() => page.locator('.tg-widget-full').count()).toBe(1);
    await page.getByTestId('widget-byMonth').getByTestId('widget-fullscreen').click();
    await expect.poll(() => page.locator('.tg-widget-full').count()).toBe(0);
  });

  it('stacks widgets in one column on a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${server.url}/apps/${appId}/dashboards/overview`);
    await expect.poll(() => phone.getByTestId('kpi-total').textContent()).toContain('1,500.50');
    const boxes = await Promise.all(
      ['total', 'byMonth', 'byStatus'].map((id) => phone.getByTestId(`widget-${id}`).boundingBox()),
    );
    for (const box of boxes) {
      expect(box?.x).toBeLessThan(40);
      expect(box?.width).toBeGreaterThan(300);
    }
    await shoot(phone, 'reports-player-phone');
    await phone.close();
  });

  it('builds a bar chart in the studio by dragging fields, saves it and shows the same bars in the player', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/studio/apps/${appId}`);
    await page.getByTestId('new-dashboard').click();
    await page.getByTestId('dashboard-name').fill('区域销售');
    await dialogSettled(page);
    await page.locator('#dashboard-dialog-ok').click();
    await page.getByTestId('add-widget').click();
    const cell = page.getByTestId('canvas-widget-bar_1');
    await cell.waitFor();

    await drag(page, page.getByTestId('dashboard-field-region'), page.getByTestId('slot-dimensions'));
    await page.getByTestId('dimension-region').waitFor();
    await drag(page, page.getByTestId('dashboard-field-amount'), page.getByTestId('slot-measures'));
    await page.getByTestId('measure-sum_amount').waitFor();
    // The op is chosen per measure: average, then back to sum.
    await page.getByTestId('measure-op-0').click();
    await page.getByTitle('平均值').click();
    await page.getByTestId('measure-avg_amount').waitFor();
    await page.getByTestId('measure-op-0').click();
    await page.getByTitle('求和').click();
    await page.getByTestId('measure-sum_amount').waitFor();
    await page.getByTestId('widget-title').fill('各区域销售额');

    // The live preview is the runtime's chart over the aggregate API.
    const preview = cell.getByTestId('chart');
    await expect.poll(() => preview.getAttribute('aria-label')).toMatch(/华东.*470\.5/);

    // Resize with the inputs and move by dragging the handle.
    await page.getByTestId('widget-w').fill('16');
    await page.getByTestId('widget-w').press('Tab');
    await page.getByTestId('add-widget-type').click();
    await page.getByTitle('指标卡').click();
    await page.getByTestId('add-widget').click();
    await page.getByTestId('canvas-widget-kpi_1').waitFor();
    const before = await page.getByTestId('canvas-widget-kpi_1').boundingBox();
    await drag(page, page.getByTestId('move-kpi_1'), page.getByTestId('canvas-widget-bar_1'));
    await expect
      .poll(async () => (await page.getByTestId('canvas-widget-kpi_1').boundingBox())?.y)
      .toBeLessThan(before?.y ?? 0);
    await shoot(page, 'reports-studio-editor');
    // A colour set for the bar chart.
    await page.getByTestId('canvas-widget-bar_1').getByText('各区域销售额').click();
    await page.getByTestId('palette-warm').click();
    await expect.poll(() => page.getByTestId('palette-warm').getAttribute('aria-checked')).toBe('true');

    await page.getByTestId('dashboard-save').click();
    await page.getByText('已保存').waitFor();
    const saved = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const dashboard = saved.app.dashboards?.find((d) => d.name['zh-CN'] === '区域销售');
    expect(dashboard?.widgets.map((w) => w.id).sort()).toEqual(['bar_1', 'kpi_1']);
    const bar = dashboard?.widgets.find((w) => w.id === 'bar_1');
    expect(bar).toMatchObject({
      type: 'bar',
      layout: { w: 16 },
      dimensions: [{ field: 'region' }],
      measures: [{ op: 'sum', field: 'amount', as: 'sum_amount' }],
      options: { colors: ['#ea580c', '#f59e0b', '#dc2626', '#d97706', '#be123c', '#a16207'] },
    });

    // The player shows the same numbers the API answers.
    const data = await call<{ widgets: Record<string, { rows: Record<string, unknown>[] }> }>(
      'POST',
      `/apps/${appId}/dashboards/${dashboard?.id}/data`,
      {},
    );
    expect(data.widgets.bar_1?.rows).toEqual([
      { region: 'east', sum_amount: 470.5 },
      { region: 'north', sum_amount: 480 },
      { region: 'west', sum_amount: 550 },
    ]);
    await page.goto(`${server.url}/apps/${appId}/dashboards/${dashboard?.id}`);
    const chart = page.getByTestId('widget-bar_1').getByTestId('chart');
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/华东.*470\.5.*华北.*480.*华西.*550/);
    await page.getByTestId('widget-bar_1').getByText('各区域销售额').waitFor();
    await shoot(page, 'reports-player-built');

    // Clicking the East bar opens the form's records filtered to exactly the East orders, with a
    // removable chip saying so.
    const box = await chart.boundingBox();
    if (!box) throw new Error('chart not visible');
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.8);
    await page.waitForURL(/\/apps\/[^/]+\/forms\/orders\?filter=/);
    const chip = page.getByTestId('url-filter-chip');
    await expect.poll(() => chip.textContent()).toContain('区域 = 华东');
    await expect.poll(() => page.getByTestId('record-count').textContent()).toBe('3 条数据');
    const view = page.getByTestId('data-view');
    for (const no of ['A1', 'A2', 'A6']) await view.getByText(no, { exact: true }).waitFor();
    expect(await view.getByText('A3', { exact: true }).count()).toBe(0);
    await shoot(page, 'reports-click-through');
    await chip.locator('.ant-tag-close-icon').click();
    await expect.poll(() => page.getByTestId('record-count').textContent()).toBe('8 条数据');
    expect(page.url()).not.toContain('filter=');
    expect(await chip.count()).toBe(0);
  });

  it('has no page errors', () => {
    expect(errors).toEqual([]);
  });
});
