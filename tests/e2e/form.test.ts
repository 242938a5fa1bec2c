import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, launchChromium, shoot, requireBuiltApps, pickOpenOption } from './support/browser';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Org, and an app with an orders form (text, number, select, date, lines subform, total formula). */
async function seed(baseUrl: string): Promise<{ headers: Record<string, string> }> {
  const setup = await fetch(`${baseUrl}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const headers = { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken };
  const app = {
    id: 'sales',
    name: l('销售管理', 'Sales'),
    formatVersion: 1,
    icon: 'shop',
    forms: [
      {
        id: 'orders',
        name: l('订单', 'Orders'),
        titleField: 'customer',
        fields: [
          { id: 'customer', type: 'text', label: l('客户名称', 'Customer'), required: true },
          { id: 'priority', type: 'number', label: l('优先级', 'Priority'), config: { precision: 0 } },
          {
            id: 'channel',
            type: 'select',
            label: l('渠道', 'Channel'),
            config: {
              options: [
                { value: 'web', label: l('网站', 'Web'), color: '#1677ff' },
                { value: 'store', label: l('门店', 'Store'), color: '#52c41a' },
              ],
            },
          },
          { id: 'orderedOn', type: 'date', label: l('下单日期', 'Ordered on') },
          {
            id: 'lines',
            type: 'subform',
            label: l('订单明细', 'Lines'),
            config: {
              fields: [
                { id: 'qty', type: 'number', label: l('数量', 'Qty'), config: { precision: 0 } },
                {
                  id: 'price',
                  type: 'money',
                  label: l('单价', 'Price'),
                  config: { currency: 'CNY', precision: 2 },
                },
                {
                  id: 'amount',
                  type: 'formula',
                  label: l('金额', 'Amount'),
                  config: { formula: '{qty} * {price}', resultType: 'number', precision: 2 },
                },
              ],
            },
          },
          {
            id: 'total',
            type: 'formula',
            label: l('订单总额', 'Total'),
            config: { formula: 'SUM({lines.amount})', resultType: 'number', precision: 2 },
          },
        ],
        layout: {
          items: [
            {
              kind: 'row',
              cells: [
                { field: 'customer', span: 12 },
                { field: 'priority', span: 12 },
              ],
            },
            {
              kind: 'row',
              cells: [
                { field: 'channel', span: 12 },
                { field: 'orderedOn', span: 12 },
              ],
            },
          ],
        },
      },
    ],
  };
  const res = await fetch(`${baseUrl}/api/v1/apps`, { method: 'POST', headers, body: JSON.stringify(app) });
  if (res.status !== 201) throw new Error(`app create failed: ${res.status} ${await res.text()}`);
  return { headers };
}

describe('form renderer in the player', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: { headers: Record<string, string> };
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    api = await seed(server.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${server.url}/`);
    await page.getByLabel('邮箱').fill(admin.email);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('app-card').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a record: required error, three subform rows, live total equal to the stored one', async () => {
    await page.goto(`${server.url}/apps/sales/forms/orders`);
    await page.getByTestId('new-record').click();
    const form = page.getByTestId('form-renderer');
    await form.waitFor();

    await page.getByTestId('form-submit').click();
    await form.getByText('请填写客户名称').waitFor();
    await shoot(page, 'form-required-desktop');

    await page.getByLabel('客户名称').fill('上海云杉科技');
    await expect.poll(() => form.getByText('请填写客户名称').count()).toBe(0);
    await page.getByLabel('优先级').fill('2');
    await page.getByLabel('渠道').click();
    await pickOpenOption(page, '门店');
    await page.getByLabel('下单日期').click();
    await page.getByLabel('下单日期').fill('2025-03-18');
    await page.getByLabel('下单日期').press('Enter');
    await page.locator('.ant-picker-dropdown').first().waitFor({ state: 'hidden' });

    const lines: [number, number][] = [
      [2, 19.9],
      [3, 5.5],
      [1, 100.05],
    ];
    for (const [i, [qty, price]] of lines.entries()) {
      await page.getByRole('button', { name: /添加一行/ }).click();
      await page.locator(`#field-lines-${i}-qty`).fill(String(qty));
      await page.locator(`#field-lines-${i}-price`).fill(String(price));
    }
    const expected = 2 * 19.9 + 3 * 5.5 + 100.05; // 156.35
    await expect.poll(() => page.locator('#field-total').textContent()).toContain('156.35');
    await expect.poll(() => page.getByTestId('total-lines-amount').textContent()).toContain('156.35');
    await shoot(page, 'form-filled-desktop');

    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });

    const res = await fetch(`${server.url}/api/v1/apps/sales/forms/orders/records`, { headers: api.headers });
    const body = (await res.json()) as { items: { data: Record<string, unknown> }[] };
    expect(body.items).toHaveLength(1);
    const stored = body.items[0]!.data;
    expect(stored.customer).toBe('上海云杉科技');
    expect(stored.channel).toBe('store');
    expect(stored.orderedOn).toBe('2025-03-18');
    expect(stored.total).toBeCloseTo(expected, 10);
    expect(Number(stored.total)).toBe(156.35);
    expect((stored.lines as { amount: number }[]).map((r) => r.amount)).toEqual([39.8, 16.5, 100.05]);
  });

  it('fills the form at phone width', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/apps/sales/forms/orders/new`);
    await page.getByTestId('form-renderer').waitFor();
    await page.getByRole('button', { name: /添加一行/ }).click();
    await page.locator('#field-lines-0-qty').fill('4');
    await page.locator('#field-lines-0-price').fill('2.5');
    await expect.poll(() => page.locator('#field-total').textContent()).toContain('10');
    await page.getByTestId('form-submit').click();
    await page.getByText('请填写客户名称').waitFor();
    await shoot(page, 'form-phone');
    const box = await page.getByTestId('form-submit').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});
