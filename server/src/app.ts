import express, { type Express } from 'express';
import { authenticate } from './access/authenticate';
import type { Config } from './config';
import type { Db } from './db/db';
import { apiNotFound, errorHandler } from './http/error-handler';
import { jsonBody } from './http/json-body';
import { requestId } from './http/request-id';
import { assertParamKinds, guardParams, guardQuery } from './http/request-guard';
import type { RouteModule } from './http/route-module';
import { routeModules } from './routes';
import { securityHeaders } from './http/security-headers';
import { mountStatic } from './static';
import { rollupRecordHooks } from './rollups/record-hooks';
import { createHookRegistry } from './records/kernel/hooks';
import { createWritePipeline, type WritePipeline } from './records/kernel/write-pipeline';
import { automationsHearCreated } from './automations/created-audience';
import { workflowRecordHooks } from './workflow/record-hooks';
import { aggregateRecordHooks } from './aggregates/record-hooks';
import { statisticsRefresher, type StatisticsRefresher } from './db/statistics';
import { indexDemand } from './storage/index-demand';
import { requestMemo } from './db/request-memo';
import { readRoutingScope } from './db/read-routing';

export interface CreateAppOptions {
  db: Db;
  config: Config;
  /** Route modules to mount under /api/v1; defaults to `routeModules` from routes.ts. */
  routes?: RouteModule[];
  /** Serve the built web apps (off in API tests). */
  serveStatic?: boolean;
}

/**
 * The records kernel's write door with every feature's record hooks, in the order they run
 * (decision 0023). Features register here; the records module imports none of them.
 */
export function createRecordWrites(statistics?: StatisticsRefresher): WritePipeline {
  const hooks = createHookRegistry();
  hooks.register('workflow', workflowRecordHooks);
  // After the workflow: balances see the status of an approval a create or edit just started.
  hooks.register('aggregates', aggregateRecordHooks);
  // After the workflow too: rollup cells see the status an approval just started (decision 0053).
  hooks.register('rollups', rollupRecordHooks);
  // Automations are what reads the records in `record.created` events (decision 0066).
  hooks.register('automations', { readsCreatedRecords: (w) => automationsHearCreated(w.tx, w.form) });
  // Big writes refresh the planner's statistics later, outside the transaction (decision 0050).
  if (statistics)
    hooks.register('statistics', {
      afterWrite(w, change) {
        statistics.noteChanges(w.form.table.table, change.kind === 'create' ? change.records.length : 1);
        return Promise.resolve();
      },
    });
  return createWritePipeline(hooks);
}

/** Builds the express app: headers, request id, JSON parsing, session auth, the API, static files. */
/** `POST /apps/:app/forms/:form/imports`: a spreadsheet upload (imports/), not JSON. */
const IMPORT_UPLOAD = /^\/apps\/[^/]+\/forms\/[^/]+\/imports$/;

export function createApp({
  db,
  config,
  routes = routeModules,
  serveStatic = true,
}: CreateAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Query strings are parsed flat (`?a[b]=1` stays a key): no nested objects from URLs.
  app.set('query parser', 'simple');
  app.use(requestId, securityHeaders);

  const api = express.Router({ caseSensitive: true, strict: false });
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // File uploads are multipart and streamed by their own route (files/, imports/), not parsed as JSON;
  // incoming webhooks parse their body with a smaller limit of their own (automations/webhooks).
  const jsonParser = jsonBody({ limit: config.bodyLimit });
  api.use((req, res, next) =>
    req.method === 'POST' &&
    (req.path === '/files' || req.path.startsWith('/hooks/') || IMPORT_UPLOAD.test(req.path))
      ? next()
      : jsonParser(req, res, next),
  );
  // Look-ups a request repeats (app version, org time zone) run once per request (decision 0050).
  api.use(requestMemo);
  // Path parameters and query strings are checked once for every route (http/request-guard.ts).
  api.use(guardQuery);
  guardParams(api);
  api.use(authenticate({ db, apiKeyRequestsPerMinute: config.apiKeyRequestsPerMinute }));
  // With a read replica: the signed-in user's writes hold their list reads on the primary (0055).
  api.use(readRoutingScope(db));
  api.get('/health', async (_req, res) => {
    await db.query('SELECT 1');
    res.json({ ok: true });
  });
  const writes = createRecordWrites(statisticsRefresher(db, config.statistics));
  // Sort indexes are built when reads first need them, on this root handle (decision 0052).
  indexDemand(db);
  for (const register of routes) register(api, { db, config, writes });
  assertParamKinds(api);
  api.use(apiNotFound);
  app.use('/api/v1', api);
  app.use('/api', apiNotFound);

  if (serveStatic) mountStatic(app);
  app.use(errorHandler);
  return app;
}
