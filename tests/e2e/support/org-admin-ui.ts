import type { Page } from 'playwright-core';

/*
 * Steps in the studio's org administration page (/studio/admin), shared by the tests that set up
 * an organisation through the UI. Each step submits; the caller waits for what it expects next.
 */

/** Creates a top-level department on the 部门 tab (the tab must be open) and waits for its node. */
export async function createDepartment(page: Page, name: string): Promise<void> {
  await page.getByTestId('department-create').click();
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('name-ok').click();
  await page.getByTestId('department-tree').getByText(name, { exact: true }).waitFor();
}

export interface NewUser {
  name: string;
  email: string;
  /** An initial password; without one the dialog ends with an invite link. */
  password?: string;
  department: string;
}

/** Fills and submits the 添加成员 dialog on the 成员 tab (zh-CN). */
export async function submitNewUser(page: Page, user: NewUser): Promise<void> {
  await page.getByTestId('user-create').click();
  const dialog = page.getByRole('dialog', { name: '添加成员' });
  await dialog.getByLabel('姓名').fill(user.name);
  await dialog.getByLabel('邮箱').fill(user.email);
  if (user.password) {
    await dialog.getByText('设置初始密码').click();
    await dialog.getByTestId('user-password').fill(user.password);
  }
  await dialog.getByLabel('部门').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(user.department).click();
  await dialog.getByTestId('user-dialog-ok').click();
}
