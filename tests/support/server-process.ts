/**
 * The real server (`tsx src/main.ts`: the supervisor and its workers) as a child process, for the
 * tests, trials and benchmarks that need whole processes: the supervisor replacing a killed worker
 * (tests/api/supervisor.test.ts), automations across kill -9 (tests/api/automations-crash.test.ts),
 * several servers on one database (tests/api/several-processes.test.ts), the crash trial and
 * PostgreSQL stopped under load (tests/trials/), the multi-process benchmarks (bench/src/load and
 * automations). Each runs in its own process group, so `kill()` takes the workers down with the
 * supervisor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverDir = path.join(root, 'server');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/**
 * A free port below the kernel's ephemeral range (32768+), which other test servers draw from
 * with `listen(0)`: a port probed there could be taken between the probe and the server's bind.
 * A supervised server needs a fixed port anyway: a replacement worker comes back on the same one.
 */
export async function freePort(): Promise<number> {
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

export class ServerProcess {
  child: ChildProcess | null = null;
  /** What the supervisor and its workers printed (the last 20,000 characters). */
  output = '';
  /**
   * The supervisor's and workers' notable lines, counted over the whole run (`output` keeps only
   * the tail): the pids of the workers it started, its "worker <pid> died (…)" lines, and the
   * workers' "Tangram is running at" lines (one per worker listening).
   */
  workerPids: number[] = [];
  deaths: string[] = [];
  listening = 0;
  exited: Promise<number | null> = Promise.resolve(null);
  readonly base: string;
  private partial = '';

  /** `env` adds to (and overrides) this process's environment; PORT is chosen by the caller. */
  constructor(
    private readonly env: Record<string, string>,
    readonly port: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.env = { ...env, PORT: String(port), HOST: '127.0.0.1' };
  }

  /** Workers the supervisor started so far. */
  get workerStarts(): number {
    return this.workerPids.length;
  }

  start(): void {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env };
    if (!this.env.DATABASE_URL) delete env.DATABASE_URL;
    if (!this.env.WORKERS) delete env.WORKERS;
    this.partial = '';
    const child = spawn(tsx, ['src/main.ts'], { cwd: serverDir, env, detached: true });
    child.stdout?.on('data', (c: Buffer) => this.keep(c));
    child.stderr?.on('data', (c: Buffer) => this.keep(c));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.child = child;
  }

  private keep(chunk: Buffer): void {
    const text = chunk.toString();
    this.output = (this.output + text).slice(-20_000);
    // Whole lines only: a line can arrive split over two chunks.
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      const started = /started worker (\d+)/.exec(line);
      if (started) this.workerPids.push(Number(started[1]));
      if (/worker \d+ died \(/.test(line)) this.deaths.push(line);
      if (line.includes('Tangram is running at')) this.listening++;
    }
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls /api/v1/health until it answers 200 (a worker listens and reaches its database). */
  async waitUp(timeoutMs = 180_000): Promise<void> {
    await this.until('up', timeoutMs, async () => {
      try {
        return (await fetch(`${this.base}/api/v1/health`, { signal: AbortSignal.timeout(5_000) })).ok;
      } catch {
        return false; // not up yet
      }
    });
  }

  /** Waits until `workers` workers have said they listen (after `waitUp`, the others may still start). */
  async waitListening(workers: number, timeoutMs = 180_000): Promise<void> {
    await this.until(`listening on ${workers} workers`, timeoutMs, async () => this.listening >= workers);
  }

  private async until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (await check()) return;
      if (Date.now() > until) throw new Error(`server not ${what} after ${timeoutMs} ms:\n${this.output}`);
      if (!this.running) throw new Error(`server exited:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** SIGTERM and wait (killed after 30 s): the workers close the database cleanly first. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL to the whole process group. */
  kill(): void {
    if (this.child?.pid && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
