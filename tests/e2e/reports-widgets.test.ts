import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import { DESKTOP, PHONE, launchChromium, requireBuiltApps, settled, shoot } from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime', 'builder');

// The report widgets of decision 0010 in the player: drill-down with breadcrumbs and a
// click-through from a drilled level, a pivot table with totals, a KPI compared with the
// previous period, a markdown text, and the same dashboard at phone width.

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'widgets@example.com',
  password: 'correct horse 42',
};
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const options = (...pairs: [string, string, string][]) =>
  pairs.map(([value, zh, en]) => ({ value, label: t(zh, en) }));

const dashboard: Dashboard = {
  id: 'board',
  name: t('经营看板', 'Board'),
  widgets: [
    {
      id: 'sales',
      type: 'kpi',
      title: t('本期销售额', 'Sales this period'),
      layout: { x: 0, y: 0, w: 8, h: 3 },
      source: { form: 'orders' },
      dimensions: [],
      measures: [
        { op: 'sum', field: 'amount', as: 'total', label: t('销售额', 'Sales') },
        { op: 'count', as: 'n', label: t('订单数', 'Orders') },
      ],
      compare: { field: 'orderDate', period: 'previous' },
    },
    {
      id: 'note',
      type: 'text',
      title: t('说明', 'Note'),
      layout: { x: 8, y: 0, w: 16, h: 3 },
      format: 'markdown',
      content: t(
        '**点击柱子**下钻到月份，再点击查看明细。<script>alert(1)</script>\n\n- 金额单位：元',
        '**Click a bar** to drill down.',
      ),
    },
    {
      id: 'byYear',
      type: 'bar',
      title: t('年度销售额', 'Sales by year'),
      layout: { x: 0, y: 3, w: 12, h: 7 },
      source: { form: 'orders' },
      dimensions: [{ field: 'orderDate', bucket: 'year' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount' }],
      drill: {
        levels: [
          { field: 'orderDate', bucket: 'month' },
          { field: 'orderDate', bucket: 'day' },
        ],
      },
      options: { showLabels: true },
    },
    {
      id: 'matrix',
      type: 'pivot',
      title: t('区域 × 状态', 'Region × status'),
      layout: { x: 12, y: 3, w: 12, h: 7 },
      source: { form: 'orders' },
      dimensions: [{ field: 'region' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount', format: { decimals: 0, thousands: true } }],
      pivot: { columns: [{ field: 'status' }], grandTotals: true },
    },
  ],
  filters: [
    { id: 'period', type: 'dateRange', form: 'orders', field: 'orderDate', widgets: ['sales'] },
    { id: 'rep', type: 'member', form: 'orders', field: 'createdBy', widgets: ['matrix'] },
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
          config: { options: options(['east', '华东', 'East'], ['west', '华西', 'West']) },
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
          config: { options: options(['won', '赢单', 'Won'], ['lost', '输单', 'Lost']) },
        },
        { id: 'orderDate', type: 'date', label: t('下单日期', 'Order date') },
      ],
    },
  ],
  dashboards: [dashboard],
  navigation: [],
};

const orders: [string, string, number, string, string][] = [
  ['B1', 'east', 1000, 'won', '2023-06-10'],
  ['B2', 'west', 500, 'lost', '2023-11-02'],
  ['A1', 'east', 100, 'won', '2024-01-05'],
  ['A3', 'west', 300, 'won', '2024-02-03'],
  ['A4', 'west', 50, 'lost', '2024-02-14'],
  ['A5', 'east', 400, 'won', '2024-03-01'],
  ['A6', 'east', 120, 'won', '2024-03-15'],
  ['A7', 'west', 80, 'lost', '2024-03-30'],
];

describe('report widgets', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let appId = '';
  let adminId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    const created = await session.call<{ app: AppDefinition }>('POST', '/apps', salesApp);
    appId = created.app.id;
    adminId = (await session.call<{ user: { id: string } }>('GET', '/auth/me')).user.id;
    await session.call('POST', `/apps/${appId}/forms/orders/records/batch`, {
      items: orders.map(([orderNo, region, amount, status, orderDate]) => ({
        data: { orderNo, region, amount, status, orderDate },
      })),
    });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    await context.addCookies([{ ...session.cookie, domain: '127.0.0.1', path: '/' }]);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a pivot with its total row and column, and markdown without raw HTML', async () => {
    await page.goto(`${server.url}/apps/${appId}/dashboards/board`);
    const pivot = page.getByTestId('widget-matrix').getByTestId('pivot');
    await pivot.waitFor();
    const table = async () =>
      pivot
        .locator('tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
        );
    // East: won 1000 + 100 + 400 + 120; West: won 300, lost 500 + 50 + 80. The measure's own
    // format (no decimals, thousands) replaces the money field's.
    await expect.poll(table).toEqual([
      ['区域', '赢单', '输单', '总计'],
      ['华东', '1,620', '–', '1,620'],
      ['华西', '300', '630', '930'],
      ['总计', '1,920', '630', '2,550'],
    ]);
    // Export: the widget's rows as an .xlsx named after its title.
    const download = page.waitForEvent('download');
    await page.getByTestId('widget-matrix').getByTestId('widget-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/区域.*状态.*\.xlsx$/);
    const bytes = await readFile((await file.path()) ?? '');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const note = page.getByTestId('widget-note');
    await expect.poll(() => note.locator('.tg-md strong').textContent()).toBe('点击柱子');
    expect(await note.locator('script').count()).toBe(0);
    expect(await note.locator('li').textContent()).toBe('金额单位：元');
  });

  it('filters by member with the org member picker', async () => {
    const pivotTotal = page.getByTestId('widget-matrix').locator('.tg-pivot-row-total');
    const sent: unknown[] = [];
    const onRequest = (r: { url(): string; postDataJSON(): unknown }) => {
      if (r.url().endsWith('/dashboards/board/data')) sent.push(r.postDataJSON());
    };
    page.on('request', onRequest);
    await page.getByTestId('filter-rep').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible').getByText('林晓', { exact: true }).click();
    await page.keyboard.press('Escape');
    // The request carries the member's id; every order was created by the admin, so the totals stay.
    await expect.poll(() => sent.length).toBeGreaterThan(0);
    expect(sent.at(-1)).toEqual({ filterState: { rep: { values: [adminId] } } });
    await expect.poll(() => pivotTotal.textContent()).toBe('总计1,9206302,550');
    expect(await page.getByTestId('widget-matrix').getByTestId('widget-error').count()).toBe(0);
    page.off('request', onRequest);
  });

  it('compares the KPI with the previous period of the date filter', async () => {
    const range = page.getByTestId('filter-period');
    await range.locator('input').first().click();
    await range.locator('input').first().fill('2024-03-01');
    await range.locator('input').nth(1).click();
    await range.locator('input').nth(1).fill('2024-03-31');
    await page.keyboard.press('Enter');
    // March 600 against the 31 days before (2024-01-30 … 2024-02-29): 350, so +71.4%.
    const kpi = page.getByTestId('kpi-total');
    await expect.poll(() => kpi.textContent()).toBe('¥600.00');
    const change = page.getByTestId('kpi-change-total');
    await expect.poll(() => change.textContent()).toContain('+71.4%');
    expect(await change.getAttribute('class')).toContain('tg-kpi-good');
    expect(await change.textContent()).toContain('¥350.00');
    // Orders: 3 against 2, +50%.
    await expect.poll(() => page.getByTestId('kpi-change-n').textContent()).toContain('+50%');
    await shoot(page, 'reports-widgets-desktop');
  });

  it('drills a year bar down to its months, back with the breadcrumb, and opens the records of a month', async () => {
    const widget = page.getByTestId('widget-byYear');
    const chart = widget.getByTestId('chart');
    // Clicks a bar once the data has loaded and the bars have finished growing (the chart's
    // drawing no longer changes from frame to frame).
    const clickBar = async (x: number) => {
      await expect.poll(() => widget.locator('.ant-spin-spinning').count()).toBe(0);
      await settled(chart);
      const box = await chart.boundingBox();
      if (!box) throw new Error('chart not visible');
      await page.mouse.click(box.x + box.width * x, box.y + box.height * 0.75);
    };
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/2023.*1,?500.*2024.*1,?050/);
    // Two bars: the right one is 2024.
    await clickBar(0.72);
    await expect
      .poll(() => chart.getAttribute('aria-label'))
      .toMatch(/2024-01.*100.*2024-02.*350.*2024-03.*600/);
    const crumbs = widget.getByTestId('drill-crumbs');
    expect(await crumbs.textContent()).toBe('全部2024');
    await shoot(page, 'reports-widgets-drilled');

    // Back to the years with the breadcrumb, down again, then a month opens its records.
    await widget.getByTestId('drill-crumb-0').click();
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/2023.*2024/);
    expect(await crumbs.count()).toBe(0);
    await clickBar(0.72);
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/2024-03/);
    // Drill to the days of March, then a day (the last level) opens the data view.
    // Months Jan, Feb, Mar: March is the third of three bars.
    await clickBar(0.8);
    await expect.poll(() => crumbs.textContent()).toBe('全部20242024-03');
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/2024-03-01.*2024-03-15.*2024-03-30/);
    // Three days: 03-01 (400) is the first and tallest.
    await clickBar(0.2);
    await page.waitForURL(/\/forms\/orders\?filter=/);
    await expect.poll(() => page.getByTestId('record-count').textContent()).toBe('1 条数据');
    await page.getByTestId('data-view').getByText('A5', { exact: true }).waitFor();
    const chip = await page.getByTestId('url-filter-chip').textContent();
    expect(chip).toContain('下单日期 2024-01-01 ~ 2024-12-31');
    expect(chip).toContain('下单日期 = 2024-03-01');
  });

  it('lays the dashboard out in one column on a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${server.url}/apps/${appId}/dashboards/board`);
    await phone.getByTestId('widget-matrix').getByTestId('pivot').waitFor();
    await expect.poll(() => phone.locator('.tg-pivot-row-total').textContent()).toContain('2,550');
    for (const id of ['sales', 'note', 'byYear', 'matrix']) {
      const box = await phone.getByTestId(`widget-${id}`).boundingBox();
      expect(box?.x).toBeLessThan(40);
      expect(box?.width).toBeGreaterThan(300);
    }
    await shoot(phone, 'reports-widgets-phone');
    await phone.close();
  });

  it('has no page errors', () => {
    expect(errors).toEqual([]);
  });
});
