import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApiSession } from './support/api-session';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  launchChromium,
  pickMenuItem,
  requireBuiltApps,
  shoot,
} from './support/browser';
import { createDepartment, submitNewUser } from './support/org-admin-ui';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime', 'builder');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };

describe('org administration in the studio', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let inviteUrl = '';
  const errors: string[] = [];

  const watch = (p: Page) => collectPageErrors(p, errors);

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    await context.addCookies([{ ...api.cookie, url: server.url }]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    watch(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates departments and moves one by dragging', async () => {
    await page.goto(`${server.url}/studio/`);
    await page.getByTestId('org-admin-link').click();
    await page.getByTestId('user-table').waitFor();
    await page.getByRole('tab', { name: '部门' }).click();

    for (const name of ['销售部', '华东区']) await createDepartment(page, name);
    // Drag 华东区 onto 销售部: it becomes a sub-department (the tree indents it).
    const tree = page.getByTestId('department-tree');
    // The tree nests a drop when the pointer ends up right of where the drag began (by more than
    // one indent), like moving a line right in an outline.
    const node = (name: string) => tree.locator('.ant-tree-node-content-wrapper', { hasText: name });
    await node('华东区').dragTo(node('销售部'), {
      sourcePosition: { x: 10, y: 8 },
      targetPosition: { x: 70, y: 14 },
    });
    await page.getByText('已移动 华东区').waitFor();
    await expect
      .poll(() =>
        tree.locator('.ant-tree-treenode', { hasText: '华东区' }).locator('.ant-tree-indent-unit').count(),
      )
      .toBe(1);
    await tree.getByText('销售部', { exact: true }).click();
    await page.getByTestId('department-form').waitFor();
    await shoot(page, 'org-admin-departments-desktop');
  });

  it('creates a user with a password and one with an invite link', async () => {
    await page.getByRole('tab', { name: '成员' }).click();
    await page.getByTestId('user-table').getByText(admin.email).waitFor();

    const addUser = (name: string, email: string, password?: string) =>
      submitNewUser(page, { name, email, department: '销售部', ...(password ? { password } : {}) });

    await addUser('王芳', 'wang@example.com', 'wang fang password 1');
    await page.getByText('已添加 王芳').waitFor();
    await page.getByTestId('user-table').getByText('wang@example.com').waitFor();

    await addUser('赵雷', 'zhao@example.com');
    const linkBox = page.getByTestId('password-link');
    await linkBox.waitFor();
    inviteUrl = await linkBox.inputValue();
    expect(inviteUrl).toMatch(/\/invite#[\w-]{40,}$/);
    await page.getByTestId('copy-link').click();
    await page.getByText('链接已复制').waitFor();
    await shoot(page, 'org-admin-invite-link-desktop');
    await page.getByRole('button', { name: /^完\s*成$/ }).click();

    const row = page.getByTestId('user-table').locator('tr', { hasText: 'zhao@example.com' });
    await row.getByText('待设置密码').waitFor();
    await row.getByText('销售部').waitFor();

    await page.getByTestId('user-search').fill('wang');
    await expect.poll(() => page.getByTestId('user-table').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('user-search').fill('');
    await page.getByTestId('user-table').getByText('zhao@example.com').waitFor();
    await shoot(page, 'org-admin-users-desktop');

    await page.setViewportSize(PHONE);
    await page.getByTestId('user-table').getByText('zhao@example.com').waitFor();
    await shoot(page, 'org-admin-users-phone');
    await page.getByRole('tab', { name: '部门' }).click();
    await page.getByTestId('department-tree').waitFor();
    await shoot(page, 'org-admin-departments-phone');
    await page.getByRole('tab', { name: '角色' }).click();
    await page.getByTestId('role-create').click();
    await page.getByTestId('name-input').fill('财务');
    await page.getByTestId('name-ok').click();
    await page.getByTestId('role-list').getByText('财务').waitFor();
    await shoot(page, 'org-admin-roles-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('accepts the invite in a fresh browser and signs in as the new user', async () => {
    const fresh = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    fresh.setDefaultTimeout(15_000);
    const p = await fresh.newPage();
    watch(p);
    await p.goto(inviteUrl);
    await p.getByTestId('invite-form').waitFor();
    await p.getByText('加入 星河贸易').waitFor();
    await shoot(p, 'org-admin-invite-accept-phone');

    await p.getByLabel('密码', { exact: true }).fill('password');
    await p.getByLabel('确认密码').fill('password');
    await p.getByRole('button', { name: '设置密码并登录' }).click();
    await p.getByText('这是最常见的密码之一').waitFor({ state: 'visible' }); // the server's policy, in Chinese
    await p.getByLabel('密码', { exact: true }).fill('zhao lei chooses 7');
    await p.getByLabel('确认密码').fill('zhao lei chooses 7');
    await p.getByRole('button', { name: '设置密码并登录' }).click();
    await p.getByTestId('user-menu').waitFor();
    expect(new URL(p.url()).hash).toBe('');

    // Sign out, then sign in with the chosen password.
    await pickMenuItem(p, p.getByTestId('user-menu'), '退出登录');
    await p.getByTestId('login-form').waitFor();
    await p.getByLabel('邮箱').fill('zhao@example.com');
    await p.getByLabel('密码').fill('zhao lei chooses 7');
    await p.getByRole('button', { name: /^登\s*录$/ }).click();
    await p.getByTestId('user-menu').waitFor();

    // The link is spent.
    await p.goto(inviteUrl);
    await p.getByTestId('invite-dead').getByText('这个链接已经使用过了', { exact: false }).waitFor();
    await fresh.close();

    // The admin sees the invitee as active now.
    await page.goto(`${server.url}/studio/admin/users`);
    const row = page.getByTestId('user-table').locator('tr', { hasText: 'zhao@example.com' });
    await row.getByText('正常').waitFor();
    expect(errors).toEqual([]);
  });
});
