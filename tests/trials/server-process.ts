/**
 * The real server (`tsx src/main.ts`: the supervisor and its worker) as a child process, for tests
 * and trials that need whole processes: several servers on one database (tests/api/
 * several-processes.test.ts), PostgreSQL stopped under load (tests/trials/pg-stop.ts). Each runs in
 * its own process group, so `kill()` takes the worker down with the supervisor.
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
  output = '';
  /** Workers the supervisor started (its "started worker <pid>" lines; `output` keeps only the tail). */
  workerStarts = 0;
  exited: Promise<number | null> = Promise.resolve(null);
  readonly base: string;

  /** `env` adds to (and overrides) this process's environment; PORT is chosen by the caller. */
  constructor(
    private readonly env: Record<string, string>,
    port: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.env = { ...env, PORT: String(port), HOST: '127.0.0.1' };
  }

  start(): void {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env };
    if (!this.env.DATABASE_URL) delete env.DATABASE_URL;
    if (!this.env.WORKERS) delete env.WORKERS;
    const child = spawn(tsx, ['src/main.ts'], { cwd: serverDir, env, detached: true });
    child.stdout?.on('data', (c: Buffer) => this.keep(c));
    child.stderr?.on('data', (c: Buffer) => this.keep(c));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.child = child;
  }

  private keep(chunk: Buffer): void {
    this.workerStarts += (chunk.toString().match(/started worker \d+/g) ?? []).length;
    this.output = (this.output + chunk.toString()).slice(-20_000);
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls /api/v1/health until it answers 200 (the worker listens and reaches its database). */
  async waitUp(timeoutMs = 180_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${this.base}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > until) throw new Error(`server not up after ${timeoutMs} ms:\n${this.output}`);
      if (!this.running) throw new Error(`server exited:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** SIGTERM and wait (killed after 30 s). */
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
