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
  shootFromTop,
} from './support/browser';
import { setupApiSession } from './support/api-session';
import { buildShipOnApproval, orderShipmentApp } from './support/order-shipment';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 12's end-to-end story, as one chain (decision 0037): stock is an aggregate (receipts add,
 * approved orders' lines take away) with the blocking rule "stock >= 0". In the studio an admin
 * builds "when an order is approved, create a shipment with its lines" in the automation designer,
 * test-runs it against a pending order (nothing written), and switches it on. In the player the
 * order is approved: the shipment appears with its lines, the handler's bell has the automation's
 * notification naming the shipment, and the balances page shows the stock gone down. A second
 * order asks for more than is in stock: its approval is refused with the product and the
 * shortfall, and nothing is written (no shipment, the order still waits, the stock unchanged).
 */

requireBuiltApps('runtime', 'builder');

const admin = {
  orgName: '星河贸易',
  name: '林晓',
  email: 'chain-admin@example.com',
  password: 'correct horse 42',
};
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function chainApp(approver: string): AppDefinition {
  return orderShipmentApp({
    id: 'chain',
    name: l('进销存', 'Inventory'),
    approver,
    extraForms: [
      {
        id: 'receipts',
        name: l('入库单', 'Receipts'),
        fields: [
          { id: 'sku', type: 'text', label: l('货品', 'SKU'), config: {} },
          { id: 'qty', type: 'number', label: l('数量', 'Qty'), config: {} },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('库存', 'Stock'),
        keys: [{ id: 'sku', label: l('货品', 'SKU'), type: 'text' }],
        measures: [{ id: 'qty', label: l('数量', 'Quantity'), decimals: 0 }],
        sources: [
          {
            id: 'received',
            form: 'receipts',
            keys: { sku: { field: 'sku' } },
            measures: { qty: { field: 'qty', sign: 1 } },
          },
          {
            // An approved order takes its lines out of stock, in the approval's own transaction:
            // the rule below can then refuse the approval itself.
            id: 'sold',
            form: 'orders',
            subform: 'lines',
            keys: { sku: { from: 'line', field: 'sku' } },
            measures: { qty: { field: 'qty', sign: -1 } },
            when: { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'approved' },
          },
        ],
        rules: [{ measure: 'qty', op: '>=', value: 0 }],
      },
    ],
    automations: [
      {
        // Set up through the API: the handler hears about every new shipment (in-app).
        id: 'tell_handler',
        name: l('通知发货', 'Tell the handler'),
        trigger: { type: 'record', form: 'shipments', events: ['created'] },
        actions: [{ type: 'notify', users: [approver], title: l('新发货单', 'New shipment') }],
      },
    ],
  });
}

const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout });

