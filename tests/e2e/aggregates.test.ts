import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { setupApiSession } from './support/api-session';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  dialogSettled,
  launchChromium,
  requireBuiltApps,
  shootFromTop,
} from './support/browser';
import { startServer, type RunningServer } from './support/server';

/*
 * Aggregate tables end to end (issue 12 point 2, decision 0028). In the studio's aggregate designer
 * the admin builds "库存" (stock by product): receipts post +qty, shipments post −qty, and the
 * balance may never go below zero; saves it and checks it with a dry-run rebuild. Receipts are
 * seeded through the API; in the player a shipment of 3 goes through, the balances page (reached
 * from the app's navigation) shows 7 left at 1280 and as cards at 390 px, and a shipment of 50 is
 * refused in the form with the server's message naming the product and the shortfall.
 */

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河仓储',
  name: '林晓',
  email: 'aggregates-admin@example.com',
  password: 'correct horse 42',
};
const PRODUCT = '螺丝 M4';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const rel = (id: string, zh: string, en: string) => ({
  id,
  type: 'relation',
  label: l(zh, en),
  config: { form: 'products', multiple: false },
});
const qty = { id: 'qty', type: 'number', label: l('数量', 'Quantity'), config: { precision: 0 } };
const inventoryApp = {
  name: l('仓储', 'Inventory'),
  icon: 'shop',
  formatVersion: 2,
  forms: [
    {
      id: 'products',
      name: l('产品', 'Products'),
      titleField: 'name',
      fields: [{ id: 'name', type: 'text', label: l('名称', 'Name'), config: {} }],
    },
    { id: 'receipts', name: l('入库单', 'Receipts'), fields: [rel('product', '产品', 'Product'), qty] },
    { id: 'shipments', name: l('出库单', 'Shipments'), fields: [rel('product', '产品', 'Product'), qty] },
  ],
};

/** expect.poll with room for a round trip and a re-render. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000 });

/** Waits until no select dropdown is sliding in or out (a click during the slide can miss). */
const dropdownsSettled = (page: Page) =>
  page.waitForFunction(
    () =>
      !document.querySelector(
        '[class*="slide-up-enter"], [class*="slide-up-appear"], [class*="slide-up-leave"]',
      ),
  );

/** Picks `title` in the select `testId` and waits until the select shows it. */
async function pick(page: Page, testId: string, title: string): Promise<void> {
  const select = page.getByTestId(testId);
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

/** Picks the product in the player form's relation picker (its options load from the server). */
async function pickProduct(page: Page): Promise<void> {
  await page.locator('#field-product').click();
  await dropdownsSettled(page);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(PRODUCT).click();
  const picker = page.locator('.ant-select', { has: page.locator('#field-product') });
  await poll(() => picker.textContent()).toContain(PRODUCT);
  await dropdownsSettled(page);
}

/** A screenshot once the confirmation toasts have gone (they cover the header). */
async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  await shootFromTop(page, name);
}

