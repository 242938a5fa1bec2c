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

// Kanban and calendar views in the player (issue 18, decision 0039): made from the view switcher,
// a drag writes through the records API, a refused write shows the server's reason and goes back.

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const TZ = 'Asia/Shanghai';
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
/** This month in the org's zone, so the calendar opens on the seeded events. */
const month = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' })
  .format(new Date())
  .slice(0, 7);
const day = (n: number) => `${month}-${String(n).padStart(2, '0')}`;
const RULE = '赢单金额不能低于 1000';

const app = {
  id: 'crm',
  name: l('客户管理', 'CRM'),
  formatVersion: 1,
  forms: [
    {
      id: 'deals',
      name: l('商机', 'Deals'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('商机名称', 'Deal'), required: true },
        {
          id: 'stage',
          type: 'select',
          label: l('阶段', 'Stage'),
          config: {
            options: [
              { value: 'lead', label: l('线索', 'Lead'), color: '#4263eb' },
              { value: 'won', label: l('赢单', 'Won'), color: '#12b886' },
              { value: 'lost', label: l('输单', 'Lost'), color: '#fa5252' },
            ],
          },
        },
        {
          id: 'amount',
          type: 'money',
          label: l('金额', 'Amount'),
          config: { currency: 'CNY', precision: 2 },
        },
        { id: 'closeDate', type: 'date', label: l('预计成交', 'Close date') },
        { id: 'contact', type: 'text', label: l('联系人', 'Contact') },
        { id: 'photo', type: 'image', label: l('照片', 'Photo') },
      ],
      rules: {
        validation: [
          {
            id: 'wonAmount',
            formula: 'OR({stage} <> "won", {amount} >= 1000)',
            message: l(RULE, 'A won deal needs at least 1000'),
          },
        ],
      },
    },
  ],
  navigation: [{ kind: 'form', target: 'deals' }],
};

type Rec = { id: string; version: number; data: Record<string, unknown> };

