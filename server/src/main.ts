import { createApp } from './app';
import { loadConfig } from './config';
import { openDb } from './db/open-db';
import { runMigrations } from './db/migrations/run-migrations';
import { startScheduler, workflowDeps } from './workflow/index';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await runMigrations(db);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);

  const app = createApp({ db, config });
  // Workflow reminders/timeouts, notification emails and session cleanup (every process may poll).
  const stopScheduler = startScheduler(workflowDeps({ db, config }));
  const server = app.listen(config.port, config.host, () => {
    // db.description never includes a password (see describeUrl).
    console.log(`Tangram is running at http://${config.host}:${config.port} (database: ${db.description})`);
  });
  // Bound slow clients: headers within 20 s, whole request within 60 s; keep-alive shorter than
  // typical proxies' idle timeout.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down...`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await stopScheduler();
      await db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('Tangram failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
