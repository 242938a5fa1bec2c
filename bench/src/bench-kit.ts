/**
 * What every benchmark needs: flags, a timestamped log, a signed-in API session, the bench database
 * (a throwaway PostgreSQL database, a PGlite folder or PGlite in memory) with the server in this
 * process, batch loading, the machine's description, a stopwatch and the results files.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb, runMigrations, type Db } from '@tangram/server';
import { webDistDirs } from '../../server/src/static';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where each run's JSON result goes (bench/results). */
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
/** The results document whose sections the benchmarks regenerate (bench/RESULTS.md). */
export const RESULTS_MD = path.join(BENCH_DIR, 'RESULTS.md');

/** The PostgreSQL server's admin URL, where throwaway databases are created. */
export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const log = (...xs: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...xs);

/** A label in both languages, as app definitions spell it. */
export const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });

// ---------------------------------------------------------------------------------------------
// Flags

/** One command-line flag: how node:util parseArgs reads it and what its value becomes. */
export interface Flag<T> {
  readonly type: 'string' | 'boolean';
  /** A `--no-<name>` switch: present means false. */
  readonly negated?: boolean;
  read(raw: string | boolean | undefined, flag: string): T;
}

export const flag = {
  /** A whole number of at least `min` (underscores allowed: 1_000_000). */
  int(fallback: number, min = 1): Flag<number> {
    return {
      type: 'string',
      read(raw, name) {
        if (raw === undefined) return fallback;
        const v = Number(String(raw).replace(/_/g, ''));
        if (!Number.isInteger(v) || v < min)
          throw new Error(
            `${name} must be a ${min === 1 ? 'positive whole number' : `whole number ≥ ${min}`}`,
          );
        return v;
      },
    };
  },
  text(fallback: string): Flag<string> {
    return { type: 'string', read: (raw) => (raw === undefined ? fallback : String(raw)) };
  },
  /** A text with no default. */
  optional(): Flag<string | undefined> {
    return { type: 'string', read: (raw) => (raw === undefined ? undefined : String(raw)) };
  },
  oneOf<const T extends string>(choices: readonly T[], fallback: T): Flag<T> {
    return {
      type: 'string',
      read(raw, name) {
        if (raw === undefined) return fallback;
        if (!choices.includes(raw as T)) throw new Error(`${name} must be ${choices.join(' or ')}`);
        return raw as T;
      },
    };
  },
  /** `--<name>` switches it on. */
  on(): Flag<boolean> {
    return { type: 'boolean', read: (raw) => raw === true };
  },
  /** `--no-<name>` switches it off. */
  off(): Flag<boolean> {
    return { type: 'boolean', negated: true, read: (raw) => raw !== true };
  },
};

type Values<S> = { [K in keyof S]: S[K] extends Flag<infer T> ? T : never };

/**
 * The command line read against `spec`: each key `camelCase` is the flag `--camel-case` (a
 * `flag.off()` key `write` is `--no-write`). Unknown flags and stray words are errors. A lone `--`
 * (what `pnpm … bench -- --n 10` passes on) is skipped.
 */
