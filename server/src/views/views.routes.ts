import type { Request } from 'express';
import { requirePrincipal } from '../access';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import type { FormRef } from '../records/records.service';
import { createViewBody, updateViewBody } from './views.schemas';
import { createView, deleteView, listViews, updateView, type ViewConfig } from './views.service';

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const BASE = '/apps/:app/forms/:form/views';

/** Saved data views: `GET|POST …/views`, `PATCH|DELETE …/views/:view` (docs/api.md). */
export const viewRoutes: RouteModule = (router, { db }) => {
  router.get(BASE, async (req, res) => {
    res.json({ items: await listViews(db, requirePrincipal(req), formRef(req)) });
  });

  router.post(BASE, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ name: string; shared?: boolean; config: ViewConfig }>(createViewBody, req.body);
    res.status(201).json({ view: await createView(db, principal, formRef(req), body) });
  });

  router.patch(`${BASE}/:view`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ name?: string; config?: ViewConfig }>(updateViewBody, req.body);
    res.json({ view: await updateView(db, principal, formRef(req), req.params.view, body) });
  });

  router.delete(`${BASE}/:view`, async (req, res) => {
    await deleteView(db, requirePrincipal(req), formRef(req), req.params.view);
    res.status(204).end();
  });
};
