/**
 * Print (issue 15 point 3, decision 0045): a template designed in the studio (title, footer,
 * preview rendered by the server), printed from the player's record drawer in Chinese and for a
 * grid selection in English; each PDF is turned into a PNG with pdftoppm to be looked at.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  collectPageErrors,
  dialogSettled,
  launchChromium,
  requireBuiltApps,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { readPdf, snapPrint } from './support/print';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河贸易有限公司',
  name: '林晓',
  email: 'admin@example.com',
  password: 'correct horse 42',
};
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
/** A 32x32 PNG (an orange disc): the company logo chosen in the designer. */
const LOGO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAYklEQVR42u3WywlAIRBD0VRiYfaPbehW/CMxoM7jre/ZOUE8/OEDIHg3/veBaXqFAaU+MMCq9wwQ600D3HptgF4vDCFArOeGAQYY8BZw/2OnuAeKi6a4yYpVodhFimV3x/hNuBsZOqvp9bcAAAAASUVORK5CYII=',
  'base64',
);

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
        { id: 'customer', type: 'text', label: l('客户', 'Customer') },
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

/**
 * Prints by clicking `print` and checks the preview offers the PDF for download; returns the PDF's
 * text (pdftotext) and turns page 1 into a PNG to look at. The bytes are asked again with the
 * page's own request (cookies, CSRF header): the preview's blob is out of reach of a test's
 * fetch (CSP), a download event was not always reported under load, and chromium keeps no body
 * of the answer for the test to read.
 */
const pdfs = new Map<string, string>();
async function printPdf(page: Page, name: string, print: Locator): Promise<string> {
  const [response] = await Promise.all([page.waitForResponse(isPrint), print.click()]);
  expect(response.status()).toBe(200);
  await page.getByTestId('print-preview').waitFor();
  expect(await page.getByTestId('print-download').getAttribute('download')).toMatch(/\.pdf$/);
  const asked = response.request();
  const again = await page.request.post(asked.url(), {
    headers: asked.headers(),
    data: asked.postData() ?? '',
  });
  expect(again.status()).toBe(200);
  const bytes = await again.body();
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const { text, file } = await readPdf(bytes, name);
  pdfs.set(name, file);
  return text;
}

/** `width`x`height` of every image of a PDF written by printPdf. */
function pdfImages(name: string): string[] {
  return execFileSync('pdfimages', ['-list', pdfs.get(name)!], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      return `${cols[3]}x${cols[4]}`;
    });
}

const isPrint = (r: Response) => r.url().endsWith('/forms/orders/print') && r.request().method() === 'POST';

describe('print', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    await api.call('POST', '/apps', app);
    for (const [no, customer, amount] of [
      ['SO-001', '上海云杉科技', 1234.5],
      ['SO-002', 'Acme Ltd', 99],
    ] as const)
      await api.call('POST', '/apps/sales/forms/orders/records', {
        data: { no, customer, amount, lines: [{ sku: `${no}-甲`, qty: 2 }] },
      });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('designs a template in the studio and prints a record from the drawer, in Chinese', async () => {
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

    // Studio: the form designer's Print templates button, a new template from the form, title and footer.
    await page.goto(`${server.url}/studio/apps/sales/forms/orders`);
    await page.getByTestId('designer-print').click();
    await page.getByTestId('print-designer').waitFor();
    await page.getByTestId('print-add').click();
    await page.getByTestId('print-template-editor').waitFor();
    await page.getByTestId('print-title-zh-CN').fill('送货单');
    await page.getByTestId('print-title-en').fill('Delivery note');
    await page.getByTestId('print-footer-zh-CN').fill('谢谢惠顾');
    await page.getByTestId('print-footer-en').fill('Thank you');
    // The logo: an image uploaded through the files API (decision 0057).
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('print-logo-kind').getByText('上传图片').click(),
    ]);
    await chooser.setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO });
    await page.getByTestId('print-logo-image').waitFor();
    const [preview] = await Promise.all([
      page.waitForResponse(isPrint),
      page.getByTestId('print-preview-run').click(),
    ]);
    expect(preview.status()).toBe(200);
    await page.getByTestId('print-designer-preview').waitFor();
    await page.getByTestId('print-save').click();
    await page
      .getByText(/已保存/)
      .first()
      .waitFor();
    await snapPrint(page, 'print-designer-zh');

    // Player: the record drawer's Print button.
    await page.goto(`${server.url}/apps/sales`);
    await page.getByTestId('record-table').getByText('上海云杉科技').click();
    const drawer = page.getByTestId('record-drawer');
    await drawer.waitFor();
    const text = await printPdf(page, 'player-record-zh', drawer.getByTestId('print-button'));
    for (const expected of [
      '星河贸易有限公司',
      '送货单',
      'SO-001',
      '上海云杉科技',
      '¥1,234.50',
      'SO-001-甲',
      '谢谢惠顾',
    ])
      expect(text).toContain(expected);
    // The logo is in the header as a picture (pdfimages lists it at its pixel size).
    expect(pdfImages('player-record-zh')).toContain('32x32');
    await dialogSettled(page);
    await snapPrint(page, 'player-print-preview-zh');
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('prints a grid selection into one PDF, in English', async () => {
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('app-card').first().waitFor();
    await page.goto(`${server.url}/apps/sales`);
    const rows = page.getByTestId('record-table').getByTestId('record-row');
    await rows.filter({ hasText: 'SO-002' }).waitFor();
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    const bar = page.getByTestId('bulk-bar');
    const text = await printPdf(page, 'player-selection-en', bar.getByTestId('print-button'));
    for (const expected of ['Delivery note', 'Order no', 'SO-001', 'SO-002', 'Acme Ltd', 'Thank you'])
      expect(text).toContain(expected);
    expect(text).toMatch(/2\s*\/\s*2/);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });
});
