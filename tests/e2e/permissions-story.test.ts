import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { DESKTOP, launchChromium, requireBuiltApps, shoot as shootPage } from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 11's story from the member's side: the org (a department, two users in it), an app whose
 * form has a salary field and a group "own records, cannot see salary" (view and create only) are
 * set up through the API, as the admin pages would. 李雷 then signs in to the player: he sees only
 * his records, no salary column in the table nor in the drawer, no Edit and no bulk Delete, and
 * the record count and the dashboard's count are his alone. Desktop and phone screenshots.
 */

requireBuiltApps('runtime');

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'story-admin@example.com',
  password: 'correct horse 42',
};
const lilei = { name: '李雷', email: 'story-lilei@example.com', password: 'correct horse 43' };
const hanmei = { name: '韩梅', email: 'story-hanmei@example.com', password: 'correct horse 44' };
const PHONE_375 = { width: 375, height: 812 } as const;

async function shoot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootPage(page, name);
}

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000 });

async function login(base: string, who: { email: string; password: string }) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function createAs(
  base: string,
  who: { cookie: string; csrfToken: string },
  path: string,
  data: object,
) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ data }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

describe('permissions story: a member in the player', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let appId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ permissionGroups: 'enforced' });
    const { call } = await setupApiSession(server.url, admin);
    const { department } = await call<{ department: { id: string } }>('POST', '/admin/departments', {
      name: '销售部',
    });
    for (const u of [lilei, hanmei])
      await call('POST', '/admin/users', { ...u, departmentIds: [department.id] });
    const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
    const created = await call<{ app: AppDefinition }>('POST', '/apps', {
      name: l('人事', 'HR'),
      icon: 'team',
      formatVersion: 2,
      access: {
        members: [{ kind: 'departments', ids: [department.id] }],
        admins: [],
        defaultFormActions: ['view', 'create', 'edit', 'delete', 'import', 'export', 'print'],
      },
      forms: [
        {
          id: 'staff',
          name: l('员工档案', 'Staff'),
          titleField: 'name',
          fields: [
            { id: 'name', type: 'text', label: l('姓名', 'Name'), config: {} },
            { id: 'city', type: 'text', label: l('城市', 'City'), config: {} },
            { id: 'salary', type: 'number', label: l('薪资', 'Salary'), config: {} },
          ],
          permissionGroups: [
            {
              id: 'own',
              name: l('本人记录，不看薪资', 'Own records, no salary'),
              members: [{ kind: 'departments', ids: [department.id] }],
              actions: ['view', 'create'],
              scope: { kind: 'own' },
              fields: { visible: ['name', 'city'], editable: ['name', 'city'] },
            },
          ],
        },
      ],
      dashboards: [
        {
          id: 'board',
          name: l('概览', 'Overview'),
          widgets: [
            {
              id: 'count',
              type: 'kpi',
              title: l('档案数', 'Records'),
              layout: { x: 0, y: 0, w: 8, h: 4 },
              source: { form: 'staff' },
              dimensions: [],
              measures: [{ op: 'count', as: 'n' }],
            },
          ],
        },
      ],
      navigation: [
        { kind: 'form', target: 'staff' },
        { kind: 'dashboard', target: 'board' },
      ],
    });
    appId = created.app.id;
    const records = `/apps/${appId}/forms/staff/records`;
    const li = await login(server.url, lilei);
    await createAs(server.url, li, records, { name: '李雷的档案', city: '上海' });
    await createAs(server.url, li, records, { name: '李雷的第二份档案', city: '杭州' });
    const han = await login(server.url, hanmei);
    await createAs(server.url, han, records, { name: '韩梅的档案', city: '北京' });
    // Salaries are the admin's business: set on every record, never shown to the members.
    const all = await call<{ items: { id: string; version: number }[] }>('GET', records);
    for (const r of all.items)
      await call('PATCH', `${records}/${r.id}`, { data: { salary: 98765 }, version: r.version });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const session = await login(server.url, lilei);
    const [name, value] = session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows 李雷 his records only, without the salary column or actions he lacks', async () => {
    await page.goto(`${server.url}/apps/${appId}/forms/staff`);
    await poll(() => page.getByTestId('record-row').count()).toBe(2);
    const table = page.getByTestId('record-table');
    expect(await table.textContent()).toContain('姓名');
    expect(await table.textContent()).toContain('李雷的档案');
    expect(await table.textContent()).not.toContain('韩梅');
    expect(await table.textContent()).not.toContain('薪资');
    expect(await table.textContent()).not.toContain('98765');
    await poll(() => page.getByTestId('record-count').textContent()).toContain('2');
    // He may create records, but neither edit nor delete them.
    expect(await page.getByTestId('new-record').count()).toBe(1);
    await page.getByTestId('record-row').first().locator('input[type=checkbox]').click();
    await page.getByTestId('bulk-bar').waitFor();
    expect(await page.getByTestId('bulk-bar').textContent()).not.toContain('删除');
    await page.getByTestId('bulk-bar').getByRole('button').last().click();
    await shoot(page, 'permissions-story-table');

    await page.getByTestId('record-row').first().click();
    const drawer = page.getByTestId('record-drawer');
    await drawer.getByText('城市').first().waitFor();
    expect(await drawer.textContent()).not.toContain('薪资');
    expect(await drawer.textContent()).not.toContain('98765');
    expect(await page.getByTestId('record-edit').count()).toBe(0);
    await shoot(page, 'permissions-story-drawer');
    await page.keyboard.press('Escape');
  });

  it('counts only his records on the dashboard', async () => {
    await page.goto(`${server.url}/apps/${appId}/dashboards/board`);
    await poll(() => page.getByTestId('kpi-n').textContent()).toBe('2');
    await shoot(page, 'permissions-story-dashboard');
  });

  it('shows the same at phone width', async () => {
    await page.setViewportSize(PHONE_375);
    await page.goto(`${server.url}/apps/${appId}/forms/staff`);
    await poll(() => page.getByTestId('record-count').textContent()).toContain('2');
    expect(await page.locator('body').textContent()).not.toContain('薪资');
    expect(await page.locator('body').textContent()).not.toContain('韩梅');
    await shoot(page, 'permissions-story-phone');
    await page.setViewportSize(DESKTOP);
    expect(errors).toEqual([]);
  });
});
