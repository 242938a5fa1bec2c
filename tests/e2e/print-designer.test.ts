/**
 * Drag and drop in the print designer (decision 0061), with real mouse moves: a field from the
 * field list onto the page as a new row (the drop line shows mid-drag), a placed field from one
 * row into another, and the subform table dragged by its handle to the top. The saved template is
 * read back through the API and printed: the PDF's text follows the new order.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  DRAG_STARTED,
  collectPageErrors,
  dndAnnounced,
  launchChromium,
  nextFrames,
  requireBuiltApps,
} from './support/browser';
import { setupApiSession, signIn } from './support/api-session';
import { PRINT_SHOTS, readPdf, snapPrint } from './support/print';
import { startServer, type RunningServer } from './support/server';

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河贸易有限公司',
  name: '林晓',
  email: 'admin@example.com',
  password: 'correct horse 42',
};
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const app = {
  id: 'sales',
  name: l('销售', 'Sales'),
  formatVersion: 2,
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
        { id: 'note', type: 'textarea', label: l('备注', 'Note') },
        { id: 'ref', type: 'text', label: l('参考号', 'Reference') },
        {
          id: 'lines',
          type: 'subform',
          label: l('明细', 'Lines'),
          config: { fields: [{ id: 'sku', type: 'text', label: l('货号', 'SKU') }] },
        },
      ],
      printTemplates: [
        {
          id: 'slip',
          name: l('送货单', 'Delivery slip'),
          body: [
            { kind: 'fields', fields: ['no', 'customer'] },
            { kind: 'subform', field: 'lines' },
          ],
        },
      ],
    },
  ],
  navigation: [{ kind: 'form', target: 'orders' }],
};

/**
 * The viewport only, while the mouse button is down: a full-page screenshot resizes the viewport,
 * and dnd-kit cancels a drag on resize.
 */
async function snapMidDrag(page: Page, name: string) {
  await mkdir(PRINT_SHOTS, { recursive: true });
  await page.screenshot({ path: `${PRINT_SHOTS}/${name}.png` });
}

/** The point `fx`, `fy` (fractions of its box) of a locator, in page coordinates. */
async function pointIn(locator: Locator, fx = 0.5, fy = 0.5) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element has no box');
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/**
 * Presses the mouse on `from`, moves past dnd-kit's 4 px activation distance, then to `to` in
 * steps (pointer events as a hand makes them); leaves the button down so the caller can look at
 * the drop indicator before `page.mouse.up()`.
 */
async function dragTo(page: Page, from: Locator, to: () => Promise<{ x: number; y: number }>) {
  const start = await pointIn(from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 6, start.y + 6, { steps: 3 });
  await dndAnnounced(page, DRAG_STARTED);
  const end = await to();
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await nextFrames(page);
}

