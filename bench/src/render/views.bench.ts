/**
 * View kinds benchmark (issue 18, decision 0056): first paint and time to interactive of a kanban
 * board with 8 columns over 100,000 records and of a calendar month with 5,000 events in its
 * visible range, in headless Chromium against the real server on PostgreSQL.
 *
 *   pnpm build                                   # once: the benchmark never builds
 *   pnpm --filter @tangram/bench bench:views      # = tsx src/render/views.bench.ts
 *
 * Options: --db postgres|pglite (default postgres; BENCH_ADMIN_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, is where a throwaway database is created), --n
 * (orders, default 100000), --events (in the visible month, default 5000), --outside (events outside
 * it, default 15000), --reps (timed navigations per view, default 10), --no-write (leave
 * bench/RESULTS.md alone). Writes the "## View kinds" section of bench/RESULTS.md.
 *
 * Each repetition is a full navigation to the view's address (`?view=<id>`, the studio's "Open in
 * the data page"), measured inside the page (navigation start = 0):
 * - first paint: the frame after the first card (event) is in the DOM;
 * - interactive: the frame after the content is complete (every column's first page of cards; every
 *   event the calendar reads), or the end of the last long task that began before it, if later.
 */
import type { Browser, Page } from 'playwright-core';
import { createApp, defaultConfig } from '@tangram/server';
import {
  ADMIN_URL,
  batchBody,
  flag,
  fmtMs,
  fmtPair,
  l,
  loadavg,
  loadInBatches,
  log,
  machine,
  openBenchDb,
  parseFlags,
  requirePlayerBuild,
  serve,
  Session,
} from '../bench-kit';
import { APP_ID, FORM_ID, REGIONS, generateOrders, mulberry32, ordersApp, pick } from '../orders';
import { summarize } from '../report';
import { initScript, launchChromium, waitMark } from './probes';
import { writeSection } from './results';
import { calendarRange } from './views-data';

const DESKTOP = { width: 1280, height: 800 };
const TZ = 'Asia/Shanghai';
/** Cards per column page (runtime/src/views/react/kanban-view.tsx) and columns with records. */
const COLUMN_PAGE = 20;
const SECTION = '## View kinds';

const FLAGS = {
  db: flag.oneOf(['postgres', 'pglite'], 'postgres'),
  adminUrl: flag.text(ADMIN_URL),
  n: flag.int(100_000, 0),
  events: flag.int(5000, 0),
  outside: flag.int(15_000, 0),
  reps: flag.int(10, 0),
  write: flag.off(),
};

/** Sends `records` through the batch API, 1,000 per request, two requests at a time; seconds. */
async function load(s: Session, form: string, records: Iterator<Record<string, unknown>>): Promise<number> {
  const ms = await loadInBatches(records, { size: 1000, concurrency: 2 }, (items) =>
    s.request('POST', `${form}/records/batch`, batchBody(items)),
  );
  return ms / 1000;
}

/** The calendar's app: visits with a date, a title and a region (the colour). */
const visitsApp = {
  id: 'visits',
  name: l('Visits', '拜访'),
  formatVersion: 1,
  forms: [
    {
      id: 'visits',
      name: l('Visits', '拜访'),
      titleField: 'title',
      fields: [
        { id: 'title', type: 'text', label: l('Title', '标题') },
        { id: 'day', type: 'date', label: l('Day', '日期') },
        { id: 'region', type: 'select', label: l('Region', '区域'), config: { options: [...REGIONS] } },
      ],
    },
  ],
  navigation: [{ kind: 'form', target: 'visits' }],
};

/** `inRange` visits on the visible days of this month's calendar, `outside` before and after it. */
function* visits(inRange: number, outside: number, days: readonly string[]) {
  const rng = mulberry32(20261206);
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  const last = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
  const DAY = 86_400_000;
  for (let i = 0; i < inRange + outside; i++) {
    const t =
      i < inRange
        ? first + Math.floor(rng() * days.length) * DAY
        : rng() < 0.5
          ? first - (1 + Math.floor(rng() * 300)) * DAY
          : last + (1 + Math.floor(rng() * 300)) * DAY;
    yield {
      title: `拜访 ${i + 1} Visit`,
      day: new Date(t).toISOString().slice(0, 10),
      region: pick(rng, REGIONS).value,
    };
  }
}

interface LongTask {
  start: number;
  duration: number;
}

interface Measured {
  paint: number[];
  interactive: number[];
  longest: number[];
  requests: number[];
  detail: string;
}

