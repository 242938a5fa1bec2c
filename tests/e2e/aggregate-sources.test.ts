import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { setupApiSession } from './support/api-session';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  dialogSettled,
  drag,
  launchChromium,
  requireBuiltApps,
  shootFromTop,
} from './support/browser';
import { startServer, type RunningServer } from './support/server';

/*
 * Aggregate tables as a data source (issue 12, decision 0036). In the studio's dashboard editor the
 * admin adds a KPI over the aggregate table 库存 (picked next to the forms), drops its measure 数量
 * into the measures and sees the summed balance in the preview and then in the player. In the
 * player, an order line shows the available stock of the line's product in the order's warehouse
 * as the user picks them (0.30: 0.1 + 0.2 exactly), at 1280 and as a card at 390 px.
 */

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河商贸',
  name: '林晓',
  email: 'aggregate-sources-admin@example.com',
  password: 'correct horse 42',
};

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const rel = (id: string, zh: string, en: string, form: string) => ({
  id,
  type: 'relation',
  label: l(zh, en),
  config: { form, multiple: false },
});
const qty = { id: 'qty', type: 'number', label: l('数量', 'Quantity'), config: { precision: 2 } };
const lines = (extra: unknown[] = []) => ({
  id: 'lines',
  type: 'subform',
  label: l('明细', 'Lines'),
  config: { fields: [rel('product', '产品', 'Product', 'products'), qty, ...extra] },
});
const keys = { product: { field: 'product' }, warehouse: { field: 'warehouse', from: 'record' } };
const shopApp = {
  name: l('商贸', 'Trading'),
  icon: 'shop',
  formatVersion: 2,
  forms: [
    {
      id: 'products',
      name: l('产品', 'Products'),
      titleField: 'name',
      fields: [{ id: 'name', type: 'text', label: l('名称', 'Name') }],
    },
    {
      id: 'warehouses',
      name: l('仓库', 'Warehouses'),
      titleField: 'name',
      fields: [{ id: 'name', type: 'text', label: l('名称', 'Name') }],
    },
    {
      id: 'receipts',
      name: l('入库单', 'Receipts'),
      fields: [rel('warehouse', '仓库', 'Warehouse', 'warehouses'), lines()],
    },
    {
      id: 'orders',
      name: l('销售订单', 'Sales orders'),
      fields: [
        rel('warehouse', '仓库', 'Warehouse', 'warehouses'),
        lines([
          {
            id: 'available',
            type: 'lookup',
            label: l('可用库存', 'Available'),
            config: { balance: { aggregate: 'stock', measure: 'qty', keys } },
          },
        ]),
      ],
    },
  ],
  aggregates: [
    {
      id: 'stock',
      name: l('库存', 'Stock'),
      keys: [
        { id: 'product', label: l('产品', 'Product'), type: 'record', form: 'products' },
        { id: 'warehouse', label: l('仓库', 'Warehouse'), type: 'record', form: 'warehouses' },
      ],
      measures: [{ id: 'qty', label: l('数量', 'Quantity'), decimals: 2 }],
      sources: [
        {
          id: 'in',
          form: 'receipts',
          subform: 'lines',
          keys,
          measures: { qty: { field: 'qty', sign: 1 } },
        },
      ],
    },
  ],
};

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000 });

/** Waits until no select dropdown is sliding in or out (a click during the slide can miss). */
const dropdownsSettled = (page: Page) =>
  page.waitForFunction(
    () =>
      !document.querySelector(
        '[class*="slide-up-enter"], [class*="slide-up-appear"], [class*="slide-up-leave"]',
      ),
  );

/** Opens the select `select` and picks the option titled `title`. */
async function pick(page: Page, select: ReturnType<Page['locator']>, title: string): Promise<void> {
  await dropdownsSettled(page);
  await select.click();
  await dropdownsSettled(page);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByTitle(title, { exact: true })
    .click();
  await poll(() => select.textContent()).toContain(title);
  await dropdownsSettled(page);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  await shootFromTop(page, name);
}

