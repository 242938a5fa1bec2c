import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  launchChromium,
  requireBuiltApps,
  shoot,
  pickOpenOption,
  noSelectListOpen,
} from './support/browser';
import { setupApiSession, signIn } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

// Gantt views in the player (issue 18, decision 0048): made from the view switcher, a dragged bar
// or end writes through the records API, a refused write shows the reason and the bar goes back.

requireBuiltApps('runtime');

const admin = { orgName: '星河制造', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const TZ = 'Asia/Shanghai';
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const todayDay = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
const day = (n: number) =>
  new Date(Date.parse(`${todayDay}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const HOURS_RULE = '工时不能为负';

const app = {
  id: 'plan',
  name: l('项目计划', 'Plan'),
  formatVersion: 1,
  forms: [
    {
      id: 'tasks',
      name: l('任务', 'Tasks'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('任务名称', 'Task'), required: true },
        { id: 'start', type: 'date', label: l('开始', 'Start') },
        { id: 'end', type: 'date', label: l('结束', 'End') },
        { id: 'done', type: 'percent', label: l('进度', 'Done') },
        {
          id: 'after',
          type: 'relation',
          label: l('前置任务', 'After'),
          config: { form: 'tasks', multiple: true },
        },
        {
          id: 'stage',
          type: 'select',
          label: l('阶段', 'Stage'),
          config: {
            options: [
              { value: 'plan', label: l('规划', 'Plan'), color: '#4263eb' },
              { value: 'build', label: l('实施', 'Build'), color: '#12b886' },
            ],
          },
        },
        { id: 'hours', type: 'number', label: l('工时', 'Hours') },
      ],
      rules: {
        validation: [
          {
            id: 'hours',
            formula: 'OR(ISBLANK({hours}), {hours} >= 0)',
            message: l(HOURS_RULE, 'Hours must not be negative'),
          },
        ],
      },
    },
  ],
  navigation: [{ kind: 'form', target: 'tasks' }],
};

type Rec = { id: string; version: number; data: Record<string, unknown> };

describe('gantt view', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Awaited<ReturnType<typeof setupApiSession>>['call'];
  const errors: string[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    api = session.call;
    await api('POST', '/apps', app);
    const seed: [string, number, number, number, string, number][] = [
      ['需求设计', -6, -2, 1, 'plan', 16],
      ['开发实现', -1, 8, 0.4, 'build', 80],
      ['测试验收', 9, 12, 0, 'build', 24],
    ];
    for (const [name, a, b, done, stage, hours] of seed) {
      const { record } = await api<{ record: Rec }>('POST', '/apps/plan/forms/tasks/records', {
        data: { name, start: day(a), end: day(b), done, stage, hours },
      });
      ids[name] = record.id;
    }
    await api('PATCH', `/apps/plan/forms/tasks/records/${ids['开发实现']}`, {
      data: { after: [ids['需求设计']] },
      version: 1,
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: TZ });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByLabel('邮箱').fill(admin.email);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('app-card').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const record = (name: string) => api<{ record: Rec }>('GET', `/apps/plan/forms/tasks/records/${ids[name]}`);
  const bar = (name: string) => page.locator(`[data-testid="gantt-bar"][data-record="${ids[name]}"]`);

  /** Clicks an option of the open antd select dropdown once it stopped sliding in. */
  async function pick(label: string): Promise<void> {
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-slide-up-appear, .ant-slide-up-enter'));
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .first()
      .click();
  }

  /** Drags `handle` by `dx` pixels with the mouse, in steps, and lets go. */
  async function dragBy(handle: Locator, dx: number): Promise<void> {
    await handle.scrollIntoViewIfNeeded();
    const box = (await handle.boundingBox())!;
    const y = box.y + box.height / 2;
    const x = box.x + Math.min(box.width / 2, 40);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx / 2, y, { steps: 4 });
    await page.mouse.move(x + dx, y, { steps: 4 });
    await page.mouse.up();
  }

  it('makes a gantt view from the view switcher, with progress, arrows and a today line', async () => {
    await page.goto(`${server.url}/apps/plan`);
    await page.getByTestId('record-table').waitFor();
    await page.getByTestId('save-view-button').click();
    const panel = page.getByTestId('save-view');
    await panel.getByTestId('view-kind').getByText('甘特图', { exact: true }).click();
    // The pickers offer only fields that fit, and start from the first ones.
    await expect.poll(() => panel.getByTestId('kset-start').textContent()).toContain('开始');
    await expect.poll(() => panel.getByTestId('kset-gantt-end').textContent()).toContain('结束');
    await expect.poll(() => panel.getByTestId('kset-progress').textContent()).toContain('进度');
    await expect.poll(() => panel.getByTestId('kset-dependency').textContent()).toContain('前置任务');
    await shoot(page, 'views-gantt-save');
    await panel.getByLabel('视图名称').fill('项目甘特');
    await panel.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('视图已保存').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('gantt').waitFor();
    await expect.poll(() => page.getByTestId('gantt-bar').count()).toBe(3);
    await expect.poll(() => page.getByTestId('gantt-arrow').count()).toBe(1);
    await page.getByTestId('gantt-today').waitFor();
    await expect(bar('开发实现').locator('.tg-gantt-progress').getAttribute('style')).resolves.toContain(
      '40%',
    );
    await shoot(page, 'views-gantt-desktop');
    const views = await api<{ items: { name: string; config: Record<string, unknown> }[] }>(
      'GET',
      '/apps/plan/forms/tasks/views',
    );
    expect(views.items.find((v) => v.name === '项目甘特')?.config).toMatchObject({
      kind: 'gantt',
      gantt: { startField: 'start', endField: 'end', progressField: 'done', dependencyField: 'after' },
    });
  });

  it('moves a bar by dragging it, through the records API', async () => {
    // Week zoom: 14 px a day; three days to the right.
    await dragBy(bar('需求设计'), 3 * 14);
    await page.getByText('已更新日期').first().waitFor();
    await expect.poll(() => bar('需求设计').getAttribute('data-start')).toBe(day(-3));
    const saved = await record('需求设计');
    expect(saved.record.data).toMatchObject({ start: day(-3), end: day(1) });
  });

  it('resizes a bar by its end', async () => {
    await dragBy(bar('测试验收').getByTestId('gantt-handle-end'), 2 * 14);
    await expect.poll(() => bar('测试验收').getAttribute('data-end')).toBe(day(14));
    expect((await record('测试验收')).record.data).toMatchObject({ start: day(9), end: day(14) });
  });

  it('puts a refused bar back and shows the reason', async () => {
    // Someone else changed the task since the chart loaded: the drag's version is stale (409).
    const current = await record('开发实现');
    await api('PATCH', `/apps/plan/forms/tasks/records/${ids['开发实现']}`, {
      data: { done: 0.5 },
      version: current.record.version,
    });
    await dragBy(bar('开发实现'), 4 * 14);
    await page.locator('.ant-message-error').first().waitFor();
    await expect.poll(() => bar('开发实现').getAttribute('data-start')).toBe(day(-1));
    expect((await record('开发实现')).record.data.start).toBe(day(-1));
    await shoot(page, 'views-gantt-refused');
  });

  it('groups a grid with counts and sums, and edits a cell in place', async () => {
    await page.getByTestId('save-view-button').click();
    const panel = page.getByTestId('save-view');
    await panel.getByTestId('view-kind').getByText('表格', { exact: true }).click();
    await panel.getByTestId('kset-grid-group').getByRole('combobox').click();
    await pick('阶段');
    await panel.getByTestId('kset-grid-sums').getByRole('combobox').click();
    await pick('工时');
    await page.keyboard.press('Escape');
    await panel.getByTestId('kset-grid-frozen').getByRole('spinbutton').fill('1');
    await panel.getByLabel('视图名称').fill('分组表格');
    await panel.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('视图已保存').first().waitFor();
    await page.keyboard.press('Escape');
    const group = (key: string) => page.locator(`[data-testid="grid-group"][data-group="${key}"]`);
    await group('build').waitFor();
    await expect.poll(() => group('build').getByTestId('grid-group-count').textContent()).toBe('2 条');
    await expect.poll(() => group('build').getByTestId('grid-group-sum').textContent()).toContain('104');
    await expect.poll(() => group('plan').getByTestId('record-row').count()).toBe(1);
    const views = await api<{ items: { name: string; config: Record<string, unknown> }[] }>(
      'GET',
      '/apps/plan/forms/tasks/views',
    );
    expect(views.items.find((v) => v.name === '分组表格')?.config).toMatchObject({
      grid: { groupField: 'stage', sumFields: ['hours'], frozenColumns: 1 },
    });
    // Double click a cell, type, Enter: saved through the records API with the record's version.
    const row = group('build').getByTestId('record-row').filter({ hasText: '测试验收' });
    await row.locator('[data-testid="inline-cell"][data-field="hours"]').dblclick();
    await row.getByTestId('inline-editor').getByRole('spinbutton').fill('30');
    await page.keyboard.press('Enter');
    await row.locator('[data-testid="inline-cell"][data-field="hours"]').filter({ hasText: '30' }).waitFor();
    await expect.poll(async () => (await record('测试验收')).record.data.hours).toBe(30);
    // The group's sum is read again: 80 + 30.
    await expect.poll(() => group('build').getByTestId('grid-group-sum').textContent()).toContain('110');
    // A value the form's rule refuses: the message shows at the cell, nothing is written.
    await row.locator('[data-testid="inline-cell"][data-field="hours"]').dblclick();
    await row.getByTestId('inline-editor').getByRole('spinbutton').fill('-5');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('inline-error').textContent()).toBe(HOURS_RULE);
    await page.waitForFunction(
      () => !document.querySelector('.ant-zoom-big-fast-appear, .ant-zoom-big-fast-enter'),
    );
    await shoot(page, 'views-grid-grouped-inline-error');
    expect((await record('测试验收')).record.data.hours).toBe(30);
    await page.keyboard.press('Escape');
    await row.getByTestId('inline-editor').waitFor({ state: 'detached' });
  });

  it('shows the bars as a list at phone width', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      locale: 'en-US',
      timezoneId: TZ,
      hasTouch: true,
    });
    const session = await signIn(server.url, admin);
    await phone.addCookies([{ ...session.cookie, url: server.url }]);
    const p = await phone.newPage();
    collectPageErrors(p, errors);
    await p.goto(`${server.url}/apps/plan`);
    await p.getByTestId('view-select').click();
    await pickOpenOption(p, '项目甘特');
    await p.getByTestId('gantt-list').waitFor();
    await noSelectListOpen(p);
    await expect.poll(() => p.getByTestId('gantt-item').count()).toBe(3);
    await expect(p.getByTestId('gantt-item').nth(1).textContent()).resolves.toContain('开发实现');
    await shoot(p, 'views-gantt-phone-en');
    await phone.close();
    expect(errors).toEqual([]);
  });
});
