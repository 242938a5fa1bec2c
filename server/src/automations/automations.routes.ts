/**
 * Automation routes (decision 0029). Managing (list, switch on/off, runs, retry, test run) needs
 * `manage` on the app; pressing a button needs only to see the record.
 *
 *   GET  /apps/:app/automations                          automations with their on/off state, owner, last run
 *   PUT  /apps/:app/automations/:automation/enabled      { enabled } (switching on makes you the owner)
 *   GET  /apps/:app/automations/:automation/runs         newest first, ?limit=&cursor= (keyset)
 *   POST /apps/:app/automations/:automation/test-run     { recordId? } -> what would be written
 *   POST /apps/:app/automations/:automation/press        { recordId } -> the button's run
 *   GET  /automation-runs/:run                           one run
 *   POST /automation-runs/:run/retry                     a failed run again
 */
import type { Request } from 'express';
import { requirePrincipal, type Principal } from '../access';
import { authorize } from '../access/authorize';
import { loadApp } from '../apps/app-cache';
import type { Db } from '../db/db';
import { badRequest, notFound, validationFailed } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { decodeCursor, encodeCursor, parseLimit } from '../workflow/paging';
import { createAutomationEngine } from './engine';
import { getRun, lastRuns, listRuns, setEnabled, settingsOf, type RunRow } from './run-store';

const queryText = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest('invalid_query', `Query parameter ${name} must appear once.`);
  return v;
};

/** The body's `recordId`: an id string, or absent when `optional`. */
function recordIdOf(body: unknown, required: boolean): string | null {
  const value = (body as { recordId?: unknown } | undefined)?.recordId;
  if (value === undefined || value === null) {
    if (!required) return null;
    throw validationFailed(
      [{ path: '/recordId', code: 'required', message: 'is required' }],
      'recordId is required.',
    );
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 200)
    throw validationFailed(
      [{ path: '/recordId', code: 'type', message: 'must be a record id (1-200 characters)' }],
      'recordId must be a record id.',
    );
  return value;
}

async function automationOf(
  req: Request<{ app: string; automation: string }>,
  deps: { db: Db },
  principal: Principal,
) {
  const appId = req.params.app;
  await authorize(principal, 'manage', { kind: 'app', orgId: principal.orgId, appId });
  const app = (await loadApp(deps.db, principal.orgId, appId)).definition;
  const automation = (app.automations ?? []).find((a) => a.id === req.params.automation);
  if (!automation) throw notFound('Automation', 'automation_not_found');
  return { appId, automation };
}

const runAnswer = (run: RunRow) => ({ run });

export const automationRoutes: RouteModule = (router, deps) => {
  const engine = createAutomationEngine(deps);

  router.get('/apps/:app/automations', async (req, res) => {
    const principal = requirePrincipal(req);
    const appId = req.params.app;
    await authorize(principal, 'manage', { kind: 'app', orgId: principal.orgId, appId });
    const app = (await loadApp(deps.db, principal.orgId, appId)).definition;
    const settings = await settingsOf(deps.db, principal.orgId, appId);
    const last = await lastRuns(
      deps.db,
      principal.orgId,
      appId,
      (app.automations ?? []).map((a) => a.id),
    );
    res.json({
      automations: (app.automations ?? []).map((a) => ({
        id: a.id,
        name: a.name,
        trigger: a.trigger.type,
        enabled: settings.get(a.id)?.enabled ?? a.enabled ?? true,
        ownerId: settings.get(a.id)?.ownerId ?? null,
        lastRun: last.get(a.id) ?? null,
      })),
    });
  });

  router.put('/apps/:app/automations/:automation/enabled', async (req, res) => {
    const principal = requirePrincipal(req);
    const { appId, automation } = await automationOf(req, deps, principal);
    const enabled = (req.body as { enabled?: unknown } | undefined)?.enabled;
    if (typeof enabled !== 'boolean')
      throw validationFailed(
        [{ path: '/enabled', code: 'type', message: 'must be true or false' }],
        'enabled must be true or false.',
      );
    const key = { orgId: principal.orgId, appId, automationId: automation.id };
    await setEnabled(deps.db, key, enabled, principal.userId, new Date());
    const setting = (await settingsOf(deps.db, principal.orgId, appId)).get(automation.id);
    res.json({ id: automation.id, enabled, ownerId: setting?.ownerId ?? null });
  });

  router.get('/apps/:app/automations/:automation/runs', async (req, res) => {
    const principal = requirePrincipal(req);
    const { appId, automation } = await automationOf(req, deps, principal);
    const limit = parseLimit(queryText(req, 'limit'));
    const cursor = decodeCursor(queryText(req, 'cursor'));
    const key = { orgId: principal.orgId, appId, automationId: automation.id };
    const rows = await listRuns(
      deps.db,
      key,
      limit + 1,
      cursor ? { startedAt: cursor.at, id: cursor.id } : undefined,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    res.json({
      runs: page,
      nextCursor: rows.length > limit && last ? encodeCursor(last.startedAt, last.id) : null,
    });
  });

  router.post('/apps/:app/automations/:automation/test-run', async (req, res) => {
    const principal = requirePrincipal(req);
    const recordId = recordIdOf(req.body, false);
    res.json(await engine.testRun(principal, req.params.app, req.params.automation, recordId));
  });

  router.post('/apps/:app/automations/:automation/press', async (req, res) => {
    const principal = requirePrincipal(req);
    const recordId = recordIdOf(req.body, true)!;
    const { eventId, run } = await engine.pressButton(
      principal,
      req.params.app,
      req.params.automation,
      recordId,
    );
    // 202 when the press waits behind an older event of the record (the worker runs it in order).
    res.status(run ? 200 : 202).json({ eventId, run });
  });

  router.get('/automation-runs/:run', async (req, res) => {
    const principal = requirePrincipal(req);
    const run = await getRun(deps.db, principal.orgId, req.params.run);
    if (!run) throw notFound('Run', 'run_not_found');
    await authorize(principal, 'manage', { kind: 'app', orgId: principal.orgId, appId: run.appId });
    res.json(runAnswer(run));
  });

  router.post('/automation-runs/:run/retry', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(runAnswer(await engine.retry(principal, req.params.run)));
  });
};
