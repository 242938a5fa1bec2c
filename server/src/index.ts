// Public entry of @tangram/server for tests and tools (the process entry is main.ts).
export { createApp, type CreateAppOptions } from './app';
export { defaultConfig, loadConfig, type Config } from './config';
export * from './db/index';
export type { RouteDeps, RouteModule } from './http/route-module';
export { PARAM_KINDS, listRoutes, routeParamNames, type ParamKind } from './http/request-guard';
export { createOrgWithAdmin } from './auth/setup.service';
export { ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, LOCKOUT_SECONDS } from './auth/login-throttle';
export {
  enqueueJob,
  registerJobHandler,
  runDueJobs,
  startScheduler,
  workflowDeps,
  type WorkflowDeps,
} from './workflow/index';
export { AUDIT_RETENTION_JOB, AUDIT_RETENTION_BATCH } from './audit/audit-retention';
export {
  pruneOldDeliveries,
  runDueDeliveries,
  startWebhookWorker,
  type DeliveryRound,
} from './automations/webhooks/delivery-worker';
export { signWebhook, verifyWebhook } from './automations/webhooks/signature';
export type { Resolver, ResolvedAddress } from './automations/http/resolve-target';
export { createAutomationEngine, type AutomationEngine, type AutomationDeps } from './automations/engine';
export { runAutomationRound, pruneAutomations, startAutomationWorker } from './automations/worker';
export { formatReport, parseRebuildArgs, rebuildOne, rebuildTargets } from './cli/rebuild-aggregates';
export { BackupError, createBackup, restoreBackup, type BackupManifest } from './reliability/backup';
export {
  archivesToPrune,
  backupName,
  backupSchedule,
  startBackupSchedule,
} from './reliability/backup-schedule';
export { createRecordWrites } from './app';
export { indexDemand, type IndexDemand } from './storage/index-demand';
export { solveProof } from './public-forms/bot-check';
export { routeModules } from './routes';
export { rollupProbe, rebuildDerivedRollups } from './rollups/probe';
export { templateRoutes, templateRoutesFor } from './templates/templates.routes';
export { createImportRunner, runClaimedJob } from './imports/job-runner';
export { claimJob } from './imports/job-store';
