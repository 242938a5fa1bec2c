/**
 * Row-scope benchmark (issue 11, "Performance"): the filtered, sorted page of 50 of the records
 * bench (region = X and amount > Y, order_date desc) read through the HTTP API by users whose
 * permission group limits the rows they see, against the same page read by an org admin.
 *
 * Seeds a department tree of 30 departments over 3 levels (1 company, 5 divisions, 24 teams) and
 * 200 members spread over it; every member but the two department readers signs in and creates an
 * equal share of the N `orders` records through `POST …/records/batch` (so owner_id and
 * owner_department_id are spread as in a real org: the write door stamps the creator and their
 * department). The form's permission groups: the writers create and see their own records; the
 * "own" member sees the records they own; the "department" members see the records owned by their
 * department and its sub-departments.
 *
 * Cases, each a signed-in session of its own, timed round-robin (one request of each per round, the
 * order of the cases rotating every round) so a noisy shared machine weighs on all of them alike:
 *   admin      org admin, no scope
 *   own        member, scope "records I own" (~N/200 records)
 *   division   member of a division, scope "my department and below" (6 of 30 departments)
 *   team       member of a team (a leaf), scope "my department and below" (1 of 30 departments)
 * measured right after the load (before the benchmark's ANALYZE; autovacuum may have analyzed the
 * table meanwhile, the result says when it last did) and again after ANALYZE.
 *
 *   pnpm --filter @tangram/bench bench:scoped -- --n 1000000
 *
 * Options: --n (records), --batch (≤ 1000), --concurrency (batch requests in flight, default 2),
 * --iterations (timed rounds per phase, default 200), --explain (print EXPLAIN ANALYZE of the page
 * SQL each case runs, captured from the server's own statements), --keep (keep the database),
 * --admin-url. The result goes to bench/results/scoped-pages-postgres-<n>.json (plans next to it).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, defaultConfig, type Db } from '@tangram/server';
import type { AppDefinition } from '@tangram/client';
import { APP_ID, FORM_ID, REGIONS, generateOrders, mulberry32, ordersApp, pick } from './orders';
import { summarize, type Timing } from './report';
import {
  ADMIN_URL,
  BENCH_ADMIN,
  batchBody,
  flag,
  loadInBatches,
  log,
  machine,
  openBenchDb,
  parseFlags,
  RESULTS_DIR,
  saveJson,
  serve,
  Session,
  timed,
  type Machine,
} from './bench-kit';

const CASES = ['admin', 'own', 'division', 'team'] as const;
type Case = (typeof CASES)[number];
const CASE_LABEL: Record<Case, string> = {
  admin: '(a) org admin, no scope',
  own: '(b) member, scope "owned by me"',
  division: '(c) division member, scope "my department and below" (6 of 30 departments)',
  team: '(c′) team member, scope "my department and below" (1 leaf department)',
};

const DIVISIONS = 5;
const TEAMS = 24;
const USERS = 200;
const MEMBER_PASSWORD = 'member password 1';

const FLAGS = {
  n: flag.int(100_000),
  /** Records per batch request (at most 1,000). */
  batch: flag.int(1000),
  concurrency: flag.int(2),
  iterations: flag.int(200),
  explain: flag.on(),
  keep: flag.on(),
  adminUrl: flag.text(ADMIN_URL),
};

/**
 * The orders app with the permission groups of the scoped readers. The writers (every member but
 * the department readers) create records and see their own: creating needs the view action since
 * the write door reads lookups through the read door, and an "own" scope in the department
 * readers' union would turn their scope into an OR of both.
 */
function scopedOrdersApp(writers: string[], own: string, departmentReaders: string[]): AppDefinition {
  const app = ordersApp();
  const name = (en: string, zh: string) => ({ en, 'zh-CN': zh });
  app.forms[0]!.permissionGroups = [
    {
      id: 'writers',
      name: name('Writers', '录入'),
      members: [{ kind: 'users', ids: writers }],
      actions: ['create', 'view'],
      scope: { kind: 'own' },
    },
    {
      id: 'own',
      name: name('Own records', '本人数据'),
      members: [{ kind: 'users', ids: [own] }],
      actions: ['view'],
      scope: { kind: 'own' },
    },
    {
      id: 'department',
      name: name('Department and below', '本部门及下级'),
      members: [{ kind: 'users', ids: departmentReaders }],
      actions: ['view'],
      scope: { kind: 'department', includeSubDepartments: true },
    },
  ];
  return app;
}

