/**
 * The production start (`tsx src/main.ts`, what `pnpm start` runs) keeps its worker alive: a worker
 * killed with SIGKILL is replaced, the replacement reopens the same database (PGlite's folder, or
 * the PostgreSQL database), and SIGTERM stops everything cleanly. With TANGRAM_TEST_DB=postgres it
 * runs two workers and kills one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverDir = path.join(root, 'server');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const onPostgres = process.env.TANGRAM_TEST_DB === 'postgres';

/**
 * A free port for the server, below the kernel's ephemeral range (32768+) that `listen(0)` draws from:
 * other test servers on this machine bind port 0, so a port probed from that range could be taken
 * between the probe and the server's own bind. The supervisor must be started on a fixed port, since
 * a replacement worker has to come back on the same address.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const probe = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      return port;
    }
  }
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

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the server's start script in its own process group (so a failed test can kill it all). */
function start(env: Record<string, string>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  if (!env.WORKERS) delete childEnv.WORKERS;
  const child = spawn(tsx, ['src/main.ts'], { cwd: serverDir, env: childEnv, detached: true });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const workerPids = (output: string) => [...output.matchAll(/started worker (\d+)/g)].map((m) => Number(m[1]));

async function getJson(port: number, url: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${url}`);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

// Bounds for polling (a fresh PGlite with its migrations can take a while on a busy machine).
const UNTIL_UP = { timeout: 150_000, interval: 100 };
const SLOW = 240_000;

describe('the supervised production start', () => {
  let dataDir: string;
  let database: string | null = null;
  let running: Started | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-supervisor-'));
    if (onPostgres) {
      database = `tangram_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${database}`);
    }
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.pid) {
      try {
        process.kill(-running.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'replaces a worker killed with SIGKILL; the replacement reopens the same data',
    async () => {
      const port = await freePort();
      const env: Record<string, string> = { PORT: String(port), DATA_DIR: dataDir };
      if (database) {
        const url = new URL(ADMIN_URL);
        url.pathname = `/${database}`;
        env.DATABASE_URL = url.toString();
        env.WORKERS = '2';
      }
      const expectedWorkers = database ? 2 : 1;
      running = start(env);
      const server = running;
      // What the supervisor and its workers printed is the first thing to read when this fails.
      onTestFailed(() => console.error(`server output:\n${server.output()}`));
      await vi.waitFor(() => getJson(port, '/health'), UNTIL_UP);
      await vi.waitFor(() => expect(workerPids(server.output())).toHaveLength(expectedWorkers), UNTIL_UP);

      // Something to find again after the restart: first-run setup.
      const setup = await fetch(`http://127.0.0.1:${port}/api/v1/auth/setup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          orgName: 'Acme',
          name: 'Ada Admin',
          email: 'admin@acme.test',
          password: 'correct horse battery',
        }),
      });
      expect(setup.status).toBe(201);

      const [victim] = workerPids(server.output());
      process.kill(victim!, 'SIGKILL');
      await vi.waitFor(
        () => expect(server.output()).toMatch(new RegExp(`worker ${victim} died \\(signal SIGKILL\\)`)),
        UNTIL_UP,
      );
      await vi.waitFor(() => expect(workerPids(server.output())).toHaveLength(expectedWorkers + 1), UNTIL_UP);
      const replacement = workerPids(server.output()).at(-1)!;
      expect(replacement).not.toBe(victim);
      // The replacement serves, and it sees the org set up before the kill.
      await vi.waitFor(
        async () => expect(await getJson(port, '/auth/setup')).toEqual({ needed: false }),
        UNTIL_UP,
      );
      await vi.waitFor(
        () => expect(server.output().match(/Tangram is running at/g)).toHaveLength(expectedWorkers + 1),
        UNTIL_UP,
      );
      expect(server.child.exitCode).toBeNull();

      // SIGTERM: the workers finish and close their database, then everything exits with 0.
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).toMatch(new RegExp(`worker ${replacement} stopped \\(exit code 0\\)`));
      expect(() => process.kill(replacement, 0)).toThrow();
    },
    SLOW,
  );

  it(
    'refuses more than one worker on the embedded database, with a clear message',
    async () => {
      const refused = start({ PORT: String(await freePort()), DATA_DIR: dataDir, WORKERS: '2' });
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toMatch(/WORKERS=2 needs DATABASE_URL/);
      expect(refused.output()).not.toMatch(/started worker/);
    },
    SLOW,
  );
});