describe('aggregate tables: designer, balances, refusal in the form', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let appId = '';
  let productId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    appId = (await call<{ app: AppDefinition }>('POST', '/apps', inventoryApp)).app.id;
    productId = (
      await call<{ record: { id: string } }>('POST', `/apps/${appId}/forms/products/records`, {
        data: { name: PRODUCT },
      })
    ).record.id;
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

  it('designs 库存 in the studio: key, two sources with opposite signs, a rule; saves it', async () => {
    await page.goto(`${server.url}/studio/apps/${appId}`);
    await page.getByTestId('open-aggregates').click();
    await page.getByTestId('aggregate-designer').waitFor();
    await page.getByTestId('aggregate-add').click();
    await page.getByTestId('aggregate-gaps').waitFor();
    await page.getByTestId('aggregate-name').fill('库存');

    await page.getByTestId('key-add').click();
    await page.getByTestId('key-key_1-label').fill('产品');

    await page.getByTestId('source-add').click();
    await pick(page, 'source-source_1-form', '入库单');
    await pick(page, 'source-source_1-key-key_1', '产品');
    await pick(page, 'source-source_1-posting-qty-mode', '字段');

    await page.getByTestId('source-add').click();
    await pick(page, 'source-source_2-form', '出库单');
    await pick(page, 'source-source_2-key-key_1', '产品');
    await pick(page, 'source-source_2-posting-qty-mode', '字段');
    await pick(page, 'source-source_2-posting-qty-sign', '− 减少');

    await page.getByTestId('rule-add').click();
    await page.getByTestId('aggregate-gaps').waitFor({ state: 'detached' });
    await shoot(page, 'aggregates-designer-desktop');
    await page.setViewportSize(PHONE);
    await page.getByTestId('rule-0').waitFor();
    await shoot(page, 'aggregates-designer-phone');
    await page.setViewportSize(DESKTOP);

    await page.getByTestId('aggregates-save').click();
    await page.locator('.ant-message-success').waitFor();
    const { app } = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    expect(app.aggregates).toEqual([
      {
        id: 'aggregate_1',
        name: { 'zh-CN': '库存', en: 'Aggregate 1' },
        keys: [{ id: 'key_1', label: { 'zh-CN': '产品', en: 'Key 1' }, type: 'record', form: 'products' }],
        measures: [{ id: 'qty', label: { 'zh-CN': '数量', en: 'Quantity' }, decimals: 0 }],
        sources: [
          {
            id: 'source_1',
            form: 'receipts',
            keys: { key_1: { field: 'product', from: 'record' } },
            measures: { qty: { field: 'qty', from: 'record', sign: 1 } },
          },
          {
            id: 'source_2',
            form: 'shipments',
            keys: { key_1: { field: 'product', from: 'record' } },
            measures: { qty: { field: 'qty', from: 'record', sign: -1 } },
          },
        ],
        rules: [{ measure: 'qty', op: '>=', value: 0 }],
      },
    ]);
    expect(app.navigation).toEqual([
      { kind: 'form', target: 'products' },
      { kind: 'form', target: 'receipts' },
      { kind: 'form', target: 'shipments' },
      { kind: 'aggregate', target: 'aggregate_1' },
    ]);
  });

  it('checks the balances with a dry-run rebuild: nothing differs', async () => {
    await page.getByTestId('aggregate-rebuild').click();
    await dialogSettled(page);
    await poll(() => page.getByTestId('aggregate-rebuild-report').textContent()).toContain(
      '余额与来源数据一致',
    );
    expect(await page.getByTestId('aggregate-rebuild-apply').count()).toBe(0);
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('aggregate-rebuild-report').waitFor({ state: 'hidden' });
  });

  it('ships 3 in the player and shows 7 left on the balances page, as cards on a phone', async () => {
    for (const n of [6, 4])
      await call('POST', `/apps/${appId}/forms/receipts/records`, { data: { product: productId, qty: n } });
    await page.goto(`${server.url}/apps/${appId}/forms/shipments/new`);
    await page.getByTestId('form-renderer').waitFor();
    await pickProduct(page);
    await page.getByLabel('数量').fill('3');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });

    await page.getByTestId('form-menu').getByText('库存').click();
    await page.getByTestId('balances-table').waitFor();
    const row = page.getByTestId('balances-table').locator('tbody tr', { hasText: PRODUCT });
    await poll(() => row.textContent()).toContain('7');
    await shoot(page, 'aggregates-balances-desktop');
    await page.setViewportSize(PHONE);
    await page.getByTestId('balance-card').first().waitFor();
    await poll(() => page.getByTestId('balance-card').first().textContent()).toBe(`${PRODUCT}数量7`);
    await shoot(page, 'aggregates-balances-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('refuses a shipment of 50 in the form with the product and the shortfall; nothing is stored', async () => {
    await page.goto(`${server.url}/apps/${appId}/forms/shipments/new`);
    await page.getByTestId('form-renderer').waitFor();
    await pickProduct(page);
    await page.getByLabel('数量').fill('50');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('form-renderer').getByText(`${PRODUCT}：可用 7，需要 50`).waitFor();
    await shoot(page, 'aggregates-refused-desktop');
    await page.setViewportSize(PHONE);
    await page.getByTestId('form-renderer').getByText(`${PRODUCT}：可用 7，需要 50`).scrollIntoViewIfNeeded();
    await shoot(page, 'aggregates-refused-phone');
    await page.setViewportSize(DESKTOP);

    const shipments = await call<{ items: unknown[] }>('GET', `/apps/${appId}/forms/shipments/records`);
    expect(shipments.items).toHaveLength(1);
    const balances = await call<{
      items: { titles: Record<string, string>; values: Record<string, string> }[];
    }>('GET', `/apps/${appId}/aggregates/aggregate_1/balances`);
    expect(balances.items).toEqual([
      { key: { key_1: productId }, titles: { key_1: PRODUCT }, values: { qty: '7' } },
    ]);
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});
