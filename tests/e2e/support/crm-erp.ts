import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SAMPLE_USERS } from '@tangram/templates';
import { dialogSettled, settled } from './browser';
import { signIn, type UserSession } from './api-session';

/*
 * The CRM and ERP templates as their users meet them (issue 14): installing a package from the
 * gallery with its sample data, signing in as the sample people of the roles, opening one record
 * of a list in its drawer, pressing a button automation, and reading a dashboard widget's answer.
 */

/** Sample people get a random password on install; the admin sets this one to hand them out. */
export const SAMPLE_PASSWORD = 'story password 1';

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * Installs `key` with its sample data from the gallery open on `page` (studio or home page),
 * creating every role it needs, and waits for the job to finish (a failure fails with its text).
 */
export async function installFromGallery(page: Page, key: string): Promise<void> {
  const card = page.getByTestId(`template-card-${key}`);
  await card.getByTestId('template-install-sample').click();
  await dialogSettled(page);
  const dialog = page.getByTestId('template-install-dialog');
  await dialog.getByTestId('template-role-step').waitFor();
  await dialog.getByTestId('template-install-start').click();
  // Either outcome ends the wait; a year of sample records takes a while on a loaded machine.
  const failed = dialog.getByTestId('template-install-error');
  const close = dialog.getByTestId('template-install-close');
  await expect
    .poll(async () => (await failed.count()) > 0 || (await close.isEnabled().catch(() => false)), {
      timeout: 300_000,
      interval: 500,
    })
    .toBe(true);
  expect(await failed.count(), (await failed.textContent().catch(() => '')) ?? '').toBe(0);
  await close.click();
  await dialog.waitFor({ state: 'detached' });
}

/** Sets the sample people's password (as an admin hands an account out) and signs them in. */
export async function sampleSessions(
  base: string,
  adminCall: Call,
  keys: readonly string[],
): Promise<Record<string, UserSession & { id: string }>> {
  const { items } = await adminCall<{ items: { id: string; email: string }[] }>(
    'GET',
    '/admin/users?limit=100',
  );
  const out: Record<string, UserSession & { id: string }> = {};
  for (const key of keys) {
    const email = SAMPLE_USERS.find((u) => u.key === key)!.email;
    const user = items.find((u) => u.email === email);
    if (!user) throw new Error(`sample user ${key} (${email}) was not created by the install`);
    await adminCall('POST', `/admin/users/${user.id}/reset-password`, { password: SAMPLE_PASSWORD });
    out[key] = { ...(await signIn(base, { email, password: SAMPLE_PASSWORD })), id: user.id };
  }
  return out;
}

/**
 * Opens record `id` of a form's list in its drawer: the list is filtered to it through the
 * address (as a dashboard click-through does), then its row is clicked.
 */
export async function openRecord(
  page: Page,
  base: string,
  app: string,
  form: string,
  id: string,
): Promise<Locator> {
  const filter = encodeURIComponent(JSON.stringify({ kind: 'cmp', field: 'id', op: 'eq', value: id }));
  await page.goto(`${base}/apps/${app}/forms/${form}?filter=${filter}`);
  const row = page.getByTestId('record-row').first();
  await row.waitFor();
  await row.click();
  const drawer = page.getByTestId('record-drawer');
  await drawer.waitFor();
  await settled(drawer);
  return drawer;
}

/**
 * Presses a button automation in an open record drawer and confirms it; resolves once the
 * player has answered: done, or queued behind the record's own pending events (the worker runs
 * it in order). A failed press fails the test with the message shown.
 */
export async function pressButton(page: Page, drawer: Locator, automation: string): Promise<void> {
  await drawer.getByTestId(`automation-button-${automation}`).click();
  await dialogSettled(page);
  await page.locator('.ant-modal-confirm .ant-btn-primary').click();
  const notice = page.locator('.ant-message-notice').last();
  await notice.waitFor();
  const failed = page.locator('.ant-message-error');
  expect(await failed.count(), (await failed.allTextContents()).join(' ')).toBe(0);
}

/** The rows a dashboard widget answers the viewer (the data its chart or KPI shows). */
export async function widgetRows(
  who: UserSession,
  app: string,
  dashboard: string,
  widget: string,
): Promise<Record<string, unknown>[]> {
  const data = await who.call<{
    widgets: Record<string, { rows?: Record<string, unknown>[]; error?: unknown }>;
  }>('POST', `/apps/${app}/dashboards/${dashboard}/data`, {});
  const answer = data.widgets[widget];
  if (!answer?.rows) throw new Error(`widget ${app}/${dashboard}/${widget}: ${JSON.stringify(answer)}`);
  return answer.rows;
}

/** A KPI's number as the widget API answers it (0 when there is no row). */
export async function kpiNumber(
  who: UserSession,
  app: string,
  dashboard: string,
  widget: string,
  measure: string,
): Promise<number> {
  const rows = await widgetRows(who, app, dashboard, widget);
  return Number(rows[0]?.[measure] ?? 0);
}

/** A KPI's value as the dashboard page shows it: digits of `kpi-<measure>` in `widget-<id>`. */
export async function shownKpi(page: Page, widget: string, measure: string): Promise<number> {
  const value = page.getByTestId(`widget-${widget}`).getByTestId(`kpi-${measure}`);
  await value.waitFor();
  const text = (await value.textContent()) ?? '';
  return Number(text.replace(/[^\d.-]/g, ''));
}

/** Polls until `read` answers something other than undefined (an automation has run). */
export async function eventually<T>(read: () => Promise<T | undefined>, timeout = 90_000): Promise<T> {
  let got: T | undefined;
  await expect
    .poll(
      async () => {
        got = await read();
        return got !== undefined;
      },
      { timeout, interval: 250 },
    )
    .toBe(true);
  return got as T;
}
