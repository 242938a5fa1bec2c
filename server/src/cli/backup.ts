/**
 * `pnpm --filter @tangram/server backup <archive.tar.gz>`
 *
 * Backs up the instance the server's settings name (`DATABASE_URL`, else `DATA_DIR/pglite`, plus
 * `DATA_DIR/files`) into one archive (decision 0049, server/src/reliability/backup.ts). PostgreSQL
 * is read through pg_dump's consistent snapshot while the server runs; PGlite needs the server
 * stopped (one process per folder; a running server backs itself up with BACKUP_INTERVAL_HOURS).
 * Exit code 0 on success, 2 on bad arguments or errors.
 */
import { loadConfig } from '../config';
import { openDb } from '../db/open-db';
import { createBackup } from '../reliability/backup';

export const BACKUP_USAGE = 'usage: backup <archive.tar.gz>';

/** The archive path from the command line (pure); throws the usage on anything else. */
export function parseArchiveArg(argv: readonly string[], usage: string): string {
  const args = argv.filter((a) => a !== '--');
  if (args.length !== 1 || args[0]!.startsWith('-')) throw new Error(usage);
  return args[0]!;
}

async function main(): Promise<number> {
  let archive: string;
  try {
    archive = parseArchiveArg(process.argv.slice(2), BACKUP_USAGE);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const manifest = await createBackup(
      db,
      { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
      archive,
    );
    console.log(
      `Backed up ${db.description} and ${config.dataDir}/files to ${archive} (${manifest.kind}, ${manifest.migrations.length} migrations).`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

// Run only as a command, not when a test imports the functions above.
if (process.argv[1] && /cli[\\/]backup\.[tj]s$/.test(process.argv[1]))
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