export function parseFlags<S extends Record<string, Flag<unknown>>>(
  spec: S,
  argv: string[] = process.argv.slice(2),
): Values<S> {
  const cli = (key: string, f: Flag<unknown>) =>
    `${f.negated ? 'no-' : ''}${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: Object.fromEntries(Object.entries(spec).map(([k, f]) => [cli(k, f), { type: f.type }])),
    strict: true,
    allowPositionals: false,
  });
  return Object.fromEntries(
    Object.entries(spec).map(([k, f]) => [k, f.read(values[cli(k, f)], `--${cli(k, f)}`)]),
  ) as Values<S>;
}

// ---------------------------------------------------------------------------------------------
// The API session

/** What `POST /auth/setup` answers. */
export interface SetupAnswer {
  csrfToken: string;
  user: { id: string };
  org?: { id: string };
}

/** The org admin every benchmark sets up (and signs in as again where it needs another session). */
export const BENCH_ADMIN = { email: 'admin@bench.test', password: 'bench password 123' };

/** A signed-in HTTP session: the cookie and the CSRF token, sent like a browser would. */
export class Session {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.cookie) headers.Cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${this.base}/api/v1${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${text.slice(0, 500)}`);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('tangram_session='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** First-run setup (the org and its admin, "Bench Co" / BENCH_ADMIN unless given), signed in. */
  async setup(body: Record<string, unknown> = {}): Promise<SetupAnswer> {
    const answer = await this.request<SetupAnswer>('POST', '/auth/setup', {
      orgName: 'Bench Co',
      name: 'Bench Admin',
      ...BENCH_ADMIN,
      ...body,
    });
    this.csrf = answer.csrfToken;
    return answer;
  }

  async signIn(email: string, password: string): Promise<this> {
    this.csrf = (
      await this.request<{ csrfToken: string }>('POST', '/auth/login', { email, password })
    ).csrfToken;
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// The database and the server

/** A fresh database on the PostgreSQL server, and how to drop it afterwards. */
export async function createDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tangram_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Where a benchmark's data lives: `postgres`, a throwaway `tangram_bench_<random>` database on the
 * server at `adminUrl`; `pglite`, a persistent PGlite folder (as in production's DATA_DIR) in a
 * temp directory; `memory`, PGlite in memory.
 */
export type BenchDbKind = 'postgres' | 'pglite' | 'memory';

export interface BenchDb {
  /** The migrated database. */
  db: Db;
  /** The PostgreSQL database's URL (postgres only: for the server's config and direct clients). */
  url: string | undefined;
  /** Where the data is, for the log and the results. */
  storage: string;
  /** `server_version` of the database. */
  pgVersion: string;
  /**
   * ANALYZE after a load, so the planner knows the new tables: through a direct connection on
   * PostgreSQL (outside the server's pool and its statement bound), through the Db on PGlite.
   */
  analyze(): Promise<void>;
  /** Closes the database and drops (postgres) or removes (pglite) it. */
  close(keep?: boolean): Promise<void>;
}

export async function openBenchDb(kind: BenchDbKind, adminUrl = ADMIN_URL): Promise<BenchDb> {
  let db: Db;
  let url: string | undefined;
  let storage: string;
  let dispose = async () => {};
  if (kind === 'postgres') {
    const created = await createDatabase(adminUrl);
    url = created.url;
    db = await openDb({ databaseUrl: created.url });
    storage = `PostgreSQL database ${new URL(created.url).pathname.slice(1)}`;
    dispose = created.drop;
  } else if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tangram-bench-'));
    db = await openDb({ dataDir });
    storage = `PGlite on disk in ${dataDir}/pglite`;
    dispose = () => rm(dataDir, { recursive: true, force: true });
  } else {
    db = await openDb({ inMemory: true });
    storage = 'PGlite in memory';
  }
  await runMigrations(db);
  const { rows } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return {
    db,
    url,
    storage,
    pgVersion: rows[0]?.v ?? 'unknown',
    async analyze() {
      if (!url) {
        await db.query('ANALYZE');
        return;
      }
      const direct = new pg.Client({ connectionString: url });
      await direct.connect();
      try {
        await direct.query('ANALYZE');
      } finally {
        await direct.end();
      }
    },
    async close(keep = false) {
      await db.close();
      if (keep) log(`kept: ${storage}`);
      else await dispose();
    },
  };
}

export interface BenchServer {
  server: http.Server;
  /** http://127.0.0.1:<port> */
  base: string;
  port: number;
  close(): Promise<void>;
}

/** `handler` (the app `createApp` made) served on 127.0.0.1 at a random port. */
export async function serve(handler: http.RequestListener): Promise<BenchServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The built player the server serves (`runtime/dist`, or `$TANGRAM_WEB_DIST/runtime`), or an error
 * saying to build it: the browser benchmarks never build.
 */
export function requirePlayerBuild(): string {
  const dist = webDistDirs().runtime;
  if (!existsSync(path.join(dist, 'index.html')))
    throw new Error(`${dist}/index.html is missing: run \`pnpm build\` first (the benchmark never builds).`);
  return dist;
}

/**
 * Takes `records` `size` at a time and hands each batch to `send` (with its number), `concurrency`
 * batches in flight; the wall clock of the whole load in ms. Batches are taken in order, so a
 * seeded generator gives every run the same batches.
 */
export async function loadInBatches<T>(
  records: Iterator<T>,
  { size, concurrency }: { size: number; concurrency: number },
  send: (items: T[], batchNo: number) => Promise<unknown>,
): Promise<number> {
  let batchNo = 0;
  const next = (): T[] | null => {
    const items: T[] = [];
    for (let i = 0; i < size; i++) {
      const r = records.next();
      if (r.done) break;
      items.push(r.value);
    }
    return items.length ? items : null;
  };
  const t0 = performance.now();
  const worker = async () => {
    for (let items = next(); items !== null; items = next()) await send(items, batchNo++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t0;
}

/** The body of `POST …/records/batch` for `records`. */
export const batchBody = (records: Record<string, unknown>[]) =>
  JSON.stringify({ items: records.map((data) => ({ data })) });

// ---------------------------------------------------------------------------------------------
// Measuring and reporting

export interface Machine {
  date: string;
  cpus: number;
  cpu: string;
  ramGb: number;
  node: string;
}

/** The machine a result was measured on (`date -u` as recorded in RESULTS.md). */
export function machine(): Machine {
  let date = new Date().toISOString();
  try {
    date = execSync('date -u', { encoding: 'utf8' }).trim();
  } catch {
    // keep the ISO date
  }
  return {
    date,
    cpus: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    ramGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * The server's Db with a stopwatch: SQL wall time and statements since the last `take()`, and
 * each statement's text and time to `onStatement` (statements in transactions included).
 */
export function timedDb(
  inner: Db,
  onStatement?: (sql: string, ms: number) => void,
): { db: Db; take(): { ms: number; statements: number } } {
  let ms = 0;
  let statements = 0;
  const wrap = (d: Db): Db => ({
    kind: d.kind,
    description: d.description,
    async query(sql, params) {
      const t0 = performance.now();
      try {
        return await d.query(sql, params);
      } finally {
        const took = performance.now() - t0;
        ms += took;
        statements++;
        onStatement?.(sql, took);
      }
    },
    transaction: (fn) => d.transaction((tx) => fn(wrap(tx))),
    runUnbounded: (sql) => d.runUnbounded(sql),
    close: () => d.close(),
  });
  return {
    db: wrap(inner),
    take() {
      const out = { ms, statements };
      ms = 0;
      statements = 0;
      return out;
    },
  };
}

/** The 1, 5 and 15 minute load averages as /proc/loadavg gives them ("0.52 0.61 0.70"). */
export const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Milliseconds as the tables show them: whole from 100 up, one decimal below. */
export const fmtMs = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** "p50 / p95" of a timing, as the tables show it. */
export const fmtPair = (t: { p50: number; p95: number }) => `${fmtMs(t.p50)} / ${fmtMs(t.p95)}`;

/** Writes `result` as bench/results/<name> (pretty JSON); its path. */
export async function saveJson(name: string, result: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Every stored result whose file name starts with `prefix`, in file name order. */
export async function storedResults<T>(prefix: string): Promise<T[]> {
  const files = (await readdir(RESULTS_DIR).catch(() => [] as string[])).filter((f) => f.startsWith(prefix));
  const out: T[] = [];
  for (const f of files.sort()) out.push(JSON.parse(await readFile(path.join(RESULTS_DIR, f), 'utf8')) as T);
  return out;
}

/**
 * Replaces the section of RESULTS.md that starts with `heading` (up to the next "## " heading) with
 * `section`, or appends it; the file is read right before writing so other sections are kept.
 */
export async function replaceSection(heading: string, section: string): Promise<void> {
  const md = await readFile(RESULTS_MD, 'utf8');
  const start = md.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) next = `${md.trimEnd()}\n\n${section}`;
  else {
    const end = md.indexOf('\n## ', start + heading.length);
    next = md.slice(0, start) + section + (end < 0 ? '' : `\n${md.slice(end + 1)}`);
  }
  await writeFile(RESULTS_MD, next.endsWith('\n') ? next : `${next}\n`);
}
