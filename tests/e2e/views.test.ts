import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, launchChromium, shoot, requireBuiltApps } from './support/browser';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const REGIONS = ['east', 'north', 'south'] as const;
const STAGES = ['lead', 'won', 'lost'] as const;

/** Sets up the org and an app with a deals form holding 300 records, through the API. */
async function seed(baseUrl: string): Promise<void> {
  const setup = await fetch(`${baseUrl}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const headers = { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken };
  const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const app = {
    id: 'crm',
    name: l('客户管理', 'CRM'),
    formatVersion: 1,
    icon: 'team',
    forms: [
      {
        id: 'deals',
        name: l('商机', 'Deals'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('商机名称', 'Deal'), required: true },
          {
            id: 'region',
            type: 'select',
            label: l('区域', 'Region'),
            config: {
              options: [
                { value: 'east', label: l('华东', 'East') },
                { value: 'north', label: l('华北', 'North') },
                { value: 'south', label: l('华南', 'South') },
              ],
            },
          },
          {
            id: 'stage',
            type: 'select',
            label: l('阶段', 'Stage'),
            config: {
              options: [
                { value: 'lead', label: l('线索', 'Lead') },
                { value: 'won', label: l('赢单', 'Won') },
                { value: 'lost', label: l('输单', 'Lost') },
              ],
            },
          },
          {
            id: 'amount',
            type: 'money',
            label: l('金额', 'Amount'),
            config: { currency: 'CNY', precision: 2 },
          },
          { id: 'closeDate', type: 'date', label: l('预计成交', 'Close date') },
          { id: 'contact', type: 'text', label: l('联系人', 'Contact') },
        ],
      },
    ],
    navigation: [{ kind: 'form', target: 'deals' }],
  };
  const created = await fetch(`${baseUrl}/api/v1/apps`, {
    method: 'POST',
    headers,
    body: JSON.stringify(app),
  });
  if (created.status !== 201) throw new Error(`app failed: ${created.status} ${await created.text()}`);
  const companies = ['云杉科技', '星辰物流', '蓝海贸易', '青松制造', '远航电子', '金桥建材'];
  const items = Array.from({ length: 300 }, (_, i) => ({
    data: {
      name: `${companies[i % companies.length]} #${String(i + 1).padStart(3, '0')}`,
      region: REGIONS[i % 3],
      stage: STAGES[(i * 7) % 3],
      amount: 1000 + ((i * 7919) % 99000),
      closeDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      contact: ['王芳', '李雷', '张伟', 'Alice Chen'][i % 4],
    },
  }));
  const batch = await fetch(`${baseUrl}/api/v1/apps/crm/forms/deals/records/batch`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ items }),
  });
  if (batch.status !== 201) throw new Error(`batch failed: ${batch.status} ${await batch.text()}`);
}

/**
 * Clicks an option of the open antd select dropdown, once its slide-in has finished: on a loaded
 * machine a click during the animation found the option moving or re-rendered.
 */
async function pick(page: Page, label: string): Promise<void> {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '.ant-slide-up-appear, .ant-slide-up-enter, .ant-slide-down-appear, .ant-slide-down-enter',
      ),
  );
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .first()
    .click();
}

