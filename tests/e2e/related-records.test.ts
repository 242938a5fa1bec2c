/**
 * The record drawer's Related tab (decision 0060): a master-data customer opened from its link
 * (`?record=`) lists the ERP's orders and invoices that link to it and the receivables keyed by
 * it; a row opens that order in the ERP with its drawer open; "view all" opens the orders filtered
 * by the customer. zh-CN at desktop width, en at phone width.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, PHONE, requireBuiltApps, shoot } from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const toCustomer = {
  id: 'customer',
  type: 'relation',
  label: l('客户', 'Customer'),
  config: { app: 'master', form: 'customers' },
};
const amount = { id: 'amount', type: 'number', label: l('金额', 'Amount'), config: { precision: 2 } };

describe('related records in the record drawer', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acme: string;

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    await api.call('POST', '/apps', {
      id: 'master',
      name: l('基础资料', 'Master data'),
      formatVersion: 2,
      forms: [
        {
          id: 'customers',
          name: l('客户', 'Customers'),
          titleField: 'name',
          fields: [{ id: 'name', type: 'text', label: l('客户名称', 'Name') }],
        },
      ],
      navigation: [{ kind: 'form', target: 'customers' }],
    });
    await api.call('POST', '/apps', {
      id: 'erp',
      name: l('进销存', 'ERP'),
      formatVersion: 2,
      forms: [
        {
          id: 'orders',
          name: l('销售订单', 'Sales orders'),
          titleField: 'no',
          fields: [{ id: 'no', type: 'text', label: l('订单号', 'Order no.') }, toCustomer, amount],
        },
        {
          id: 'invoices',
          name: l('发票', 'Invoices'),
          titleField: 'no',
          fields: [{ id: 'no', type: 'text', label: l('发票号', 'Invoice no.') }, toCustomer, amount],
        },
      ],
      navigation: [
        { kind: 'form', target: 'orders' },
        { kind: 'form', target: 'invoices' },
      ],
      aggregates: [
        {
          id: 'receivables',
          name: l('应收账款', 'Receivables'),
          keys: [
            {
              id: 'customer',
              label: l('客户', 'Customer'),
              type: 'record',
              app: 'master',
              form: 'customers',
            },
          ],
          measures: [{ id: 'open', label: l('未收余额', 'Open balance'), decimals: 2 }],
          sources: [
            {
              id: 'invoiced',
              form: 'invoices',
              keys: { customer: { field: 'customer' } },
              measures: { open: { field: 'amount', sign: 1 } },
            },
          ],
        },
      ],
    });
    const created = async (path: string, data: Record<string, unknown>) =>
      (await api.call<{ record: { id: string } }>('POST', `${path}/records`, { data })).record.id;
    acme = await created('/apps/master/forms/customers', { name: '上海云杉科技' });
    const other = await created('/apps/master/forms/customers', { name: '杭州青竹' });
    await created('/apps/erp/forms/orders', { no: 'SO-001', customer: acme, amount: 1200 });
    await created('/apps/erp/forms/orders', { no: 'SO-002', customer: acme, amount: 34567.5 });
    await created('/apps/erp/forms/orders', { no: 'SO-003', customer: other, amount: 9 });
    await created('/apps/erp/forms/invoices', { no: 'INV-001', customer: acme, amount: 1234567.5 });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(20_000);
    await context.addCookies([{ ...api.cookie, url: server.url }]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const ordersGroup = () => page.getByTestId('related-group-erp-orders-customer');

  it('lists the ERP records and the balance of a customer opened from its link', async () => {
    await page.goto(`${server.url}/apps/master/forms/customers?record=${acme}`);
    const drawer = page.getByTestId('record-drawer');
    await drawer.getByTestId('record-related-tab').click();
    await expect.poll(() => ordersGroup().getByTestId('related-total').textContent()).toBe('2');
    // Newest first, with the amount beside the order number.
    const rows = ordersGroup().getByTestId('related-row');
    expect(await rows.allTextContents()).toEqual([
      expect.stringContaining('SO-002'),
      expect.stringContaining('SO-001'),
    ]);
    expect(await rows.first().textContent()).toContain('34567.50');
    expect(
      await page.getByTestId('related-group-erp-invoices-customer').getByTestId('related-row').textContent(),
    ).toContain('INV-001');
    const balance = page.getByTestId('related-balance-erp-receivables-open');
    expect(await balance.textContent()).toContain('1,234,567.50');
    await shoot(page, 'related-records-desktop-zh');
  });

  it('opens a related order in the ERP, and all of them filtered by the customer', async () => {
    await ordersGroup().getByTestId('related-row-link').filter({ hasText: 'SO-001' }).click();
    await page.waitForURL(/\/apps\/erp\/forms\/orders\?record=/);
    const drawer = page.getByTestId('record-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe('SO-001');
    await page.goBack();
    await page.waitForURL(/\/apps\/master\/forms\/customers\?record=/);
    await page.getByTestId('record-drawer').getByTestId('record-related-tab').click();
    await ordersGroup().getByTestId('related-view-all').click();
    await page.waitForURL(/\/apps\/erp\/forms\/orders\?filter=/);
    await page.getByTestId('url-filter-chip').waitFor();
    await expect.poll(() => page.getByTestId('record-count').textContent()).toContain('2 条数据');
  });

  it('shows the tab in English at phone width', async () => {
    await page.setViewportSize(PHONE);
    const en = await browser.newContext({ viewport: PHONE, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    en.setDefaultTimeout(20_000);
    await en.addCookies(await context.cookies());
    const phone = await en.newPage();
    await phone.goto(`${server.url}/apps/master/forms/customers?record=${acme}`);
    await phone.getByTestId('record-drawer').getByTestId('record-related-tab').click();
    await phone.getByTestId('related-group-erp-orders-customer').getByText('View all').waitFor();
    expect(await phone.getByTestId('related-balance-erp-receivables-open').textContent()).toContain(
      'Open balance',
    );
    await shoot(phone, 'related-records-phone-en');
    await en.close();
  });
});
