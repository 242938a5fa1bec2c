import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  dialogSettled,
  launchChromium,
  pickSelectOption,
  requireBuiltApps,
  shoot,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

// Shared views designed in the studio (decision 0056): a kanban view made on the form's Views page
// is used in the player, where a drag writes through the records API; the studio's order is the
// player's; a refused save (422) is shown under the setting it concerns. At 390 px a grouped grid
// shows cards under its group heads and the board's columns are swiped sideways with a finger.

requireBuiltApps('runtime', 'builder');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const TZ = 'Asia/Shanghai';
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const options = (...o: [string, string, string][]) => ({
  options: o.map(([value, zh, en]) => ({ value, label: l(zh, en) })),
});

const fields = [
  { id: 'name', type: 'text', label: l('商机名称', 'Deal'), required: true },
  {
    id: 'stage',
    type: 'select',
    label: l('阶段', 'Stage'),
    config: options(['lead', '线索', 'Lead'], ['won', '赢单', 'Won'], ['lost', '输单', 'Lost']),
  },
  { id: 'amount', type: 'money', label: l('金额', 'Amount'), config: { currency: 'CNY', precision: 2 } },
  {
    id: 'priority',
    type: 'select',
    label: l('优先级', 'Priority'),
    config: options(['high', '高', 'High'], ['low', '低', 'Low']),
  },
];
const app = (withPriority: boolean) => ({
  id: 'crm',
  name: l('客户管理', 'CRM'),
  formatVersion: 1,
  forms: [
    {
      id: 'deals',
      name: l('商机', 'Deals'),
      titleField: 'name',
      fields: withPriority ? fields : fields.filter((f) => f.id !== 'priority'),
    },
  ],
  navigation: [{ kind: 'form', target: 'deals' }],
});

type View = { id: string; name: string; shared: boolean; config: Record<string, unknown> };
type Rec = { id: string; data: Record<string, unknown> };

