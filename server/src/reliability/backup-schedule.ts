/**
 * Scheduled backups (decision 0049): with `BACKUP_DIR` and `BACKUP_INTERVAL_HOURS` set, a
 * self-rescheduling job of the scheduler (server/src/workflow/scheduler.ts, one process runs each
 * job) writes `tangram-backup-<UTC time>.tar.gz` into BACKUP_DIR and keeps the newest
 * `BACKUP_KEEP` (default 7) archives of that name, deleting older ones. The job runs inside its
 * transaction, which on PGlite holds the only connection: the running server backs itself up
 * with nothing writing during the copy (the CLI cannot open a folder the server has open).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { enqueueJob, registerJobHandler } from '../workflow/scheduler';
import type { Db } from '../db/db';
import { createBackup } from './backup';

export const BACKUP_JOB = 'backup.scheduled';
const NAME = /^tangram-backup-\d{8}T\d{6}Z\.tar\.gz$/;

export interface BackupSchedule {
  dir: string;
  everyMs: number;
  keep: number;
}

/** Reads the settings (pure); null when scheduled backups are off; throws on a bad value. */
export function backupSchedule(env: NodeJS.ProcessEnv = process.env): BackupSchedule | null {
  const dir = (env.BACKUP_DIR ?? '').trim();
  const hoursText = (env.BACKUP_INTERVAL_HOURS ?? '').trim();
  if (!dir && !hoursText) return null;
  if (!dir || !hoursText)
    throw new Error(
      'Scheduled backups need both BACKUP_DIR and BACKUP_INTERVAL_HOURS (hours between backups).',
    );
  const hours = Number(hoursText);
  if (!Number.isFinite(hours) || hours < 0.25 || hours > 24 * 366)
    throw new Error(
      `BACKUP_INTERVAL_HOURS must be a number of hours from 0.25 to 8784, got ${JSON.stringify(hoursText)}`,
    );
  const keepText = (env.BACKUP_KEEP ?? '7').trim();
  const keep = Number(keepText);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000)
    throw new Error(`BACKUP_KEEP must be a whole number from 1 to 1000, got ${JSON.stringify(keepText)}`);
  return { dir: path.resolve(dir), everyMs: Math.round(hours * 3_600_000), keep };
}

/** `tangram-backup-20261206T011300Z.tar.gz`: sorts by time as text. */
export function backupName(now: Date): string {
  return `tangram-backup-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.tar.gz`;
}

/** The archives to delete (pure): all of ours but the newest `keep`; other files are never touched. */
export function archivesToPrune(names: readonly string[], keep: number): string[] {
  const ours = names.filter((n) => NAME.test(n)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}

registerJobHandler(BACKUP_JOB, async (tx, _job, deps, now) => {
  const schedule = backupSchedule();
  if (!schedule) return; // switched off since: the chain ends
  await mkdir(schedule.dir, { recursive: true });
  const place = { dataDir: deps.config.dataDir, databaseUrl: deps.config.databaseUrl };
  await createBackup(tx, place, path.join(schedule.dir, backupName(now)), { holding: true });
  for (const name of archivesToPrune(await readdir(schedule.dir), schedule.keep))
    await rm(path.join(schedule.dir, name), { force: true });
  await enqueueJob(tx, {
    orgId: null,
    kind: BACKUP_JOB,
    runAt: new Date(now.getTime() + schedule.everyMs),
    dedupeKey: BACKUP_JOB,
  });
});

/** Queues the first scheduled backup (once across processes: the dedupe key) when switched on. */
export async function startBackupSchedule(db: Db, now = new Date()): Promise<BackupSchedule | null> {
  const schedule = backupSchedule();
  if (!schedule) return null;
  await db.transaction((tx) =>
    enqueueJob(tx, {
      orgId: null,
      kind: BACKUP_JOB,
      runAt: new Date(now.getTime() + schedule.everyMs),
      dedupeKey: BACKUP_JOB,
    }),
  );
  return schedule;
}