interface Page {
  items: { id: string; ownerId: string | null }[];
  nextCursor: string | null;
}

/** Captured page statements of the form table (the server's own SQL and parameters). */
interface Captured {
  sql: string;
  params: readonly unknown[];
}

interface PhaseResult {
  /** When autovacuum (or the benchmark) last analyzed the form table before this phase. */
  lastAnalyze: string | null;
  timings: Record<Case, Timing>;
  /** Rows returned per page, p50 (a scope can leave fewer than 50 matches). */
  rowsP50: Record<Case, number>;
}

export interface ScopedResult {
  kind: 'scoped-pages';
  n: number;
  db: 'postgres';
  iterations: number;
  machine: Machine & { pg: string; loadBefore: number[]; loadAfter: number[] };
  command: string;
  insert: { seconds: number; perSecond: number };
  sizes: string;
  scopeRows: Record<Case, number>;
  phases: { afterLoad: PhaseResult; afterAnalyze: PhaseResult };
}

async function main(): Promise<void> {
  const flags = parseFlags(FLAGS);
  const args = { ...flags, batch: Math.min(1000, flags.batch) };
  const loadBefore = os.loadavg();
  log(`scoped pages bench: n=${args.n} batch=${args.batch} concurrency=${args.concurrency}`);
  const bench = await openBenchDb('postgres', args.adminUrl);
  const { db: inner, pgVersion } = bench;
  // The page statements the server runs, captured while `capturing` is set (--explain only).
  let capturing: Captured[] | null = null;
  const db: Db = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'query')
        return (sql: string, params?: readonly unknown[]) => {
          if (capturing && /\bLIMIT\b/.test(sql) && /ORDER BY/.test(sql))
            capturing.push({ sql, params: params ?? [] });
          return target.query(sql, params);
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const direct = new pg.Client({ connectionString: bench.url });
  await direct.connect();
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: bench.url }, serveStatic: false }),
  );
  const baseUrl = server.base;
  log(`${bench.storage}, PostgreSQL ${pgVersion}, server on ${baseUrl}`);

  try {
    // 1. Org: admin, department tree, members.
    const admin = new Session(baseUrl);
    await admin.setup({ orgName: '示例贸易 Bench Co' });
    const dept = async (name: string, parentId: string | null) =>
      (await admin.request<{ department: { id: string } }>('POST', '/admin/departments', { name, parentId }))
        .department.id;
    const company = await dept('公司 Company', null);
    const divisions: string[] = [];
    for (let d = 0; d < DIVISIONS; d++) divisions.push(await dept(`事业部 Division ${d + 1}`, company));
    const teams: string[] = [];
    for (let t = 0; t < TEAMS; t++) teams.push(await dept(`小组 Team ${t + 1}`, divisions[t % DIVISIONS]!));
    const departments = [company, ...divisions, ...teams];
    const users: { id: string; departmentId: string; email: string }[] = [];
    for (let u = 0; u < USERS; u++) {
      const departmentId = departments[u % departments.length]!;
      const email = `member${u + 1}@bench.test`;
      const r = await admin.request<{ user: { id: string } }>('POST', '/admin/users', {
        name: `Member ${u + 1}`,
        email,
        password: MEMBER_PASSWORD,
        departmentIds: [departmentId],
      });
      users.push({ id: r.user.id, departmentId, email });
    }
    // The readers: one member per case, chosen by department.
    const ownUser = users.find((u) => teams.includes(u.departmentId))!;
    const divisionUser = users.find((u) => u.departmentId === divisions[0])!;
    const teamUser = users.find((u) => u.departmentId === teams[0] && u !== ownUser)!;
    const writers = users.filter((u) => u !== divisionUser && u !== teamUser);
    await admin.request(
      'POST',
      '/apps',
      scopedOrdersApp(
        writers.map((u) => u.id),
        ownUser.id,
        [divisionUser.id, teamUser.id],
      ),
    );
    log(`org: ${departments.length} departments (1 + ${DIVISIONS} + ${TEAMS}), ${USERS} members`);

    const sessions: Session[] = [];
    for (const u of writers) sessions.push(await new Session(baseUrl).signIn(u.email, MEMBER_PASSWORD));
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;

    // 2. Load: batch k is created by writer k mod 198, who is also its `owner` field.
    let done = 0;
    let nextReport = Math.min(args.n, 100_000);
    const loadMs = await loadInBatches(
      generateOrders(args.n, ['-']),
      { size: args.batch, concurrency: args.concurrency },
      async (items, batchNo) => {
        const u = batchNo % writers.length;
        const owned = items.map((r) => ({ ...r, owner: writers[u]!.id }));
        await sessions[u]!.request('POST', `${base}/records/batch`, batchBody(owned));
        done += args.batch;
        if (done >= nextReport) {
          log(`loaded ${Math.min(done, args.n)} records`);
          nextReport += Math.min(args.n, 100_000);
        }
      },
    );
    log(`insert: ${args.n} records in ${(loadMs / 1000).toFixed(1)} s`);

    const { rows: tableRows } = await direct.query<{ table_name: string }>(
      `SELECT table_name FROM form_tables WHERE app_id = $1 AND form_id = $2`,
      [APP_ID, FORM_ID],
    );
    const table = tableRows[0]!.table_name;
    const lastAnalyze = async () => {
      const { rows } = await direct.query<{ a: Date | null }>(
        `SELECT greatest(last_analyze, last_autoanalyze) AS a FROM pg_stat_user_tables WHERE relname = $1`,
        [table],
      );
      return rows[0]?.a ? rows[0].a.toISOString() : null;
    };

    // 3. The readers' sessions and the rows each scope reaches.
    const reader = (email: string, password: string) => new Session(baseUrl).signIn(email, password);
    const readers: Record<Case, Session> = {
      admin: await reader(BENCH_ADMIN.email, BENCH_ADMIN.password),
      own: await reader(ownUser.email, MEMBER_PASSWORD),
      division: await reader(divisionUser.email, MEMBER_PASSWORD),
      team: await reader(teamUser.email, MEMBER_PASSWORD),
    };
    const scopeRows = {} as Record<Case, number>;
    for (const c of CASES) {
      const r = await readers[c].request<{ total?: number }>('POST', `${base}/records/query`, {
        limit: 1,
        count: true,
      });
      scopeRows[c] = r.total ?? -1;
    }
    log(`rows in scope: ${CASES.map((c) => `${c} ${scopeRows[c]}`).join(', ')}`);
    const division = new Set([divisions[0], ...teams.filter((_, t) => t % DIVISIONS === 0)]);
    const expectedDivision = writers.filter((u) => division.has(u.departmentId)).length / writers.length;
    log(`expected share of the division scope ≈ ${(expectedDivision * 100).toFixed(1)}%`);

    // 4. The page of the records bench: the same filters, the same sort.
    const rng = mulberry32(42);
    const thresholds = [100, 500, 1000, 5000, 20000, 50000];
    const filters = Array.from({ length: 256 }, () => ({
      kind: 'and',
      items: [
        { kind: 'cmp', field: 'region', op: 'eq', value: pick(rng, REGIONS).value },
        { kind: 'cmp', field: 'amount', op: 'gt', value: pick(rng, thresholds) },
      ],
    }));
    const sort = [{ field: 'order_date', dir: 'desc' }];
    const pageOf = (c: Case, i: number) =>
      readers[c].request<Page>('POST', `${base}/records/query`, {
        filter: filters[(i + filters.length) % filters.length],
        sort,
        limit: 50,
      });

    // Every scoped answer must hold only rows of its scope: a wrong scope would be fast for nothing.
    const divisionOwners = new Set(users.filter((u) => division.has(u.departmentId)).map((u) => u.id));
    const check = (c: Case, page: Page) => {
      const bad = page.items.find((r) =>
        c === 'own'
          ? r.ownerId !== ownUser.id
          : c === 'division'
            ? !divisionOwners.has(r.ownerId ?? '')
            : c === 'team'
              ? users.find((u) => u.id === r.ownerId)?.departmentId !== teams[0]
              : false,
      );
      if (bad) throw new Error(`case ${c}: record ${bad.id} owned by ${bad.ownerId} is outside the scope`);
    };

    const plans: string[] = [];
    const explain = async (phase: string) => {
      for (const c of CASES) {
        capturing = [];
        await pageOf(c, 0);
        const statements = capturing as Captured[];
        capturing = null;
        for (const st of statements.filter((x) => x.sql.includes(table))) {
          const { rows } = await direct.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`,
            st.params as unknown[],
          );
          const text = rows.map((r) => r['QUERY PLAN']).join('\n');
          plans.push(
            `## ${phase}: ${CASE_LABEL[c]}\n\n${st.sql}\n-- params: ${JSON.stringify(st.params)}\n\n${text}\n`,
          );
          log(`${phase} ${c}:\n${text}`);
        }
      }
    };

    const phase = async (name: string): Promise<PhaseResult> => {
      const analyzed = await lastAnalyze();
      if (args.explain) await explain(name);
      // Warm-up: 10 untimed rounds.
      for (let i = 0; i < 10; i++) for (const c of CASES) check(c, await pageOf(c, -1 - i));
      const samples: Record<Case, number[]> = { admin: [], own: [], division: [], team: [] };
      const rows: Record<Case, number[]> = { admin: [], own: [], division: [], team: [] };
      for (let i = 0; i < args.iterations; i++) {
        for (let k = 0; k < CASES.length; k++) {
          const c = CASES[(i + k) % CASES.length]!;
          let page: Page | undefined;
          samples[c].push(
            await timed(async () => {
              page = await pageOf(c, i);
            }),
          );
          rows[c].push(page!.items.length);
          if (i % 10 === 0) check(c, page!);
        }
      }
      const timings = {} as Record<Case, Timing>;
      const rowsP50 = {} as Record<Case, number>;
      for (const c of CASES) {
        timings[c] = summarize(samples[c]);
        rowsP50[c] = summarize(rows[c]).p50;
        log(`${name} ${c}: p50 ${timings[c].p50.toFixed(1)} ms, p95 ${timings[c].p95.toFixed(1)} ms`);
      }
      return { lastAnalyze: analyzed, timings, rowsP50 };
    };

    const afterLoad = await phase('after load');
    await direct.query(`ANALYZE`);
    const afterAnalyze = await phase('after ANALYZE');
    const { rows: sizeRows } = await direct.query<{ t: string; i: string }>(
      `SELECT pg_size_pretty(pg_table_size($1)) AS t, pg_size_pretty(pg_indexes_size($1)) AS i`,
      [table],
    );
    const sizes = `table ${sizeRows[0]!.t}, indexes ${sizeRows[0]!.i}`;

    const result: ScopedResult = {
      kind: 'scoped-pages',
      n: args.n,
      db: 'postgres',
      iterations: args.iterations,
      machine: { ...machine(), pg: pgVersion, loadBefore, loadAfter: os.loadavg() },
      command: `pnpm --filter @tangram/bench bench:scoped -- --n ${args.n}`,
      insert: { seconds: loadMs / 1000, perSecond: args.n / (loadMs / 1000) },
      sizes,
      scopeRows,
      phases: { afterLoad, afterAnalyze },
    };
    const file = await saveJson(`scoped-pages-postgres-${args.n}.json`, result);
    if (plans.length)
      await writeFile(path.join(RESULTS_DIR, `scoped-pages-postgres-${args.n}-plans.md`), plans.join('\n'));
    log(`saved ${file}`);
    for (const [name, p] of Object.entries(result.phases))
      for (const c of CASES) {
        const ratio = p.timings[c].p95 / p.timings.admin.p95;
        log(`${name} ${c}: p95 ${p.timings[c].p95.toFixed(1)} ms = ${ratio.toFixed(2)}x of (a)`);
      }
  } finally {
    await server.close();
    await direct.end();
    await bench.close(args.keep);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
