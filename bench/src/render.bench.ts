/**
 * Web renderer benchmark: the real server in this process (in-memory PGlite) serving the built
 * player (runtime/dist), driven by headless Chromium through playwright-core.
 *
 *   pnpm build                                  # once: the benchmark never builds
 *   pnpm --filter @tangram/bench bench:render   # = tsx src/render.bench.ts
 *
 * Options: --n (orders records, default 100000), --reps (timed repetitions per measure, default
 * 20), --deep (rows to scroll down, default 5000), --no-write (do not touch bench/RESULTS.md).
 * Measures (p50 / p95): the 200-field form interactive after navigation, keystroke → dependent
 * formula shown (text and number chains), the first table page after navigation, scrolling the
 * virtualized table 5,000 rows down (keyset pages loaded on demand) with its long tasks, and wheel
 * scrolling back over loaded rows. Writes the "## Web renderer" section of bench/RESULTS.md.
 */
import { execSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createApp, defaultConfig } from '@tangram/server';
import { APP_ID, FORM_ID, generateOrders, salesTeam } from './orders';
import { summarize } from './report';
import { BIG_FORM_ID, LAST_FIELD_ID, renderApp } from './render/big-form';
import {
  FRAMES_START,
  FRAMES_STOP,
  armKeystroke,
  deepScroll,
  initScript,
  launchChromium,
  waitMark,
} from './render/probes';
import { RESULTS_MD, writeRenderSection } from './render/results';
import {
  batchBody,
  flag,
  fmtMs,
  fmtPair,
  loadavg,
  loadInBatches,
  log,
  openBenchDb,
  parseFlags,
  requirePlayerBuild,
  serve,
  Session,
} from './bench-kit';

const DESKTOP = { width: 1280, height: 800 };
const ROW_HEIGHT = 40; // runtime/src/views/react/virtual-table.tsx
const FLAGS = {
  n: flag.int(100_000),
  reps: flag.int(20),
  deep: flag.int(5000),
  write: flag.off(),
  /** Folder for DevTools CPU profiles of the first timed deep scroll and wheel pass. */
  profile: flag.optional(),
};

interface LongTask {
  start: number;
  duration: number;
}