/**
 * Navigates `reps` + 1 times (the first is a warm-up) to `url` and reads the marks `first` and
 * `done` set by the init script; `requestFilter` counts the view's data requests per load.
 */
async function measure(
  browser: Browser,
  base: string,
  cookie: string,
  url: string,
  first: { selector: string },
  done: { selector: string; countSelector?: string; min?: number },
  reps: number,
  requestFilter: (url: string) => boolean,
  describe: (page: Page) => Promise<string>,
): Promise<Measured> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: TZ });
  context.setDefaultTimeout(120_000);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: base }]);
  await context.addInitScript(
    initScript([
      { name: 'first', ...first },
      { name: 'done', ...done },
    ]),
  );
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  let requests = 0;
  page.on('request', (r) => {
    if (requestFilter(r.url())) requests++;
  });
  const out: Measured = { paint: [], interactive: [], longest: [], requests: [], detail: '' };
  for (let r = -1; r < reps; r++) {
    requests = 0;
    await page.goto(url);
    const paint = await waitMark(page, 'firstFrame', 120_000);
    const complete = await waitMark(page, 'doneFrame', 120_000);
    const lts = await page.evaluate<LongTask[]>('window.__bench.longtasks');
    const before = lts.filter((t) => t.start <= complete);
    const interactive = Math.max(complete, ...before.map((t) => t.start + t.duration));
    log(
      `  rep ${r}: first paint ${fmtMs(paint)} ms, interactive ${fmtMs(interactive)} ms, ${requests} requests`,
    );
    if (r < 0) {
      out.detail = await describe(page);
      continue;
    }
    out.paint.push(paint);
    out.interactive.push(interactive);
    out.longest.push(Math.max(0, ...before.map((t) => t.duration)));
    out.requests.push(requests);
  }
  await context.close();
  return out;
}

