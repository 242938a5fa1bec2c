/**
 * The record drawer's Related tab (decision 0060): a master-data customer opened from its link
 * (`?record=`) lists the ERP's orders and invoices that link to it and the receivables keyed by
 * it; a row opens that order in the ERP with its drawer open; "view all" opens the orders filtered
 * by the customer. zh-CN at desktop width, en at phone width. A row's amounts read exactly as the
 * orders' data view shows them, and an order's wide lines table scrolls in its own box without
 * narrowing the drawer's label column.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, noSelectListOpen, PHONE, requireBuiltApps, shoot } from './support/browser';
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
/** An order's total in yuan: a formula, as the templates' totals are. */
const total = {
  id: 'total',
  type: 'formula',
  label: l('合计', 'Total'),
  config: { formula: 'ROUND({amount}, 2)', resultType: 'number', precision: 2, currency: 'CNY' },
};
const text = (id: string, zh: string, en: string) => ({ id, type: 'text', label: l(zh, en) });
/** Order lines with long product names: wider than the drawer's value column. */
const lines = {
  id: 'lines',
  type: 'subform',
  label: l('明细', 'Lines'),
  config: {
    fields: [
      text('product', '产品', 'Product'),
      text('spec', '规格型号', 'Specification'),
      { id: 'quantity', type: 'number', label: l('数量', 'Quantity'), config: { precision: 0 } },
      {
        id: 'price',
        type: 'money',
        label: l('单价', 'Unit price'),
        config: { currency: 'CNY', precision: 2 },
      },
      text('note', '备注', 'Note'),
    ],
  },
};

