/**
 * Export in the player (issue 15 point 2): the data view's Export button, the dialog's format
 * and subform choice, and the downloaded workbook opened with exceljs (headers in the user's
 * language, option labels and linked titles, the subform on its own sheet).
 */
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
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
  id: 'sales',
  name: l('销售', 'Sales'),
  formatVersion: 2,
  icon: 'team',
  forms: [
    {
      id: 'orders',
      name: l('订单', 'Orders'),
      titleField: 'no',
      fields: [
        { id: 'no', type: 'text', label: l('订单号', 'Order no'), required: true },
        {
          id: 'stage',
          type: 'select',
          label: l('阶段', 'Stage'),
          config: {
            options: [
              { value: 'new', label: l('新建', 'New') },
              { value: 'won', label: l('成交', 'Won') },
            ],
          },
        },
        {
          id: 'amount',
          type: 'money',
          label: l('金额', 'Amount'),
          config: { currency: 'CNY', precision: 2 },
        },
        {
          id: 'lines',
          type: 'subform',
          label: l('明细', 'Lines'),
          config: {
            fields: [
              { id: 'sku', type: 'text', label: l('货号', 'SKU') },
              { id: 'qty', type: 'number', label: l('数量', 'Qty'), config: { precision: 0 } },
            ],
          },
        },
      ],
    },
  ],
  navigation: [{ kind: 'form', target: 'orders' }],
};

async function snap(page: Page, name: string) {
  await shoot(page, name);
  if (existsSync('/tmp/shots/export'))
    await copyFile(path.join(screenshotDir, `${name}.png`), `/tmp/shots/export/${name}.png`);
}

describe('export', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    await api.call('POST', '/apps', app);
    for (const [no, stage, amount] of [
      ['SO-001', 'won', 1234.5],
      ['=SO-002', 'new', 99],
    ] as const)
      await api.call('POST', '/apps/sales/forms/orders/records', {
        data: { no, stage, amount, lines: [{ sku: `${no}-A`, qty: 2 }] },
      });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('downloads what the view shows as a workbook, in Chinese', async () => {
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
    await page.goto(`${server.url}/apps/sales`);
    await page.getByTestId('record-table').getByText('SO-001').waitFor();

    await page.getByTestId('export-button').click();
    await dialogSettled(page);
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByText('放在单独的工作表（按记录ID对应）').waitFor();
    await snap(page, 'export-dialog-zh-desktop');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-start').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^订单-\d{8}-\d{4}\.xlsx$/);
    await dialog.getByTestId('export-done').waitFor();
    await snap(page, 'export-done-zh-desktop');

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const [main, lines] = book.worksheets;
    expect((main!.getRow(1).values as unknown[]).slice(1)).toEqual(['记录ID', '订单号', '阶段', '金额']);
    const rows = new Map<string, unknown[]>();
    main!.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.get('SO-001')!.slice(1)).toEqual(['SO-001', '成交', 1234.5]);
    // A formula-like text stays text.
    expect(main!.getRow(2).getCell(2).type === ExcelJS.ValueType.Formula).toBe(false);
    expect(rows.has('=SO-002')).toBe(true);
    expect(lines!.name).toBe('明细');
    expect((lines!.getRow(1).values as unknown[]).slice(1)).toEqual(['记录ID', '货号', '数量']);
    expect(lines!.rowCount).toBe(3);
    await context.close();
    expect(errors).toEqual([]);
  }, 90_000);
});
