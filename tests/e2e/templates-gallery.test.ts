import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, routeModules, templateRoutes, templateRoutesFor } from '@tangram/server';
import { createTemplateRegistry, type TemplatePackage } from '../../templates/src/index';
import { fixtureMaster, fixtureSales, fixtureSalesV2 } from '../../templates/test/fixtures/fixture-packages';
import { createTestServer, type TestServer } from '../api/helpers/index';
import { setupApiSession } from './support/api-session';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  dialogSettled,
  launchChromium,
  requireBuiltApps,
  screenshotDir,
  shoot,
  pickOpenOption,
} from './support/browser';

// The template gallery (issue 14, decision 0043): the gallery on the player's empty home page and
// in the studio, installed with and without sample data, the role step and the job's progress, in
// zh-CN and en. The first-run "start with the CRM and ERP demo" is walked by crm-erp-story.test.ts.

requireBuiltApps('runtime', 'builder');

interface Running {
  url: string;
  test: TestServer;
  close(): Promise<void>;
}

/**
 * The real server serving the built apps, its gallery offering `packages`; with `over`, a second
 * server on that one's database (a newer template version offered to the same org).
 */
async function serve(packages: readonly TemplatePackage[], over?: Running): Promise<Running> {
  const test = over?.test ?? (await createTestServer());
  const routes = [
    ...routeModules.filter((m) => m !== templateRoutes),
    templateRoutesFor(createTemplateRegistry(packages)),
  ];
  const app = createApp({ db: test.db, config: test.config, routes, serveStatic: true });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    test,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!over) await test.close();
    },
  };
}

/** Also keeps a copy under /tmp/shots/l8 for the lane's review. */
async function shot(page: Page, name: string) {
  await shoot(page, name);
  mkdirSync('/tmp/shots/l8', { recursive: true });
  copyFileSync(path.join(screenshotDir, `${name}.png`), `/tmp/shots/l8/${name}.png`);
}

