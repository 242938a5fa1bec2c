import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import path from 'node:path';
import {
  DESKTOP,
  PHONE,
  launchChromium,
  requireBuiltApps,
  screenshotDir,
  shoot,
  dialogSettled,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

/*
 * Approvals in the player, by three people: Alice submits a purchase request on a process form
 * (Bob approves, then Carol when the amount is over 10,000); Bob finds it in his inbox (badge 1), edits the field his
 * step makes editable and approves with a comment; Carol rejects it back to the submitter; Alice
 * finds it back in her to-do box and resubmits; the log shows every step. Phone-width screenshots
 * of the inbox and the process page.
 */

requireBuiltApps('runtime');

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'wf-admin@example.com',
  password: 'correct horse 42',
};
const people = {
  alice: { name: 'Alice 王', email: 'alice@example.com', password: 'alice-pass-42' },
  bob: { name: 'Bob 李', email: 'bob@example.com', password: 'bob-pass-4242' },
  carol: { name: 'Carol 张', email: 'carol@example.com', password: 'carol-pass-42' },
};
type Person = keyof typeof people;
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function purchaseApp(bob: string, carol: string): AppDefinition {
  return {
    id: 'purchase',
    name: l('采购管理', 'Purchasing'),
    formatVersion: 1,
    forms: [
      {
        id: 'requests',
        name: l('采购申请', 'Purchase request'),
        titleField: 'title',
        workflowId: 'approval',
        fields: [
          { id: 'title', type: 'text', label: l('申请事项', 'Item'), required: true },
          { id: 'amount', type: 'number', label: l('金额', 'Amount') },
          { id: 'note', type: 'textarea', label: l('经理备注', 'Manager note') },
        ],
      },
    ],
    workflows: [
      {
        id: 'approval',
        name: l('采购审批', 'Purchase approval'),
        form: 'requests',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr', fields: [{ field: 'note', access: 'hidden' }] },
          {
            type: 'approve',
            id: 'mgr',
            name: l('部门经理审批', 'Manager approval'),
            assignees: [{ kind: 'users', ids: [bob] }],
            fields: [{ field: 'note', access: 'edit' }],
            actions: ['reject', 'transfer', 'addApprover'],
            rejectTo: ['start', 'end'],
            next: 'amount',
          },
          {
            type: 'branch',
            id: 'amount',
            name: l('金额判断', 'Amount check'),
            branches: [
              {
                id: 'big',
                name: l('金额 > 10,000', 'Amount > 10,000'),
                condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 },
                next: 'dir',
              },
            ],
            defaultNext: 'end',
          },
          {
            type: 'approve',
            id: 'dir',
            name: l('总监审批', 'Director approval'),
            assignees: [{ kind: 'users', ids: [carol] }],
            actions: ['reject'],
            signatureRequired: true,
            rejectTo: ['start', 'end'],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    navigation: [],
  } as unknown as AppDefinition;
}

/** expect.poll with room for a round trip and a re-render (its default gives up after a second). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000 });

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

describe('workflow inbox: submit, approve, reject to start, resubmit', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = {} as Record<Person, Page>;
  const errors: string[] = [];
  let recordId = '';

  beforeAll(async () => {
    server = await startServer();
    const { call } = await setupApiSession(server.url, admin);
    const ids = {} as Record<Person, string>;
    for (const [key, p] of Object.entries(people) as [Person, (typeof people)[Person]][]) {
      const { user } = await call<{ user: { id: string } }>('POST', '/admin/users', p);
      ids[key] = user.id;
    }
    await call('POST', '/apps', purchaseApp(ids.bob, ids.carol));
    browser = await launchChromium();
    for (const key of Object.keys(people) as Person[]) {
      const context = await browser.newContext({
        viewport: DESKTOP,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const cookie = await login(server.url, people[key].email, people[key].password);
      await context.addCookies([{ ...cookie, domain: '127.0.0.1', path: '/' }]);
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${key}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) errors.push(`${key}: ${m.text()}`);
      });
      contexts.push(context);
      pages[key] = page;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the inbox from the top bar and the first to-do item; checks the badge first. */
  async function openFromInbox(page: Page, title: string) {
    await page.goto(`${server.url}/`);
    await poll(() => page.getByTestId('inbox-badge').textContent()).toContain('1');
    await page.getByTestId('inbox-link').click();
    await page.getByTestId('inbox-page').waitFor();
    await poll(() => page.getByTestId('inbox-count-todo').textContent()).toContain('1');
    const item = page.getByTestId('inbox-item').filter({ hasText: title });
    await poll(() => item.count()).toBe(1);
    await item.click();
    await page.getByTestId('process-panel').waitFor();
  }

  /** Runs an action through its dialog. */
  async function act(page: Page, action: string, comment?: string) {
    await page.getByTestId(`workflow-action-${action}`).click();
    // The modal's root element has no box of its own: wait on its OK button.
    const ok = page.getByTestId('workflow-dialog-ok');
    await ok.waitFor();
    // A click during the modal's zoom-in is lost under load: act once it has settled.
    await dialogSettled(page);
    if (comment) await page.getByTestId('workflow-comment').fill(comment);
    await ok.click();
    await ok.waitFor({ state: 'hidden' });
  }

  const nodeState = (page: Page, nodeId: string) =>
    page.getByTestId(`flow-node-${nodeId}`).getAttribute('data-state');

  it('Alice submits the request and sees that the approval started', async () => {
    const page = pages.alice;
    await page.goto(`${server.url}/apps/purchase/forms/requests/new`);
    await page.getByLabel('申请事项').fill('笔记本电脑 ×3');
    await page.getByLabel('金额').fill('18000');
    // The start node hides the manager's note from the submitter.
    expect(await page.getByLabel('经理备注').count()).toBe(0);
    await page.getByTestId('form-submit').click();
    await page.waitForURL(/\/records\/[^/]+\/process$/);
    recordId = /records\/([^/]+)\/process/.exec(page.url())![1]!;
    await page.getByTestId('process-panel').waitFor();
    expect(await page.getByTestId('workflow-status').textContent()).toBe('审批中');
    expect(await nodeState(page, 'start')).toBe('done');
    expect(await nodeState(page, 'mgr')).toBe('current');
    expect(await nodeState(page, 'dir')).toBe('pending');
    // The submitter may withdraw, urge and comment; nothing to approve.
    expect(await page.getByTestId('workflow-action-withdraw').count()).toBe(1);
    expect(await page.getByTestId('workflow-action-approve').count()).toBe(0);
    await shoot(page, 'workflow-submitted');
  });

  it('Bob finds it in his inbox, edits his field and approves with a comment', async () => {
    const page = pages.bob;
    await openFromInbox(page, '笔记本电脑 ×3');
    await shoot(page, 'workflow-inbox-desktop');
    // Node access: the note is editable for Bob, the amount only readable.
    await poll(() => page.getByLabel('经理备注').isEditable()).toBe(true);
    expect(await page.getByLabel('金额').isEditable()).toBe(false);
    await page.getByLabel('经理备注').fill('型号已确认');
    await shoot(page, 'workflow-process-desktop');
    await act(page, 'approve', '同意采购');
    await poll(() => nodeState(page, 'mgr')).toBe('done');
    expect(await nodeState(page, 'dir')).toBe('current');
    // The amount branch took the director's path; its "otherwise" path is behind the record now.
    const paths = page.locator('[data-node=amount] [data-path-state]');
    expect(await paths.evaluateAll((els) => els.map((e) => e.getAttribute('data-path-state')))).toEqual([
      'taken',
      'skipped',
    ]);
    await shoot(page, 'workflow-approved-desktop');
    expect(await page.getByTestId('workflow-action-approve').count()).toBe(0);
    // The inbox count follows: nothing left to do for Bob.
    await poll(() => page.getByTestId('inbox-badge').textContent()).not.toContain('1');
    const log = await page.getByTestId('workflow-log').textContent();
    expect(log).toContain('同意采购');
    expect(log).toContain('Bob 李');
  });

  it('Carol rejects it back to the submitter', async () => {
    const page = pages.carol;
    await openFromInbox(page, '笔记本电脑 ×3');
    // The manager's note saved with Bob's approval is visible to Carol (read only).
    await poll(() => page.getByLabel('经理备注').inputValue()).toBe('型号已确认');
    expect(await page.getByLabel('经理备注').isEditable()).toBe(false);
    await page.getByTestId('workflow-action-reject').click();
    await page.getByTestId('workflow-dialog-ok').waitFor();
    // The first allowed target (the submitter) is preselected.
    expect(await page.getByTestId('workflow-reject-target').textContent()).toContain('发起人');
    await page.getByTestId('workflow-comment').fill('预算不足，请降低数量');
    // The node requires a hand-written signature: OK without one is refused in the dialog.
    await dialogSettled(page);
    await page.getByTestId('workflow-dialog-ok').click();
    await page.getByTestId('workflow-dialog-problem').waitFor();
    const pad = page.getByTestId('workflow-signature').locator('canvas');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 100);
    await page.mouse.down();
    for (const [x, y] of [
      [60, 40],
      [90, 110],
      [130, 50],
      [170, 100],
      [210, 60],
    ] as const)
      await page.mouse.move(box.x + x, box.y + y, { steps: 6 });
    await page.mouse.up();
    await page.getByTestId('workflow-signature').getByRole('button', { name: '确认签名' }).click();
    await page.getByTestId('workflow-signature').locator('img').waitFor();
    await shoot(page, 'workflow-reject-dialog');
    await dialogSettled(page);
    await page.getByTestId('workflow-dialog-ok').click();
    await page.getByTestId('workflow-dialog-ok').waitFor({ state: 'hidden' });
    await poll(() => nodeState(page, 'start')).toBe('current');
    // Carol's task is closed: she may still comment, but not approve or reject.
    expect(await page.getByTestId('workflow-action-reject').count()).toBe(0);
    expect(await page.getByTestId('workflow-action-approve').count()).toBe(0);
  });

  it('Alice sees it back in her to-do box and resubmits; the log shows everything', async () => {
    const page = pages.alice;
    // The bell tells Alice it was sent back.
    await page.goto(`${server.url}/`);
    await poll(() => page.getByTestId('notification-badge').textContent()).toMatch(/[1-9]/);
    await page.getByTestId('notification-bell').click();
    const notes = page.getByTestId('notification-item');
    await poll(() => notes.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('notification-list').textContent()).toContain('被驳回');
    await shoot(page, 'workflow-notifications');
    await page.getByTestId('notification-read-all').click();
    await poll(() => page.locator('[data-testid=notification-item][data-unread]').count()).toBe(0);
    await page.keyboard.press('Escape');

    await openFromInbox(page, '笔记本电脑 ×3');
    expect(await nodeState(page, 'start')).toBe('current');
    expect(await nodeState(page, 'mgr')).toBe('pending');
    await page.getByLabel('申请事项').fill('笔记本电脑 ×2');
    await page.getByLabel('金额').fill('12000');
    await act(page, 'submit', '已改为两台');
    await poll(() => nodeState(page, 'mgr')).toBe('current');
    expect(await page.getByTestId('workflow-status').textContent()).toBe('审批中');

    const entries = page.getByTestId('workflow-log-entry');
    const texts = await entries.allTextContents();
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain('Alice 王');
    expect(texts[1]).toMatch(/Bob 李.*同意.*部门经理审批.*同意采购/);
    expect(texts[2]).toMatch(/Carol 张.*驳回.*总监审批.*发起人.*预算不足/);
    expect(texts[3]).toMatch(/Alice 王.*提交.*已改为两台/);
    // Carol's signature image is shown with her rejection.
    expect(await entries.nth(2).getByTestId('workflow-log-signature').count()).toBe(1);
    await poll(() =>
      entries
        .nth(2)
        .locator('img')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);

    // The resubmitted values were saved with the submission.
    const record = await page.evaluate(
      async (id) =>
        (await (await fetch(`/api/v1/apps/purchase/forms/requests/records/${id}`)).json()) as never,
      recordId,
    );
    expect((record as { record: { data: Record<string, unknown> } }).record.data).toMatchObject({
      title: '笔记本电脑 ×2',
      amount: 12000,
    });
  });

  it("shows the process in the record drawer's Process tab of the data view", async () => {
    const page = pages.alice;
    await page.goto(`${server.url}/apps/purchase/forms/requests`);
    await page.getByTestId('record-row').first().click();
    await page.getByTestId('record-process-tab-label').click();
    const tab = page.getByTestId('record-process-tab');
    await tab.getByTestId('process-panel').waitFor();
    expect(await tab.getByTestId('workflow-status').textContent()).toBe('审批中');
    expect(await tab.getByTestId('flow-node-mgr').getAttribute('data-state')).toBe('current');
    expect(await tab.getByTestId('workflow-log-entry').count()).toBe(4);
    await shoot(page, 'workflow-drawer');
  });

  it('works at phone width: inbox cards and a process page with the action bar at the bottom', async () => {
    const page = pages.bob;
    await page.setViewportSize(PHONE);
    await openFromInbox(page, '笔记本电脑 ×2');
    await page.goBack();
    await page.getByTestId('inbox-item').first().waitFor();
    await shoot(page, 'workflow-inbox-phone');
    const card = await page.getByTestId('inbox-item').first().boundingBox();
    expect(card!.width).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId('inbox-item').first().click();
    await page.getByTestId('process-panel').waitFor();
    const bar = await page.getByTestId('workflow-actions').boundingBox();
    // Fixed to the bottom of the screen, full width.
    expect(Math.round(bar!.y + bar!.height)).toBe(PHONE.height);
    expect(Math.round(bar!.width)).toBe(PHONE.width);
    await page.screenshot({ path: path.join(screenshotDir, 'workflow-process-phone-screen.png') });
    await shoot(page, 'workflow-process-phone');
    expect(errors).toEqual([]);
  });
});
