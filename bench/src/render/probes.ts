import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Scripts that run inside the page. They are plain JavaScript strings (not functions) so that the
 * TypeScript loader's helpers (e.g. esbuild's `__name`) never leak into the browser. Times are
 * `performance.now()` values, i.e. milliseconds since the navigation started (the time origin).
 */

/** Names and selectors the init script watches for; a mark is set when a selector first matches. */
export interface Watch {
  name: string;
  selector: string;
  /** Also require at least this many matches of `countSelector`. */
  countSelector?: string;
  min?: number;
}

/**
 * Installed with `context.addInitScript` before any page script: a long-task observer and a
 * MutationObserver that records `marks[name]` (DOM present) and `marks[name + 'Frame']` (the frame
 * after it: requestAnimationFrame then a macrotask, i.e. after style, layout and paint).
 */
export function initScript(watches: Watch[]): string {
  return `(() => {
  const watches = ${JSON.stringify(watches)};
  const bench = (window.__bench = { marks: {}, longtasks: [], counts: {} });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { bench.longtaskError = String(e); }
  const pending = watches.slice();
  const check = () => {
    for (let i = pending.length - 1; i >= 0; i--) {
      const w = pending[i];
      if (!document.querySelector(w.selector)) continue;
      if (w.countSelector) {
        const n = document.querySelectorAll(w.countSelector).length;
        if (n < w.min) continue;
        bench.counts[w.name] = n;
      }
      const t = performance.now();
      bench.marks[w.name] = t;
      requestAnimationFrame(() => setTimeout(() => { bench.marks[w.name + 'Frame'] = performance.now(); }, 0));
      pending.splice(i, 1);
    }
    if (pending.length === 0) mo.disconnect();
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true });
})();`;
}

/**
 * Arms a one-shot keystroke probe: the next keydown's event time is the start; the end is when the
 * text of `#targetId` differs from what it was when armed (DOM) and the frame after it (rAF, then a
 * macrotask). Also counts the distinct `[data-field]` elements whose subtree mutated in between.
 * Resolves `window.__ks` with `{ dom, frame, text, fields }` (ms from keydown).
 */
export function armKeystroke(targetId: string, formSelector: string): string {
  return `(() => {
  const target = document.getElementById(${JSON.stringify(targetId)});
  const form = document.querySelector(${JSON.stringify(formSelector)});
  const before = target.textContent;
  const fields = new Set();
  const fieldMo = new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const f = el && el.closest('[data-field]');
      if (f) fields.add(f.getAttribute('data-field'));
    }
  });
  fieldMo.observe(form, { subtree: true, childList: true, characterData: true, attributes: true });
  window.__ks = new Promise((resolve, reject) => {
    let t0;
    document.addEventListener('keydown', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
    const timer = setTimeout(() => { mo.disconnect(); fieldMo.disconnect(); reject(new Error('no update of ' + target.id + ' within 10 s')); }, 10000);
    const mo = new MutationObserver(() => {
      if (t0 === undefined || target.textContent === before) return;
      const dom = performance.now() - t0;
      mo.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => {
        fieldMo.disconnect();
        resolve({ dom, frame: performance.now() - t0, text: target.textContent, fields: [...fields] });
      }, 0));
    });
    mo.observe(target, { subtree: true, childList: true, characterData: true });
  });
  return true;
})()`;
}

/**
 * Scrolls `.tg-vt-scroll` towards row `rows` (fixed `rowHeight`), as far as the current scroll
 * height allows, every animation frame, until the row at that index is a loaded `record-row`; then
 * waits one more frame. Returns the elapsed time and the long tasks that started in the window.
 */
export function deepScroll(rows: number, rowHeight: number, timeoutMs: number): string {
  return `new Promise((resolve) => {
  const el = document.querySelector('.tg-vt-scroll');
  const target = ${rows * rowHeight};
  const selector = '[data-testid="record-row"][style*="translateY(' + target + 'px)"]';
  const t0 = performance.now();
  let frames = 0;
  const done = (ok) => {
    const t1 = performance.now();
    const longtasks = window.__bench.longtasks.filter((l) => l.start >= t0 && l.start <= t1);
    resolve({ ok, ms: t1 - t0, frames, longtasks, scrollTop: el.scrollTop, rowsInDom: el.querySelectorAll('[data-testid="record-row"]').length });
  };
  const step = () => {
    frames++;
    if (el.scrollTop < target) el.scrollTop = Math.min(target, el.scrollHeight - el.clientHeight);
    if (document.querySelector(selector)) { requestAnimationFrame(() => setTimeout(() => done(true), 0)); return; }
    if (performance.now() - t0 > ${timeoutMs}) { done(false); return; }
    requestAnimationFrame(step);
  };
  step();
})`;
}

/** Long tasks and rAF frame gaps between two calls: `start` arms, `stop` reports. */
export const FRAMES_START = `(() => {
  const s = (window.__frames = { t0: performance.now(), last: performance.now(), gaps: [], on: true });
  const tick = (t) => { s.gaps.push(t - s.last); s.last = t; if (s.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return true;
})()`;

export const FRAMES_STOP = `(() => {
  const s = window.__frames;
  s.on = false;
  const t1 = performance.now();
  const longtasks = window.__bench.longtasks.filter((l) => l.start >= s.t0 && l.start <= t1);
  return { ms: t1 - s.t0, gaps: s.gaps.slice(1), longtasks };
})()`;

/**
 * The time of the init script's mark `name` once it is set (ms since navigation start). Polled by a
 * promise evaluated through DevTools: the player's CSP forbids waitForFunction's eval.
 */
export async function waitMark(page: Page, name: string, timeout = 60_000): Promise<number> {
  const key = JSON.stringify(name);
  return page.evaluate<number>(`new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = () => {
      const v = window.__bench && window.__bench.marks[${key}];
      if (v !== undefined) resolve(v);
      else if (Date.now() - t0 > ${timeout}) reject(new Error('no mark ' + ${key}));
      else setTimeout(poll, 20);
    };
    poll();
  })`);
}

/** Headless Chromium (CHROMIUM_PATH, default Debian's) without the background traffic that would add noise. */
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