async function main(): Promise<void> {
  const flags = parseFlags(FLAGS);
  const args = { ...flags, reps: Math.max(1, flags.reps) };
  requirePlayerBuild();
  const load0 = loadavg();
  const m = machine();
  log(`views bench: db=${args.db} n=${args.n} events=${args.events} reps=${args.reps}; loadavg ${load0}`);

  // --db pglite: PGlite in memory.
  const bench = await openBenchDb(args.db === 'postgres' ? 'postgres' : 'memory', args.adminUrl);
  const { db, pgVersion } = bench;
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: bench.url }, serveStatic: true }),
  );
  const base = server.base;
  const s = new Session(base);
  let browser: Browser | undefined;
  try {
    const setup = await s.setup({ orgName: '示例贸易 Bench Co', timeZone: TZ });
    await s.request('POST', '/apps', ordersApp());
    await s.request('POST', '/apps', visitsApp);
    const orders = `/apps/${APP_ID}/forms/${FORM_ID}`;
    log(`loading ${args.n} orders`);
    const ordersSeconds = await load(s, orders, generateOrders(args.n, [setup.user.id]));
    const days = calendarRange(new Date(), TZ);
    log(
      `loaded in ${ordersSeconds.toFixed(1)} s; loading ${args.events} + ${args.outside} visits around ${days[0]}`,
    );
    const visitsSeconds = await load(s, '/apps/visits/forms/visits', visits(args.events, args.outside, days));
    log(`loaded in ${visitsSeconds.toFixed(1)} s; ANALYZE`);
    await db.query('ANALYZE');

    const board = await s.request<{ view: { id: string } }>('POST', `${orders}/views`, {
      name: '区域看板',
      shared: true,
      config: {
        kind: 'kanban',
        columns: [{ field: 'title' }],
        kanban: { groupField: 'region', sumField: 'amount', cardFields: ['customer', 'amount', 'status'] },
      },
    });
    const calendar = await s.request<{ view: { id: string } }>('POST', '/apps/visits/forms/visits/views', {
      name: '拜访日历',
      shared: true,
      config: {
        kind: 'calendar',
        columns: [{ field: 'title' }],
        calendar: { dateField: 'day', titleField: 'title', colorField: 'region' },
      },
    });

    browser = await launchChromium();
    const chromiumVersion = browser.version();
    const columns = REGIONS.length;
    log(`kanban: ${columns} columns over ${args.n} orders`);
    const kanban = await measure(
      browser,
      base,
      s.cookie,
      `${base}/apps/${APP_ID}/forms/${FORM_ID}?view=${board.view.id}`,
      { selector: '[data-testid="kanban-card"]' },
      {
        selector: '[data-testid="kanban-column"]',
        countSelector: '[data-testid="kanban-card"]',
        min: columns * COLUMN_PAGE,
      },
      args.reps,
      (u) => u.includes('/views/kanban/columns') || u.includes('/records/query'),
      async (page) => {
        const cards = await page.locator('[data-testid="kanban-card"]').count();
        const counts = await page.getByTestId('kanban-count').allTextContents();
        return `${cards} cards in the DOM; column counts ${counts.join(', ')}`;
      },
    );
    log(`calendar: ${args.events} events in the visible range`);
    const cal = await measure(
      browser,
      base,
      s.cookie,
      `${base}/apps/visits/forms/visits?view=${calendar.view.id}`,
      { selector: '[data-testid="calendar-event"]' },
      // The calendar renders once every page it reads has arrived: the first event is the last.
      { selector: '[data-testid="calendar-event"]' },
      args.reps,
      (u) => u.includes('/views/calendar/events'),
      async (page) => {
        const events = await page.locator('[data-testid="calendar-event"]').count();
        const more = await page.locator('.ant-alert-warning').count();
        return `${events} event chips in the DOM (a few per day, "+N" for the rest)${more ? '; "only the first 2,000 shown" alert' : ''}`;
      },
    );
    const load1 = loadavg();
    await browser.close();
    browser = undefined;

    const S = summarize;
    const body = [
      SECTION,
      '',
      'Generated by `bench/src/render/views.bench.ts` (issue 18, decision 0056): a full navigation to a',
      'shared view\'s address (`?view=<id>`, the studio\'s "Open in the data page") in headless Chromium',
      '(desktop 1280×800, zh-CN, the production build served by the real server in the benchmark',
      `process), ${args.db === 'postgres' ? `PostgreSQL ${pgVersion} on the same machine` : 'in-memory PGlite'}. Times inside the page from navigation start:`,
      '**first paint** = the frame after the first card (event) is in the DOM; **interactive** = the frame',
      "after the content is complete (every column's first page of 20 cards; the calendar's events, which",
      'render at once when their last page arrives), or the end of the last long task (> 50 ms) that began',
      `before it, if later. Nearest-rank percentiles over ${args.reps} navigations after one warm-up.`,
      '',
      `- **Kanban**: the \`orders\` form (\`bench/src/orders.ts\`), ${args.n.toLocaleString('en-US')} records (batch API, ${ordersSeconds.toFixed(1)} s), grouped by`,
      `  \`region\` (${columns} options, evenly filled; plus the empty "no value" column), sum of \`amount\`, 3 card fields.`,
      `- **Calendar**: a \`visits\` form with ${args.events.toLocaleString('en-US')} dated records on the 42 visible days of this month`,
      `  (${days[0]} … ${days[days.length - 1]}) and ${args.outside.toLocaleString('en-US')} outside them (${visitsSeconds.toFixed(1)} s to load), coloured by region.`,
      '',
      '| date (`date -u`) | machine | Node | Chromium | command | load average before → after |',
      '|---|---|---|---|---|---|',
      `| ${m.date} | ${m.cpus} CPUs ${m.cpu.split(' ').slice(0, 2).join(' ')}, ${m.ramGb} GB RAM | ${m.node} | ${chromiumVersion} | \`pnpm --filter @tangram/bench bench:views${process.argv
        .slice(2)
        .filter((a) => a !== '--')
        .map((a) => ` ${a}`)
        .join('')}\` | ${load0} → ${load1} |`,
      '',
      '| measure | first paint p50 / p95 (ms) | interactive p50 / p95 (ms) | details |',
      '|---|---|---|---|',
      `| kanban, ${columns} columns over ${args.n.toLocaleString('en-US')} records | ${fmtPair(S(kanban.paint))} | ${fmtPair(S(kanban.interactive))} | ${S(kanban.requests).p50} data requests (\`kanban/columns\` and \`records/query\`: the grouped counts, a page per column, and the default grid's first page, read before the saved view from the address is applied); longest long task p50 ${fmtMs(S(kanban.longest).p50)} ms; ${kanban.detail} |`,
      `| calendar month, ${args.events.toLocaleString('en-US')} events in range | ${fmtPair(S(cal.paint))} | ${fmtPair(S(cal.interactive))} | ${S(cal.requests).p50} sequential event pages of 500 (the player reads at most 2,000 per range, decision 0039); longest long task p50 ${fmtMs(S(cal.longest).p50)} ms; ${cal.detail} |`,
      '',
      'The server, PostgreSQL, the benchmark driver and Chromium share the CPUs.',
    ].join('\n');
    console.log(`\n${body}\n`);
    if (args.write) await writeSection(SECTION, body);
  } finally {
    await browser?.close();
    await server.close();
    await bench.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
