import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, WorkflowDefinition } from '@tangram/schema';
import {
  DESKTOP,
  launchChromium,
  pickMenuItem,
  shoot,
  requireBuiltApps,
  drag,
  DRAG_STARTED,
  dndAnnounced,
  nextFrames,
  dialogSettled,
  pickOpenOption,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 5 end to end: an admin opens a form's workflow (流程设置) in the studio, enables it, builds
 * a two-step approval (张伟, then 王芳) with field permissions, tries a branch, drag, validation and
 * undo, and publishes; the saved definition is checked through the API. Then the admin submits a
 * claim in the player, 张伟 (logged in as himself) approves it from his inbox, and the log shows
 * the submission and the approval.
 */

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'wf-admin@example.com',
  password: 'correct horse 42',
};
const userB = { name: '张伟', email: 'zhangwei@example.com', password: 'correct horse 43' };
const userC = { name: '王芳', email: 'wangfang@example.com', password: 'correct horse 44' };

async function login(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const [name, value] = cookie.split('=') as [string, string];
  return { name, value };
}

/** expect.poll with room for a round trip and a re-render. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000 });

/** Clicks an option of the open antd select dropdown. */
async function pick(page: Page, label: string): Promise<void> {
  await pickOpenOption(page, new RegExp(`^${label}$`));
}