const FIXTURES = [fixtureMaster, fixtureSales];
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('template gallery on the empty home page (zh-CN)', () => {
  let server: Running;
  const errors: string[] = [];
  beforeAll(async () => {
    server = await serve(FIXTURES);
  });
  afterAll(() => server?.close());

  it('sets up the org, installs a template with sample data from the gallery and shows its progress', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByTestId('setup-form').waitFor();
    await expect(page.getByTestId('setup-demo').isChecked()).resolves.toBe(true);
    await page.getByLabel('组织名称').fill('星河贸易');
    await page.getByLabel('姓名').fill('林晓');
    await page.getByLabel('邮箱').fill('admin@example.com');
    await page.getByLabel('密码', { exact: true }).fill('correct horse 42');
    await page.getByLabel('确认密码').fill('correct horse 42');
    // The fixture server offers no CRM or ERP: leave the demo off here (the demo has its own test).
    await page.getByTestId('setup-demo').click();
    await page.getByRole('button', { name: '创建组织并进入' }).click();

    const card = page.getByTestId('template-card-fx_sales');
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('测试销售');
    await expect(page.getByTestId('template-card-fx_master').count()).resolves.toBe(0); // not listed
    await shot(page, 'templates-home-zh-CN-desktop');

    await card.getByTestId('template-install-sample').click();
    await dialogSettled(page);
    const dialog = page.getByTestId('template-install-dialog');
    await dialog.getByTestId('template-role-step').waitFor();
    await expect(dialog.textContent()).resolves.toContain('新建角色“销售经理”');
    await shot(page, 'templates-roles-zh-CN-desktop');
    await dialog.getByTestId('template-install-start').click();
    await dialog.getByTestId('template-install-progress').waitFor();
    await dialog.getByText('测试销售 已安装').waitFor();
    await expect(dialog.textContent()).resolves.toContain('7 / 7');
    await shot(page, 'templates-done-zh-CN-desktop');
    await dialog.getByTestId('template-install-close').click();

    // The home page lists the installed apps; the sample orders are there.
    await page.getByTestId('app-card').first().waitFor();
    const names = await page.getByTestId('app-card').allTextContents();
    expect(names.join(' ')).toContain('测试销售');
    expect(names.join(' ')).toContain('测试基础资料');

    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/studio/templates`);
    const studioCard = page.getByTestId('template-card-fx_sales');
    await studioCard.waitFor();
    await shot(page, 'templates-studio-zh-CN-phone');
    await expect(studioCard.textContent()).resolves.toContain('已安装 1.0.0');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('template gallery in the studio (en)', () => {
  let server: Running;
  const errors: string[] = [];
  beforeAll(async () => {
    server = await serve(FIXTURES);
  });
  afterAll(() => server?.close());

  it('installs a template empty from the studio gallery, mapping a role to an existing one', async () => {
    const session = await setupApiSession(server.url, {
      orgName: 'Galaxy Trading',
      name: 'Lin',
      email: 'admin@example.com',
      password: 'correct horse 42',
    });
    await session.call('POST', '/admin/roles', { name: 'Sales director' });
    const context = await browser.newContext({ viewport: PHONE, locale: 'en' });
    context.setDefaultTimeout(20_000);
    await context.addCookies([{ ...session.cookie, url: server.url }]);
    await context.addInitScript(() => localStorage.setItem('tangram.language', 'en'));
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByTestId('home-templates').waitFor();
    await page.getByTestId('template-card-fx_sales').waitFor();
    await shot(page, 'templates-home-en-phone');

    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/studio/templates`);
    const card = page.getByTestId('template-card-fx_sales');
    await card.getByTestId('template-install-empty').click();
    await dialogSettled(page);
    const dialog = page.getByTestId('template-install-dialog');
    await dialog.getByLabel('Sales manager').click();
    await pickOpenOption(page, /^Sales director$/);
    await shot(page, 'templates-roles-en-desktop');
    await dialog.getByTestId('template-install-start').click();
    await dialog.getByText('Fixture sales is installed').waitFor();
    await expect(dialog.textContent()).resolves.toContain('2 / 2');
    await dialog.getByTestId('template-install-close').click();
    await card.getByText('Installed 1.0.0').waitFor();
    await shot(page, 'templates-studio-en-desktop');

    const roles = await session.call<{ items: { name: string }[] }>('GET', '/admin/roles');
    expect(roles.items.map((r) => r.name).sort()).toEqual(['Sales director', 'Sales rep']);
    const orders = await session.call<{ items: unknown[] }>('GET', '/apps/fx_sales/forms/orders/records');
    expect(orders.items).toEqual([]);

    // The admin renames a field the next template version renames too: the upgrade shows the
    // conflict side by side and saves the side chosen, keeping the rest of the admin's change.
    const { app, version } = await session.call<{
      app: Record<string, unknown> & { forms: { fields: { id: string; label: unknown }[] }[] };
      version: number;
    }>('GET', '/apps/fx_sales');
    const { version: _v, ...definition } = app;
    for (const f of definition.forms[0]!.fields)
      if (f.id === 'amount') f.label = { en: 'Total', 'zh-CN': '合计' };
    await session.call('PUT', '/apps/fx_sales', { app: definition, baseVersion: version });
    const newer = await serve([fixtureMaster, fixtureSalesV2], server);
    try {
      await page.goto(`${newer.url}/studio/templates`);
      await page.getByTestId('template-upgrade-fx_sales').getByRole('button').click();
      await dialogSettled(page);
      const upgrade = page.getByTestId('template-upgrade-dialog');
      const conflicts = upgrade.getByTestId('template-conflicts');
      await conflicts.waitFor();
      await expect(conflicts.textContent()).resolves.toContain('forms/orders/fields/amount/label/en');
      await conflicts.locator('tr', { hasText: 'label/en' }).getByText("Take the template's").click();
      await shot(page, 'templates-upgrade-en-desktop');
      await upgrade.getByTestId('template-upgrade-apply').click();
      await page.getByText('Upgraded to 1.1.0').waitFor();
      await page.getByTestId('template-card-fx_sales').getByText('Installed 1.1.0').waitFor();
      const after = await session.call<{ app: { forms: { fields: { id: string; label: unknown }[] }[] } }>(
        'GET',
        '/apps/fx_sales',
      );
      const fields = after.app.forms[0]!.fields;
      expect(fields.find((f) => f.id === 'amount')!.label).toEqual({ en: 'Order amount', 'zh-CN': '合计' });
      expect(fields.map((f) => f.id)).toContain('due');
    } finally {
      await newer.close();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
