/**
 * The import wizard in the player (issue 15 point 1): the toolbar's Import button, upload, header
 * row, mapping (automatic by label, one column mapped by hand), the dry-run report with reasons in
 * the user's language, and the import with its progress, in Chinese on a desktop and in English
 * on a phone. Screenshots go to test-artifacts/screenshots (and /tmp/shots/l5 when it exists).
 */
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  dialogSettled,
  launchChromium,
  requireBuiltApps,
  screenshotDir,
  shoot,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime');

const admin = { orgName: '星河贸易', name: '林晓', email: 'admin@example.com', password: 'correct horse 42' };
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const app = {
  id: 'crm',
  name: l('客户管理', 'CRM'),
  formatVersion: 2,
  icon: 'team',
  forms: [
    {
      id: 'customers',
      name: l('客户', 'Customers'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('客户名称', 'Customer'), required: true },
        {
          id: 'tier',
          type: 'select',
          label: l('等级', 'Tier'),
          config: {
            options: [
              { value: 'gold', label: l('金牌', 'Gold') },
              { value: 'silver', label: l('银牌', 'Silver') },
            ],
          },
        },
        { id: 'since', type: 'date', label: l('签约日期', 'Since') },
        {
          id: 'credit',
          type: 'money',
          label: l('信用额度', 'Credit'),
          config: { currency: 'CNY', precision: 2 },
        },
        { id: 'note', type: 'textarea', label: l('说明', 'Notes') },
      ],
    },
  ],
  navigation: [{ kind: 'form', target: 'customers' }],
};

const ROWS = 1500;

/** A workbook of customers: headers in Chinese, one column ("备注") not named like any field, two bad rows. */
async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('客户名单');
  ws.addRow(['客户名称', '等级', '签约日期', '信用额度', '备注']);
  for (let i = 1; i <= ROWS; i += 1) {
    const bad = i === 3 ? { credit: 'abc' } : i === 7 ? { tier: '铜牌' } : {};
    ws.addRow([
      `导入客户 ${String(i).padStart(4, '0')}`,
      bad.tier ?? (i % 2 ? '金牌' : '银牌'),
      new Date(Date.UTC(2024, i % 12, (i % 27) + 1)),
      bad.credit ?? `¥${(1000 + i).toLocaleString('en-US')}.50`,
      i % 5 ? '' : `第 ${i} 行的备注`,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function snap(page: Page, name: string) {
  await shoot(page, name);
  if (existsSync('/tmp/shots/l5'))
    await copyFile(path.join(screenshotDir, `${name}.png`), `/tmp/shots/l5/${name}.png`);
}

/** Picks an option of the open antd select once its slide-in has finished. */
async function pick(page: Page, label: string): Promise<void> {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-slide-up-appear, .ant-slide-up-enter'));
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .first()
    .click();
}

describe('import wizard', () => {
  let server: RunningServer;
  let browser: Browser;
  let file: Buffer;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    await api.call('POST', '/apps', app);
    file = await workbook();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('maps, checks and imports in Chinese on a desktop, with the report and the progress', async () => {
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByLabel('邮箱').fill(admin.email);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('app-card').first().waitFor();
    await page.goto(`${server.url}/apps/crm`);
    await page.getByTestId('record-table').waitFor();

    await page.getByTestId('import-button').click();
    await dialogSettled(page);
    const wizard = page.locator('.tg-import-wizard');
    await wizard.getByText('点击或将文件拖到这里上传').waitFor();
    await snap(page, 'import-upload-zh-desktop');
    await wizard.locator('input[type=file]').setInputFiles({
      name: '客户名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });

    // Header row: the first row is offered.
    await wizard.getByTestId('import-sheet-step').waitFor();
    await expect.poll(() => wizard.getByRole('radio', { name: '表头所在行 1' }).isChecked()).toBe(true);
    await snap(page, 'import-header-zh-desktop');
    await wizard.getByTestId('import-next').click();

    // Mapping: four columns matched by label; "备注" mapped by hand to "说明".
    await wizard.getByTestId('import-mapping-step').waitFor();
    await expect(wizard.getByTestId('map-0').textContent()).resolves.toContain('客户名称');
    await expect(wizard.getByTestId('map-3').textContent()).resolves.toContain('信用额度');
    await expect(wizard.getByTestId('map-4').textContent()).resolves.toContain('不导入');
    await wizard.getByTestId('map-4').click();
    await pick(page, '说明');
    await expect(wizard.getByTestId('map-4').textContent()).resolves.toContain('说明');
    await snap(page, 'import-mapping-zh-desktop');

    // Dry run: the report lists both bad cells with their reasons in Chinese.
    await wizard.getByTestId('import-next').click();
    const result = wizard.getByTestId('import-check-result');
    await result.waitFor({ timeout: 60_000 });
    await expect(result.textContent()).resolves.toContain('2 行有问题');
    const report = wizard.getByTestId('import-errors');
    await report.getByText('“abc”不是数字').waitFor();
    await report.getByText('“铜牌”不是可选的选项').waitFor();
    await snap(page, 'import-report-zh-desktop');

    // The report downloads as a workbook.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      wizard.getByTestId('import-download-report').click(),
    ]);
    const saved = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved!);
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('错误原因');
    expect(book.worksheets[0]!.rowCount).toBe(3);

    // Import: the progress shows while it runs, then the result; the table counts the new rows.
    await wizard.getByTestId('import-start').click();
    const progressOrDone = wizard.getByTestId('import-progress').or(wizard.getByTestId('import-done'));
    await progressOrDone.first().waitFor();
    if (await wizard.getByTestId('import-progress').isVisible())
      await snap(page, 'import-progress-zh-desktop');
    const done = wizard.getByTestId('import-done');
    await done.waitFor({ timeout: 90_000 });
    await expect(done.textContent()).resolves.toContain(`新增 ${ROWS - 2} 条`);
    await snap(page, 'import-done-zh-desktop');
    await wizard.getByTestId('import-close').click();
    await page
      .getByTestId('record-count')
      .filter({ hasText: /1,?498 条数据/ })
      .waitFor();
    await context.close();
  }, 180_000);

  it('speaks English on a phone and offers the same steps', async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('app-card').first().waitFor();
    await page.goto(`${server.url}/apps/crm`);
    await page.getByTestId('import-button').click();
    await dialogSettled(page);
    const wizard = page.locator('.tg-import-wizard');
    await wizard.getByText('Click or drop a file here').waitFor();
    await snap(page, 'import-upload-en-phone');
    // A file that is not a spreadsheet is refused with a sentence in English.
    await wizard.locator('input[type=file]').setInputFiles({
      name: 'notes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n\0\0'),
    });
    await wizard.getByTestId('import-error').getByText('This is not an Excel (.xlsx) or CSV file.').waitFor();
    await wizard.locator('input[type=file]').setInputFiles({
      name: 'customers.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await wizard.getByTestId('import-sheet-step').waitFor();
    await wizard.getByTestId('import-next').click();
    await wizard.getByTestId('import-mapping-step').waitFor();
    // The form remembers the last mapping: "备注" -> Notes is offered again.
    await expect(wizard.getByTestId('map-4').textContent()).resolves.toContain('Notes');
    await snap(page, 'import-mapping-en-phone');
    await wizard.getByTestId('import-next').click();
    await wizard.getByTestId('import-check-result').waitFor({ timeout: 60_000 });
    await wizard.getByTestId('import-errors').getByText('"abc" is not a number').waitFor();
    await snap(page, 'import-report-en-phone');
    await context.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