describe('workflow designer', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let appId = '';
  const ids: Record<string, string> = {};
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    for (const u of [userB, userC]) {
      const { user } = await call<{ user: { id: string } }>('POST', '/admin/users', u);
      ids[u.name] = user.id;
    }
    const created = await call<{ app: AppDefinition }>('POST', '/apps', {
      name: { 'zh-CN': '费用管理', en: 'Expenses' },
      icon: 'shop',
      formatVersion: 1,
      forms: [
        {
          id: 'expense',
          name: { 'zh-CN': '报销单', en: 'Expense claim' },
          fields: [
            { id: 'reason', type: 'text', label: { 'zh-CN': '事由', en: 'Reason' }, config: {} },
            { id: 'amount', type: 'number', label: { 'zh-CN': '金额', en: 'Amount' }, config: {} },
            {
              id: 'remark',
              type: 'textarea',
              label: { 'zh-CN': '审批备注', en: 'Approval note' },
              config: {},
            },
          ],
        },
      ],
      navigation: [{ kind: 'form', target: 'expense' }],
    });
    appId = created.app.id;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addCookies([{ ...session.cookie, domain: '127.0.0.1', path: '/' }]);
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

  const chooseUser = async (name: string) => {
    await pickMenuItem(page, page.getByTestId('assignees-add'), '指定成员');
    await page.getByTestId('assignees-users').last().click();
    await pick(page, name);
    await page.keyboard.press('Escape');
  };

  /** Inserts a node from the "+" menu of a slot (after the previous menu has gone). */
  const insert = async (slot: string, type: string) => {
    await poll(() => page.getByTestId('add-menu').count()).toBe(0);
    await page.getByTestId(slot).getByRole('button').click();
    await page.getByTestId('add-menu').getByTestId(`add-${type}`).click();
  };

  it('enables the workflow from the form list and builds a two-step approval', async () => {
    await page.goto(`${server.url}/studio/apps/${appId}`);
    await page.getByTestId('workflow-expense').waitFor();
    await shoot(page, 'workflow-designer-entry');
    await page.getByTestId('workflow-expense').click();
    await page.getByTestId('workflow-designer').waitFor();
    await shoot(page, 'workflow-designer-enable');
    await page.getByTestId('enable-workflow').click();
    await page.getByTestId('node-approve1').waitFor();

    // The default approver has nobody yet: the client-side checks put a badge on it.
    await poll(() => page.getByTestId('node-approve1').getByTestId('node-issue-badge').count()).toBe(1);

    await page.getByTestId('node-approve1').click();
    await chooseUser(userB.name);
    await poll(() => page.getByTestId('node-approve1').textContent()).toContain(userB.name);
    await poll(() => page.getByTestId('node-approve1').getByTestId('node-issue-badge').count()).toBe(0);

    // Field permission of the first step: the approver writes the approval note.
    await page.getByRole('tab', { name: '字段权限' }).click();
    await page.getByTestId('access-remark-edit').click();
    await page.getByTestId('access-amount-required').click();
    expect(await page.getByTestId('access-remark-edit').isChecked()).toBe(true);
    await shoot(page, 'workflow-designer-field-access');

    // A second approver after the first one, from the "+" below it.
    await insert('slot-root-1', 'approve');
    await page.getByTestId('node-approve2').waitFor();
    expect(await page.getByTestId('node-panel').getAttribute('data-node-id')).toBe('approve2');
    await chooseUser(userC.name);
    await poll(() => page.getByTestId('node-approve2').textContent()).toContain(userC.name);
    await shoot(page, 'workflow-designer-two-steps');
  });

  it('adds a branch, drags a node into it, shows problems and undoes it all', async () => {
    await insert('slot-root-2', 'branch');
    await page.getByTestId('node-branch1').waitFor();
    await page.getByTestId('lane-branch1-path1').waitFor();
    await page.getByTestId('lane-branch1-path2').waitFor();
    await page.getByTestId('lane-branch1-default').waitFor();

    // A fill step in the first path, with nobody assigned: a problem on that card.
    await insert('slot-branch1-path1-0', 'fill');
    await page.getByTestId('node-fill1').waitFor();
    await poll(() => page.getByTestId('node-fill1').getByTestId('node-issue-badge').count()).toBe(1);
    expect(await page.getByTestId('panel-issues').textContent()).toContain('请至少选择一个审批人或处理人');

    // Drag the second approver into the default path.
    await drag(page, page.getByTestId('node-approve2'), page.getByTestId('slot-branch1-@default-0'));
    await poll(() =>
      page.getByTestId('lane-branch1-default').locator('xpath=..').getByTestId('node-approve2').count(),
    ).toBe(1);
    // The first path's condition, with the data views' filter builder: amount > 10000.
    await page.getByTestId('lane-branch1-path1').click();
    const condition = page.getByTestId('path-condition');
    await condition.getByText('添加条件', { exact: true }).click();
    const cmp = condition.getByTestId('filter-condition').first();
    await cmp.locator('.tg-filter-field').click();
    await pick(page, '金额');
    await cmp.locator('.tg-filter-op').click();
    await pick(page, '大于');
    await cmp.locator('.tg-filter-value input').fill('10000');
    await poll(() => page.getByTestId('lane-branch1-path1').textContent()).toContain('金额 > 10000');
    await shoot(page, 'workflow-designer-branch');

    // Publishing now is refused on the client: the fill step has nobody.
    await page.getByTestId('workflow-publish').click();
    await page.locator('.ant-message-error').waitFor();
    expect(await page.getByTestId('node-fill1').getByTestId('node-issue-badge').count()).toBe(1);

    // Undo back to the two-step flow (condition, drag, fill, branch).
    while (await page.getByTestId('node-branch1').count()) await page.getByTestId('workflow-undo').click();
    await poll(() => page.getByTestId('node-branch1').count()).toBe(0);
    await page.getByTestId('node-approve2').waitFor();

    // Keyboard move: pick the first approver up with Space, arrow to the last "+", drop.
    const top = async (id: string) => (await page.getByTestId(id).boundingBox())?.y ?? 0;
    await page.getByTestId('node-approve1').focus();
    await page.keyboard.press('Space');
    // dnd-kit measures the slots right after the pick-up; arrows before that have nothing to aim at.
    await dndAnnounced(page, DRAG_STARTED);
    await nextFrames(page);
    // Each arrow aims from the slot the last one reached: its move is rendered (and the card's new
    // slot known) before the next arrow.
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowDown');
      await nextFrames(page);
    }
    await dndAnnounced(page, /approve1 was moved over droppable area/);
    await page.keyboard.press('Space');
    await poll(async () => (await top('node-approve1')) > (await top('node-approve2'))).toBe(true);
    await page.getByTestId('workflow-undo').click();
    await poll(async () => (await top('node-approve1')) < (await top('node-approve2'))).toBe(true);

    // A parallel block at the end (two lanes, each with an approver, meeting at a join) and a
    // timeout that escalates on the second approver; then undone (3 steps).
    await insert('slot-root-2', 'fork');
    await page.getByTestId('node-join1').waitFor();
    expect(
      await page
        .getByTestId('node-fork1')
        .locator('xpath=..')
        .getByTestId(/^node-approve/)
        .count(),
    ).toBe(2);
    await page.getByTestId('node-approve2').click();
    await page.getByRole('tab', { name: '高级' }).click();
    await page.getByTestId('timeout-switch').click();
    await page.getByTestId('timeout-action').click();
    await pick(page, '转交给');
    await poll(() => page.getByTestId('panel-issues').textContent()).toContain('请选择超时后转交给谁');
    await shoot(page, 'workflow-designer-fork-advanced');
    for (let i = 0; i < 3; i++) await page.getByTestId('workflow-undo').click();
    await poll(() => page.getByTestId('node-fork1').count()).toBe(0);
    expect(await page.getByTestId('panel-issues').count()).toBe(0);

    // A click on the empty canvas shows the workflow's settings; turning it off is undoable too.
    await page
      .getByTestId('workflow-designer')
      .locator('main')
      .click({ position: { x: 40, y: 400 } });
    await page.getByTestId('disable-workflow').click();
    // Click the confirm button only once the dialog's zoom-in has finished: a click during the
    // animation can miss the moving button on a loaded machine.
    await page.locator('.ant-modal-confirm').waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-zoom-appear, .ant-zoom-enter'));
    await page.locator('#confirm-disable').click();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
    await page.getByTestId('enable-workflow').waitFor();
    await page.getByTestId('workflow-undo').click();
    await page.getByTestId('node-approve2').waitFor();
  });

  it('publishes a new version and the API has the definition', async () => {
    const before = await call<{ version: number }>('GET', `/apps/${appId}`);
    await page.getByTestId('workflow-publish').click();
    await page
      .locator('.ant-message-success')
      .filter({ hasText: `版本 ${before.version + 1}` })
      .waitFor();
    await poll(() => page.getByTestId('workflow-version').textContent()).toContain(
      String(before.version + 1),
    );

    const { app } = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const form = app.forms.find((f) => f.id === 'expense');
    const wf = app.workflows?.find((w) => w.id === form?.workflowId) as WorkflowDefinition;
    expect(wf.form).toBe('expense');
    const byId = new Map(wf.nodes.map((n) => [n.id, n]));
    expect(byId.get('start')).toMatchObject({ type: 'start', next: 'approve1' });
    expect(byId.get('approve1')).toMatchObject({
      type: 'approve',
      assignees: [{ kind: 'users', ids: [ids[userB.name]] }],
      next: 'approve2',
      fields: expect.arrayContaining([
        { field: 'remark', access: 'edit' },
        { field: 'amount', access: 'required' },
      ]),
    });
    expect(byId.get('approve2')).toMatchObject({
      type: 'approve',
      assignees: [{ kind: 'users', ids: [ids[userC.name]] }],
      next: 'end',
    });
    expect(wf.nodes.map((n) => n.type)).toEqual(['start', 'approve', 'approve', 'end']);

    // The versions list shows the new version as current.
    await page.getByTestId('workflow-versions').click();
    await page.getByTestId(`version-${before.version + 1}`).waitFor();
    await shoot(page, 'workflow-designer-versions');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('versions-drawer').isVisible()).toBe(false);

    // A CC step to the submitter, published as the next version ...
    const v2 = before.version + 1;
    await insert('slot-root-2', 'cc');
    await pickMenuItem(page, page.getByTestId('recipients-add'), '发起人自己');
    await poll(() => page.getByTestId('node-cc1').textContent()).toContain('发起人自己');
    await page.getByTestId('workflow-publish').click();
    await poll(() => page.getByTestId('workflow-version').textContent()).toContain(String(v2 + 1));
    // ... then the version before it viewed read-only and restored from there.
    await page.getByTestId('workflow-versions').click();
    await page.getByTestId(`view-${v2}`).click();
    const old = page.getByTestId('version-view-canvas');
    await old.getByTestId('node-approve2').waitFor();
    expect(await old.getByTestId('node-cc1').count()).toBe(0);
    expect(await old.getByRole('button', { name: '添加节点' }).count()).toBe(0);
    await shoot(page, 'workflow-designer-version-view');
    await page.getByTestId('view-restore').click();
    await dialogSettled(page);
    await page.locator('#confirm-restore').click();
    await poll(() => page.getByTestId('workflow-version').textContent()).toContain(String(v2 + 2));
    await poll(() => page.getByTestId('node-cc1').count()).toBe(0);
    const restored = await call<{ app: AppDefinition; version: number }>('GET', `/apps/${appId}`);
    expect(restored.version).toBe(v2 + 2);
    expect(restored.app.workflows?.[0]?.nodes.map((n) => n.id)).toEqual([
      'start',
      'approve1',
      'approve2',
      'end',
    ]);

    // The same designer in English (an English browser, its own storage).
    const english = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    await english.addCookies(await context.cookies());
    const en = await english.newPage();
    await en.goto(`${server.url}/studio/apps/${appId}/forms/expense/workflow`);
    await en.getByTestId('node-approve1').click();
    await en.getByRole('tab', { name: 'Field permissions' }).click();
    await en.getByTestId('access-all-read').waitFor();
    expect(await en.getByTestId('workflow-publish').textContent()).toContain('Publish');
    await shoot(en, 'workflow-designer-en');
    await english.close();
    expect(errors).toEqual([]);
  });

  it('runs: the admin submits, 张伟 approves from his inbox, the log shows both', async () => {
    await page.goto(`${server.url}/apps/${appId}/forms/expense/new`);
    await page.getByTestId('form-submit').waitFor();
    await page.getByLabel('事由').fill('客户拜访差旅');
    await page.getByLabel('金额').fill('2300');
    await page.getByTestId('form-submit').click();
    await page.waitForURL(/\/records\/[^/]+\/process$/);
    await page.getByTestId('process-panel').waitFor();
    expect(await page.getByTestId('flow-node-approve1').getAttribute('data-state')).toBe('current');

    const contextB = await browser.newContext({
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await contextB.addCookies([
      { ...(await login(server.url, userB.email, userB.password)), domain: '127.0.0.1', path: '/' },
    ]);
    contextB.setDefaultTimeout(15_000);
    const pageB = await contextB.newPage();
    pageB.on('pageerror', (e) => errors.push(`B: ${e.message}`));
    await pageB.goto(`${server.url}/`);
    await pageB.getByTestId('inbox-link').click();
    await pageB.getByTestId('inbox-page').waitFor();
    await poll(() => pageB.getByTestId('inbox-item').count()).toBe(1);
    await pageB.getByTestId('inbox-item').click();
    await pageB.getByTestId('process-panel').waitFor();
    // The permissions set in the designer: the note is editable at this step.
    await poll(() => pageB.getByLabel('审批备注').isEditable()).toBe(true);
    await pageB.getByLabel('审批备注').fill('票据齐全');
    await pageB.getByTestId('workflow-action-approve').click();
    const ok = pageB.getByTestId('workflow-dialog-ok');
    await ok.waitFor();
    await pageB.getByTestId('workflow-comment').fill('同意报销');
    await ok.click();
    // The dialog closes when the step is taken; a refused call keeps it open with an error toast,
    // which then names the failure instead of a bare timeout.
    const refused = pageB.locator('.ant-message-error');
    await Promise.race([
      ok.waitFor({ state: 'hidden', timeout: 30_000 }),
      refused.waitFor({ timeout: 30_000 }).then(async () => {
        throw new Error(`approve refused: ${await refused.textContent()}`);
      }),
    ]);
    await poll(() => pageB.getByTestId('flow-node-approve1').getAttribute('data-state')).toBe('done');
    expect(await pageB.getByTestId('flow-node-approve2').getAttribute('data-state')).toBe('current');
    const log = pageB.getByTestId('workflow-log');
    await poll(() => log.textContent()).toContain('同意报销');
    const text = (await log.textContent()) ?? '';
    expect(text).toContain(admin.name);
    expect(text).toContain(userB.name);
    await shoot(pageB, 'workflow-designer-run-approved');
    await contextB.close();
    expect(errors).toEqual([]);
  });
});