describe('print designer drag and drop', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const api = await setupApiSession(server.url, admin);
    await api.call('POST', '/apps', app);
    await api.call('POST', '/apps/sales/forms/orders/records', {
      data: {
        no: 'SO-001',
        customer: '上海云杉科技',
        amount: 1234.5,
        note: 'Fragile',
        lines: [{ sku: 'A-1' }],
      },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('drags fields and blocks on the page, saves, and prints in the new order', async () => {
    const context = await browser.newContext({ viewport: { ...DESKTOP, height: 1100 }, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('app-card').first().waitFor();
    await page.goto(`${server.url}/studio/apps/sales/forms/orders/print`);
    await page.getByTestId('print-template-editor').waitFor();
    const block = (i: number) => page.getByTestId(`print-block-${i}`);

    // 1. "Amount" from the field list to the lower edge of the first row: a new row under it.
    await dragTo(page, page.getByTestId('print-field-amount'), () => pointIn(block(0), 0.5, 0.93));
    await expect.poll(() => page.getByTestId('print-gap-1').getAttribute('data-drop')).toBe('ok');
    await snapMidDrag(page, 'print-designer-mid-drag');
    await page.mouse.up();
    await block(1).getByTestId('print-cell-amount').waitFor();
    expect(await block(1).getAttribute('data-kind')).toBe('fields');
    // On the page now: the list marks it and no longer lets it be dragged.
    await page.locator('.tg-pr-field[data-placed]').filter({ hasText: 'Amount' }).waitFor();

    // 2. "Customer" from the first row into the new row, before "Amount".
    await dragTo(page, page.getByTestId('print-cell-customer'), () =>
      pointIn(block(1).getByTestId('print-cell-amount'), 0.2, 0.5),
    );
    await expect
      .poll(() => block(1).getByTestId('print-cell-amount').getAttribute('data-edge'))
      .toBe('before');
    await page.mouse.up();
    await block(1).getByTestId('print-cell-customer').waitFor();

    // 3. The subform table by its handle to the top of the page.
    await dragTo(page, block(2).locator('.tg-pr-handle'), () => pointIn(block(0), 0.5, 0.1));
    await expect.poll(() => page.getByTestId('print-gap-0').getAttribute('data-drop')).toBe('ok');
    await page.mouse.up();
    await expect.poll(() => block(0).getAttribute('data-kind')).toBe('subform');

    // 4. Fill the last row to four: "Note" from the list onto the right half of "Amount" (after
    // it), then "Order no" out of the row above (which, left empty, goes) after "Note".
    const cell = (i: number, id: string) => block(i).getByTestId(`print-cell-${id}`);
    await dragTo(page, page.getByTestId('print-field-note'), () => pointIn(cell(2, 'amount'), 0.8, 0.5));
    await expect.poll(() => cell(2, 'amount').getAttribute('data-edge')).toBe('after');
    expect(await block(2).getAttribute('data-into')).toBe('ok');
    await page.mouse.up();
    await cell(2, 'note').waitFor();
    await dragTo(page, page.getByTestId('print-cell-no'), () => pointIn(cell(2, 'note'), 0.8, 0.5));
    await expect.poll(() => cell(2, 'note').getAttribute('data-edge')).toBe('after');
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid^="print-block-"]').count()).toBe(2);
    await cell(1, 'no').waitFor();

    // 5. A full row refuses a fifth field: the row says why while dragging; the drop changes nothing.
    await dragTo(page, page.getByTestId('print-field-ref'), () => pointIn(block(1), 0.5, 0.5));
    await expect.poll(() => block(1).getAttribute('data-into')).toBe('refused');
    await page.getByTestId('print-drop-refusal').getByText('This row is full').waitFor();
    await snapMidDrag(page, 'print-designer-refused');
    await page.mouse.up();
    await page.locator('.ant-message').getByText('This row is full').waitFor();
    expect(await block(1).locator('.tg-pr-cell').count()).toBe(4);
    await page.locator('.tg-pr-field:not([data-placed])').filter({ hasText: 'Reference' }).waitFor();
    await snapPrint(page, 'print-designer-after-drag');

    await page.getByTestId('print-save').click();
    await page.getByText(/Saved/).first().waitFor();

    // The saved template, read back through the API.
    const session = await signIn(server.url, admin);
    const saved = await session.call<{ app: typeof app }>('GET', '/apps/sales');
    expect(saved.app.forms[0]!.printTemplates[0]!.body).toEqual([
      { kind: 'subform', field: 'lines' },
      { kind: 'fields', fields: ['customer', 'amount', 'note', 'no'] },
    ]);

    // Printed with the saved template: the table first, then the four fields in one row.
    const records = await session.call<{ items: { id: string }[] }>(
      'GET',
      '/apps/sales/forms/orders/records',
    );
    const res = await fetch(`${server.url}/api/v1/apps/sales/forms/orders/print`, {
      method: 'POST',
      headers: {
        cookie: `${session.cookie.name}=${session.cookie.value}`,
        'x-csrf-token': session.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ids: [records.items[0]!.id], templateId: 'slip', locale: 'en' }),
    });
    expect(res.status).toBe(200);
    const { text } = await readPdf(Buffer.from(await res.arrayBuffer()), 'print-designer-pdf');
    const at = (s: string) => {
      const i = text.indexOf(s);
      expect(i, `${s} in the PDF`).toBeGreaterThanOrEqual(0);
      return i;
    };
    // The table (SKU A-1) before the row; the row's labels in their new order on one line.
    expect(at('A-1')).toBeLessThan(at('Customer'));
    expect(text).toMatch(/Customer\s+Amount\s+Note\s+Order no/);
    expect(text).toMatch(/上海云杉科技\s+(CN)?¥1,234\.50\s+Fragile\s+SO-001/);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });
});
