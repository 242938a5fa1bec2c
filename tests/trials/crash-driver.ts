/**
 * The crash trial driver (decision 0049). It starts the real server (`tsx src/main.ts`: supervisor
 * + one worker) as a child process on a PGlite data folder or a fresh PostgreSQL database, and
 * repeats trials: arm a random failpoint (server/src/reliability/failpoints.ts, through the
 * `armed` file so the supervisor keeps running), send a random sequence of writes with
 * Idempotency-Keys (record creates with serial numbers, a batch create, versioned updates, a
 * receipt whose approval makes it count in a balance), let the worker SIGKILL itself at the point,
 * wait for the supervisor's replacement, retry every unacknowledged request with the same key,
 * then check the invariants through the API. After the last trial the server is stopped and the
 * database is checked in SQL (every record's history, serial numbers, balances against postings,
 * no half-written idempotency key).
 *
 * Used by tests/api/crash-trials.test.ts (short tier) and tests/trials/run.ts (`pnpm trials`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '@tangram/server';
import { ServerProcess, freePort } from '../support/server-process';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const APP = 'trial';
const l = (en: string) => ({ en, 'zh-CN': en });

/** The points a trial may arm: the ones on the request write paths. */
export const TRIAL_POINTS = [
  'record.after_insert',
  'record.after_history',
  'record.before_commit',
  'record.after_commit',
  'workflow.after_transition',
] as const;

export interface TrialOptions {
  db: 'pglite' | 'postgres';
  trials: number;
  seed: number;
  /** The points to arm (default TRIAL_POINTS), e.g. one point to chase a failure. */
  points?: readonly string[];
  log?: (line: string) => void;
  /** Stop starting new trials after this time (epoch ms): a long run sized to a time budget. */
  deadline?: number;
}

export interface TrialReport {
  db: string;
  seed: number;
  trials: number;
  /** Trials in which the armed point fired (the others ended before its hit count). */
  crashes: number;
  /** Crashes per point. */
  byPoint: Record<string, number>;
  /** Requests retried after a crash. */
  retries: number;
  acknowledged: number;
  /** Broken invariants (empty when all held). */
  violations: string[];
  seconds: number;
}

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The trial app: moves post +qty to stock by product; receipts post +qty once approved. */
function trialApp(approver: string) {
  const fields = [
    {
      id: 'no',
      type: 'serial',
      label: l('No.'),
      config: { parts: [{ kind: 'counter', digits: 6 }] },
    },
    { id: 'ref', type: 'text', label: l('Ref'), unique: true },
    { id: 'product', type: 'relation', label: l('Product'), config: { form: 'products', multiple: false } },
    { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
  ];
  return {
    id: APP,
    name: l('Trial'),
    formatVersion: 3,
    forms: [
      {
        id: 'products',
        name: l('Products'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name') }],
      },
      { id: 'moves', name: l('Moves'), fields },
      { id: 'receipts', name: l('Receipts'), workflowId: 'approval', fields },
    ],
    workflows: [
      {
        id: 'approval',
        name: l('Approval'),
        form: 'receipts',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          {
            type: 'approve',
            id: 'mgr',
            assignees: [{ kind: 'users', ids: [approver] }],
            actions: ['reject'],
            rejectTo: ['end'],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock'),
        keys: [{ id: 'product', label: l('Product'), type: 'record', form: 'products' }],
        measures: [{ id: 'qty', label: l('Quantity'), decimals: 0 }],
        sources: [
          {
            id: 'moved',
            form: 'moves',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: 1 } },
          },
          {
            id: 'received',
            form: 'receipts',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: 1 } },
            when: { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'approved' },
          },
        ],
      },
    ],
  };
}

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are read loosely here
  body: any;
}

/** An acknowledged record and what the driver expects of it. */
interface Acked {
  form: 'moves' | 'receipts';
  id: string;
  no: string;
  qty: number;
  version: number;
  updates: number;
  approved: boolean;
}

