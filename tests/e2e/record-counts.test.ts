/**
 * The data view's record count (decision 0050): a large set shows the server's estimate ("约 1.2万
 * 条数据") as a link, never an exact count it did not ask for; a click fetches the exact number; a
 * count that fails (503 count_timeout) is reported beside the estimate. Seeding 10,000+ records is
 * too slow for CI, so the browser's estimate request is answered as the server answers a large set.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, requireBuiltApps, shoot } from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

describe('record count in the data view', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** What the browser asked for as `count`, in order. */
  const asked: unknown[] = [];
  let exactAnswer: 'real' | 'timeout' = 'real';

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    await api.call('POST', '/apps', {
      id: 'crm',
      name: l('客户管理', 'CRM'),
      formatVersion: 1,
      forms: [
        {
          id: 'deals',
          name: l('商机', 'Deals'),
          titleField: 'name',
          fields: [{ id: 'name', type: 'text', label: l('商机名称', 'Deal') }],
        },
      ],
      navigation: [{ kind: 'form', target: 'deals' }],
    });
    const items = Array.from({ length: 120 }, (_, i) => ({ data: { name: `商机 ${i + 1}` } }));
    await api.call('POST', '/apps/crm/forms/deals/records/batch?return=ids', { items });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(15_000);
    await context.addCookies([{ ...api.cookie, url: server.url }]);
    page = await context.newPage();
    await page.route('**/api/v1/apps/crm/forms/deals/records/query', async (route: Route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { count?: unknown };
      if (body.count === undefined) return route.continue();
      asked.push(body.count);
      if (body.count === 'estimate') {
        const real = await route.fetch();
        const json = (await real.json()) as Record<string, unknown>;
        return route.fulfill({ response: real, json: { ...json, total: 12_345, totalKind: 'estimate' } });
      }
      if (exactAnswer === 'timeout')
        return route.fulfill({
          status: 503,
          json: {
            error: { code: 'count_timeout', message: '统计记录数超过 5 秒，请缩小筛选范围或使用估算值。' },
          },
        });
      return route.continue();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const count = () => page.getByTestId('record-count');

  it('shows the estimate, and the exact number only after a click', async () => {
    await page.goto(`${server.url}/apps/crm`);
    await count().filter({ hasText: '约 1.2万 条数据' }).waitFor();
    expect(asked).toEqual(['estimate']);
    await shoot(page, 'record-count-estimate');
    await count().getByText('约 1.2万 条数据').click();
    await count()
      .filter({ hasText: /^120 条数据$/ })
      .waitFor();
    expect(asked).toEqual(['estimate', true]);
  });

  it('reports an exact count that took too long and keeps the estimate', async () => {
    exactAnswer = 'timeout';
    asked.length = 0;
    await page.reload();
    await count().filter({ hasText: '约 1.2万 条数据' }).waitFor();
    await count().getByText('约 1.2万 条数据').click();
    await count().filter({ hasText: '统计失败：统计记录数超过 5 秒' }).waitFor();
    expect(await count().textContent()).toContain('约 1.2万 条数据');
    await shoot(page, 'record-count-timeout');
  });
});
