import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  DESKTOP,
  PHONE,
  launchChromium,
  shoot,
  requireBuiltApps,
  drag,
  dialogSettled,
  pickOpenOption,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

/*
 * The whole flow of issue 4 in the browser: a business user designs a purchase order form in the
 * studio (fields dragged from the palette, a subform with two columns and a formula total, one
 * required field) and saves it; staff fill it in the player (required error, three subform rows,
 * the total live and as stored by the server), filter the table, edit the record in the drawer and
 * see the change in its history; the form and table also work at phone width.
 */

requireBuiltApps('runtime', 'builder');

const admin = { orgName: '星河贸易', name: '林晓', email: 'flow@example.com', password: 'correct horse 42' };

/** Clicks an option of the open antd select dropdown. */
async function pick(page: Page, label: string): Promise<void> {
  await pickOpenOption(page, new RegExp(`^${label}$`));
}

/** The number shown by a computed field. */
const amount = async (el: Locator) => Number(((await el.textContent()) ?? '').replace(/[^\d.-]/g, ''));

type RecordDto = { id: string; version: number; data: Record<string, unknown> };

describe('issue 4: design a form, fill it, work with its data', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let appId = '';
  const formId = 'form_1';
  const errors: string[] = [];
  const records = () => `/apps/${appId}/forms/${formId}/records`;

  beforeAll(async () => {
    server = await startServer();
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    const created = await call<{ app: AppDefinition }>('POST', '/apps', {
      name: { 'zh-CN': '采购管理', en: 'Purchasing' },
      icon: 'shop',
      formatVersion: 1,
      forms: [],
      navigation: [],
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

  const label = async (zh: string, en: string) => {
    await page.getByTestId('prop-label-zh-CN').fill(zh);
    await page.getByTestId('prop-label-en').fill(en);
  };

  it('designs the form in the studio and saves it', async () => {
    await page.goto(`${server.url}/studio/apps/${appId}`);
    await page.getByTestId('new-form').click();
    await page.getByTestId('form-name-zh').fill('采购订单');
    await page.getByTestId('form-name-en').fill('Purchase order');
    await dialogSettled(page);
    await page.locator('#form-dialog-ok').click();
    await page.getByTestId('form-designer').waitFor();

    const drop = page.getByTestId('canvas-drop');
    await drag(page, page.getByTestId('palette-text'), drop);
    await page.getByTestId('cell-text_1').waitFor();
    await label('供应商', 'Supplier');
    await page.getByTestId('prop-required').click();
    await drag(page, page.getByTestId('palette-number'), drop);
    await page.getByTestId('cell-number_1').waitFor();
    await label('优先级', 'Priority');
    // The channel shares the priority's row (right quarter of its cell).
    await drag(page, page.getByTestId('palette-select'), page.getByTestId('cell-number_1'), {
      x: 0.92,
      y: 0.5,
    });
    await page.getByTestId('cell-select_1').waitFor();
    await label('渠道', 'Channel');
    await drag(page, page.getByTestId('palette-date'), drop);
    await page.getByTestId('cell-date_1').waitFor();
    await label('下单日期', 'Ordered on');

    await drag(page, page.getByTestId('palette-subform'), drop);
    await page.getByTestId('subform-subform_1').waitFor();
    await label('采购明细', 'Lines');
    await drag(page, page.getByTestId('palette-number'), page.getByTestId('subform-drop-subform_1'));
    await page.getByTestId('column-number_2').waitFor();
    await label('数量', 'Qty');
    await drag(page, page.getByTestId('palette-money'), page.getByTestId('subform-drop-subform_1'));
    await page.getByTestId('column-money_1').waitFor();
    await label('单价', 'Price');

    await drag(page, page.getByTestId('palette-formula'), drop);
    await page.getByTestId('cell-formula_1').waitFor();
    await label('订单总额', 'Total');
    const editor = page.getByTestId('prop-formula').locator('.monaco-editor');
    await editor.waitFor();
    await editor.click();
    // Monaco closes brackets itself: type over the closing ones, dismiss completions with Escape.
    await page.keyboard.type('SUMPRODUCT(', { delay: 20 });
    await page.keyboard.press('Escape');
    await page.keyboard.type('{subform_1.number_2', { delay: 20 });
    await page.keyboard.press('Escape');
    await page.keyboard.type('}, ', { delay: 20 });
    await page.keyboard.type('{subform_1.money_1', { delay: 20 });
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('cell-formula_1').textContent())
      .toContain('SUMPRODUCT({采购明细.数量}, {采购明细.单价})');
    await page.getByTestId('cell-text_1').click();
    await page.getByTestId('cell-text_1').locator('.tg-dz-required').waitFor();
    await shoot(page, 'issue4-studio-designer-desktop');

    await page.getByTestId('designer-save').click();
    await page.getByText(/已保存/).waitFor();
    const { app } = await call<{ app: AppDefinition }>('GET', `/apps/${appId}`);
    const form = app.forms.find((f) => f.id === formId);
    expect(form?.fields.map((f) => f.type)).toEqual([
      'text',
      'number',
      'select',
      'date',
      'subform',
      'formula',
    ]);
    expect(form?.fields[0]?.required).toBe(true);
    const lines = form?.fields[4];
    expect(lines?.type === 'subform' && lines.config.fields.map((c) => [c.id, c.type])).toEqual([
      ['number_2', 'number'],
      ['money_1', 'money'],
    ]);
    expect(form?.layout?.items).toContainEqual({
      kind: 'row',
      cells: [{ field: 'number_1' }, { field: 'select_1' }],
    });
    // Shown with labels on the canvas, stored with ids.
    const total = form?.fields[5];
    expect(total?.type === 'formula' && total.config.formula).toBe(
      'SUMPRODUCT({subform_1.number_2}, {subform_1.money_1})',
    );
  });

  it('submits a record: required error, three rows, total live and confirmed by the server', async () => {
    await page.goto(`${server.url}/apps/${appId}/forms/${formId}/new`);
    const form = page.getByTestId('form-renderer');
    await form.waitFor();
    await page.getByTestId('form-submit').click();
    await form.getByText('请填写供应商').waitFor();
    await shoot(page, 'issue4-required-desktop');

    await page.getByLabel('供应商').fill('上海云杉科技');
    await expect.poll(() => form.getByText('请填写供应商').count()).toBe(0);
    await page.getByLabel('优先级').fill('2');
    await page.getByLabel('渠道').click();
    await pick(page, '选项2');
    await page.getByLabel('下单日期').click();
    await page.getByLabel('下单日期').fill('2025-03-18');
    await page.getByLabel('下单日期').press('Enter');
    await page.locator('.ant-picker-dropdown').first().waitFor({ state: 'hidden' });

    const rows: [number, number][] = [
      [2, 19.9],
      [3, 5.5],
      [1, 100.05],
    ];
    for (const [i, [qty, price]] of rows.entries()) {
      await page.getByRole('button', { name: /添加一行/ }).click();
      await page.locator(`#field-subform_1-${i}-number_2`).fill(String(qty));
      await page.locator(`#field-subform_1-${i}-money_1`).fill(String(price));
      // Live: the total follows every row as it is typed.
      const sofar = rows.slice(0, i + 1).reduce((s, [q, p]) => s + q * p, 0);
      await expect.poll(() => amount(page.locator('#field-formula_1'))).toBeCloseTo(sofar, 6);
    }
    await expect.poll(() => page.locator('#field-formula_1').textContent()).toContain('156.35');
    await shoot(page, 'issue4-filled-desktop');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form-page').waitFor({ state: 'detached' });

    const list = await call<{ items: RecordDto[] }>('GET', records());
    expect(list.items).toHaveLength(1);
    const stored = list.items[0]!.data;
    expect(stored.text_1).toBe('上海云杉科技');
    expect(stored.select_1).toBe('option2');
    expect(stored.date_1).toBe('2025-03-18');
    expect((stored.subform_1 as unknown[]).length).toBe(3);
    expect(Number(stored.formula_1)).toBe(156.35);
  });

  it('filters the table, edits the record in the drawer and sees its history', async () => {
    // A second record through the API, so the filter has something to leave out.
    await call('POST', records(), { data: { text_1: '杭州青松贸易', select_1: 'option1', number_1: 1 } });
    await page.goto(`${server.url}/apps/${appId}/forms/${formId}`);
    const table = page.getByTestId('record-table');
    const count = page.getByTestId('record-count');
    await count.filter({ hasText: '2 条数据' }).waitFor();
    await page.getByTestId('filter-button').click();
    const builder = page.getByTestId('filter-builder');
    await builder
      .getByRole('button', { name: /添加条件/ })
      .first()
      .click();
    const condition = builder.getByTestId('filter-condition').first();
    await condition.getByLabel('字段').click();
    await pick(page, '渠道');
    await condition.getByLabel('值').click();
    await pick(page, '选项2');
    await count.filter({ hasText: '1 条数据' }).waitFor();
    await shoot(page, 'issue4-filter-desktop');
    // Escape closes the value list if it is still open, then the filter panel: press it until the
    // panel is gone (one press was not always enough on a busy machine, and the panel then covered
    // the table).
    await expect
      .poll(async () => {
        if (await builder.isVisible()) await page.keyboard.press('Escape');
        return builder.isVisible();
      })
      .toBe(false);
    await table.getByRole('cell', { name: '上海云杉科技' }).waitFor();
    expect(await table.getByRole('cell', { name: '杭州青松贸易' }).count()).toBe(0);

    await table.getByRole('cell', { name: '上海云杉科技' }).click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.getByRole('tablist') });
    await drawer.getByRole('button', { name: /编\s*辑/ }).click();
    await drawer.getByTestId('form-renderer').waitFor();
    // The drawer edits with the same renderer: the subform and the live total are there.
    await expect.poll(() => drawer.locator('#field-formula_1').textContent()).toContain('156.35');
    await drawer.getByLabel('优先级').fill('5');
    await drawer.locator('#field-subform_1-2-number_2').fill('2');
    await expect.poll(() => amount(drawer.locator('#field-formula_1'))).toBeCloseTo(256.4, 6);
    await shoot(page, 'issue4-drawer-edit-desktop');
    await drawer.getByTestId('form-submit').click();
    await page.getByText('已保存', { exact: true }).waitFor();
    await drawer.getByRole('tab', { name: '修改记录' }).click();
    const history = drawer.getByTestId('record-history');
    await history.getByText('优先级').waitFor();
    await history.locator('.tg-history-to', { hasText: '5' }).first().waitFor();
    // The subform change reads row by row: only row 3's quantity changed (no "3 × → 3 ×").
    const rows = history.getByTestId('history-subform_1').getByRole('listitem');
    await expect.poll(() => rows.allTextContents()).toEqual(['第 3 行数量1→2']);
    // The formula total changed too, and nothing else.
    expect(await history.locator('[data-testid^="history-"]').count()).toBe(3);
    await shoot(page, 'issue4-history-desktop');

    const list = await call<{ items: RecordDto[] }>('GET', records());
    const edited = list.items.find((r) => r.data.text_1 === '上海云杉科技')!;
    expect(edited.version).toBe(2);
    expect(edited.data.number_1).toBe(5);
    expect(Number(edited.data.formula_1)).toBe(256.4);
  });

  it('works at phone width: stacked fields, a usable subform with its totals, the table as cards', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      isMobile: true,
      hasTouch: true,
    });
    await phone.addCookies(await context.cookies());
    phone.setDefaultTimeout(15_000);
    const p = await phone.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${server.url}/apps/${appId}/forms/${formId}/new`);
    await p.getByTestId('form-renderer').waitFor();
    // Priority and channel share a row on desktop; on a phone they stack.
    const box = (l: string) => p.locator('.tg-field-label', { hasText: l }).first().boundingBox();
    const priority = await box('优先级');
    const channel = await box('渠道');
    expect(channel!.y).toBeGreaterThan(priority!.y + 20);
    expect(channel!.x).toBe(priority!.x);
    await p.getByRole('button', { name: /添加一行/ }).click();
    await p.locator('#field-subform_1-0-number_2').fill('4');
    await p.locator('#field-subform_1-0-money_1').fill('2.5');
    await p.getByRole('button', { name: /添加一行/ }).click();
    await p.locator('#field-subform_1-1-number_2').fill('1');
    await expect.poll(() => p.locator('#field-formula_1').textContent()).toContain('10');
    // The add button and the column totals stay on screen.
    const totals = p.getByTestId('totals-subform_1');
    await expect.poll(() => totals.textContent()).toContain('数量：5');
    for (const el of [totals, p.getByRole('button', { name: /添加一行/ })]) {
      const b = await el.boundingBox();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(PHONE.width);
    }
    await shoot(p, 'issue4-form-phone');
    await p.goto(`${server.url}/apps/${appId}/forms/${formId}`);
    await p.getByTestId('record-count').filter({ hasText: '2 条数据' }).waitFor();
    await shoot(p, 'issue4-table-phone');
    await phone.close();
    expect(errors).toEqual([]);
  });
});