export async function runTrials(options: TrialOptions): Promise<TrialReport> {
  const log = options.log ?? (() => {});
  const random = rng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const started = Date.now();
  const report: TrialReport = {
    db: options.db,
    seed: options.seed,
    trials: 0,
    crashes: 0,
    byPoint: {},
    retries: 0,
    acknowledged: 0,
    violations: [],
    seconds: 0,
  };
  const violation = (text: string) => {
    report.violations.push(text);
    log(`VIOLATION ${text}`);
  };

  const dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-trials-'));
  const markers = await mkdtemp(path.join(tmpdir(), 'tangram-trial-points-'));
  let database: string | null = null;
  let databaseUrl: string | undefined;
  if (options.db === 'postgres') {
    database = `tangram_trials_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
  // One worker (no WORKERS): the trial crashes it and counts on the supervisor to replace it.
  const server = new ServerProcess(
    {
      DATA_DIR: dataDir,
      TANGRAM_FAILPOINT: 'armed',
      TANGRAM_FAILPOINT_DIR: markers,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    await freePort(),
  );

  let session = '';
  let csrf = '';
  let crashedThisTrial = false;
  /** Worker deaths since the supervisor started: it backs off after quick deaths in a row. */
  let deathsSinceStart = 0;

  /** One request; a refused connection or a reset (the worker died) answers null. */
  async function once(method: string, url: string, body?: unknown, key?: string): Promise<Reply | null> {
    try {
      const res = await fetch(`${server.base}/api/v1${url}`, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(session ? { Cookie: session, 'X-CSRF-Token': csrf } : {}),
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch {
      return null;
    }
  }

  /** Sends until answered; after a crash waits for the replacement worker and retries (same key). */
  async function call(method: string, url: string, body?: unknown, key?: string): Promise<Reply> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const reply = await once(method, url, body, key);
      if (reply) return reply;
      crashedThisTrial = true;
      report.retries += 1;
      await server.waitUp();
    }
    throw new Error(`${method} ${url}: no answer after 5 attempts`);
  }

  const expectStatus = (reply: Reply, status: number, what: string) => {
    if (reply.status !== status)
      throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  };

  try {
    server.start();
    await server.waitUp();
    const setup = await fetch(`${server.base}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        orgName: 'Trials',
        name: 'Ada Admin',
        email: 'admin@trials.test',
        password: 'correct horse battery',
      }),
    });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    session = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const me = (await setup.json()) as { csrfToken: string; user: { id: string } };
    csrf = me.csrfToken;
    expectStatus(await call('POST', '/apps', trialApp(me.user.id)), 201, 'create the trial app');

    const form = (id: string) => `/apps/${APP}/forms/${id}`;
    let serial = 0;

    for (let t = 1; t <= options.trials; t++) {
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        log(`time budget spent after ${t - 1} trial(s)`);
        break;
      }
      report.trials = t;
      crashedThisTrial = false;
      const trialStart = Date.now();
      const tag = `${options.seed}-${t}`;
      const point = pick(options.points ?? TRIAL_POINTS);
      const hit = 1 + Math.floor(random() * 4);
      // Armed before the product is created: that write may be the one that dies, too.
      await writeFile(path.join(markers, 'armed'), `${tag} ${point}@${hit}`);

      const product = await call(
        'POST',
        `${form('products')}/records`,
        { data: { name: `p-${tag}` } },
        `p-${tag}`,
      );
      expectStatus(product, 201, 'create a product');
      const productId = product.body.record.id as string;
      const acked: Acked[] = [];
      let balance = 0;

      const create = async (f: 'moves' | 'receipts', n: number) => {
        const qty = 1 + Math.floor(random() * 50);
        const key = `${f}-${tag}-${n}`;
        const reply = await call(
          'POST',
          `${form(f)}/records`,
          { data: { ref: key, product: productId, qty } },
          key,
        );
        expectStatus(reply, 201, `create ${key}`);
        const record = reply.body.record;
        const a: Acked = {
          form: f,
          id: record.id,
          no: record.data.no,
          qty,
          version: record.version,
          updates: 0,
          approved: false,
        };
        acked.push(a);
        if (f === 'moves') balance += qty;
        return a;
      };

      const steps = 3 + Math.floor(random() * 4);
      for (let s = 0; s < steps; s++) {
        const kind = pick(['move', 'move', 'batch', 'update', 'receipt'] as const);
        if (kind === 'move') await create('moves', s);
        else if (kind === 'batch') {
          const key = `batch-${tag}-${s}`;
          const items = [1, 2].map((i) => ({ data: { ref: `${key}-${i}`, product: productId, qty: i } }));
          const reply = await call('POST', `${form('moves')}/records/batch?return=records`, { items }, key);
          expectStatus(reply, 201, `batch ${key}`);
          for (const record of reply.body.records)
            acked.push({
              form: 'moves',
              id: record.id,
              no: record.data.no,
              qty: record.data.qty,
              version: record.version,
              updates: 0,
              approved: false,
            });
          balance += 3;
        } else if (kind === 'update') {
          const target = acked.find((a) => a.form === 'moves') ?? (await create('moves', s));
          // Always a different value: an update that changes nothing is answered with the record
          // as it was (no new version, no history row), and the driver would count one too many.
          let qty = 1 + Math.floor(random() * 50);
          if (qty === target.qty) qty = (qty % 50) + 1;
          const sent = { version: target.version, data: { qty } };
          // PATCH takes no key: the version makes it safe to retry. After a crash the driver reads
          // the record: one version up with our value = it committed; unchanged = send it again.
          for (;;) {
            const reply = await once('PATCH', `${form('moves')}/records/${target.id}`, sent);
            if (reply) {
              expectStatus(reply, 200, `update ${target.id}`);
              break;
            }
            crashedThisTrial = true;
            report.retries += 1;
            await server.waitUp();
            const now = await call('GET', `${form('moves')}/records/${target.id}`);
            if (now.body.record.version === target.version + 1 && now.body.record.data.qty === qty) break;
            if (now.body.record.version !== target.version) {
              violation(
                `trial ${tag}: update of ${target.id} half applied (${JSON.stringify(now.body.record)})`,
              );
              break;
            }
          }
          balance += qty - target.qty;
          target.qty = qty;
          target.version += 1;
          target.updates += 1;
        } else {
          const receipt = await create('receipts', s);
          const view = await call('GET', `${form('receipts')}/records/${receipt.id}/workflow`);
          const task = view.body?.me?.taskId as string | undefined;
          if (!task) {
            violation(`trial ${tag}: receipt ${receipt.id} has no open task (${JSON.stringify(view.body)})`);
            continue;
          }
          const key = `approve-${tag}-${s}`;
          expectStatus(await call('POST', `/tasks/${task}/approve`, {}, key), 200, `approve ${key}`);
          receipt.approved = true;
          balance += receipt.qty;
        }
      }
      // A point that did not fire is disarmed, so it cannot fire in the next trial's writes.
      await unlink(path.join(markers, 'armed')).catch(() => {});
      if (crashedThisTrial) {
        deathsSinceStart += 1;
        report.crashes += 1;
        report.byPoint[point] = (report.byPoint[point] ?? 0) + 1;
      }
      report.acknowledged += acked.length + 1;

      // Invariants of this trial, through the API.
      const count = async (f: string) => {
        const filter = JSON.stringify({ kind: 'cmp', field: 'product', op: 'eq', value: productId });
        const r = await call('GET', `${form(f)}/records?limit=200&filter=${encodeURIComponent(filter)}`);
        expectStatus(r, 200, `list ${f}`);
        return r.body.items as { id: string }[];
      };
      for (const f of ['moves', 'receipts'] as const) {
        const items = await count(f);
        const mine = acked.filter((a) => a.form === f);
        if (items.length !== mine.length || new Set(items.map((i) => i.id)).size !== items.length)
          violation(
            `trial ${tag} (${point}@${hit}): ${f} stored ${items.length}, acknowledged ${mine.length}`,
          );
      }
      const named = JSON.stringify({ kind: 'cmp', field: 'name', op: 'eq', value: `p-${tag}` });
      const products = await call('GET', `${form('products')}/records?filter=${encodeURIComponent(named)}`);
      if (products.body.items?.length !== 1)
        violation(
          `trial ${tag} (${point}@${hit}): ${products.body.items?.length} products p-${tag}, acknowledged 1`,
        );
      for (const a of acked) {
        const r = await call('GET', `${form(a.form)}/records/${a.id}`);
        if (r.status !== 200) {
          violation(`trial ${tag}: acknowledged ${a.form} ${a.id} is missing (${r.status})`);
          continue;
        }
        const rec = r.body.record;
        if (rec.data.no !== a.no || rec.data.qty !== a.qty)
          violation(
            `trial ${tag}: ${a.id} is ${JSON.stringify(rec.data)}, acknowledged no ${a.no} qty ${a.qty}`,
          );
        if (a.form === 'receipts' && rec.workflowStatus !== 'approved')
          violation(`trial ${tag}: receipt ${a.id} is ${rec.workflowStatus}, its approval was acknowledged`);
        const h = await call('GET', `${form(a.form)}/records/${a.id}/history`);
        const actions = (h.body.items as { action: string }[]).map((i) => i.action);
        const creates = actions.filter((x) => x === 'create').length;
        const updates = actions.filter((x) => x === 'update').length;
        if (creates !== 1 || updates !== a.updates)
          violation(
            `trial ${tag}: history of ${a.id} is [${actions.join(', ')}], expected 1 create and ${a.updates} update(s)`,
          );
      }
      const b = await call('GET', `/apps/${APP}/aggregates/stock/balances?k.product=${productId}`);
      const stored = Number(b.body.items?.[0]?.values?.qty ?? 0);
      if (stored !== balance)
        violation(`trial ${tag} (${point}@${hit}): balance ${stored}, expected ${balance}`);
      // Serial numbers: this trial's are the next ones, gap-free (each form numbers on its own).
      for (const f of ['moves', 'receipts'] as const) {
        const nos = acked.filter((a) => a.form === f).map((a) => Number(a.no));
        if (f === 'moves') {
          const sorted = [...nos].sort((x, y) => x - y);
          const expected = sorted.map((_, i) => serial + 1 + i);
          if (sorted.join() !== expected.join())
            violation(`trial ${tag} (${point}@${hit}): move numbers ${sorted.join()} after ${serial}`);
          serial += nos.length;
        }
      }
      // The supervisor delays a replacement after quick deaths in a row (1 s, 2 s, 4 s … 30 s), as it
      // should in production. Every third crash the driver kills the whole server (kill -9 of the
      // process group, one more crash to recover from) and starts it again, which resets that.
      if (deathsSinceStart >= 3) {
        server.kill();
        await server.exited;
        server.start();
        await server.waitUp();
        deathsSinceStart = 0;
      }
      log(
        `trial ${t}/${options.trials} ${point}@${hit}: ${crashedThisTrial ? 'crashed' : 'no crash'}, ${acked.length + 1} writes acknowledged (${Math.round((Date.now() - trialStart) / 100) / 10} s)`,
      );
    }
    await server.stop();
    report.violations.push(...(await checkDatabase(options.db, dataDir, databaseUrl)));
  } catch (error) {
    violation(
      `driver stopped: ${error instanceof Error ? error.message : String(error)}\n${server.output.slice(-4000)}`,
    );
  } finally {
    server.kill();
    if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    const fired = (await readdir(markers).catch(() => [])).filter((f) => f.startsWith('fired-')).length;
    log(`${fired} failpoint(s) fired`);
    await rm(dataDir, { recursive: true, force: true });
    await rm(markers, { recursive: true, force: true });
    report.seconds = Math.round((Date.now() - started) / 1000);
  }
  return report;
}