describe('kanban and calendar views', () => {
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
    const seed: [string, string, number, number][] = [
      ['云杉科技 大单', 'lead', 5000, 10],
      ['星辰物流 小单', 'lead', 200, 11],
      ['蓝海贸易 续约', 'won', 12000, 4],
      ['青松制造 试点', 'lost', 800, 18],
      ['远航电子 扩容', 'lead', 3000, 22],
      ['金桥建材 新客', 'won', 7600, 15],
    ];
    for (const [name, stage, amount, d] of seed) {
      const { record } = await api<{ record: Rec }>('POST', '/apps/crm/forms/deals/records', {
        data: { name, stage, amount, closeDate: day(d), contact: '王芳' },
      });
      ids[name] = record.id;
    }
    await api('POST', '/apps/crm/forms/deals/records', {
      data: { name: '未分阶段 线索', amount: 50, closeDate: day(10) },
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

  const record = (name: string) => api<{ record: Rec }>('GET', `/apps/crm/forms/deals/records/${ids[name]}`);
  const column = (key: string) => page.locator(`[data-testid="kanban-column"][data-column="${key}"]`);
  const card = (scope: Locator, name: string) => scope.getByTestId('kanban-card').filter({ hasText: name });

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

  /**
   * Drags with the mouse in steps (dnd-kit starts after a few pixels) and lets go once the target
   * shows it is the drop target (`overClass`), never after a fixed wait.
   */
  async function drag(source: Locator, target: Locator, overClass: string): Promise<void> {
    await source.scrollIntoViewIfNeeded();
    const from = (await source.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 6, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + Math.min(60, to.height / 2), { steps: 12 });
    // The board may scroll under the pointer while dragging: aim at the target again until it is it.
    await expect
      .poll(async () => {
        const box = (await target.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(60, box.height / 2), { steps: 2 });
        return target.getAttribute('class');
      })
      .toContain(overClass);
    await page.mouse.up();
  }

  async function saveViewAs(kind: string, name: string, settings: () => Promise<void>): Promise<void> {
    await page.getByTestId('save-view-button').click();
    const panel = page.getByTestId('save-view');
    await panel.getByTestId('view-kind').getByText(kind, { exact: true }).click();
    await settings();
    await panel.getByLabel('视图名称').fill(name);
    await panel.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('视图已保存').first().waitFor();
    await expect.poll(() => page.getByTestId('view-select').textContent()).toContain(name);
  }

  it('makes a kanban view with a sum per column from the view switcher', async () => {
    await page.goto(`${server.url}/apps/crm`);
    await page.getByTestId('record-table').waitFor();
    await saveViewAs('看板', '销售看板', async () => {
      await page.getByTestId('kset-sum').getByRole('combobox').click();
      await pick('金额');
      await page.getByTestId('kset-cards').getByRole('combobox').click();
      await pick('金额');
      await page.getByTestId('kset-cards').getByRole('combobox').click();
      await pick('联系人');
      await page.keyboard.press('Escape');
      await shoot(page, 'views-kinds-save-kanban');
    });
    await page.keyboard.press('Escape');
    await page.getByTestId('kanban').waitFor();
    // Columns: no value, then the options in order, each with its count and sum.
    await expect
      .poll(() =>
        page.getByTestId('kanban-column').evaluateAll((els) => els.map((e) => e.getAttribute('data-column'))),
      )
      .toEqual(['', 'lead', 'won', 'lost']);
    await expect.poll(() => column('lead').getByTestId('kanban-count').textContent()).toBe('3');
    await expect.poll(() => column('won').getByTestId('kanban-sum').textContent()).toContain('19,600');
    await card(column('lead'), '云杉科技 大单').waitFor();
    await expect(card(column('lead'), '云杉科技 大单').textContent()).resolves.toContain('王芳');
    await shoot(page, 'views-kinds-kanban-desktop');
    const views = await api<{ items: { name: string; config: Record<string, unknown> }[] }>(
      'GET',
      '/apps/crm/forms/deals/views',
    );
    expect(views.items.find((v) => v.name === '销售看板')?.config).toMatchObject({
      kind: 'kanban',
      kanban: { groupField: 'stage', sumField: 'amount', cardFields: ['amount', 'contact'] },
    });
  });

  it('moves a card to another column through the records API', async () => {
    await drag(card(column('lead'), '云杉科技 大单'), column('won'), 'tg-kcol-over');
    await page.getByText('已移动到「赢单」').waitFor();
    await card(column('won'), '云杉科技 大单').waitFor();
    expect(await card(column('lead'), '云杉科技 大单').count()).toBe(0);
    expect((await record('云杉科技 大单')).record.data.stage).toBe('won');
    await expect.poll(() => column('won').getByTestId('kanban-count').textContent()).toBe('3');
    await expect.poll(() => column('lead').getByTestId('kanban-count').textContent()).toBe('2');
  });

  it('puts a refused card back and shows the reason', async () => {
    await drag(card(column('lead'), '星辰物流 小单'), column('won'), 'tg-kcol-over');
    await page.getByText(RULE).first().waitFor();
    await card(column('lead'), '星辰物流 小单').waitFor();
    expect(await card(column('won'), '星辰物流 小单').count()).toBe(0);
    expect((await record('星辰物流 小单')).record.data.stage).toBe('lead');
    await shoot(page, 'views-kinds-kanban-refused');
  });

  it('collapses a column and keeps it with the view', async () => {
    await column('lost').getByRole('button', { name: '收起「输单」' }).click();
    await column('lost').getByRole('button', { name: '展开「输单」' }).waitFor();
    expect(await column('lost').getByTestId('kanban-card').count()).toBe(0);
    await page.getByRole('button', { name: '保存视图' }).click();
    await expect
      .poll(async () => {
        const views = await api<{ items: { name: string; config: { kanban?: { collapsed?: string[] } } }[] }>(
          'GET',
          '/apps/crm/forms/deals/views',
        );
        return views.items.find((v) => v.name === '销售看板')?.config.kanban?.collapsed;
      })
      .toEqual(['lost']);
  });

  it('makes a calendar view and moves a record to another day', async () => {
    await saveViewAs('日历', '成交日历', async () => {
      await page.getByTestId('kset-color').getByRole('combobox').click();
      await pick('阶段');
    });
    await page.keyboard.press('Escape');
    await page.getByTestId('calendar').waitFor();
    const cell = (d: string) => page.locator(`[data-testid="calendar-day"][data-day="${d}"]`);
    const event = cell(day(15)).getByTestId('calendar-event').filter({ hasText: '金桥建材 新客' });
    await event.waitFor();
    await cell(day(10)).getByTestId('calendar-event').filter({ hasText: '未分阶段 线索' }).waitFor();
    await shoot(page, 'views-kinds-calendar-desktop');
    await drag(event, cell(day(17)), 'tg-cal-over');
    await page
      .getByText(/已改到/)
      .first()
      .waitFor();
    await cell(day(17)).getByTestId('calendar-event').filter({ hasText: '金桥建材 新客' }).waitFor();
    expect((await record('金桥建材 新客')).record.data.closeDate).toBe(day(17));
  });

  it('opens the record drawer from an event and creates a record on a day', async () => {
    const cell = page.locator(`[data-testid="calendar-day"][data-day="${day(20)}"]`);
    await cell.hover();
    await cell.getByTestId('calendar-add').click();
    const drawer = page.getByRole('dialog').filter({ hasText: '新建记录' });
    await drawer.getByLabel('商机名称').fill('日历新建');
    await drawer.getByTestId('form-submit').click();
    await page.getByText('已创建').first().waitFor();
    await cell.getByTestId('calendar-event').filter({ hasText: '日历新建' }).waitFor();
    const found = await api<{ items: Rec[] }>('POST', '/apps/crm/forms/deals/records/query', {
      filter: { kind: 'cmp', field: 'name', op: 'eq', value: '日历新建' },
    });
    expect(found.items.map((r) => r.data.closeDate)).toEqual([day(20)]);
  });

  it('shows a gallery with cover images and the chosen fields', async () => {
    // Three cover pictures, drawn by the browser and uploaded like a user's files.
    const session = await signIn(server.url, admin);
    const painter = await context.newPage();
    const colors = [
      ['#4263eb', '#12b886'],
      ['#f59f00', '#fa5252'],
      ['#7048e8', '#15aabf'],
    ];
    const names = ['云杉科技 大单', '蓝海贸易 续约', '金桥建材 新客'];
    for (const [i, name] of names.entries()) {
      const [a, b] = colors[i]!;
      await painter.setContent(
        `<div id="c" style="width:320px;height:200px;background:linear-gradient(135deg,${a},${b})"></div>`,
      );
      const png = await painter.locator('#c').screenshot();
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `cover-${i}.png`);
      const res = await fetch(`${server.url}/api/v1/files`, {
        method: 'POST',
        headers: {
          cookie: `${session.cookie.name}=${session.cookie.value}`,
          'x-csrf-token': session.csrfToken,
        },
        body,
      });
      expect(res.status).toBe(201);
      const { file } = (await res.json()) as {
        file: { id: string; name: string; size: number; mime: string };
      };
      const current = await record(name);
      await api('PATCH', `/apps/crm/forms/deals/records/${ids[name]}`, {
        data: { photo: [{ fileId: file.id, name: file.name, size: file.size, mime: file.mime }] },
        version: current.record.version,
      });
    }
    await painter.close();
    await saveViewAs('画册', '客户画册', async () => {
      await page.getByTestId('kset-cards').getByRole('combobox').click();
      await pick('金额');
      await page.getByTestId('kset-cards').getByRole('combobox').click();
      await pick('阶段');
      await page.keyboard.press('Escape');
    });
    await page.keyboard.press('Escape');
    const gallery = page.getByTestId('gallery');
    const covered = gallery.getByTestId('gallery-card').filter({ hasText: '蓝海贸易 续约' });
    await covered.locator('img').waitFor();
    await expect
      .poll(() => covered.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await expect(covered.textContent()).resolves.toContain('赢单');
    await shoot(page, 'views-kinds-gallery-desktop');
  });

  it('works at phone width: columns scroll sideways, the calendar is a list by day', async () => {
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
    await p.goto(`${server.url}/apps/crm`);
    await p.getByTestId('view-select').click();
    await pickOpenOption(p, '销售看板');
    await p.getByTestId('kanban').waitFor();
    await noSelectListOpen(p);
    await p
      .locator('[data-testid="kanban-column"][data-column="won"]')
      .getByTestId('kanban-card')
      .first()
      .waitFor();
    const scroller = p.locator('.tg-kanban');
    const widths = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    await shoot(p, 'views-kinds-kanban-phone-en');
    await p.getByTestId('view-select').click();
    await pickOpenOption(p, '成交日历');
    await p.getByTestId('calendar-agenda').waitFor();
    await noSelectListOpen(p);
    await p.getByTestId('calendar-agenda').getByText('金桥建材 新客').waitFor();
    await shoot(p, 'views-kinds-calendar-phone-en');
    await phone.close();
    expect(errors).toEqual([]);
  });
});
