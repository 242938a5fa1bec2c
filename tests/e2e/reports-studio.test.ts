import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  DESKTOP,
  drag,
  launchChromium,
  pickMenuItem,
  requireBuiltApps,
  shoot,
  dialogSettled,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime', 'builder');

// The studio's report designer beyond the bar chart: a pivot built by dragging fields onto rows,
// columns and measures, a KPI with a calculated measure typed in the formula editor, a date
// filter linked to some widgets (with undo / redo), all saved and shown in the player.

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'studio@example.com',
  password: 'correct horse 42',
};
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const options = (...pairs: [string, string, string][]) =>
  pairs.map(([value, zh, en]) => ({ value, label: t(zh, en) }));

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
  navigation: [],
};

const orders: [string, string, number, string, string][] = [
  ['A1', 'east', 100, 'won', '2024-01-05'],
  ['A2', 'west', 300, 'won', '2024-02-03'],
  ['A3', 'west', 50, 'lost', '2024-02-14'],
  ['A4', 'east', 400, 'won', '2024-03-01'],
];

describe('report designer', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let appId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    appId = (await call<{ app: AppDefinition }>('POST', '/apps', salesApp)).app.id;
    await call('POST', `/apps/${appId}/forms/orders/records/batch`, {
      items: orders.map(([orderNo, region, amount, status, orderDate]) => ({
        data: { orderNo, region, amount, status, orderDate },
      })),
    });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.addCookies([{ ...session.cookie, domain: '127.0.0.1', path: '/' }]);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // antd puts a checkbox's test id on the input or on its wrapper depending on the version.
  const checked = (testId: string) =>
    page
      .getByTestId(testId)
      .evaluate((el) => (el instanceof HTMLInputElement ? el : el.querySelector('input'))?.checked ?? null);
  const pick = async (testId: string, option: string) => {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  };

  it('designs a pivot, a KPI with a formula and a linked date filter, and the player shows them', async () => {
    await page.goto(`${server.url}/studio/apps/${appId}`);
    await page.getByTestId('new-dashboard').click();
    await page.getByTestId('dashboard-name').fill('经营分析');
    await dialogSettled(page);
    await page.locator('#dashboard-dialog-ok').click();

    // A pivot: region down, status across, sum of amount in the cells, totals on.
    await pick('add-widget-type', '透视表');
    await page.getByTestId('add-widget').click();
    await page.getByTestId('canvas-widget-pivot_1').waitFor();
    await drag(page, page.getByTestId('dashboard-field-region'), page.getByTestId('slot-dimensions'));
    await page.getByTestId('dimension-region').waitFor();
    await drag(page, page.getByTestId('dashboard-field-status'), page.getByTestId('slot-pivot-columns'));
    await page.getByTestId('pivot-column-status').waitFor();
    await drag(page, page.getByTestId('dashboard-field-amount'), page.getByTestId('slot-measures'));
    await page.getByTestId('measure-sum_amount').waitFor();
    expect(await checked('pivot-grandTotals')).toBe(true);

    // A KPI (record count) with a calculated measure: twice the count.
    await pick('add-widget-type', '指标卡');
    await page.getByTestId('add-widget').click();
    await page.getByTestId('canvas-widget-kpi_1').waitFor();
    await page.getByTestId('add-formula').click();
    const editor = page.getByTestId('measure-formula-1');
    await editor.locator('.monaco-editor').waitFor();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    // Monaco closes the brace itself: type the name, leave the suggestions, step over the brace.
    await page.keyboard.type('{count');
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.type(' * 2');
    await expect
      .poll(async () => (await editor.locator('.view-lines').textContent())?.replace(/\u00a0/g, ' '))
      .toBe('{count} * 2');

    // A date filter: linked to both widgets at first; unlink the KPI, undo, redo.
    await pickMenuItem(page, page.getByTestId('add-filter'), '日期范围');
    await page.getByTestId('filter-props').waitFor();
    expect(await page.getByTestId('filter-chip-filter_1').textContent()).toContain('下单日期');
    expect(await checked('filter-link-pivot_1')).toBe(true);
    expect(await checked('filter-link-kpi_1')).toBe(true);
    await page.getByTestId('filter-link-kpi_1').click();
    await expect.poll(() => checked('filter-link-kpi_1')).toBe(false);
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => checked('filter-link-kpi_1')).toBe(true);
    await page.getByRole('button', { name: '重做' }).click();
    await expect.poll(() => checked('filter-link-kpi_1')).toBe(false);
    await shoot(page, 'reports-studio-filters');
    await page.getByTestId('canvas-widget-kpi_1').click();
    await page.getByTestId('compare-settings').waitFor();
    await page.getByTestId('canvas-widget-pivot_1').click();
    await page.getByTestId('pivot-grandTotals').waitFor();
    await shoot(page, 'reports-studio-pivot');

    await page.getByTestId('dashboard-save').click();
    await page.getByText('已保存').waitFor();
    const saved = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const board = saved.app.dashboards?.find((d) => d.name['zh-CN'] === '经营分析');
    expect(board?.filters).toEqual([
      { id: 'filter_1', type: 'dateRange', form: 'orders', field: 'orderDate', widgets: ['pivot_1'] },
    ]);
    expect(board?.widgets.find((w) => w.id === 'pivot_1')).toMatchObject({
      type: 'pivot',
      dimensions: [{ field: 'region' }],
      pivot: { columns: [{ field: 'status' }], grandTotals: true },
      measures: [{ op: 'sum', field: 'amount', as: 'sum_amount' }],
    });
    expect(board?.widgets.find((w) => w.id === 'kpi_1')).toMatchObject({
      measures: [
        { op: 'count', as: 'count' },
        { op: 'formula', formula: '{count} * 2', as: 'formula' },
      ],
    });

    // Rollups for the saved widgets, built from the studio: the player's numbers below read them.
    await page.getByTestId('rollups-button').click();
    const rollups = page.getByTestId('rollups-drawer');
    await rollups.getByTestId('rollup-spec').first().waitFor();
    await rollups.getByTestId('rollups-build').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await expect.poll(() => rollups.getByText('已构建', { exact: true }).count()).toBeGreaterThan(0);
    await shoot(page, 'reports-studio-rollups');
    const kept = await call<{ built: unknown[] }>('GET', `/apps/${appId}/forms/orders/rollups`);
    expect(kept.built.length).toBeGreaterThan(0);

    // The player: pivot with totals, the KPI's formula, and the date filter narrowing the pivot only.
    await page.goto(`${server.url}/apps/${appId}/dashboards/${board?.id}`);
    const pivot = page.getByTestId('widget-pivot_1').getByTestId('pivot');
    await expect
      .poll(() => pivot.locator('.tg-pivot-row-total').textContent())
      .toBe('总计¥800.00¥50.00¥850.00');
    await expect.poll(() => page.getByTestId('kpi-formula').textContent()).toBe('8');
    const range = page.getByTestId('filter-filter_1');
    await range.locator('input').first().click();
    await range.locator('input').first().fill('2024-02-01');
    await range.locator('input').nth(1).click();
    await range.locator('input').nth(1).fill('2024-02-29');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => pivot.locator('.tg-pivot-row-total').textContent())
      .toBe('总计¥300.00¥50.00¥350.00');
    expect(await page.getByTestId('kpi-count').textContent()).toBe('4');
    await shoot(page, 'reports-studio-player');
  });

  it('has no page errors', () => {
    expect(errors).toEqual([]);
  });
});
