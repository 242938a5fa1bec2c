import { requirePrincipal } from '../access';
import { readingPrincipal } from '../access/view-as';
import { auditExport, clientOf } from '../audit/audit-events';
import { notFound } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate, versionNumberSchema } from '../http/validate';
import { refuseUnenforcedGroups } from './definition-checks';
import { definedFields, definitionAsSeen, grantSummary } from './player-grants';
import {
  createApp,
  deleteApp,
  getApp,
  getVersion,
  importApp,
  listApps,
  listVersions,
  previewAppChange,
  purgeApp,
  restoreVersion,
  updateApp,
} from './apps.service';

const updateBody = {
  type: 'object',
  properties: {
    app: { type: 'object' },
    baseVersion: versionNumberSchema,
    confirmDataLoss: { type: 'boolean' },
  },
  required: ['app', 'baseVersion'],
  additionalProperties: false,
} as const;

const previewBody = {
  type: 'object',
  properties: { app: { type: 'object' } },
  required: ['app'],
  additionalProperties: false,
} as const;

const restoreBody = {
  type: 'object',
  properties: { version: versionNumberSchema, confirmDataLoss: { type: 'boolean' } },
  required: ['version'],
  additionalProperties: false,
} as const;

const importBody = {
  type: 'object',
  properties: { tangramApp: { const: 1 }, app: { type: 'object' } },
  required: ['tangramApp', 'app'],
  additionalProperties: false,
} as const;

/** `/apps/*`: app definitions, versions, export and import (docs/api.md). */
export const appRoutes: RouteModule = (router, { db, config }) => {
  router.get('/apps', async (req, res) => {
    res.json({ items: await listApps(db, requirePrincipal(req)) });
  });

  router.post('/apps', async (req, res) => {
    refuseUnenforcedGroups(req.body, config.permissionGroups);
    const app = await createApp(db, requirePrincipal(req), req.body);
    res.status(201).json({ app, version: app.version });
  });

  router.post('/apps/import', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ tangramApp: 1; app: unknown }>(importBody, req.body);
    refuseUnenforcedGroups(body.app, config.permissionGroups);
    const { app, remapped } = await importApp(db, principal, body.app);
    res.status(201).json({ app, version: app.version, remapped });
  });

  router.get('/apps/:app', async (req, res) => {
    // `?viewAs=` (admins): the player's app as that user gets it (decision 0026).
    const principal = await readingPrincipal(db, req);
    const row = await getApp(db, principal, req.params.app);
    const me = await grantSummary(db, principal, row.definition);
    // Not a member: the app is hidden from them, like its records and dashboards.
    if (me.appRole === null) throw notFound('App');
    const defined = await definedFields(db, principal, row.definition);
    res.json({ app: definitionAsSeen(row.definition, me, defined), version: row.version, me });
  });

  router.put('/apps/:app', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ app: unknown; baseVersion: number; confirmDataLoss?: boolean }>(
      updateBody,
      req.body,
    );
    refuseUnenforcedGroups(body.app, config.permissionGroups);
    const app = await updateApp(db, principal, req.params.app, body.app, {
      baseVersion: body.baseVersion,
      confirmDataLoss: body.confirmDataLoss ?? false,
    });
    res.json({ app, version: app.version });
  });

  router.post('/apps/:app/preview-change', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ app: unknown }>(previewBody, req.body);
    res.json({ conversions: await previewAppChange(db, principal, req.params.app, body.app) });
  });

  router.delete('/apps/:app', async (req, res) => {
    await deleteApp(db, requirePrincipal(req), req.params.app);
    res.status(204).end();
  });

  router.post('/apps/:app/purge', async (req, res) => {
    res.json(await purgeApp(db, requirePrincipal(req), req.params.app));
  });

  router.get('/apps/:app/versions', async (req, res) => {
    res.json({ items: await listVersions(db, requirePrincipal(req), req.params.app) });
  });

  router.get('/apps/:app/versions/:version', async (req, res) => {
    res.json(await getVersion(db, requirePrincipal(req), req.params.app, Number(req.params.version)));
  });

  router.post('/apps/:app/restore', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ version: number; confirmDataLoss?: boolean }>(restoreBody, req.body);
    const app = await restoreVersion(
      db,
      principal,
      req.params.app,
      body.version,
      body.confirmDataLoss ?? false,
    );
    res.json({ app, version: app.version });
  });

  router.get('/apps/:app/export', async (req, res) => {
    const principal = requirePrincipal(req);
    const row = await getApp(db, principal, req.params.app);
    const { version: _version, ...app } = row.definition;
    const audit = { format: 'json', detail: { version: row.version } };
    await auditExport(
      db,
      principal,
      { action: 'app.export', targetType: 'app', targetId: row.id, ...audit },
      clientOf(req),
    );
    res.setHeader('Content-Disposition', `attachment; filename="${row.id}.tangram.json"`);
    res.json({ tangramApp: 1, app });
  });
};