describe('views in the studio', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let cookie: { name: string; value: string };
  const errors: string[] = [];
  const ids: Record<string, string> = {};
  let playerLink = '';
  const VIEWS = '/apps/crm/forms/deals/views';

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    api = session.call;
    cookie = session.cookie;
    await api('POST', '/apps', app(true));
    const seed: [string, string, number, string][] = [
      ['云杉科技 大单', 'lead', 5000, 'high'],
      ['星辰物流 小单', 'lead', 200, 'low'],
      ['蓝海贸易 续约', 'won', 12000, 'high'],
      ['青松制造 试点', 'lost', 800, 'low'],
    ];
    for (const [name, stage, amount, priority] of seed) {
      const { record } = await api<{ record: Rec }>('POST', '/apps/crm/forms/deals/records', {
        data: { name, stage, amount, priority },
      });
      ids[name] = record.id;
    }
    // A grid grouped by stage, made earlier (it is ordered in the studio below).
    await api('POST', VIEWS, {
      name: '按阶段',
      shared: true,
      config: {
        columns: [{ field: 'name' }, { field: 'stage' }, { field: 'amount' }, { field: 'priority' }],
        grid: { groupField: 'stage', sumFields: ['amount'] },
      },
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: TZ });
    context.setDefaultTimeout(20_000);
    await context.addCookies([{ ...cookie, url: server.url }]);
    page = await context.newPage();
    collectPageErrors(page, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const views = () => api<{ items: View[] }>('GET', VIEWS).then((r) => r.items);
  const editor = () => page.getByTestId('studio-view-editor');
  const item = (name: string) => page.getByTestId('studio-view-item').filter({ hasText: name });

  it('creates a kanban view on the form’s Views page and orders it first', async () => {
    await page.goto(`${server.url}/studio/apps/crm/forms/deals`);
    await page.getByTestId('designer-views').click();
    await page.getByTestId('studio-views').waitFor();
    await item('按阶段').waitFor();

    await page.getByTestId('studio-view-add').click();
    await dialogSettled(page);
    await page.getByTestId('studio-view-new-name').fill('销售看板');
    await page.getByTestId('studio-view-new-kind').getByText('看板', { exact: true }).click();
    await page.getByTestId('studio-view-create').click();
    // The new view is open: grouped by the first field that fits (stage), with its sum chosen here.
    await expect.poll(() => editor().getByTestId('kset-group').textContent()).toContain('阶段');
    await pickSelectOption(page, editor().getByTestId('kset-sum').locator('.ant-select'), '金额');
    await page.getByTestId('studio-view-save').click();
    await page.getByText('已保存').first().waitFor();
    const board = (await views()).find((v) => v.name === '销售看板')!;
    expect(board.shared).toBe(true);
    expect(board.config).toMatchObject({
      kind: 'kanban',
      kanban: { groupField: 'stage', sumField: 'amount' },
    });

    // Move it above the grid: the API lists it first from now on.
    await item('销售看板').getByRole('button', { name: '上移' }).click();
    await page.getByText('顺序已保存').first().waitFor();
    expect((await views()).map((v) => v.name)).toEqual(['销售看板', '按阶段']);
    await expect
      .poll(() => page.getByTestId('studio-view-item').allTextContents())
      .toEqual([expect.stringContaining('销售看板'), expect.stringContaining('按阶段')]);
    await shoot(page, 'views-studio-kanban');
    // "Open in the data page" names the view in the address.
    playerLink = (await editor().getByRole('link').first().getAttribute('href'))!;
    expect(playerLink).toBe(`/apps/crm/forms/deals?view=${board.id}`);
  });

  it('uses the view in the player: a dragged card is written through the API', async () => {
    // The studio's link opens the player on the view.
    await page.goto(`${server.url}${playerLink}`);
    await expect.poll(() => page.getByTestId('view-select').textContent()).toContain('销售看板');
    const column = (key: string) => page.locator(`[data-testid="kanban-column"][data-column="${key}"]`);
    const card = column('lead').getByTestId('kanban-card').filter({ hasText: '云杉科技 大单' });
    await card.waitFor();
    await expect.poll(() => column('won').getByTestId('kanban-sum').textContent()).toContain('12,000');

    // Drag with the mouse in steps; let go once the target column shows it is the drop target.
    const from = (await card.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 6, { steps: 3 });
    await expect
      .poll(async () => {
        const box = (await column('won').boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(60, box.height / 2), { steps: 4 });
        return column('won').getAttribute('class');
      })
      .toContain('tg-kcol-over');
    await page.mouse.up();
    await expect
      .poll(() =>
        api<{ record: Rec }>('GET', `/apps/crm/forms/deals/records/${ids['云杉科技 大单']}`).then(
          (r) => r.record.data.stage,
        ),
      )
      .toBe('won');
    await expect.poll(() => column('won').getByTestId('kanban-sum').textContent()).toContain('17,000');
  });

  it('shows grouped cards and swipes the board sideways at phone width', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: TZ,
      isMobile: true,
      hasTouch: true,
    });
    phone.setDefaultTimeout(20_000);
    await phone.addCookies([{ ...cookie, url: server.url }]);
    const p = await phone.newPage();
    collectPageErrors(p, errors);
    try {
      await p.goto(`${server.url}/apps/crm`);
      await pickSelectOption(p, p.getByTestId('view-select'), '按阶段');
      const groups = p.getByTestId('grid-group');
      await expect
        .poll(() => groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-group'))))
        .toEqual(['lead', 'won', 'lost']);
      const won = p.locator('[data-testid="grid-group"][data-group="won"]');
      await expect.poll(() => won.getByTestId('grid-group-sum').textContent()).toContain('17,000');
      await won.getByTestId('record-row').filter({ hasText: '云杉科技 大单' }).waitFor();
      // Cards, not table rows: the record is a card with its lines, and no column heads are drawn.
      await expect(won.locator('.tg-card').count()).resolves.toBe(2);
      await expect(p.locator('.tg-grid-group-columns').count()).resolves.toBe(0);
      await shoot(p, 'views-studio-grouped-phone');
      // A group head collapses its cards.
      await p.locator('[data-group="lost"] .tg-grid-group-head').click();
      await p.locator('[data-group="lost"] .tg-card').waitFor({ state: 'detached' });

      await pickSelectOption(p, p.getByTestId('view-select'), '销售看板');
      const boardEl = p.locator('.tg-kanban');
      await p
        .locator('[data-testid="kanban-column"][data-column="won"] [data-testid="kanban-card"]')
        .first()
        .waitFor();
      // A finger swipe to the left scrolls the columns (not a drag: no press-and-hold) and snaps
      // to a column's start.
      const box = (await boardEl.boundingBox())!;
      const y = box.y + 40;
      const cdp = await phone.newCDPSession(p);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
        cdp.send('Input.dispatchTouchEvent', {
          type,
          touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
        });
      await expect
        .poll(
          async () => {
            await touch('touchStart', box.x + box.width - 30);
            for (let x = box.x + box.width - 60; x > box.x + 20; x -= 40) await touch('touchMove', x);
            await touch('touchEnd', box.x + 20);
            return boardEl.evaluate((el) => el.scrollLeft);
          },
          { timeout: 20_000 },
        )
        .toBeGreaterThan(100);
      // Once it rests, a column starts at the board's left edge (scroll snap).
      await expect
        .poll(() =>
          boardEl.evaluate((el) => {
            const left = el.getBoundingClientRect().left;
            return [...el.querySelectorAll('[data-testid="kanban-column"]')].some(
              (c) => Math.abs(c.getBoundingClientRect().left - left) < 2,
            );
          }),
        )
        .toBe(true);
      await shoot(p, 'views-studio-kanban-swiped-phone');
    } finally {
      await phone.close();
    }
  });

  it('shows a refusal (422) under the setting it concerns', async () => {
    // The form loses the field a view groups by: the view now names a field the form lacks.
    const priorityView = await api<{ view: View }>('POST', VIEWS, {
      name: '按优先级',
      shared: true,
      config: { columns: [{ field: 'name' }], grid: { groupField: 'priority' } },
    });
    const { version } = await api<{ version: number }>('GET', '/apps/crm');
    await api('PUT', '/apps/crm', { app: app(false), baseVersion: version, confirmDataLoss: true });
    await page.goto(`${server.url}/studio/apps/crm/forms/deals/views`);
    await item('按优先级').click();
    await page.getByTestId('studio-view-name').fill('按优先级（旧）');
    await page.getByTestId('studio-view-save').click();
    const group = editor().getByTestId('kset-grid-group');
    await expect
      .poll(() => group.getByTestId('kset-error').textContent())
      .toBe('表单中没有字段「priority」（可能已被删除），请重新选择');
    await shoot(page, 'views-studio-refusal');
    // Nothing was saved; choosing no grouping fixes it.
    expect((await views()).find((v) => v.id === priorityView.view.id)?.name).toBe('按优先级');
    await pickSelectOption(page, group.locator('.ant-select'), '不设置');
    await page.getByTestId('studio-view-save').click();
    await expect
      .poll(async () => (await views()).find((v) => v.id === priorityView.view.id)?.name)
      .toBe('按优先级（旧）');
    expect(errors).toEqual([]);
  });
});
