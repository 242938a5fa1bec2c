import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  dialogSettled,
  launchChromium,
  pickSelectOption,
  requireBuiltApps,
  shootFromTop as shoot,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { buildShipOnApproval, orderShipmentApp } from './support/order-shipment';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 12 point 1 end to end, in the studio's automation designer (智能助手): an admin builds
 * "when an order is approved, create a shipment with its lines" (workflow trigger, a create action
 * into another form with a field mapping and the order's lines as the shipment's rows), test-runs
 * it against an order (what would be written is shown, nothing is), saves it, switches it on,
 * approves the order in the player and sees the shipment appear with its lines; the run history
 * shows the run. A button automation on the order is pressed from the record drawer.
 * Desktop and phone screenshots of the designer.
 */

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'auto-admin@example.com',
  password: 'correct horse 42',
};
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** expect.poll with room for a round trip, a worker tick and a re-render. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

describe('automation designer', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  let orderId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ automationIntervalMs: 200 });
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    const me = await call<{ user: { id: string } }>('GET', '/auth/me');
    await call(
      'POST',
      '/apps',
      orderShipmentApp({ id: 'sales', name: l('销售管理', 'Sales'), approver: me.user.id }),
    );
    // The order is submitted for approval when it is created (a process form).
    const created = await call<{ record: { id: string; workflowStatus: string } }>(
      'POST',
      '/apps/sales/forms/orders/records',
      {
        data: {
          no: 'SO-1001',
          customer: '东方商贸',
          lines: [
            { sku: '笔记本电脑', qty: 3 },
            { sku: '显示器', qty: 5 },
          ],
        },
      },
    );
    orderId = created.record.id;
    expect(created.record.workflowStatus).toBe('running');

    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addCookies([{ ...session.cookie, domain: '127.0.0.1', path: '/' }]);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    collectPageErrors(page, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds "when an order is approved, create a shipment with its lines"', async () => {
    await buildShipOnApproval(page, server.url, 'sales');

    // Undo and redo go through the shared document store.
    await page.getByTestId('automations-undo').click();
    await poll(() => page.getByTestId('action-0-values-items-rows-qty-row').count()).toBe(0);
    await page.getByTestId('automations-redo').click();
    await page.getByTestId('action-0-values-items-rows-qty-row').waitFor();
    // Away from the redo button, so its tooltip is not in the picture.
    await page.getByTestId('automation-list').hover();
    await shoot(page, 'automation-designer-desktop');
  });

  it('test-runs it against the order: shows the shipment that would be written, writes nothing', async () => {
    // Unsaved: the button saves first (a test run reads the saved definition).
    await page.getByTestId('test-run').click();
    const drawer = page.getByTestId('test-run-drawer');
    await drawer.waitFor();
    await pickSelectOption(page, page.getByTestId('test-record'), 'SO-1001');
    await page.getByTestId('test-run-go').click();
    const answer = page.getByTestId('test-run-answer');
    await answer.waitFor();
    const outcome = page.getByTestId('test-outcome-0');
    expect(await outcome.getByTestId('test-outcome-0-record').textContent()).toContain(
      '新增一条“发货单”数据',
    );
    const text = await outcome.textContent();
    expect(text).toContain('SO-1001');
    expect(text).toContain('东方商贸');
    expect(text).toContain('自动生成');
    const rows = outcome.getByTestId('outcome-rows');
    expect(await rows.textContent()).toContain('笔记本电脑');
    expect(await rows.textContent()).toContain('显示器');
    await shoot(page, 'automation-test-run-desktop');
    // Nothing was written, and the designer is clean (saved as version 2).
    const shipments = await call<{ items: unknown[] }>('GET', '/apps/sales/forms/shipments/records');
    expect(shipments.items).toHaveLength(0);
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    const saved = await call<{ app: AppDefinition }>('GET', '/apps/sales');
    expect(saved.app.automations?.[0]).toMatchObject({
      name: { 'zh-CN': '订单通过后发货', en: 'Ship approved orders' },
      enabled: false,
      trigger: { type: 'workflow', workflow: 'order_flow', event: 'approved' },
      actions: [{ type: 'create', form: 'shipments' }],
    });
  });

  it('switches it on, and approving the order in the player creates the shipment with its lines', async () => {
    const toggle = page.getByTestId('automation-enabled-automation_1');
    await toggle.click();
    await poll(() => toggle.getAttribute('aria-checked')).toBe('true');

    const player = await context.newPage();
    collectPageErrors(player, errors);
    await player.goto(`${server.url}/apps/sales/forms/orders/records/${orderId}/process`);
    await player.getByTestId('process-panel').waitFor();
    await player.getByTestId('workflow-action-approve').click();
    await dialogSettled(player);
    await player.getByTestId('workflow-dialog-ok').click();
    await player.getByTestId('workflow-dialog-ok').waitFor({ state: 'hidden' });
    await poll(() => player.getByTestId('workflow-status').textContent()).toBe('已通过');

    // The worker runs the automation after the approval's commit: wait for its write, then look.
    await expect
      .poll(
        async () =>
          (await call<{ items: unknown[] }>('GET', '/apps/sales/forms/shipments/records')).items.length,
        { timeout: 30_000 },
      )
      .toBe(1);
    await player.goto(`${server.url}/apps/sales/forms/shipments`);
    const row = player.getByTestId('record-row').filter({ hasText: 'SO-1001' });
    await row.waitFor();
    await row.click();
    const drawer = player.getByTestId('record-drawer');
    await drawer.waitFor();
    const details = await drawer.textContent();
    expect(details).toContain('东方商贸');
    expect(details).toContain('自动生成');
    const shipments = await call<{ items: { data: { items: { sku: string; qty: number }[] } }[] }>(
      'GET',
      '/apps/sales/forms/shipments/records',
    );
    expect(shipments.items).toHaveLength(1);
    expect(shipments.items[0]!.data.items.map((r) => [r.sku, Number(r.qty)])).toEqual([
      ['笔记本电脑', 3],
      ['显示器', 5],
    ]);
    await player.close();
  });

  it('shows the run in the run history with its result', async () => {
    await page.getByTestId('tab-runs').click();
    const item = page.getByTestId('run-item').first();
    await poll(async () => {
      if ((await page.getByTestId('run-item').count()) === 0) await page.getByTestId('runs-refresh').click();
      return page.getByTestId('run-item').count();
    }).toBe(1);
    expect(await item.getByTestId('run-status').textContent()).toBe('成功');
    await item.click();
    const detail = page.getByTestId('run-detail');
    await detail.waitFor();
    expect(await page.getByTestId('run-outcome-0').textContent()).toContain('新增一条“发货单”数据');
    expect(await page.getByTestId('run-inputs').textContent()).toContain('SO-1001');
    await shoot(page, 'automation-run-detail-desktop');
    await page.locator('.ant-drawer-close').click();
    await detail.waitFor({ state: 'hidden' });
    // The list shows the last run's status next to the switch.
    await page.reload();
    await page.getByTestId('automation-item-automation_1').getByTestId('run-status').waitFor();
    expect(
      await page.getByTestId('automation-item-automation_1').getByTestId('run-status').textContent(),
    ).toBe('成功');
  });

  it('shows a button automation in the table row and the record drawer, and pressing it runs it', async () => {
    const { app, version } = await call<{ app: AppDefinition; version: number }>('GET', '/apps/sales');
    const button = {
      id: 'mark_shipped',
      name: l('标记已发出', 'Mark shipped'),
      trigger: { type: 'button', form: 'shipments', label: l('已发出', 'Shipped'), confirm: true },
      actions: [
        {
          type: 'update',
          form: 'shipments',
          records: { kind: 'trigger' },
          values: [{ field: 'note', value: { kind: 'static', value: '已发出' } }],
        },
      ],
    };
    await call('PUT', '/apps/sales', {
      app: { ...app, automations: [...(app.automations ?? []), button] },
      baseVersion: version,
    });

    const player = await context.newPage();
    collectPageErrors(player, errors);
    await player.goto(`${server.url}/apps/sales/forms/shipments`);
    const row = player.getByTestId('record-row').filter({ hasText: 'SO-1001' });
    await row.waitFor();
    // The table's row actions offer the button; the drawer too.
    expect(await row.getByTestId('automation-button-mark_shipped').textContent()).toContain('已发出');
    await row.click();
    const drawer = player.getByTestId('record-drawer');
    await drawer.waitFor();
    await drawer.getByTestId('automation-button-mark_shipped').click();
    await dialogSettled(player);
    await player.locator('.ant-modal-confirm .ant-btn-primary').click();
    await poll(() => drawer.textContent()).toContain('已发出');
    await shoot(player, 'automation-button-drawer-desktop');
    await player.close();
  });

  it('lays out the designer on a phone: the list, then the editor with a way back', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/studio/apps/sales/automations`);
    await page.getByTestId('automation-list').waitFor();
    await shoot(page, 'automation-designer-phone-list');
    await page.getByTestId('automation-item-automation_1').locator('.tg-ad-item-main').click();
    await page.getByTestId('automation-editor').waitFor();
    await page.getByTestId('action-0-values').waitFor();
    await shoot(page, 'automation-designer-phone');
    // Nothing may stick out sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId('automation-back-to-list').click();
    await page.getByTestId('automation-list').waitFor();
    await page.setViewportSize(DESKTOP);
  });

  it('has no page errors', () => {
    expect(errors).toEqual([]);
  });
});
