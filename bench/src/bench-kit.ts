/**
 * What every benchmark needs: a timestamped log, a signed-in API session, a throwaway PostgreSQL
 * database, the machine's description and a stopwatch.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export const log = (...xs: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...xs);

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
}

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