describe('aggregate tables as a source: a dashboard KPI and available stock on an order line', () => {
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
    appId = (await call<{ app: AppDefinition }>('POST', '/apps', shopApp)).app.id;
    const create = async (form: string, data: Record<string, unknown>) =>
      (await call<{ record: { id: string } }>('POST', `/apps/${appId}/forms/${form}/records`, { data }))
        .record.id;
    const screw = await create('products', { name: '螺丝 M4' });
    const nut = await create('products', { name: '螺母 M4' });
    const sh = await create('warehouses', { name: '上海仓' });
    const bj = await create('warehouses', { name: '北京仓' });
    await create('receipts', {
      warehouse: sh,
      lines: [
        { product: screw, qty: 0.1 },
        { product: screw, qty: 0.2 },
        { product: nut, qty: 5 },
      ],
    });
    await create('receipts', { warehouse: bj, lines: [{ product: screw, qty: 2 }] });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    await context.addCookies([{ ...session.cookie, url: server.url }]);
    page = await context.newPage();
    collectPageErrors(page, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds a KPI over 库存 in the dashboard editor and sees the summed balance', async () => {
    await page.goto(`${server.url}/studio/apps/${appId}`);
    await page.getByTestId('new-dashboard').click();
    await page.getByTestId('dashboard-name').fill('库存看板');
    await dialogSettled(page);
    await page.locator('#dashboard-dialog-ok').click();

    await pick(page, page.getByTestId('add-widget-type'), '指标卡');
    await pick(page, page.getByTestId('add-widget-form'), '库存 · 聚合表');
    await page.getByTestId('add-widget').click();
    await page.getByTestId('canvas-widget-kpi_1').waitFor();
    // The field list is the aggregate table's keys and measures.
    await page.getByTestId('dashboard-field-product').waitFor();
    await drag(page, page.getByTestId('dashboard-field-qty'), page.getByTestId('slot-measures'));
    await page.getByTestId('measure-sum_qty').waitFor();
    await page.getByTestId('measure-count').getByRole('button', { name: '删除' }).click();
    await page.getByTestId('measure-count').waitFor({ state: 'detached' });
    const preview = page.getByTestId('canvas-widget-kpi_1').getByTestId('kpi-sum_qty');
    await poll(() => preview.textContent()).toBe('7.30');
    await shoot(page, 'aggregate-sources-editor-desktop');

    await page.getByTestId('dashboard-save').click();
    await page.getByText('已保存').waitFor();
    const { app } = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const board = app.dashboards?.find((d) => d.name['zh-CN'] === '库存看板');
    expect(board?.widgets).toEqual([
      expect.objectContaining({
        type: 'kpi',
        source: { aggregate: 'stock' },
        measures: [{ op: 'sum', field: 'qty', as: 'sum_qty' }],
      }),
    ]);

    await page.goto(`${server.url}/apps/${appId}/dashboards/${board?.id}`);
    await poll(() => page.getByTestId('widget-kpi_1').getByTestId('kpi-sum_qty').textContent()).toBe('7.30');
    await shoot(page, 'aggregate-sources-dashboard-desktop');
    await page.setViewportSize(PHONE);
    await poll(() => page.getByTestId('widget-kpi_1').getByTestId('kpi-sum_qty').textContent()).toBe('7.30');
    await shoot(page, 'aggregate-sources-dashboard-phone');
    await page.setViewportSize(DESKTOP);
  });

  it("narrows the KPI to one warehouse with a key filter, set in the editor's balance conditions", async () => {
    const { app } = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const board = app.dashboards!.find((d) => d.name['zh-CN'] === '库存看板')!;
    await page.goto(`${server.url}/studio/apps/${appId}/dashboards/${board.id}`);
    await page.getByTestId('canvas-widget-kpi_1').click();
    const section = page.getByTestId('balance-source');
    await section.getByTestId('key-filter-on').click();
    await pick(page, section.getByTestId('key-filter-key'), '仓库');
    const editor = section.getByTestId('key-filter-editor');
    await editor.getByText('添加条件', { exact: true }).click();
    await editor.locator('.tg-filter-field').click();
    await dropdownsSettled(page);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle('名称', { exact: true })
      .click();
    await editor.locator('.tg-filter-value input').fill('上海仓');
    // Only the Shanghai balances: 0.1 + 0.2 screws and 5 nuts.
    const preview = page.getByTestId('canvas-widget-kpi_1').getByTestId('kpi-sum_qty');
    await poll(() => preview.textContent()).toBe('5.30');
    await shoot(page, 'aggregate-sources-key-filter-desktop');
    await page.getByTestId('dashboard-save').click();
    await page.getByText('已保存').waitFor();
    const saved = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const widget = saved.app.dashboards!.find((d) => d.id === board.id)!.widgets[0]!;
    const source = (widget as { source: { keyFilter?: { key: string; filter: unknown } } }).source;
    expect(source.keyFilter?.key).toBe('warehouse');
    expect(JSON.stringify(source.keyFilter?.filter)).toContain('"value":"上海仓"');
    await page.goto(`${server.url}/apps/${appId}/dashboards/${board.id}`);
    await poll(() => page.getByTestId('widget-kpi_1').getByTestId('kpi-sum_qty').textContent()).toBe('5.30');
  });

  it('shows the available stock of an order line as the user picks warehouse and product', async () => {
    await page.goto(`${server.url}/apps/${appId}/forms/orders/new`);
    await page.getByTestId('form-renderer').waitFor();
    await pick(page, page.locator('.ant-select', { has: page.locator('#field-warehouse') }), '上海仓');
    await page.getByRole('button', { name: '添加一行' }).click();
    const available = page.getByTestId('balance-available').first();
    await available.waitFor();
    await pick(page, page.locator('.ant-select', { has: page.locator('#field-lines-0-product') }), '螺丝 M4');
    await poll(() => available.textContent()).toBe('0.30');
    await shoot(page, 'aggregate-sources-order-desktop');
    // Another warehouse: the same line shows that warehouse's balance.
    await pick(page, page.locator('.ant-select', { has: page.locator('#field-warehouse') }), '北京仓');
    await poll(() => available.textContent()).toBe('2.00');
    await page.setViewportSize(PHONE);
    await poll(() => page.getByTestId('balance-available').first().textContent()).toBe('2.00');
    // The phone layout re-renders the subform; scroll once the new cell has settled.
    await poll(() =>
      page
        .getByTestId('balance-available')
        .first()
        .scrollIntoViewIfNeeded({ timeout: 2_000 })
        .then(() => true)
        .catch(() => false),
    ).toBe(true);
    await shoot(page, 'aggregate-sources-order-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('configures the balance in the studio: the key of the row and the key of the order', async () => {
    await page.goto(`${server.url}/studio/apps/${appId}/forms/orders`);
    await page.getByTestId('column-available').click();
    const source = page.getByTestId('prop-lookup-source');
    await source.waitFor();
    // In a subform a lookup can only read a balance: the relation choice is greyed out.
    expect(await source.locator('.ant-segmented-item-selected').textContent()).toBe('聚合表余额');
    await poll(() => page.getByTestId('prop-balance-key-warehouse').textContent()).toBe('仓库（主表）');
    expect(await page.getByTestId('prop-balance-key-product').textContent()).toBe('产品');
    await pick(page, page.getByTestId('prop-balance-measure'), '数量');
    await shoot(page, 'aggregate-sources-lookup-editor-desktop');
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});
