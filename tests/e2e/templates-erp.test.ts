import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '@tangram/server';
import { SAMPLE_USERS, erpPackage, masterPackage, seededRandom } from '@tangram/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type TestServer } from '../api/helpers/index';
import { setupTemplates, writeSample } from '../api/helpers/template-setup';
import { signIn } from './support/api-session';
import { DESKTOP, PHONE, collectPageErrors, launchChromium, requireBuiltApps } from './support/browser';

/*
 * The ERP template with its sample year, in the player (issue 14): the general manager sees the
 * inventory dashboard and the stock balances (the inventory ledger's summary) in zh-CN and en at
 * desktop and phone width; the warehouse clerk's sales-order list has no amount column and the
 * receivables balance is not offered to them. Screenshots go to SHOTS (default /tmp/shots/l6).
 */

requireBuiltApps('runtime');

const SHOTS = process.env.SHOTS ?? '/tmp/shots/l6';
const PASSWORD = 'member password 1';
let test: TestServer;
let http: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  test = await createTestServer();
  const admin = await setupAdmin(test);
  const { users } = await setupTemplates(test, admin, [masterPackage, erpPackage], SAMPLE_USERS);
  const ctx = {
    random: seededRandom(42),
    today: new Date().toISOString().slice(0, 10),
    locale: 'zh-CN' as const,
  };
  const refs = await writeSample(admin, users.gm_wu!, masterPackage.sample!(ctx).batches, users);
  await writeSample(
    admin,
    users.gm_wu!,
    erpPackage.sample!({ ...ctx, random: seededRandom(42) }).batches,
    users,
    refs,
  );
  const app = createApp({ db: test.db, config: test.config, serveStatic: true });
  http = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await test?.close();
});

async function pageFor(key: string, locale: 'zh-CN' | 'en', viewport: typeof DESKTOP | typeof PHONE) {
  const user = SAMPLE_USERS.find((u) => u.key === key)!;
  const session = await signIn(base, { email: user.email, password: PASSWORD });
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai' });
  await context.addCookies([{ ...session.cookie, url: base }]);
  const page = await context.newPage();
  const errors: string[] = [];
  collectPageErrors(page, errors);
  return { page, errors };
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('the ERP with its sample year', () => {
  for (const [locale, viewport, size] of [
    ['zh-CN', DESKTOP, 'desktop'],
    ['en', DESKTOP, 'desktop'],
    ['zh-CN', PHONE, 'phone'],
    ['en', PHONE, 'phone'],
  ] as const) {
    it(`shows the general manager the inventory dashboard and the stock balances (${locale}, ${size})`, async () => {
      const { page, errors } = await pageFor('gm_wu', locale, viewport);
      await page.goto(`${base}/apps/erp/dashboards/inventory`);
      await page
        .getByText(locale === 'zh-CN' ? '各仓库存量' : 'Stock by warehouse')
        .first()
        .waitFor();
      await page
        .getByText(
          locale === 'zh-CN' ? '低于安全库存的产品（按仓库）' : 'Items below reorder point, by warehouse',
        )
        .first()
        .waitFor();
      await page.locator('canvas, svg').first().waitFor();
      await shot(page, `erp-inventory-${locale}-${size}`);
      await page.goto(`${base}/apps/erp/aggregates/stock`);
      await page
        .getByText(locale === 'zh-CN' ? '上海总仓' : '上海总仓')
        .first()
        .waitFor();
      await shot(page, `erp-stock-${locale}-${size}`);
      await page.goto(`${base}/apps/erp/dashboards/sales`);
      await page
        .getByText(locale === 'zh-CN' ? '月度销售额' : 'Sales by month')
        .first()
        .waitFor();
      await page.locator('canvas, svg').first().waitFor();
      await shot(page, `erp-sales-${locale}-${size}`);
      // The ageing by days past due, from the open amount of each invoice.
      await page.goto(`${base}/apps/erp/dashboards/receivables`);
      await page
        .getByText(locale === 'zh-CN' ? '逾期 90 天以上' : 'Over 90 days past due')
        .first()
        .waitFor();
      await page
        .getByText(locale === 'zh-CN' ? '各客户逾期未收' : 'Past due by customer')
        .first()
        .waitFor();
      await page.locator('canvas, svg').first().waitFor();
      await shot(page, `erp-receivables-${locale}-${size}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  }

  it('shows the warehouse clerk orders without amounts and no receivables', async () => {
    const { page } = await pageFor('clerk_sun', 'zh-CN', DESKTOP);
    await page.goto(`${base}/apps/erp/forms/sales_orders`);
    await page.getByText('SO-', { exact: false }).first().waitFor();
    await expect.poll(() => page.getByRole('columnheader', { name: '合计' }).count()).toBe(0);
    await shot(page, 'erp-clerk-sales-orders-zh-CN-desktop');
    await page.goto(`${base}/apps/erp/aggregates/receivables`);
    // The page says why, in the user's language, instead of showing balances.
    await page.getByText('查看此余额需要能查看记入它的所有表单和字段。').waitFor();
    await shot(page, 'erp-clerk-receivables-zh-CN-desktop');
    await page.context().close();
  }, 120_000);
});
