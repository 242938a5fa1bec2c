import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  DESKTOP,
  collectPageErrors,
  launchChromium,
  requireBuiltApps,
  shoot,
  pickMenuItem,
  pickOpenOption,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 19 §1-2 end to end (decision 0046): a user creates an API key from the user menu, copies it
 * from the one-time dialog, and the test calls the API with it (no cookie, no CSRF token); the list
 * then shows when it was last used; the app's API reference renders in the bundled viewer; after a
 * revoke in the UI the key is refused.
 */

requireBuiltApps('runtime');

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const crm = {
  id: 'crm',
  name: l('客户管理', 'CRM'),
  formatVersion: 1,
  forms: [
    {
      id: 'leads',
      name: l('线索', 'Leads'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('名称', 'Name'), required: true },
        {
          id: 'stage',
          type: 'select',
          label: l('阶段', 'Stage'),
          config: {
            options: [
              { value: 'new', label: l('新', 'New') },
              { value: 'won', label: l('赢单', 'Won') },
            ],
          },
        },
      ],
    },
  ],
} as unknown as AppDefinition;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  const api = await setupApiSession(server.url, {
    orgName: 'Northwind',
    name: 'Kai Key',
    email: 'kai@example.com',
    password: 'correct horse 42',
  });
  await api.call('POST', '/apps', crm);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
  await context.addCookies([{ ...api.cookie, domain: '127.0.0.1', path: '/' }]);
  page = await context.newPage();
  collectPageErrors(page, errors);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const records = () => `${server.url}/api/v1/apps/crm/forms/leads/records`;

describe('API keys in the player', () => {
  it('creates a key in the UI, calls the API with it, sees its last use, reads the reference, revokes it', async () => {
    await page.goto(`${server.url}/`);
    await pickMenuItem(page, page.getByTestId('user-menu'), 'API keys');
    await page.getByTestId('api-keys-page').waitFor();

    await page.getByTestId('api-key-new').click();
    await page.getByTestId('api-key-name').fill('Shop sync');
    await page.getByTestId('api-key-app-0').click();
    await pickOpenOption(page, /^CRM$/);
    await page.getByText('Read and write', { exact: true }).click();
    await page.getByTestId('api-key-create').click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const key = ((await secret.textContent()) ?? '').trim();
    expect(key).toMatch(/^tgk_[A-Za-z0-9_-]{43}$/);
    await shoot(page, 'api-keys-shown-once');
    await page.getByTestId('api-key-done').click();
    await expect.poll(() => page.locator('tr', { hasText: 'Shop sync' }).textContent()).toContain('Never');

    // The key works from outside the browser: no cookie, no CSRF token.
    const created = await fetch(records(), {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { name: 'Contoso', stage: 'new' } }),
    });
    expect(created.status).toBe(201);
    const list = (await (await fetch(records(), { headers: { Authorization: `Bearer ${key}` } })).json()) as {
      items: { data: { name: string } }[];
    };
    expect(list.items.map((r) => r.data.name)).toEqual(['Contoso']);

    await page.reload();
    const row = page.locator('tr', { hasText: 'Shop sync' });
    await row.waitFor();
    expect(await row.textContent()).not.toContain('Never');
    await shoot(page, 'api-keys-list');

    // The app's API reference, reached from the app's page, in the viewer loaded on demand.
    await page.goto(`${server.url}/apps/crm`);
    await page.getByTestId('open-api-docs').click();
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await page.locator('.swagger-ui').textContent()).toContain('/apps/crm/forms/leads/records');
    await shoot(page, 'api-docs');

    // Revoke: the list says so and the key is refused.
    await page.goto(`${server.url}/api-keys`);
    await page.locator('tr', { hasText: 'Shop sync' }).getByTestId('api-key-revoke').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /OK|Yes/ })
      .click();
    await expect.poll(() => page.locator('tr', { hasText: 'Shop sync' }).textContent()).toContain('Revoked');
    const refused = await fetch(records(), { headers: { Authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
    expect(errors).toEqual([]);
  }, 90_000);
});