async function main(): Promise<void> {
  const args = parseFlags(FLAGS);
  requirePlayerBuild();
  const load0 = loadavg();
  log(`render bench: n=${args.n} reps=${args.reps} deep=${args.deep}; loadavg ${load0}`);

  // 1. Server with the built player, in-memory PGlite.
  const bench = await openBenchDb('memory');
  const { db } = bench;
  const server = await serve(createApp({ db, config: defaultConfig, serveStatic: true }));
  const base = server.base;
  const s = new Session(base);
  let browser: Browser | undefined;
  try {
    const setup = await s.setup({ orgName: '示例贸易 Bench Co' });
    const owners = await salesTeam(s, setup.user.id);
    await s.request('POST', '/apps', renderApp());
    log(`server on ${base}; loading ${args.n} orders through the batch API`);
    let done = 0;
    const loadMs = await loadInBatches(
      generateOrders(args.n, owners),
      { size: 1000, concurrency: 2 },
      async (items) => {
        await s.request('POST', `/apps/${APP_ID}/forms/${FORM_ID}/records/batch`, batchBody(items));
        done += 1000;
        if (done % 20_000 === 0) log(`loaded ${Math.min(done, args.n)} records`);
      },
    );
    const loadSeconds = loadMs / 1000;
    log(`loaded in ${loadSeconds.toFixed(1)} s; ANALYZE`);
    await db.query('ANALYZE');

    // 2. Chromium, signed in with the session cookie.
    browser = await launchChromium();
    const chromiumVersion = browser.version();
    const context: BrowserContext = await browser.newContext({
      viewport: DESKTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(60_000);
    const [name, value] = s.cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url: base }]);
    await context.addInitScript(
      initScript([
        {
          name: 'form',
          selector: `[data-field="${LAST_FIELD_ID}"] .tg-field-label`,
          countSelector: '.tg-field-label',
          min: 200,
        },
        { name: 'firstRow', selector: '[data-testid="record-table"] [data-testid="record-row"]' },
      ]),
    );
    const errors: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (e) => {
      errors.push(e.message);
      log(`page error: ${e.message}`);
    });
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      errors.push(m.text());
      log(`console error: ${m.text()}`);
    });
    let queries = 0;
    // Page sizes asked for: the loader grows pages (up to the server's 500) when the table jumps ahead.
    const limits: number[] = [];
    page.on('request', (r) => {
      if (!r.url().includes('/records/query')) return;
      queries++;
      const limit = (r.postDataJSON() as { limit?: unknown } | null)?.limit;
      if (typeof limit === 'number') limits.push(limit);
    });

    // 3. The 200-field form: navigation → all 200 labels in the DOM, and the frame after.
    const formUrl = `${base}/apps/${APP_ID}/forms/${BIG_FORM_ID}/new`;
    const formDom: number[] = [];
    const formFrame: number[] = [];
    const formLongest: number[] = [];
    let labelCount = 0;
    for (let r = -2; r < args.reps; r++) {
      await page.goto(formUrl);
      const dom = await waitMark(page, 'form');
      const frame = await waitMark(page, 'formFrame');
      if (r < 0) continue; // warm-up: HTTP cache, JIT
      labelCount = await page.evaluate<number>('window.__bench.counts.form');
      const lts = await page.evaluate<LongTask[]>('window.__bench.longtasks');
      formDom.push(dom);
      formFrame.push(frame);
      formLongest.push(Math.max(0, ...lts.filter((l) => l.start <= frame).map((l) => l.duration)));
    }
    log(
      `form interactive: DOM p50 ${fmtMs(summarize(formDom).p50)} ms, frame ${fmtMs(summarize(formFrame).p50)} ms`,
    );

    // 4. Keystrokes: t0 (→ shout → label) and n24 (→ c0 … c19 → grand → tax).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => {
      const { metrics: m } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(m.map((x) => [x.name, x.value]));
    };
    interface Ks {
      dom: number;
      frame: number;
      text: string;
      fields: string[];
    }
    const keystrokes = async (inputId: string, targetId: string, char: string) => {
      await page.locator(`#${inputId}`).click();
      const out: Ks[] = [];
      const m0 = await metrics();
      const lt0 = (await page.evaluate<LongTask[]>('window.__bench.longtasks')).length;
      for (let r = -3; r < args.reps; r++) {
        await page.evaluate(armKeystroke(targetId, '[data-testid="form-renderer"]'));
        await page.keyboard.type(char);
        const ks = await page.evaluate<Ks>('window.__ks');
        if (r >= 0) out.push(ks);
        await page.waitForTimeout(30);
      }
      const m1 = await metrics();
      const lts = (await page.evaluate<LongTask[]>('window.__bench.longtasks')).slice(lt0);
      const n = args.reps + 3;
      const per = (k: string) => ((m1[k]! - m0[k]!) * 1000) / n;
      return {
        dom: summarize(out.map((k) => k.dom)),
        frame: summarize(out.map((k) => k.frame)),
        lastText: out[out.length - 1]?.text ?? '',
        fieldsTouched: summarize(out.map((k) => k.fields.length)),
        fieldsExample: out[out.length - 1]?.fields ?? [],
        scriptMs: per('ScriptDuration'),
        taskMs: per('TaskDuration'),
        layoutMs: per('LayoutDuration') + per('RecalcStyleDuration'),
        longtasks: lts.length,
        longest: Math.max(0, ...lts.map((l) => l.duration)),
      };
    };
    const ksText = await keystrokes('field-t0', 'field-label', 'a');
    log(`keystroke t0 → label: frame p50 ${fmtMs(ksText.frame.p50)} ms (${ksText.lastText})`);
    const ksNum = await keystrokes('field-n24', 'field-tax', '1');
    log(`keystroke n24 → tax: frame p50 ${fmtMs(ksNum.frame.p50)} ms (${ksNum.lastText})`);
    await cdp.detach();

    // 5. The table: first page after navigation, then deep scroll, then wheel back over loaded rows.
    const tableUrl = `${base}/apps/${APP_ID}/forms/${FORM_ID}`;
    const firstDom: number[] = [];
    const firstFrame: number[] = [];
    const deepMs: number[] = [];
    const deepQueries: number[] = [];
    const deepLimits: number[] = [];
    const deepLtCount: number[] = [];
    const deepLtLongest: number[] = [];
    const deepLtTotal: number[] = [];
    const wheelMs: number[] = [];
    const wheelLtCount: number[] = [];
    const wheelLtLongest: number[] = [];
    const wheelSlowFrames: number[] = [];
    const wheelLongestFrame: number[] = [];
    const deepReps = args.reps;
    for (let r = -1; r < deepReps; r++) {
      await page.goto(tableUrl);
      const dom = await waitMark(page, 'firstRow');
      const frame = await waitMark(page, 'firstRowFrame');
      // Let the count request and the first page settle before scrolling.
      await page.getByTestId('record-count').filter({ hasText: /\d/ }).waitFor();
      await page.waitForTimeout(300);
      const profiling = args.profile !== undefined && r === 0;
      const prof = profiling ? await context.newCDPSession(page) : undefined;
      const saveProfile = async (label: string) => {
        if (!prof) return;
        const { profile } = await prof.send('Profiler.stop');
        const file = path.join(args.profile!, `render-${label}.cpuprofile`);
        await mkdir(args.profile!, { recursive: true });
        await writeFile(file, JSON.stringify(profile));
        log(`CPU profile: ${file}`);
      };
      if (prof) {
        await prof.send('Profiler.enable');
        await prof.send('Profiler.setSamplingInterval', { interval: 200 });
        await prof.send('Profiler.start');
      }
      const q0 = queries;
      limits.length = 0;
      const deep = await page.evaluate<{ ok: boolean; ms: number; longtasks: LongTask[]; rowsInDom: number }>(
        deepScroll(args.deep, ROW_HEIGHT, 300_000),
      );
      if (!deep.ok) throw new Error(`deep scroll did not reach row ${args.deep}`);
      const q = queries - q0;
      deepLimits.push(...limits);
      await saveProfile('deep-scroll');
      if (prof) await prof.send('Profiler.start');
      // Wheel back up over loaded rows: 100 notches of 800 px (2,000 rows), one frame each.
      await page.mouse.move(640, 500);
      await page.evaluate(FRAMES_START);
      for (let i = 0; i < 100; i++) {
        await page.mouse.wheel(0, -800);
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(true)))');
      }
      const wheel = await page.evaluate<{ ms: number; gaps: number[]; longtasks: LongTask[] }>(FRAMES_STOP);
      await saveProfile('wheel');
      await prof?.detach();
      log(
        `table rep ${r}: first row ${fmtMs(dom)} ms, deep ${fmtMs(deep.ms)} ms (${q} queries: limits ${limits.join(' ')}; ${deep.longtasks.length} long tasks), wheel ${fmtMs(wheel.ms)} ms`,
      );
      if (r < 0) continue;
      firstDom.push(dom);
      firstFrame.push(frame);
      deepMs.push(deep.ms);
      deepQueries.push(q);
      deepLtCount.push(deep.longtasks.length);
      deepLtLongest.push(Math.max(0, ...deep.longtasks.map((l) => l.duration)));
      deepLtTotal.push(deep.longtasks.reduce((a, l) => a + l.duration, 0));
      wheelMs.push(wheel.ms);
      wheelLtCount.push(wheel.longtasks.length);
      wheelLtLongest.push(Math.max(0, ...wheel.longtasks.map((l) => l.duration)));
      wheelSlowFrames.push(wheel.gaps.filter((g) => g > 50).length);
      wheelLongestFrame.push(Math.max(0, ...wheel.gaps));
    }
    const load1 = loadavg();
    await browser.close();
    browser = undefined;
    if (errors.length) log(`browser errors:\n  ${errors.join('\n  ')}`);

    // 6. Report.
    const S = summarize;
    const rows: [string, string, string][] = [
      [
        '1. 200-field form interactive after navigation (all 200 labels in the DOM)',
        fmtPair(S(formDom)),
        `${labelCount} labels; frame after it ${fmtPair(S(formFrame))} ms; longest long task before it p50 ${fmtMs(S(formLongest).p50)} ms`,
      ],
      [
        '2a. keystroke in text t0 → `label` formula (t0 → shout → label) shown',
        `${fmtPair(ksText.frame)}`,
        `DOM updated ${fmtPair(ksText.dom)} ms; per keystroke: script ${fmtMs(ksText.scriptMs)} ms, all tasks ${fmtMs(ksText.taskMs)} ms, style+layout ${fmtMs(ksText.layoutMs)} ms; fields mutated p50 ${ksText.fieldsTouched.p50} (${ksText.fieldsExample.join(', ')}); ${ksText.longtasks} long tasks`,
      ],
      [
        '2b. keystroke in number n24 → `tax` (n24 → c0 … c19 → grand → tax) shown',
        `${fmtPair(ksNum.frame)}`,
        `DOM updated ${fmtPair(ksNum.dom)} ms; per keystroke: script ${fmtMs(ksNum.scriptMs)} ms, all tasks ${fmtMs(ksNum.taskMs)} ms, style+layout ${fmtMs(ksNum.layoutMs)} ms; fields mutated p50 ${ksNum.fieldsTouched.p50}; ${ksNum.longtasks} long tasks (longest ${fmtMs(ksNum.longest)} ms)`,
      ],
      [
        `3. table (${args.n.toLocaleString('en-US')} records): first row visible after navigation`,
        fmtPair(S(firstDom)),
        `frame after it ${fmtPair(S(firstFrame))} ms`,
      ],
      [
        `4. scroll ${args.deep.toLocaleString('en-US')} rows down until row ${args.deep.toLocaleString('en-US')} is rendered`,
        fmtPair(S(deepMs)),
        `${S(deepQueries).p50} sequential keyset page requests (limit ${Math.min(...deepLimits)}–${Math.max(...deepLimits)}, ${fmtMs(deepLimits.reduce((a, b) => a + b, 0) / Math.max(1, deepLimits.length))} on average); ${fmtMs(S(deepMs).p50 / Math.max(1, S(deepQueries).p50))} ms per page`,
      ],
      [
        '5a. long tasks during the deep scroll: count / longest (ms)',
        `${S(deepLtCount).p50} / ${fmtMs(S(deepLtLongest).p50)}`,
        `p95 count ${S(deepLtCount).p95}, p95 longest ${fmtMs(S(deepLtLongest).p95)} ms, max ${fmtMs(S(deepLtLongest).max)} ms; total blocked p50 ${fmtMs(S(deepLtTotal).p50)} ms`,
      ],
      [
        '5b. wheel back up over 2,000 loaded rows (100 notches): long tasks count / longest (ms)',
        `${S(wheelLtCount).p50} / ${fmtMs(S(wheelLtLongest).p50)}`,
        `p95 ${S(wheelLtCount).p95} / ${fmtMs(S(wheelLtLongest).p95)}; frames > 50 ms p50 ${S(wheelSlowFrames).p50}, longest frame p50 ${fmtMs(S(wheelLongestFrame).p50)} ms; whole wheel pass ${fmtPair(S(wheelMs))} ms`,
      ],
    ];
    const table = [
      '| measure | p50 / p95 (ms) | details |',
      '|---|---|---|',
      ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    ].join('\n');
    console.log(`\n${table}\n`);

    let date = new Date().toISOString();
    try {
      date = execSync('date -u', { encoding: 'utf8' }).trim();
    } catch {
      // keep the ISO date
    }
    const machine = `${os.availableParallelism()} CPUs ${os.cpus()[0]?.model ?? 'unknown'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM`;
    const command =
      'pnpm --filter @tangram/bench bench:render' +
      (args.n !== 100_000 ? ` -- --n ${args.n}` : '') +
      (args.reps !== 20 ? ` --reps ${args.reps}` : '') +
      (args.deep !== 5000 ? ` --deep ${args.deep}` : '');
    const section = `## Web renderer

Generated by \`bench/src/render.bench.ts\` (issue 4: render time of a form with 200 fields and of a
table page). The real server runs in the benchmark process with an in-memory PGlite and serves the
built player (\`runtime/dist\`, production build; the benchmark never builds: run \`pnpm build\`
first). Headless Chromium (playwright-core, \`--no-sandbox --disable-gpu\` and the e2e flags), desktop
viewport 1280×800, locale zh-CN, signed in as the admin by session cookie. Times are measured inside
the page with \`performance.now()\` (navigation start = 0) and MutationObservers; "frame after" =
\`requestAnimationFrame\` then a macrotask, i.e. after style, layout and paint. Percentiles are
nearest-rank over ${args.reps} repetitions after untimed warm-ups (warm HTTP cache: every navigation
is a full page load of the 2 MB bundle from the browser cache, then the API calls).

- **Form**: app \`bench\`, form \`big\` (\`bench/src/render/big-form.ts\`): 100 text, 49 number, a
  \`lines\` subform (qty × price = amount) and 50 formulas (24 of one or two numbers, a 20-formula
  chain c0 … c19 fed by n24, a subform total → grand → tax, a text chain t0 → shout → label, and
  LEN(t1) + LEN(t2)); opened at \`/apps/bench/forms/big/new\`, no layout (one field per row).
- **Keystroke**: \`keyboard.type\` of one character into the focused input; latency = from the keydown
  event's time stamp to the frame after the dependent formula's text changed. Script/task time per
  keystroke from the DevTools Performance metrics; "fields mutated" = \`[data-field]\` elements whose
  DOM changed.
- **Table**: the \`orders\` form (\`bench/src/orders.ts\`), ${args.n.toLocaleString('en-US')} records
  loaded through \`POST …/records/batch\` (1,000 per request, ${fmtMs(loadSeconds)} s); default view;
  "first row" = the first \`record-row\` in the DOM after \`page.goto\`. Deep scroll: \`scrollTop\` set
  as far towards row ${args.deep.toLocaleString('en-US')} × 40 px as the current scroll height
  allows, every frame, until that row is a loaded \`record-row\` (the table only lays out loaded rows
  plus one page of placeholders, so the pages load one after the other). Long tasks from a
  \`PerformanceObserver('longtask')\` (> 50 ms).

| date (\`date -u\`) | machine | Node | Chromium | command | load average before → after |
|---|---|---|---|---|---|
| ${date} | ${machine} | ${process.version} | ${chromiumVersion} | \`${command}\` | ${load0} → ${load1} |

${table}

The machine is shared (2 vCPUs) with other engineers' jobs; the server, the benchmark driver and
Chromium share it too.${Number(load0.split(' ')[0]) > 2 || Number(load1.split(' ')[0]) > 2 ? ' The 1-minute load average was above the number of CPUs during this run, so treat the numbers as pessimistic.' : ''}
`;
    if (args.write) {
      await writeRenderSection(section);
      log(`wrote the "## Web renderer" section of ${RESULTS_MD}`);
    } else console.log(table);
  } finally {
    await browser?.close();
    await server.close();
    await bench.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