describe('automation chain: approval -> shipment -> stock, refused when short', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Awaited<ReturnType<typeof setupApiSession>>['call'];
  const orders: Record<string, string> = {};
  let builtId = '';
  const errors: string[] = [];

  type Rec = { id: string; workflowStatus: string; data: Record<string, unknown> };
  const list = async (formId: string) =>
    (await call<{ items: Rec[] }>('GET', `/apps/chain/forms/${formId}/records?limit=100`)).items;
  const stock = async () => {
    const answer = await call<{ items: { key: Record<string, string>; values: Record<string, string> }[] }>(
      'GET',
      '/apps/chain/aggregates/stock/balances',
    );
    return Object.fromEntries(answer.items.map((b) => [b.key.sku, Number(b.values.qty)]));
  };

  async function order(no: string, qty: number) {
    const created = await call<{ record: Rec }>('POST', '/apps/chain/forms/orders/records', {
      data: { no, customer: '东方商贸', lines: [{ sku: '笔记本电脑', qty }] },
    });
    expect(created.record.workflowStatus).toBe('running');
    orders[no] = created.record.id;
  }

  async function approve(player: Page, no: string) {
    await player.goto(`${server.url}/apps/chain/forms/orders/records/${orders[no]}/process`);
    await player.getByTestId('process-panel').waitFor();
    await player.getByTestId('workflow-action-approve').click();
    await dialogSettled(player);
    await player.getByTestId('workflow-dialog-ok').click();
    await player.getByTestId('workflow-dialog-ok').waitFor({ state: 'hidden' });
  }

  beforeAll(async () => {
    server = await startServer({ automationIntervalMs: 200 }, { webhooks: true });
    const session = await setupApiSession(server.url, admin);
    call = session.call;
    const me = await call<{ user: { id: string } }>('GET', '/auth/me');
    await call('POST', '/apps', chainApp(me.user.id));
    await call('PUT', '/apps/chain/automations/tell_handler/enabled', { enabled: true });
    await call('POST', '/apps/chain/forms/receipts/records', { data: { sku: '笔记本电脑', qty: 10 } });
    await order('SO-1001', 3);
    expect(await stock()).toEqual({ 笔记本电脑: 10 });

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

  it('builds the automation in the designer, test-runs it (nothing written) and switches it on', async () => {
    await buildShipOnApproval(page, server.url, 'chain');

    // Test run (saves first): the shipment that would be written, against the pending order.
    await page.getByTestId('test-run').click();
    const drawer = page.getByTestId('test-run-drawer');
    await drawer.waitFor();
    await pickSelectOption(page, page.getByTestId('test-record'), 'SO-1001');
    await page.getByTestId('test-run-go').click();
    const outcome = page.getByTestId('test-outcome-0');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('SO-1001');
    expect(await outcome.getByTestId('outcome-rows').textContent()).toContain('笔记本电脑');
    await shootFromTop(page, 'chain-test-run-desktop');
    expect(await list('shipments')).toHaveLength(0);
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // Saved by the test run, switched off (a new automation always is).
    const saved = await call<{ app: AppDefinition }>('GET', '/apps/chain');
    const built = saved.app.automations?.find((a) => a.trigger.type === 'workflow');
    expect(built).toMatchObject({
      enabled: false,
      trigger: { type: 'workflow', workflow: 'order_flow', event: 'approved' },
      actions: [{ type: 'create', form: 'shipments' }],
    });
    builtId = built!.id;
    // Switch it on; the list says it never ran yet.
    const id = builtId;
    const toggle = page.getByTestId(`automation-enabled-${id}`);
    await toggle.click();
    await poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId(`automation-item-${id}`).textContent()).toContain('还没有运行过');
  });

  it('approving the order in the player creates the shipment, notifies, and lowers the stock', async () => {
    const player = await context.newPage();
    collectPageErrors(player, errors);
    await approve(player, 'SO-1001');
    await poll(() => player.getByTestId('workflow-status').textContent()).toBe('已通过');
    // The approval took 3 out of stock in its own transaction.
    expect(await stock()).toEqual({ 笔记本电脑: 7 });
    // The worker runs the automation after the approval's commit.
    await poll(async () => (await list('shipments')).length, 30_000).toBe(1);
    const [shipment] = await list('shipments');
    expect(shipment!.data).toMatchObject({ order_no: 'SO-1001', customer: '东方商贸', note: '自动生成' });

    await player.goto(`${server.url}/apps/chain/forms/shipments`);
    const row = player.getByTestId('record-row').filter({ hasText: 'SO-1001' });
    await row.waitFor();
    await shootFromTop(player, 'chain-shipment-list-desktop');

    // The shipment's creation told the handler (the automation's notification, in the bell).
    await poll(async () => {
      await player.getByTestId('notification-bell').click();
      await player.getByTestId('notification-list').waitFor();
      await player.locator('.tg-wf-bell-list .ant-spin').waitFor({ state: 'detached' });
      const n = await player.getByTestId('notification-item').filter({ hasText: '新发货单' }).count();
      if (n === 0) await player.keyboard.press('Escape');
      return n;
    }, 30_000).toBeGreaterThan(0);
    const item = player.getByTestId('notification-item').filter({ hasText: '新发货单' }).first();
    expect(await item.textContent()).toContain('新发货单：「SO-1001」');
    await shootFromTop(player, 'chain-notification-desktop');
    // On a phone: the list fits the screen (closed and opened again at that size).
    await player.keyboard.press('Escape');
    await player.getByTestId('notification-list').waitFor({ state: 'hidden' });
    await player.setViewportSize(PHONE);
    await player.getByTestId('notification-bell').click();
    await item.waitFor();
    await shootFromTop(player, 'chain-notification-phone');
    expect(
      await player.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    const box = (await player.getByTestId('notification-list').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await item.click();
    // It opens the shipment's record page.
    await poll(() => player.url()).toContain(`/apps/chain/forms/shipments/records/${shipment!.id}`);
    await player.getByTestId('form-renderer').waitFor();

    // The balances page shows the stock gone down.
    await player.setViewportSize(DESKTOP);
    await player.goto(`${server.url}/apps/chain/aggregates/stock`);
    await player.getByTestId('balances-table').waitFor();
    const balance = player.getByTestId('balances-table').locator('tbody tr', { hasText: '笔记本电脑' });
    await poll(() => balance.textContent()).toContain('7');
    await shootFromTop(player, 'chain-stock-desktop');
    await player.close();
  });

  it('an order asking for more than the stock: the approval is refused, nothing is written', async () => {
    await order('SO-1002', 50);
    const player = await context.newPage();
    collectPageErrors(player, errors);
    await approve(player, 'SO-1002');
    const error = player.getByTestId('workflow-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('笔记本电脑：可用 7，需要 50');
    await shootFromTop(player, 'chain-refused-desktop');
    // Nothing changed: the order still waits, no shipment, the stock as before.
    const [order2] = (await list('orders')).filter((o) => o.id === orders['SO-1002']);
    expect(order2!.workflowStatus).toBe('running');
    expect(await stock()).toEqual({ 笔记本电脑: 7 });
    // Give the worker a round: it must not have anything to do for SO-1002.
    const runs = await call<{ runs: { trigger: { recordId: string } }[] }>(
      'GET',
      `/apps/chain/automations/${builtId}/runs`,
    );
    expect(runs.runs.map((r) => r.trigger.recordId)).toEqual([orders['SO-1001']]);
    expect(await list('shipments')).toHaveLength(1);

    // On a phone the refusal reads the same.
    await player.setViewportSize(PHONE);
    await approve(player, 'SO-1002');
    await player.getByTestId('workflow-error').waitFor();
    expect(await player.getByTestId('workflow-error').textContent()).toContain('可用 7，需要 50');
    await shootFromTop(player, 'chain-refused-phone');
    await player.close();
  });

  it('the automations list shows the last run; the dead-letter list shows a failed call to replay', async () => {
    await page.reload();
    const item = page.getByTestId(`automation-item-${builtId}`);
    await item.getByTestId('run-status').waitFor();
    expect(await item.getByTestId('run-status').textContent()).toBe('成功');
    await page.getByTestId('open-dead-letters').click();
    const drawer = page.getByTestId('dead-letters');
    await drawer.getByText('没有失败的推送').waitFor();
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // A webhook to loopback, which the SSRF guard refuses (not allowlisted): dead at once.
    const { app, version } = await call<{ app: AppDefinition; version: number }>('GET', '/apps/chain');
    const callout = {
      id: 'tell_erp',
      name: l('同步到 ERP', 'Sync to the ERP'),
      trigger: { type: 'record', form: 'receipts', events: ['created'] },
      actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/receipts', retries: 1 }],
    };
    await call('PUT', '/apps/chain', {
      app: { ...app, automations: [...(app.automations ?? []), callout] },
      baseVersion: version,
    });
    await call('PUT', '/apps/chain/automations/tell_erp/enabled', { enabled: true });
    await call('POST', '/apps/chain/forms/receipts/records', { data: { sku: '显示器', qty: 2 } });
    type Page = { items: { id: string }[] };
    await poll(
      async () => (await call<Page>('GET', '/apps/chain/webhook-deliveries')).items.length,
      30_000,
    ).toBe(1);

    await page.reload();
    await page.getByTestId('open-dead-letters').click();
    const entry = page.getByTestId('dead-letter');
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain('同步到 ERP');
    expect(text).toContain('http://127.0.0.1:9/receipts');
    expect(text).toContain('无响应');
    await entry.getByText('尝试记录').click();
    await shootFromTop(page, 'chain-dead-letters-desktop');
    await page.setViewportSize(PHONE);
    await shootFromTop(page, 'chain-dead-letters-phone');
    await page.setViewportSize(DESKTOP);
    // Replay: it leaves the list (pending again, with a fresh set of attempts).
    await entry.getByTestId('dead-letter-replay').click();
    await entry.waitFor({ state: 'detached' });
    await page.getByText('已重新排队，稍后推送').waitFor();
    await page.locator('.ant-drawer-close').click();
  });

  it('has no page errors', () => {
    expect(errors).toEqual([]);
  });
});
