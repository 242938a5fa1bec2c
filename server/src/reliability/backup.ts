/**
 * Backup and restore of a whole instance (decision 0049): the database and the uploaded files
 * (`DATA_DIR/files`) in one gzipped tar archive (node-tar).
 *
 *   manifest.json          { format, kind, createdAt, migrations }
 *   database/postgres.dump  pg_dump --format=custom (PostgreSQL)
 *   database/pglite/        the PGlite data folder (PGlite)
 *   files/                  DATA_DIR/files as it was
 *
 * - PostgreSQL: `pg_dump`, which reads one consistent snapshot (a REPEATABLE READ transaction) while
 *   the server keeps running. Restore runs `pg_restore --single-transaction` into an empty database.
 * - PGlite: the data folder is copied while this process holds the database's only connection
 *   (every query goes through one mutex), so no write is in flight: the copy is what a kill -9 at
 *   that instant would leave, which PGlite recovers on open. A running server backs itself up this
 *   way (the scheduled job); the CLI on PGlite needs the server stopped, the folder allows one process.
 * - The database is copied before the files: a file is stored before the row naming it, so every
 *   file the backup's rows name is in the archive (a later upload may be there too, unnamed).
 * - Restore refuses a non-empty target (a database with tables, a PGlite folder or a files folder
 *   with content) and a backup of the other database kind, before it writes anything.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import type { Db } from '../db/db';

const run = promisify(execFile);
export const BACKUP_FORMAT = 1;
const MANIFEST = 'manifest.json';

export interface BackupManifest {
  format: number;
  kind: 'pglite' | 'postgres';
  createdAt: string;
  /** Applied migrations at backup time: a restore into a newer server migrates forward. */
  migrations: string[];
}

export interface InstancePlace {
  /** DATA_DIR: holds `pglite/` (embedded database) and `files/` (uploads). */
  dataDir: string;
  /** Set for PostgreSQL. */
  databaseUrl?: string;
}

export class BackupError extends Error {}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** pg_dump/pg_restore, with a clear message when the client tools are missing. */
async function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT')
      throw new BackupError(
        `${tool} was not found: install the PostgreSQL client tools of the server's major version (apt-get install postgresql-client).`,
      );
    throw new BackupError(`${tool} failed: ${(err.stderr ?? err.message).trim().slice(0, 2000)}`);
  }
}

/**
 * Writes the archive. `db` is the instance's open database: for PGlite the folder is copied
 * under its mutex; for PostgreSQL it only reads the migrations (pg_dump takes its own snapshot).
 */
export async function createBackup(
  db: Db,
  place: InstancePlace,
  archive: string,
  /** `db` is a transaction handle the caller holds (a scheduled job): PGlite is copied directly. */
  options: { holding?: boolean } = {},
): Promise<BackupManifest> {
  const staging = await mkdtemp(path.join(tmpdir(), 'tangram-backup-'));
  try {
    await mkdir(path.join(staging, 'database'));
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM schema_migrations ORDER BY id`);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      kind: db.kind === 'postgres' ? 'postgres' : 'pglite',
      createdAt: new Date().toISOString(),
      migrations: rows.map((r) => r.id),
    };
    if (manifest.kind === 'postgres') {
      if (!place.databaseUrl) throw new BackupError('A PostgreSQL backup needs DATABASE_URL.');
      await pgTool('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${path.join(staging, 'database', 'postgres.dump')}`,
        `--dbname=${place.databaseUrl}`,
      ]);
    } else {
      const folder = path.resolve(place.dataDir, 'pglite');
      // Holding the transaction holds the only connection: nothing writes while the folder is copied.
      const copy = () => cp(folder, path.join(staging, 'database', 'pglite'), { recursive: true });
      if (options.holding) await copy();
      else await db.transaction(copy);
    }
    const files = path.resolve(place.dataDir, 'files');
    if (await exists(files)) await cp(files, path.join(staging, 'files'), { recursive: true });
    else await mkdir(path.join(staging, 'files'));
    await writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    await mkdir(path.dirname(path.resolve(archive)), { recursive: true });
    // Written under a temporary name and renamed: a crash never leaves a half archive under the real name.
    const partial = `${path.resolve(archive)}.partial`;
    await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, [MANIFEST, 'database', 'files']);
    await rename(partial, path.resolve(archive));
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Reads and checks the manifest of an extracted archive. */
async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError('This is not a Tangram backup: manifest.json is missing or unreadable.');
  }
  if (manifest.format !== BACKUP_FORMAT || (manifest.kind !== 'pglite' && manifest.kind !== 'postgres'))
    throw new BackupError(
      `Unsupported backup format ${JSON.stringify(manifest.format)} / kind ${JSON.stringify(manifest.kind)}.`,
    );
  return manifest;
}

/** The reasons the target is not an empty instance (none = empty). */
export async function targetProblems(place: InstancePlace, openTarget: () => Promise<Db>): Promise<string[]> {
  const problems: string[] = [];
  if (place.databaseUrl) {
    const db = await openTarget();
    try {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
      );
      if (rows[0]!.n > 0) problems.push(`the database already has ${rows[0]!.n} table(s)`);
    } finally {
      await db.close();
    }
  } else if (!(await isEmptyDir(path.resolve(place.dataDir, 'pglite'))))
    problems.push(`${path.resolve(place.dataDir, 'pglite')} is not empty`);
  if (!(await isEmptyDir(path.resolve(place.dataDir, 'files'))))
    problems.push(`${path.resolve(place.dataDir, 'files')} is not empty`);
  return problems;
}

/**
 * Restores an archive into an empty instance. `openTarget` opens the target database (PostgreSQL:
 * to check that it is empty). Throws BackupError, having written nothing, when the archive is not
 * a backup, is of the other database kind, or the target is not empty.
 */
export async function restoreBackup(
  archive: string,
  place: InstancePlace,
  openTarget: () => Promise<Db>,
): Promise<BackupManifest> {
  if (!(await exists(archive))) throw new BackupError(`${archive} does not exist.`);
  const staging = await mkdtemp(path.join(tmpdir(), 'tangram-restore-'));
  try {
    try {
      // node-tar strips absolute paths and refuses entries that climb out with "..".
      await tar.x({ file: archive, cwd: staging, strict: true });
    } catch (e) {
      throw new BackupError(`${archive} is not a readable backup archive: ${(e as Error).message}`);
    }
    const manifest = await readManifest(staging);
    const targetKind = place.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.kind !== targetKind)
      throw new BackupError(
        `This backup is of a ${manifest.kind} instance and the target is ${targetKind}: restore it into the same kind of database.`,
      );
    const problems = await targetProblems(place, openTarget);
    if (problems.length)
      throw new BackupError(
        `Restore needs an empty instance, and ${problems.join('; ')}. Nothing was changed.`,
      );
    if (manifest.kind === 'postgres') {
      await pgTool('pg_restore', [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${place.databaseUrl!}`,
        path.join(staging, 'database', 'postgres.dump'),
      ]);
    } else {
      await cp(path.join(staging, 'database', 'pglite'), path.resolve(place.dataDir, 'pglite'), {
        recursive: true,
      });
    }
    if (await exists(path.join(staging, 'files')))
      await cp(path.join(staging, 'files'), path.resolve(place.dataDir, 'files'), { recursive: true });
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