describe('data views in the player', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    await seed(server.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) errors.push(m.text());
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

  const table = () => page.getByTestId('record-table');
  const count = () => page.getByTestId('record-count');

  it('shows 300 records, virtualized, with the total counted separately', async () => {
    await page.goto(`${server.url}/apps/crm`);
    await table().getByRole('columnheader', { name: '商机名称' }).waitFor();
    await count().filter({ hasText: '300 条数据' }).waitFor();
    const rendered = await table().getByTestId('record-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    // Scrolling to the end loads the following keyset pages.
    // Keep scrolling to the end until every page has arrived (each scroll asks for the next one).
    await expect
      .poll(
        async () => {
          await page.locator('.tg-vt-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
          return table().getAttribute('aria-rowcount');
        },
        { timeout: 15_000 },
      )
      .toBe('300');
    await table().getByTestId('record-row').last().waitFor();
    expect(await table().getByTestId('record-row-loading').count()).toBe(0);
    await page.locator('.tg-vt-scroll').evaluate((el) => el.scrollTo(0, 0));
    await shoot(page, 'views-table-desktop');
  });

  it('filters by region, sorts by amount and searches', async () => {
    await page.getByTestId('filter-button').click();
    const builder = page.getByTestId('filter-builder');
    await builder
      .getByRole('button', { name: /添加条件/ })
      .first()
      .click();
    const row = builder.getByTestId('filter-condition').first();
    await row.getByLabel('字段').click();
    await pick(page, '区域');
    await row.getByLabel('值').click();
    await pick(page, '华东');
    await count().filter({ hasText: '100 条数据' }).waitFor();
    await shoot(page, 'views-filter-desktop');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: '商机' }).click();

    await table().getByRole('columnheader', { name: '金额' }).click();
    await table().getByRole('columnheader', { name: '金额' }).click();
    await expect
      .poll(() => table().getByRole('columnheader', { name: '金额' }).getAttribute('aria-sort'))
      .toBe('descending');
    const amounts = await table()
      .getByTestId('record-row')
      .evaluateAll((rows) =>
        rows
          .slice(0, 5)
          .map((r) =>
            Number((r.querySelectorAll('[role=cell]')[3]?.textContent ?? '').replace(/[^\d.]/g, '')),
          ),
      );
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

    await page.getByTestId('record-search').getByRole('searchbox').fill('青松');
    await page.getByTestId('record-search').getByRole('searchbox').press('Enter');
    await count().filter({ hasText: '50 条数据' }).waitFor();
    expect(
      await table()
        .getByRole('cell', { name: /^青松制造/ })
        .count(),
    ).toBeGreaterThan(0);
    expect(
      await table()
        .getByRole('cell', { name: /^云杉科技/ })
        .count(),
    ).toBe(0);
  });

  it('saves the current state as a personal view and switches views', async () => {
    await page.getByTestId('save-view-button').click();
    await page.getByTestId('save-view').getByLabel('视图名称').fill('华东大单');
    await page
      .getByTestId('save-view')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByText('视图已保存').waitFor();
    await page.getByTestId('view-select').click();
    await pick(page, '默认视图');
    await count().filter({ hasText: '300 条数据' }).waitFor();
    await page.getByTestId('view-select').click();
    await pick(page, '华东大单');
    await count().filter({ hasText: '50 条数据' }).waitFor();
  });

  it('selects rows and bulk-edits a field', async () => {
    const rows = table().getByTestId('record-row');
    for (let i = 0; i < 3; i++) await rows.nth(i).getByRole('checkbox').check();
    await page.getByTestId('bulk-bar').getByText('已选择 3 条').waitFor();
    await page.getByRole('button', { name: /批量修改/ }).click();
    const dialog = page.getByTestId('bulk-edit');
    await dialog.getByLabel('字段').click();
    await pick(page, '阶段');
    await dialog.getByLabel('值').click();
    await pick(page, '赢单');
    await shoot(page, 'views-bulk-edit-desktop');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^应\s*用$/ })
      .click();
    await page.getByText('已修改 3 条数据').waitFor();
    for (let i = 0; i < 3; i++) await rows.nth(i).getByRole('cell', { name: '赢单' }).waitFor();
  });

  it('opens a record, edits it and sees its history and comments', async () => {
    const first = table().getByTestId('record-row').first();
    const name = (await first.getByRole('cell').first().textContent()) ?? '';
    await first.getByRole('cell').first().click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.getByRole('tablist') });
    await drawer.getByText(name).first().waitFor();
    const full = drawer.getByTestId('record-open-full');
    expect(await full.getAttribute('href')).toMatch(/\/apps\/[^/]+\/forms\/[^/]+\/records\/[^/]+\/edit$/);
    await drawer.getByRole('button', { name: /编\s*辑/ }).click();
    // The drawer edits with the generic form renderer.
    await drawer.getByTestId('form-renderer').waitFor();
    const contact = drawer.getByLabel('联系人');
    await contact.fill('赵敏');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存', { exact: true }).waitFor();
    await drawer.getByText('赵敏').waitFor();
    await drawer.getByRole('tab', { name: '修改记录' }).click();
    const history = drawer.getByTestId('record-history');
    await history.getByText('联系人').waitFor();
    await history.getByText('赵敏').waitFor();
    await history.getByText('线索').or(history.getByText('输单')).first().waitFor();
    await shoot(page, 'views-history-desktop');
    await drawer.getByRole('tab', { name: '评论' }).click();
    await drawer.getByLabel('写下评论…').fill('已和客户确认预算。');
    await drawer.getByRole('button', { name: /发\s*送/ }).click();
    await drawer.getByText('已和客户确认预算。').waitFor();
    await shoot(page, 'views-comments-desktop');
    await page.keyboard.press('Escape');
    await table().getByRole('cell', { name: '赵敏' }).waitFor();
  });

  it('bulk-deletes after confirming', async () => {
    const rows = table().getByTestId('record-row');
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: /批量删除/ }).click();
    const confirm = page.locator('.ant-modal-confirm:visible').filter({ hasText: '删除选中的 2 条数据？' });
    await confirm.waitFor();
    await shoot(page, 'views-bulk-delete-confirm-desktop');
    await confirm.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByText('已删除 2 条数据').waitFor();
    await count().filter({ hasText: '48 条数据' }).waitFor();
  });

  it('fits a phone screen as a card list', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    try {
      const p = await phone.newPage();
      await p.goto(`${server.url}/`);
      await p.getByLabel('邮箱').fill(admin.email);
      await p.getByLabel('密码').fill(admin.password);
      await p.getByRole('button', { name: /^登\s*录$/ }).click();
      await p.getByTestId('app-card').first().waitFor();
      await p.goto(`${server.url}/apps/crm`);
      await p.getByTestId('record-table').getByTestId('record-row').first().waitFor();
      await p.getByTestId('record-count').filter({ hasText: '298 条数据' }).waitFor();
      await shoot(p, 'views-cards-phone');
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      expect(overflow).toBe(false);
      await p.getByTestId('record-row').first().locator('.tg-card').click();
      await p.locator('.ant-drawer').getByRole('tab', { name: '修改记录' }).waitFor();
      await shoot(p, 'views-drawer-phone');
    } finally {
      await phone.close();
    }
  });

  it('logged no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
