import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { expect } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const screenshotDir = path.join(repoRoot, 'test-artifacts/screenshots');

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Saves a full-page screenshot as `test-artifacts/screenshots/<name>.png`. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Wait for antd's enter animations to finish so the picture shows the resting state.
  await page.waitForFunction(
    () => !document.querySelector('[class*="-enter-active"], [class*="-appear-active"]'),
  );
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Fails fast with a clear message when a web app was not built (`pnpm build`) before the tests. */
export function requireBuiltApps(...apps: ('runtime' | 'builder')[]): void {
  for (const app of apps) {
    const dist = process.env.TANGRAM_WEB_DIST
      ? path.join(process.env.TANGRAM_WEB_DIST, app)
      : path.join(repoRoot, app, 'dist');
    if (!existsSync(path.join(dist, 'index.html'))) {
      throw new Error(
        `${dist}/index.html is missing: run \`pnpm build\` at the repository root before the e2e tests.`,
      );
    }
  }
}

/**
 * Resolves once the page has rendered two more frames: whatever the last input event changed
 * (a React state update, a drop plan computed on pointer move) has been painted. Event-driven,
 * not a clock: on a loaded machine it simply takes longer.
 */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** dnd-kit's announcements while an item is carried (its default English texts). */
export const DRAG_STARTED = /Picked up|was moved over|is no longer over/;

/**
 * Presses `key` while a keyboard drag is on until dnd-kit announces `text` (e.g. over the row the
 * item should land on). Under load a key press can reach the sensor before it has measured the
 * droppables and move nothing (seen in CI); a press past the last droppable moves nothing either.
 */
export async function keyDragUntil(page: Page, key: string, text: RegExp): Promise<void> {
  const heard = () =>
    page.evaluate(
      (source) =>
        [...document.querySelectorAll('[id^="DndLiveRegion"]')].some((el) =>
          new RegExp(source).test(el.textContent ?? ''),
        ),
      text.source,
    );
  await expect
    .poll(
      async () => {
        if (await heard()) return true;
        await page.keyboard.press(key);
        await nextFrames(page);
        return heard();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

/**
 * Waits until dnd-kit's live region (what a screen reader hears) matches `text`: "Picked up" once
 * a drag has started and its droppables are measured, "moved over" once it is over a target.
 */
export async function dndAnnounced(page: Page, text: RegExp): Promise<void> {
  await page.waitForFunction(
    (source) =>
      [...document.querySelectorAll('[id^="DndLiveRegion"]')].some((el) =>
        new RegExp(source).test(el.textContent ?? ''),
      ),
    text.source,
  );
}

/**
 * Waits until an element stops changing: its markup and box are the same over three consecutive
 * frames (a chart whose bars have finished growing, a panel that has finished sliding in).
 */
export async function settled(locator: Locator): Promise<void> {
  await locator.waitFor();
  await locator.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const snapshot = () => {
          const r = el.getBoundingClientRect();
          return `${r.x},${r.y},${r.width},${r.height}|${el.innerHTML}`;
        };
        let last = snapshot();
        let same = 0;
        const tick = () => {
          const now = snapshot();
          same = now === last ? same + 1 : 0;
          last = now;
          if (same >= 3) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}

/**
 * Drags with the mouse in small steps (dnd-kit needs pointer moves past its activation distance)
 * and drops once the page has handled the last move: `indicator` (a drop line, a highlighted
 * slot) is visible when given, and in any case the move has been rendered.
 */
export async function drag(
  page: Page,
  source: Locator,
  target: Locator,
  where: { x: number; y: number } = { x: 0.5, y: 0.5 },
  indicator?: Locator,
): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 3 });
  // The drag has started before the pointer travels to the target: dnd-kit announces the pick-up,
  // replaced at once by where the item is over (a finished drag's last words are "dropped").
  await dndAnnounced(page, DRAG_STARTED);
  await page.mouse.move(to.x + to.width * where.x, to.y + to.height * where.y, { steps: 12 });
  if (indicator) await indicator.waitFor();
  await nextFrames(page);
  await page.mouse.up();
}

/**
 * Waits until no dialog is still zooming in. A click on a dialog's button during antd's zoom-in
 * animation can miss the moving button on a loaded machine (seen in CI): click after this.
 */
export async function dialogSettled(page: Page): Promise<void> {
  await page.locator('.ant-modal').last().waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-zoom-appear, .ant-zoom-enter'));
}

/**
 * Opens a dropdown menu and picks an item once the menu has stopped sliding in. A click during
 * antd's slide-up animation can land on the moving item without choosing it (seen in CI: the user
 * menu stayed signed in).
 */
export async function pickMenuItem(page: Page, trigger: Locator, item: string): Promise<void> {
  await trigger.click();
  const menuItem = page.getByRole('menuitem', { name: item });
  await menuItem.waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '.ant-slide-up-appear, .ant-slide-up-enter, .ant-slide-down-appear, .ant-slide-down-enter',
      ),
  );
  await settled(menuItem);
  await menuItem.click();
}

/**
 * Picks an option in an antd Select (its list renders in a portal) and waits until the select
 * shows it. Under load a click can land while a drawer is still sliding in and leave the list open
 * without a choice: open it again and retry until the select holds the value, then move the focus
 * on so the list closes.
 */
export async function pickSelectOption(page: Page, select: Locator, option: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const holds = async () => ((await select.textContent()) ?? '').includes(option);
  await expect
    .poll(
      async () => {
        if (await holds()) return true;
        if (!(await dropdown.count())) await select.click();
        await dropdown
          .locator('.ant-select-item-option')
          .filter({ hasText: option })
          .first()
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        return holds();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  if (await dropdown.count()) await page.keyboard.press('Tab');
  await dropdown.waitFor({ state: 'hidden' });
}

/**
 * Clicks an option of the antd Select list that is open now (the caller opened it, maybe typed a
 * search), once the list has stopped sliding in and the option stands still. For pickers whose
 * chosen value is not the select's own text (search-as-you-type relation pickers, multi-selects);
 * pickSelectOption also checks that the choice took.
 */
export async function pickOpenOption(
  page: Page,
  option: string | RegExp,
  { timeout }: { timeout?: number } = {},
): Promise<void> {
  const item = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first();
  await item.waitFor({ timeout });
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '.ant-slide-up-appear, .ant-slide-up-enter, .ant-slide-down-appear, .ant-slide-down-enter',
      ),
  );
  await settled(item);
  await item.click({ timeout });
}

/**
 * Waits until no antd Select list is open or still sliding out. Waiting for "the open list" to hide
 * breaks when two match: under load the previous picker's list was still leaving when the next one
 * opened (clean-clone run, session 9).
 */
export async function noSelectListOpen(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'),
  );
}

/** A full-page screenshot from the top (clicks lower down scroll the page). */
export async function shootFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, name);
}

/**
 * Collects uncaught page errors and console errors into `errors` (the tests end by expecting it
 * empty). Failed requests with a 4xx status are expected answers (a refused action), not errors.
 */
export function collectPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
}