/**
 * The invariants over the whole database, in SQL, after the server stopped: every record's
 * history is one create and one row per later version; serial numbers are 1..n without a gap or
 * a repeat; every balance equals the sum of its postings, and every live record posts; no
 * idempotency key was left claimed without its answer.
 */
export async function checkDatabase(kind: string, dataDir: string, databaseUrl?: string): Promise<string[]> {
  const db: Db = kind === 'postgres' ? await openDb({ databaseUrl }) : await openDb({ dataDir });
  const out: string[] = [];
  try {
    const { rows: tables } = await db.query<{ form_id: string; table_name: string }>(
      `SELECT form_id, table_name FROM form_tables WHERE app_id = $1 AND form_id IN ('moves', 'receipts')`,
      [APP],
    );
    for (const { form_id, table_name } of tables) {
      const { rows: cols } = await db.query<{ field_id: string; column_name: string }>(
        `SELECT field_id, column_name FROM field_columns WHERE table_name = $1`,
        [table_name],
      );
      const col = Object.fromEntries(cols.map((c) => [c.field_id, c.column_name]));
      const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
      // Writes: versions 1..version, each once, the first a create. Workflow steps keep the version;
      // an approval is stored at most once per record.
      const { rows: bad } = await db.query<{
        id: string;
        version: number;
        n: number;
        creates: number;
        approvals: number;
      }>(
        `SELECT r.id, r.version,
                count(h.id) FILTER (WHERE h.action IN ('create', 'update'))::int AS n,
                count(h.id) FILTER (WHERE h.action = 'create')::int AS creates,
                count(h.id) FILTER (WHERE h.action = 'workflow.approve')::int AS approvals
           FROM ${q(table_name)} r LEFT JOIN record_history h
             ON h.app_id = $1 AND h.form_id = $2 AND h.record_id = r.id
          GROUP BY r.id, r.version
         HAVING count(h.id) FILTER (WHERE h.action = 'create') <> 1
             OR count(h.id) FILTER (WHERE h.action IN ('create', 'update')) <> r.version
             OR count(DISTINCT h.version) FILTER (WHERE h.action IN ('create', 'update')) <> r.version
             OR count(h.id) FILTER (WHERE h.action = 'workflow.approve') > 1`,
        [APP, form_id],
      );
      for (const b of bad)
        out.push(
          `${form_id} ${b.id}: version ${b.version} but ${b.n} write history row(s), ${b.creates} create(s), ${b.approvals} approval(s)`,
        );
      const { rows: nos } = await db.query<{ no: string }>(
        `SELECT ${q(col.no!)}::text AS no FROM ${q(table_name)} ORDER BY 1`,
      );
      const numbers = nos.map((r) => Number(r.no));
      if (numbers.some((n, i) => n !== i + 1))
        out.push(
          `${form_id}: serial numbers are not 1..${numbers.length} (${numbers.slice(0, 20).join(',')}…)`,
        );
    }
    const { rows: off } = await db.query<{ key_text: string; value: string; posted: string | null }>(
      `SELECT b.key_text, b.value::text, (SELECT sum(p.value) FROM aggregate_postings p
          WHERE p.org_id = b.org_id AND p.app_id = b.app_id AND p.aggregate_id = b.aggregate_id
            AND p.key_text = b.key_text AND p.measure_id = b.measure_id)::text AS posted
         FROM aggregate_balances b WHERE b.app_id = $1`,
      [APP],
    );
    for (const o of off)
      if (Number(o.value) !== Number(o.posted ?? 0))
        out.push(`balance ${o.key_text}: ${o.value}, postings ${o.posted}`);
    const { rows: claimed } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE status = 0`,
    );
    if (claimed[0]!.n) out.push(`${claimed[0]!.n} idempotency key(s) claimed without an answer`);
  } finally {
    await db.close();
  }
  return out;
}
