/**
 * Issue 13, the player half: the core flows as a new user meets them, in zh-CN. A Customer form
 * and an Order form (customer relation, order-lines subform with line total = qty × price, order
 * total), seeded through the API; orders filled in the browser with bad input ("2O", "abc", -5),
 * then read back in the table, the drawer, the recycle bin and on a phone at 390 px: titles, not
 * ids; money with currency and thousands separators; subforms readable outside the form; a linked
 * customer the reader may not see reads "无权查看".
 *
 * The same story in English at phone width (second describe): the org's country decides which
 * phone numbers pass (China, then the United States, set in the studio's organization settings),
 * "2O" is refused in English, the order total reads as money, the table shows names, and the
 * studio's formula completion offers the fields by their English labels.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApiSession } from './support/api-session';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  launchChromium,
  requireBuiltApps,
  shoot,
  shootFromTop,
  pickOpenOption,
} from './support/browser';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const bob = { name: '王博', email: 'bob@example.com', password: 'member password 1' };
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function tradeApp(bobId: string) {
  return {
    id: 'trade',
    name: l('贸易管理', 'Trade'),
    formatVersion: 2,
    icon: 'shop',
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete'],
    },
    forms: [
      {
        id: 'customers',
        name: l('客户', 'Customers'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('客户名称', 'Customer'), required: true },
          { id: 'city', type: 'text', label: l('城市', 'City') },
          { id: 'mobile', type: 'phone', label: l('手机', 'Mobile') },
        ],
        // Bob sees only the customers he created.
        permissionGroups: [
          {
            id: 'own',
            name: l('自己的客户', 'Own customers'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit', 'delete'],
            scope: { kind: 'own' },
          },
        ],
      },
      {
        id: 'orders',
        name: l('订单', 'Orders'),
        titleField: 'customer',
        fields: [
          {
            id: 'customer',
            type: 'relation',
            label: l('客户', 'Customer'),
            required: true,
            config: { form: 'customers' },
          },
          {
            id: 'lines',
            type: 'subform',
            label: l('订单明细', 'Order lines'),
            config: {
              fields: [
                { id: 'product', type: 'text', label: l('产品', 'Product') },
                {
                  id: 'qty',
                  type: 'number',
                  label: l('数量', 'Qty'),
                  config: { precision: 0, min: 1 },
                },
                {
                  id: 'price',
                  type: 'money',
                  label: l('单价', 'Unit price'),
                  config: { currency: 'CNY', precision: 2 },
                },
                {
                  id: 'amount',
                  type: 'formula',
                  label: l('小计', 'Line total'),
                  config: { formula: '{qty} * {price}', resultType: 'number', precision: 2, currency: 'CNY' },
                },
              ],
            },
          },
          {
            id: 'total',
            type: 'formula',
            label: l('订单总额', 'Order total'),
            config: { formula: 'SUM({lines.amount})', resultType: 'number', precision: 2, currency: 'CNY' },
          },
        ],
      },
    ],
    navigation: [
      { kind: 'form', target: 'orders' },
      { kind: 'form', target: 'customers' },
    ],
  };
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;
interface Page0 {
  items: {
    id: string;
    data: Record<string, unknown>;
    display?: Record<string, Record<string, string | null>>;
  }[];
}

describe('core flows: customers and orders (issue 13)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Call;
  let yunshan: string;
  const errors: string[] = [];

  const orders = () => call<Page0>('GET', '/apps/trade/forms/orders/records');

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    const { user } = await call<{ user: { id: string } }>('POST', '/admin/users', bob);
    await call('POST', '/apps', tradeApp(user.id));
    yunshan = (
      await call<{ record: { id: string } }>('POST', '/apps/trade/forms/customers/records', {
        data: { name: '上海云杉科技', city: '上海' },
      })
    ).record.id;
    await call('POST', '/apps/trade/forms/customers/records', {
      data: { name: '北京星辰物流', city: '北京' },
    });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    collectPageErrors(page, errors);
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

  it('keeps "2O" and "abc" visible with an error, blocks submit, then saves the corrected order', async () => {
    await page.goto(`${server.url}/apps/trade/forms/orders/new`);
    const form = page.getByTestId('form-renderer');
    await form.waitFor();

    // The relation picker searches customers by name and shows names.
    await page.locator('#field-customer').click();
    await page.locator('#field-customer').fill('云杉');
    await pickOpenOption(page, '上海云杉科技');

    await page.getByRole('button', { name: /添加一行/ }).click();
    await page.locator('#field-lines-0-product').fill('不锈钢螺丝');
    await page.locator('#field-lines-0-qty').fill('2O');
    await page.locator('#field-lines-0-price').fill('3000');
    await page.getByRole('button', { name: /添加一行/ }).click();
    await page.locator('#field-lines-1-product').fill('防松螺母');
    await page.locator('#field-lines-1-qty').fill('3');
    await page.locator('#field-lines-1-price').fill('abc');

    // Nothing typed is changed or dropped: both stay on screen, each with its error.
    await expect.poll(() => page.locator('#field-lines-0-qty').inputValue()).toBe('2O');
    await expect.poll(() => page.locator('#field-lines-1-price').inputValue()).toBe('abc');
    await form.getByText('数量：“2O”不是有效的数字').waitFor();
    await form.getByText('单价：“abc”不是有效的数字').waitFor();
    await page.getByTestId('form-submit').click();
    await page.getByText('请修正标出的字段后再提交。').waitFor();
    await shoot(page, 'core-flows-bad-numbers');
    expect((await orders()).items).toHaveLength(0);

    // A quantity below the field's minimum is refused in words, too.
    await page.locator('#field-lines-0-qty').fill('-5');
    await form.getByText('数量不能小于 1').waitFor();

    await page.locator('#field-lines-0-qty').fill('20');
    await page.locator('#field-lines-1-price').fill('1,500');
    await expect.poll(() => page.locator('#field-total').textContent()).toContain('¥64,500.00');
    await expect.poll(() => page.getByTestId('total-lines-amount').textContent()).toContain('¥64,500.00');
    // The sum of unit prices means nothing: the total row leaves that column empty.
    expect(await page.getByTestId('total-lines-price').count()).toBe(0);
    await shoot(page, 'core-flows-order-filled');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });

    const stored = (await orders()).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data.total).toBe(64500);
    expect((stored[0]!.data.lines as { qty: number; price: number }[]).map((r) => [r.qty, r.price])).toEqual([
      [20, 3000],
      [3, 1500],
    ]);
    expect(stored[0]!.display).toEqual({ customer: { [yunshan]: '上海云杉科技' } });
  });

  it('refuses a quantity below the minimum on the server as well', async () => {
    await expect(
      call('POST', '/apps/trade/forms/orders/records', {
        data: { customer: yunshan, lines: [{ product: 'x', qty: -5, price: 1 }] },
      }),
    ).rejects.toThrow(/400.*must be at least 1/);
  });

  it('reads the order back in the table and the drawer: names, money, the order lines', async () => {
    await page.goto(`${server.url}/apps/trade/forms/orders`);
    const row = page.getByTestId('record-row').first();
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('上海云杉科技');
    expect(await row.textContent()).not.toContain(yunshan);
    await expect.poll(() => row.textContent()).toContain('¥64,500.00');

    // The lines cell opens a compact table without opening the record.
    await row.getByTestId('subform-cell-lines').click();
    const popover = page.getByTestId('subform-preview-lines').first();
    await popover.waitFor();
    await expect.poll(() => popover.textContent()).toContain('不锈钢螺丝');
    await expect.poll(() => popover.textContent()).toContain('共 2 行');
    await expect
      .poll(() => page.getByTestId('preview-total-lines-amount').first().textContent())
      .toBe('¥64,500.00');
    await shoot(page, 'core-flows-table-lines');
    await page.keyboard.press('Escape');
    await page.getByTestId('subform-preview-lines').first().waitFor({ state: 'hidden' });

    // Search finds the order by its customer's name.
    await page.getByTestId('record-search').locator('input').fill('云杉');
    await page.getByTestId('record-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('record-count').textContent()).toContain('1 条数据');

    // The customer's cell opens the record (the lines cell opens its own table).
    await row.getByText('上海云杉科技').click();
    const drawer = page.getByTestId('record-drawer');
    await drawer.waitFor();
    await expect.poll(() => drawer.textContent()).toContain('上海云杉科技');
    await expect.poll(() => drawer.getByTestId('subform-preview-lines').textContent()).toContain('防松螺母');
    await expect
      .poll(() => drawer.getByTestId('preview-total-lines-amount').textContent())
      .toBe('¥64,500.00');
    expect(await drawer.textContent()).not.toContain(yunshan);
    await shoot(page, 'core-flows-drawer');
  });

  it('deletes the order and restores it from the recycle bin', async () => {
    const drawer = page.getByTestId('record-drawer');
    await drawer.getByTestId('record-delete').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /^删\s*除$/ })
      .click();
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await orders()).items.length).toBe(0);

    await page.getByTestId('recycle-bin-button').click();
    const bin = page.getByTestId('recycle-bin');
    await bin.getByTestId('recycle-item').first().waitFor();
    await expect.poll(() => bin.getByTestId('recycle-item').first().textContent()).toContain('上海云杉科技');
    await shoot(page, 'core-flows-recycle-bin');
    await bin.getByTestId('recycle-restore').first().click();
    await bin.getByText('回收站是空的').waitFor();
    await expect.poll(async () => (await orders()).items.length).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('record-row').first().textContent()).toContain('上海云杉科技');
  });

  it('reads orders on a phone: cards with names, order lines as stacked cards, nothing cut off', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/apps/trade/forms/orders`);
    const card = page.getByTestId('record-row').first();
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('上海云杉科技');
    expect(await card.textContent()).not.toContain(yunshan);
    await shoot(page, 'core-flows-phone-cards');

    await page.goto(`${server.url}/apps/trade/forms/orders/new`);
    await page.getByTestId('form-renderer').waitFor();
    await page.getByRole('button', { name: /添加一行/ }).click();
    const lineCard = page.getByTestId('subform-card-lines-0');
    await lineCard.waitFor();
    await page.locator('#field-lines-0-qty').fill('2O');
    await lineCard.getByText('数量：“2O”不是有效的数字').waitFor();
    await page.locator('#field-lines-0-qty').fill('4');
    await page.locator('#field-lines-0-price').fill('2.5');
    await expect.poll(() => page.locator('#field-total').textContent()).toContain('¥10.00');
    // Every column of the row is inside the phone's width: no sideways table.
    for (const col of ['product', 'qty', 'price']) {
      const box = await page.locator(`#field-lines-0-${col}`).boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'core-flows-phone-form');
    await page.setViewportSize(DESKTOP);
  });

  it('shows a linked customer the reader may not see as 无权查看, never its name or id', async () => {
    const bobContext = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    bobContext.setDefaultTimeout(15_000);
    const bobPage = await bobContext.newPage();
    collectPageErrors(bobPage, errors);
    try {
      await bobPage.goto(`${server.url}/`);
      await bobPage.getByLabel('邮箱').fill(bob.email);
      await bobPage.getByLabel('密码').fill(bob.password);
      await bobPage.getByRole('button', { name: /^登\s*录$/ }).click();
      await bobPage.getByTestId('app-card').first().waitFor();
      await bobPage.goto(`${server.url}/apps/trade/forms/orders`);
      const card = bobPage.getByTestId('record-row').first();
      await card.waitFor();
      await expect.poll(() => card.textContent()).toContain('无权查看');
      expect(await card.textContent()).not.toContain('上海云杉科技');
      expect(await card.textContent()).not.toContain(yunshan);
      await shoot(bobPage, 'core-flows-phone-no-access');
    } finally {
      await bobContext.close();
    }
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});

describe('core flows in English at phone width (issue 13)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Call;
  let spruce: string;
  const errors: string[] = [];
  const en = { ...admin, orgName: 'Galaxy Trading', email: 'ada@example.com' };

  const customers = () => call<Page0>('GET', '/apps/trade/forms/customers/records');
  const orders = () => call<Page0>('GET', '/apps/trade/forms/orders/records');

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, en);
    call = session.call;
    const { user } = await call<{ user: { id: string } }>('POST', '/admin/users', bob);
    await call('POST', '/apps', tradeApp(user.id));
    spruce = (
      await call<{ record: { id: string } }>('POST', '/apps/trade/forms/customers/records', {
        data: { name: 'Spruce Technology', city: 'Shanghai' },
      })
    ).record.id;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(en.email);
    await page.getByLabel('Password').fill(en.password);
    await page.getByRole('button', { name: /^Sign in$/ }).click();
    await page.getByTestId('app-card').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const newCustomer = async (name: string, mobile: string) => {
    await page.goto(`${server.url}/apps/trade/forms/customers/new`);
    await page.getByTestId('form-renderer').waitFor();
    await page.locator('#field-name').fill(name);
    await page.locator('#field-mobile').fill(mobile);
    await page.getByTestId('form-submit').click();
  };

  it("refuses a phone number outside the org's country, with an example, and keeps what was typed", async () => {
    await newCustomer('Birch Logistics', '12345678901');
    const mobile = page.locator('[data-field="mobile"]');
    await mobile
      .getByText(/^Mobile is not a valid phone number in China \(for example 1\d\d \d{4} \d{4}/)
      .waitFor();
    expect(await page.locator('#field-mobile').getAttribute('placeholder')).toMatch(/^1\d\d \d{4} \d{4}$/);
    expect(await page.locator('#field-mobile').inputValue()).toBe('12345678901');
    await page.getByText('Please fix the marked fields and submit again.').waitFor();
    await shoot(page, 'core-flows-en-phone-bad-number');
    expect((await customers()).items).toHaveLength(1);

    // Typing again clears the error; a Chinese mobile number as people write it is stored as typed.
    await page.locator('#field-mobile').fill('138 0013 8000');
    await mobile.getByText(/not a valid phone number/).waitFor({ state: 'detached' });
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });
    const stored = (await customers()).items.find((r) => r.data.name === 'Birch Logistics');
    expect(stored?.data.mobile).toBe('138 0013 8000');
  });

  it('lets an admin set the country in the studio; numbers are then checked against it', async () => {
    const studio = await context.newPage();
    collectPageErrors(studio, errors);
    try {
      await studio.setViewportSize(DESKTOP);
      await studio.goto(`${server.url}/studio/admin/settings`);
      const settings = studio.getByTestId('org-settings');
      await settings.waitFor();
      await expect
        .poll(() => settings.getByTestId('org-settings-country').textContent())
        .toContain('China (CN)');
      await expect
        .poll(() => studio.getByTestId('org-settings-country-hint').textContent())
        .toMatch(/e\.g\. 1\d\d \d{4} \d{4}/);
      await settings.getByTestId('org-settings-country').click();
      await studio.keyboard.type('United States');
      await pickOpenOption(studio, 'United States (US)');
      await expect
        .poll(() => studio.getByTestId('org-settings-country-hint').textContent())
        .toContain('(201) 555-0123');
      await studio
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .waitFor({ state: 'hidden' });
      await shootFromTop(studio, 'core-flows-en-org-settings');
      await settings.getByTestId('org-settings-save').click();
      await studio.getByText('Saved').first().waitFor();
      const { settings: saved } = await call<{ settings: { country: string } }>('GET', '/admin/org');
      expect(saved.country).toBe('US');
    } finally {
      await studio.close();
    }

    // The player reads the country with the session it loads.
    await newCustomer('Cedar Imports', '138 0013 8000');
    await page
      .locator('[data-field="mobile"]')
      .getByText(/not a valid phone number in United States \(for example \(201\) 555-0123/)
      .waitFor();
    await page.locator('#field-mobile').fill('+86 138 0013 8000');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });
    expect((await customers()).items.map((r) => r.data.name)).toContain('Cedar Imports');
  });

  it('refuses "2O" in English and shows the order total as money at phone width', async () => {
    await page.goto(`${server.url}/apps/trade/forms/orders/new`);
    const form = page.getByTestId('form-renderer');
    await form.waitFor();
    await page.locator('#field-customer').click();
    await page.locator('#field-customer').fill('Spruce');
    await pickOpenOption(page, 'Spruce Technology');
    await page.getByRole('button', { name: /Add row/ }).click();
    await page.locator('#field-lines-0-product').fill('Steel screws');
    await page.locator('#field-lines-0-qty').fill('2O');
    await page.locator('#field-lines-0-price').fill('1,500');
    await form.getByText('Qty: "2O" is not a valid number').waitFor();
    await page.getByTestId('form-submit').click();
    await page.getByText('Please fix the marked fields and submit again.').waitFor();
    expect((await orders()).items).toHaveLength(0);

    await page.locator('#field-lines-0-qty').fill('20');
    // Money in the order's currency with thousands separators, the line total and the order total alike.
    await expect.poll(() => page.locator('#field-total').textContent()).toMatch(/¥30,000\.00/);
    // At phone width the totals sit below the stacked rows: the line totals summed, the unit
    // prices not (their sum means nothing).
    const totals = page.getByTestId('totals-lines');
    await expect.poll(() => totals.textContent()).toMatch(/Line total: ?CN¥30,000\.00/);
    expect(await totals.textContent()).not.toContain('Unit price');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'core-flows-en-phone-order');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });
    const stored = (await orders()).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data.total).toBe(30000);
  });

  it('reads the order on a phone card with the customer name and the formatted total', async () => {
    await page.goto(`${server.url}/apps/trade/forms/orders`);
    const card = page.getByTestId('record-row').first();
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('Spruce Technology');
    await expect.poll(() => card.textContent()).toMatch(/¥30,000\.00/);
    expect(await card.textContent()).not.toContain(spruce);
    await shoot(page, 'core-flows-en-phone-cards');
  });

  it('offers fields by their English labels in the studio formula editor', async () => {
    const studio = await context.newPage();
    collectPageErrors(studio, errors);
    try {
      await studio.setViewportSize(DESKTOP);
      await studio.goto(`${server.url}/studio/apps/trade/forms/orders`);
      const total = studio.getByTestId('cell-total');
      await total.waitFor();
      // Shown with labels, stored with ids.
      await expect.poll(() => total.textContent()).toContain('SUM({Order lines.Line total})');
      await total.click();
      await expect.poll(() => studio.getByTestId('prop-formula-currency').textContent()).toContain('CNY');
      const editor = studio.getByTestId('prop-formula').locator('.monaco-editor');
      await editor.waitFor();
      await editor.click();
      await studio.keyboard.press('End');
      await studio.keyboard.type(' + {Qty', { delay: 20 });
      const suggest = studio.locator('.monaco-editor .suggest-widget');
      await suggest.getByText('Order lines.Qty').first().waitFor();
      await shoot(studio, 'core-flows-en-formula-completion');
      await studio.keyboard.press('Escape');
    } finally {
      await studio.close();
    }
  });

  it('logged no errors in the browser', () => {
    expect(errors).toEqual([]);
  });
});
