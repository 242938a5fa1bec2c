/**
 * Throwaway PostgreSQL clusters for tests and trials: `initdb` into a temp folder, `pg_ctl start` on
 * a free loopback port, and a streaming replica made with `pg_basebackup -R` (decision 0055). The
 * machine's own server (5432) is never touched.
 *
 *   const skip = clusterToolsMissing();          // a reason, or null when initdb & co. are here
 *   const primary = await startCluster({ replication: true });
 *   const replica = await startReplica(primary);
 *   ...
 *   await replica.destroy(); await primary.destroy();
 *
 * PostgreSQL refuses to run as root: as root, every tool runs as the `postgres` OS user (runuser).
 * The clusters are tuned for speed, not durability (fsync off); a process that exits without
 * `destroy()` still stops them (an exit hook), so no stray postmaster outlives a test run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  appendFileSync,
  readFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** The data folder. */
  dataDir: string;
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication on loopback). */
  url(database?: string): string;
  /** One statement on a short-lived connection. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** `pg_ctl stop`: `fast` (default) or `immediate` (a crash). */
  stop(mode?: 'fast' | 'immediate'): void;
  /** `pg_ctl start` again after `stop`. */
  start(): void;
  /** Stops the cluster (immediate) and deletes its folder. */
  destroy(): void;
}

export interface ClusterOptions {
  /** Allow streaming replication from loopback (wal_level=replica, a pg_hba replication line). */
  replication?: boolean;
  /** Extra postgresql.conf settings. */
  settings?: Record<string, string | number>;
}

const running = new Set<PgCluster>();
let exitHook = false;

/** The folder of initdb, pg_ctl and pg_basebackup: `PG_BINDIR`, `pg_config --bindir`, or Debian's newest. */
export function pgBinDir(): string | null {
  const has = (dir: string) =>
    ['initdb', 'pg_ctl', 'pg_basebackup'].every((t) => existsSync(path.join(dir, t)));
  if (process.env.PG_BINDIR) return has(process.env.PG_BINDIR) ? process.env.PG_BINDIR : null;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (has(dir)) return dir;
  } catch {
    // no pg_config on PATH: look where Debian installs the server
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (has(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
  return null;
}

/** Why throwaway clusters cannot be made here (for `describe.skipIf`), or null when they can. */
export function clusterToolsMissing(): string | null {
  if (!pgBinDir())
    return 'initdb, pg_ctl and pg_basebackup were not found (install the PostgreSQL server package or set PG_BINDIR)';
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root, and there is no `postgres` OS user to run PostgreSQL as';
  return null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a PostgreSQL tool, as `postgres` when we are root; throws with its output on failure. */
function tool(name: string, args: string[]): void {
  const bin = path.join(pgBinDir()!, name);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const res = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0)
    throw new Error(
      `${name} ${args.join(' ')} failed (${res.status ?? res.signal}): ${res.stderr || res.stdout}`,
    );
}

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  return dir;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function confLines(settings: Record<string, string | number>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${v}'`}`)
    .join('\n');
}

function makeCluster(home: string, dataDir: string, port: number): PgCluster {
  const log = path.join(home, `${path.basename(dataDir)}.log`);
  let up = false;
  const cluster: PgCluster = {
    dataDir,
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async query<T>(sql: string, params: unknown[] = [], database = 'postgres') {
      const client = new pg.Client({ connectionString: cluster.url(database) });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    stop(mode = 'fast') {
      if (!up) return;
      tool('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      up = false;
      running.delete(cluster);
    },
    start() {
      if (up) return;
      try {
        tool('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '60', 'start']);
      } catch (err) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
        throw new Error(`${(err as Error).message}\n--- ${log} ---\n${tail}`);
      }
      up = true;
      running.add(cluster);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const c of running) c.stop('immediate');
        });
      }
    },
    destroy() {
      try {
        cluster.stop('immediate');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}

/** A new primary cluster on a free loopback port, started. */
export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  const home = ownedTempDir('tangram-pg-');
  const dataDir = path.join(home, 'primary');
  tool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings: Record<string, string | number> = {
    port,
    listen_addresses: '127.0.0.1',
    // Sockets in our own folder: /var/run/postgresql may not be writable, and must not clash.
    unix_socket_directories: home,
    fsync: 'off',
    full_page_writes: 'off',
    ...(options.replication ? { wal_level: 'replica', max_wal_senders: 4, hot_standby: 'on' } : {}),
    ...options.settings,
  };
  appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${confLines(settings)}\n`);
  if (options.replication)
    appendFileSync(path.join(dataDir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
  const cluster = makeCluster(home, dataDir, port);
  cluster.start();
  return cluster;
}

/**
 * A streaming replica of `primary` (started with `replication: true`): `pg_basebackup -R` writes
 * `standby.signal` and `primary_conninfo`, so it starts as a hot standby that follows the primary.
 */
export async function startReplica(primary: PgCluster): Promise<PgCluster> {
  const home = ownedTempDir('tangram-pg-replica-');
  const dataDir = path.join(home, 'replica');
  tool('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '--checkpoint=fast',
  ]);
  const port = await freePort();
  // Later lines win in postgresql.conf: the copied primary settings get this replica's port and socket.
  appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    `\n${confLines({ port, unix_socket_directories: home, hot_standby: 'on' })}\n`,
  );
  const replica = makeCluster(home, dataDir, port);
  replica.start();
  return replica;
}