describe('related records in the record drawer', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acme: string;
  let plainOrder: string;
  let wideOrder: string;
  let api: Awaited<ReturnType<typeof setupApiSession>>;

  beforeAll(async () => {
    server = await startServer();
    api = await setupApiSession(server.url, admin);
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
          fields: [
            { id: 'no', type: 'text', label: l('订单号', 'Order no.') },
            toCustomer,
            amount,
            total,
            lines,
          ],
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
    plainOrder = await created('/apps/erp/forms/orders', { no: 'SO-001', customer: acme, amount: 1200 });
    const line = (product: string, spec: string, quantity: number, price: number) => ({
      product,
      spec,
      quantity,
      price,
      note: '含运费与安装调试服务，按合同约定分批交付',
    });
    wideOrder = await created('/apps/erp/forms/orders', {
      no: 'SO-002',
      customer: acme,
      amount: 34567.5,
      lines: [
        line('工业级无刷冲击钻套装（含两块锂电池与快充底座）', 'DCD-996P2-XE 20V MAX 2×5.0Ah', 3, 2890),
        line('高速钢麻花钻头组合（金属与木材通用）', 'HSS-CO 1–13 mm 25 件套', 12, 189.5),
      ],
    });
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

  it("formats a row's amounts exactly as the orders' data view formats the same cells", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/apps/master/forms/customers?record=${acme}`);
    await page.getByTestId('record-drawer').getByTestId('record-related-tab').click();
    const row = ordersGroup().getByTestId('related-row').filter({ hasText: 'SO-002' });
    await row.waitFor();
    // The total is a formula in yuan: grouped digits and the currency; the plain number field
    // keeps its own setting (no grouping), here as in the grid.
    const shown = (await row.textContent()) ?? '';
    expect(shown).toContain('¥34,567.50');
    expect(shown).toContain('34567.50');
    await page.goto(`${server.url}/apps/erp/forms/orders`);
    const gridRow = page.getByTestId('record-row').filter({ hasText: 'SO-002' });
    await gridRow.waitFor();
    const cells = await gridRow.getByRole('cell').allTextContents();
    expect(cells).toEqual(expect.arrayContaining(['34567.50', '¥34,567.50']));
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`keeps the drawer's label column beside a wide lines table, which scrolls in its own box (${size})`, async () => {
      await page.setViewportSize(viewport);
      const drawer = page.getByTestId('record-drawer');
      const labelWidth = async (id: string, no: string) => {
        await page.goto(`${server.url}/apps/erp/forms/orders?record=${id}`);
        await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe(no);
        const label = drawer.locator('.ant-descriptions-item-label').filter({ hasText: '订单号' });
        return (await label.boundingBox())!.width;
      };
      const plain = await labelWidth(plainOrder, 'SO-001');
      const wide = await labelWidth(wideOrder, 'SO-002');
      // (To the pixel: the drawer's slide-in may leave a subpixel offset.)
      expect(wide).toBeCloseTo(plain, 0);
      expect(plain).toBeCloseTo(viewport === PHONE ? 112 : 160, 0);
      // The lines table scrolls sideways inside its box; the drawer itself never does.
      const box = drawer.getByTestId('subform-preview-lines').locator('.ant-table-content');
      await box.waitFor();
      const overflow = (el: Element) => el.scrollWidth - el.clientWidth;
      expect(await box.evaluate(overflow)).toBeGreaterThan(0);
      expect(await drawer.locator('.ant-drawer-body').evaluate(overflow)).toBe(0);
      await shoot(page, `related-records-wide-subform-${size}`);
      // Editing: the lines table stays inside the drawer too.
      await drawer.getByTestId('record-edit').click();
      await drawer.getByTestId('record-edit-form').locator('.tg-subform').first().waitFor();
      expect(await drawer.locator('.ant-drawer-body').evaluate(overflow)).toBe(0);
      await shoot(page, `related-records-wide-subform-edit-${size}`);
    });
  }

  it("never shows a linked record's raw id while editing: another app's, the same app's, a subform column's", async () => {
    await api.call('POST', '/apps', {
      id: 'catalog',
      name: l('商品库', 'Catalog'),
      formatVersion: 2,
      forms: [
        {
          id: 'products',
          name: l('商品', 'Products'),
          titleField: 'name',
          fields: [text('name', '商品名称', 'Name')],
        },
      ],
      navigation: [{ kind: 'form', target: 'products' }],
    });
    await api.call('POST', '/apps', {
      id: 'shop',
      name: l('报价', 'Quotes'),
      formatVersion: 2,
      forms: [
        {
          id: 'regions',
          name: l('区域', 'Regions'),
          titleField: 'name',
          fields: [text('name', '名称', 'Name')],
        },
        {
          id: 'quotes',
          name: l('报价单', 'Quotes'),
          titleField: 'no',
          fields: [
            text('no', '报价单号', 'Quote no.'),
            {
              id: 'stage',
              type: 'select',
              label: l('阶段', 'Stage'),
              config: {
                options: [
                  { value: 'draft', label: l('草稿', 'Draft') },
                  { value: 'sent', label: l('已发送', 'Sent') },
                ],
              },
            },
            toCustomer,
            { id: 'region', type: 'relation', label: l('区域', 'Region'), config: { form: 'regions' } },
            {
              id: 'lines',
              type: 'subform',
              label: l('明细', 'Lines'),
              config: {
                fields: [
                  {
                    id: 'product',
                    type: 'relation',
                    label: l('商品', 'Product'),
                    config: { app: 'catalog', form: 'products' },
                  },
                  { id: 'quantity', type: 'number', label: l('数量', 'Quantity'), config: { precision: 0 } },
                ],
              },
            },
          ],
        },
      ],
      navigation: [
        { kind: 'form', target: 'quotes' },
        { kind: 'form', target: 'regions' },
      ],
    });
    const created = async (path: string, data: Record<string, unknown>) =>
      (await api.call<{ record: { id: string } }>('POST', `${path}/records`, { data })).record.id;
    const region = await created('/apps/shop/forms/regions', { name: '华东区' });
    await created('/apps/shop/forms/regions', { name: '华南区' });
    const drill = await created('/apps/catalog/forms/products', { name: '冲击钻' });
    await created('/apps/catalog/forms/products', { name: '钻头套装' });
    const quote = await created('/apps/shop/forms/quotes', {
      no: 'QT-001',
      stage: 'draft',
      customer: acme,
      region,
      lines: [{ product: drill, quantity: 2 }],
    });

    // Every change to the page is checked before it is painted, from the first paint on.
    const watched = await context.newPage();
    await watched.addInitScript(watchForIds, [acme, region, drill]);
    const shownIds = () => watched.evaluate(() => (window as unknown as { __shownIds: string[] }).__shownIds);
    /** Each picker shows its title, and still does once its choices have loaded (it is opened). */
    const checkPickers = async (root: Locator, shot: string) => {
      const pickers = [
        {
          select: root.locator('.tg-field[data-field="customer"] .ant-select'),
          title: '上海云杉科技',
          other: '杭州青竹',
        },
        {
          select: root.locator('.tg-field[data-field="region"] .ant-select'),
          title: '华东区',
          other: '华南区',
        },
        {
          select: root.locator('.tg-field[data-field="lines"] .tg-cell .ant-select'),
          title: '冲击钻',
          other: '钻头套装',
        },
      ];
      for (const { select, title } of pickers)
        await expect.poll(() => select.locator('.ant-select-content').textContent()).toBe(title);
      await shoot(watched, shot);
      for (const { select, title, other } of pickers) {
        await select.click();
        const list = watched.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
        // The choices page names records of another app by their titles too.
        await list.locator('.ant-select-item-option').filter({ hasText: other }).waitFor();
        await watched.keyboard.press('Escape');
        await noSelectListOpen(watched);
        expect(await select.locator('.ant-select-content').textContent()).toBe(title);
      }
      expect(await shownIds()).toEqual([]);
    };

    await watched.goto(`${server.url}/apps/shop/forms/quotes?record=${quote}`);
    const drawer = watched.getByTestId('record-drawer');
    await drawer.getByTestId('record-edit').click();
    await checkPickers(drawer.getByTestId('record-edit-form'), 'relation-edit-drawer');

    await watched.goto(`${server.url}/apps/shop/forms/quotes/records/${quote}/edit`);
    await checkPickers(watched.locator('body'), 'relation-edit-full-page');

    // The data view's grid and a kanban's cards name them too.
    await watched.goto(`${server.url}/apps/shop/forms/quotes`);
    await watched.getByTestId('record-row').filter({ hasText: '上海云杉科技' }).waitFor();
    const { view } = await api.call<{ view: { id: string } }>('POST', '/apps/shop/forms/quotes/views', {
      name: '报价看板',
      shared: true,
      config: {
        kind: 'kanban',
        columns: [],
        kanban: { groupField: 'stage', cardFields: ['customer', 'region'] },
      },
    });
    await watched.goto(`${server.url}/apps/shop/forms/quotes?view=${view.id}`);
    const card = watched.getByTestId('kanban-card').filter({ hasText: 'QT-001' });
    await expect.poll(() => card.textContent()).toContain('上海云杉科技');
    expect(await card.textContent()).toContain('华东区');
    await shoot(watched, 'relation-edit-kanban');
    expect(await shownIds()).toEqual([]);
    await watched.close();
  });
});

