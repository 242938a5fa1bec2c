/**
 * Makes the template gallery's card pictures (templates/assets/<key>.png, 800 x 500): installs the
 * ERP and the CRM with their sample year on a fresh embedded server and photographs each app's
 * first page as the general manager would see it. Not a test; run by hand after a template's look
 * changes, with the web apps built:
 *
 *   pnpm build && pnpm exec tsx tests/e2e/template-screenshots.ts
 */
import path from 'node:path';
import { launchChromium, repoRoot } from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer } from './support/server';

const PACKAGES = ['erp', 'crm'] as const;
/** The dashboard each card shows. */
const DASHBOARD = { erp: 'sales', crm: 'sales' } as const;
const ASSETS = path.join(repoRoot, 'templates/assets');

const server = await startServer();
try {
  const { call, cookie } = await setupApiSession(server.url, {
    orgName: '星河贸易有限公司',
    name: '林晓',
    email: 'admin@example.com',
    password: 'correct horse 42',
  });
  const appIds: Record<string, string> = {};
  for (const key of PACKAGES) {
    let { install } = await call<{ install: { id: string; status: string } }>(
      'POST',
      `/templates/${key}/install`,
      { sample: true, locale: 'zh-CN' },
    );
    const deadline = Date.now() + 600_000;
    while (install.status === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // A poll may meet a socket the busy server has just closed: the next poll asks again.
      const polled = await call<{ install: { id: string; status: string } }>(
        'GET',
        `/templates/installs/${install.id}`,
      ).catch(() => null);
      if (polled) install = polled.install;
    }
    const done = install as unknown as { status: string; appIds: Record<string, string>; error?: string };
    if (done.status !== 'done') throw new Error(`${key}: ${done.error ?? done.status}`);
    appIds[key] = done.appIds[key]!;
  }

  const browser = await launchChromium();
  // 1280 x 800 CSS pixels at a scale of 0.625: an 800 x 500 picture of a desktop screen.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 0.625,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.addCookies([{ ...cookie, url: server.url }]);
  const page = await context.newPage();
  for (const key of PACKAGES) {
    await page.goto(`${server.url}/apps/${appIds[key]}/dashboards/${DASHBOARD[key]}`);
    await page.getByTestId('dashboard-title').waitFor({ timeout: 60_000 });
    // Every chart drawn and its animation over: the charts' markup is the same on two looks in a
    // row, half a second apart. Read from here (the page's CSP forbids evaluating strings, and
    // tsx's name helpers cannot cross into page functions that declare their own).
    const charts = page.getByTestId('chart');
    await charts.first().waitFor({ timeout: 60_000 });
    const markup = () => charts.evaluateAll((els) => els.map((e) => e.innerHTML).join('|'));
    for (let seen = await markup(), tries = 0; tries < 120; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = await markup();
      if (now === seen) break;
      seen = now;
    }
    await page.screenshot({ path: path.join(ASSETS, `${key}.png`) });
    console.log(`templates/assets/${key}.png`);
  }
  await browser.close();
} finally {
  await server.close();
}
