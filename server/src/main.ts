import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createApp, createRecordWrites } from './app';
import { statisticsRefresher } from './db/statistics';
import { loadConfig } from './config';
import { openDb } from './db/open-db';
import { runMigrations } from './db/migrations/run-migrations';
import { superviseWorkers, supervisorSettings } from './supervisor';
import { startScheduler, workflowDeps } from './workflow/index';
import { startWebhookWorker } from './automations/webhooks/delivery-worker';
import { startAutomationWorker } from './automations/worker';
import { startImportWorker } from './imports/job-runner';
import { startBackupSchedule } from './reliability/backup-schedule';

/** One worker: opens the database, migrates, serves HTTP and polls the scheduler. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    // Lag-tolerant reads on a streaming replica (decision 0055).
    readDatabaseUrl: config.readDatabaseUrl,
    readRouting: { maxLagMs: config.readReplicaMaxLagMs },
  });
  const applied = await runMigrations(db);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);

  const app = createApp({ db, config });
  // Workflow reminders/timeouts, notification emails and session cleanup (every process may poll).
  // The scheduler's automatic actions (timeouts) change statuses through the same hooks as requests.
  const stopScheduler = startScheduler(workflowDeps({ db, config, writes: createRecordWrites() }));
  // Outgoing webhook calls queued by automations, sent after their commit (decision 0030).
  const stopWebhooks = startWebhookWorker({ db, config }, config.automationIntervalMs);
  // Automations: outbox events -> runs, schedule ticks, pruning (decision 0029).
  const stopAutomations = startAutomationWorker({
    db,
    config,
    writes: createRecordWrites(statisticsRefresher(db, config.statistics)),
  });
  // Record imports: resumes jobs whose worker died (decision 0040).
  const stopImports = startImportWorker({
    db,
    config,
    writes: createRecordWrites(statisticsRefresher(db, config.statistics)),
  });
  // Scheduled backups with retention (BACKUP_DIR, BACKUP_INTERVAL_HOURS, BACKUP_KEEP; decision 0049).
  await startBackupSchedule(db);
  const server = app.listen(config.port, config.host, () => {
    // db.description never includes a password (see describeUrl).
    // The bound port, not the configured one: PORT=0 asks for any free port (tests, side-by-side runs).
    const { port } = server.address() as AddressInfo;
    console.log(`Tangram is running at http://${config.host}:${port} (database: ${db.description})`);
  });
  // A port in use or a refused address: say so and stop (the supervisor does not retry a failed start).
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`Tangram could not listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
    process.exit(1);
  });
  // Bound slow clients: headers within 20 s, whole request within 60 s; keep-alive shorter than
  // typical proxies' idle timeout.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  const shutdown = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}, shutting down...`);
    const force = setTimeout(() => process.exit(exitCode || 1), 10_000);
    force.unref();
    server.close(() => {
      // The database closes last, so a restarted worker finds PGlite's folder closed cleanly.
      Promise.all([stopScheduler(), stopWebhooks(), stopAutomations(), stopImports()])
        .then(() => db.close())
        .catch((err: unknown) => console.error('Shutdown failed:', err instanceof Error ? err.message : err))
        .finally(() => process.exit(exitCode));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT received', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM received', 0));
  // Request errors end in the error handler; what escapes is a bug. A stray rejection is logged and
  // the worker keeps serving. After an uncaught exception the process state is unknown: finish what
  // is in flight and exit; the supervisor starts a fresh worker.
  process.on('unhandledRejection', (reason: unknown) => {
    console.error(
      '[unhandled rejection]',
      reason instanceof Error ? (reason.stack ?? reason.message) : reason,
    );
  });
  process.on('uncaughtException', (err: Error) => {
    console.error('[uncaught exception]', err.stack ?? err.message);
    shutdown('Uncaught exception', 1);
  });
}

/** `pnpm start` runs a supervisor (the cluster primary) that keeps `WORKERS` worker processes alive. */
function supervise(): void {
  try {
    superviseWorkers(supervisorSettings());
  } catch (err) {
    console.error('Tangram failed to start:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

if (cluster.isPrimary) supervise();
else
  main().catch((err: unknown) => {
    console.error('Tangram failed to start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
