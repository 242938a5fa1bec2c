/**
 * The production start (`tsx src/main.ts`, what `pnpm start` runs) keeps its worker alive: a worker
 * killed with SIGKILL is replaced, the replacement reopens the same database (PGlite's folder, or
 * the PostgreSQL database), and SIGTERM stops everything cleanly. With TANGRAM_TEST_DB=postgres it
 * runs two workers and kills one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { ServerProcess, freePort } from '../support/server-process';
import { ADMIN_URL, adminQuery } from './helpers/db-template';

const onPostgres = process.env.TANGRAM_TEST_DB === 'postgres';

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
  let running: ServerProcess | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-supervisor-'));
    if (onPostgres) {
      database = `tangram_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${database}`);
    }
  });
  afterAll(async () => {
    running?.kill();
    if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'replaces a worker killed with SIGKILL; the replacement reopens the same data',
    async () => {
      const port = await freePort();
      const env: Record<string, string> = { DATA_DIR: dataDir };
      if (database) {
        const url = new URL(ADMIN_URL);
        url.pathname = `/${database}`;
        env.DATABASE_URL = url.toString();
        env.WORKERS = '2';
      }
      const expectedWorkers = database ? 2 : 1;
      const server = (running = new ServerProcess(env, port));
      server.start();
      // What the supervisor and its workers printed is the first thing to read when this fails.
      onTestFailed(() => console.error(`server output:\n${server.output}`));
      await vi.waitFor(() => getJson(port, '/health'), UNTIL_UP);
      await vi.waitFor(() => expect(server.workerPids).toHaveLength(expectedWorkers), UNTIL_UP);

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

      const [victim] = server.workerPids;
      process.kill(victim!, 'SIGKILL');
      await vi.waitFor(
        () =>
          expect(server.deaths.join('\n')).toMatch(new RegExp(`worker ${victim} died \\(signal SIGKILL\\)`)),
        UNTIL_UP,
      );
      await vi.waitFor(() => expect(server.workerPids).toHaveLength(expectedWorkers + 1), UNTIL_UP);
      const replacement = server.workerPids.at(-1)!;
      expect(replacement).not.toBe(victim);
      // The replacement serves, and it sees the org set up before the kill.
      await vi.waitFor(
        async () => expect(await getJson(port, '/auth/setup')).toEqual({ needed: false }),
        UNTIL_UP,
      );
      await vi.waitFor(() => expect(server.listening).toBe(expectedWorkers + 1), UNTIL_UP);
      expect(server.running).toBe(true);

      // SIGTERM: the workers finish and close their database, then everything exits with 0.
      server.child!.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output).toMatch(new RegExp(`worker ${replacement} stopped \\(exit code 0\\)`));
      expect(() => process.kill(replacement, 0)).toThrow();
    },
    SLOW,
  );

  it(
    'refuses more than one worker on the embedded database, with a clear message',
    async () => {
      const refused = new ServerProcess({ DATA_DIR: dataDir, WORKERS: '2' }, await freePort());
      refused.start();
      expect(await refused.exited).toBe(1);
      expect(refused.output).toMatch(/WORKERS=2 needs DATABASE_URL/);
      expect(refused.workerPids).toEqual([]);
    },
    SLOW,
  );
});
