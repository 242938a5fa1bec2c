import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  launchChromium,
  requireBuiltApps,
  shoot,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 19 §3 end to end (decision 0047): an admin publishes a form in the studio's Publish panel
 * and copies the link; a visitor opens it on a phone without signing in, fills it in English and
 * sees the thank-you page; the record arrives (read through the API) with its serial number; after
 * the admin revokes the link, the same address shows "link unavailable".
 */

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河会展',
  name: '周敏',
  email: 'pf-admin@example.com',
  password: 'correct horse 42',
};
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const eventsApp: AppDefinition = {
  id: 'events',
  name: l('活动报名', 'Events'),
  formatVersion: 3,
  forms: [
    {
      id: 'signups',
      name: l('报名表', 'Sign-ups'),
      titleField: 'name',
      fields: [
        {
          id: 'no',
          type: 'serial',
          label: l('编号', 'No.'),
          config: {
            parts: [
              { kind: 'text', text: 'S-' },
              { kind: 'counter', digits: 3 },
            ],
          },
        },
        { id: 'name', type: 'text', label: l('姓名', 'Full name'), required: true, config: {} },
        { id: 'company', type: 'text', label: l('公司', 'Company'), config: {} },
        { id: 'seats', type: 'number', label: l('人数', 'Seats'), config: {} },
        { id: 'owner', type: 'member', label: l('跟进人', 'Owner'), config: {} },
      ],
    },
  ],
} as unknown as AppDefinition;

let server: RunningServer;
let browser: Browser;
let studio: BrowserContext;
let api: Awaited<ReturnType<typeof setupApiSession>>;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  api = await setupApiSession(server.url, admin);
  await api.call('POST', '/apps', eventsApp);
  browser = await launchChromium();
  studio = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await studio.addCookies([{ ...api.cookie, domain: '127.0.0.1', path: '/' }]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('public form links', () => {
  let url = '';

  it('publishes a form in the studio and shows the link once', async () => {
    const page = await studio.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/studio/apps/events`);
    await page.getByTestId('publish-signups').click();
    const drawer = page.getByTestId('publish-drawer');
    // Only fields a stranger may fill are offered: no serial number, no member field.
    const fields = drawer.getByTestId('publish-fields');
    await expect.poll(() => fields.locator('label').allTextContents()).toEqual(['姓名', '公司', '人数']);
    await fields.getByLabel('人数').uncheck();
    await drawer.getByTestId('publish-title').fill('2026 Partner Day');
    await drawer.getByTestId('publish-thanks').fill('See you there!');
    await drawer.getByTestId('publish-create').click();
    const shown = drawer.getByTestId('publish-url');
    await expect.poll(() => shown.inputValue()).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    url = await shown.inputValue();
    await expect.poll(() => drawer.getByTestId('publish-count').first().textContent()).toBe('已提交 0 份');
    await shoot(page, 'public-forms-studio-publish');
    await page.close();
  });

  it('a visitor submits from a phone without signing in; the record arrives', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      locale: 'en-US',
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    collectPageErrors(page, errors);
    await page.goto(url);
    await expect.poll(() => page.getByTestId('public-form-title').textContent()).toBe('2026 Partner Day');
    expect(await page.locator('#field-seats').count()).toBe(0);
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('Company').fill('Navy Labs');
    await shoot(page, 'public-forms-phone-form');
    await page.getByTestId('form-submit').click();
    const thanks = page.getByTestId('public-form-thanks');
    await thanks.waitFor();
    expect(await thanks.textContent()).toContain('See you there!');
    await shoot(page, 'public-forms-phone-thanks');
    // No horizontal scrolling at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const { items } = await api.call<{ items: { createdBy: string; data: Record<string, unknown> }[] }>(
      'GET',
      '/apps/events/forms/signups/records',
    );
    expect(items).toHaveLength(1);
    expect(items[0]!.data).toMatchObject({ no: 'S-001', name: 'Grace Hopper', company: 'Navy Labs' });
    expect(items[0]!.createdBy).toMatch(/^pfl_/);
    await phone.close();
  });

  it('a revoked link shows a clear page', async () => {
    const { links } = await api.call<{ links: { id: string; submissions: number }[] }>(
      'GET',
      '/apps/events/forms/signups/public-links',
    );
    expect(links[0]!.submissions).toBe(1);
    const res = await fetch(`${server.url}/api/v1/apps/events/forms/signups/public-links/${links[0]!.id}`, {
      method: 'DELETE',
      headers: { cookie: `${api.cookie.name}=${api.cookie.value}`, 'x-csrf-token': await csrf() },
    });
    expect(res.status).toBe(204);
    const phone = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const page: Page = await phone.newPage();
    await page.goto(url);
    await page.getByTestId('public-form-notFound').waitFor();
    expect(await page.getByTestId('public-form-notFound').textContent()).toContain('链接不可用');
    await shoot(page, 'public-forms-phone-revoked');
    await phone.close();
    expect(errors).toEqual([]);
  });
});

/** The session's CSRF token (api.call does not expose DELETE answers without a body). */
async function csrf(): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/me`, {
    headers: { cookie: `${api.cookie.name}=${api.cookie.value}` },
  });
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}
