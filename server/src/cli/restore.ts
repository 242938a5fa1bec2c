/**
 * `pnpm --filter @tangram/server restore <archive.tar.gz>`
 *
 * Restores a backup made by `backup` into the empty instance the server's settings name
 * (`DATABASE_URL`: an empty database; else `DATA_DIR`: no `pglite` or `files` content), then
 * applies the migrations this server has that the backup did not (decision 0049). Refuses a
 * non-empty target and a backup of the other database kind, changing nothing. Stop the server
 * first. Exit code 0 on success, 2 on bad arguments or errors.
 */
import { loadConfig } from '../config';
import { runMigrations } from '../db/migrations/run-migrations';
import { openDb } from '../db/open-db';
import { restoreBackup } from '../reliability/backup';
import { parseArchiveArg } from './backup';

const USAGE = 'usage: restore <archive.tar.gz>';

async function main(): Promise<number> {
  let archive: string;
  try {
    archive = parseArchiveArg(process.argv.slice(2), USAGE);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const config = loadConfig();
  const place = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
  const open = () => openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const manifest = await restoreBackup(archive, place, open);
  const db = await open();
  try {
    const applied = await runMigrations(db);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orgs`);
    console.log(
      `Restored the ${manifest.kind} backup of ${manifest.createdAt} into ${db.description}: ${rows[0]!.n} organization(s)` +
        (applied.length ? `, then applied ${applied.join(', ')}.` : '.'),
    );
    return 0;
  } finally {
    await db.close();
  }
}

if (process.argv[1] && /cli[\\/]restore\.[tj]s$/.test(process.argv[1]))
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