/**
 * Installed with addInitScript (a function, not a string: the app's CSP forbids evaluating
 * strings): records each of `ids` that ever shows in the page's text or a `title` tooltip, with
 * where it showed. A MutationObserver's callback runs before the browser paints the change, so a
 * flash is caught. Text nobody sees is skipped: a hidden element, or one clipped to nothing (the
 * select's listbox for screen readers, which name its options by their `aria-label`).
 */
function watchForIds(ids: string[]) {
  const w = window as unknown as { __shownIds: string[] };
  w.__shownIds = [];
  const seen = (el: Element | null): boolean => {
    if (!el?.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    for (let e: Element | null = el; e; e = e.parentElement) {
      const box = e.getBoundingClientRect();
      if ((box.width === 0 || box.height === 0) && getComputedStyle(e).overflow !== 'visible') return false;
    }
    return true;
  };
  const where = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement)
      parts.push(`${e.tagName.toLowerCase()}.${e.className}`);
    return parts.join(' < ');
  };
  const note = (id: string, el: Element) => {
    const entry = `${id} in ${where(el)}`;
    if (!w.__shownIds.includes(entry)) w.__shownIds.push(entry);
  };
  const check = () => {
    if (!document.body) return;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      for (const id of ids)
        if (n.textContent?.includes(id) && seen(n.parentElement)) note(id, n.parentElement!);
    for (const el of document.querySelectorAll('[title]'))
      for (const id of ids) if (el.getAttribute('title')?.includes(id) && seen(el)) note(id, el);
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['title'],
  });
}
