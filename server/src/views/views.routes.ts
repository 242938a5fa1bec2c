import type { Request } from 'express';
import type { Filter } from '@tangram/schema';
import { requirePrincipal } from '../access';
import { readingPrincipal } from '../access/view-as';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import type { FormRef } from '../records/records.service';
import { withRelationDisplay, requestLocale } from '../records/relation-display';
import { openReader } from '../records/kernel/reader';
import { calendarEvents, ganttBars, gridGroups, kanbanColumns } from './view-data';
import {
  calendarEventsBody,
  createViewBody,
  ganttBarsBody,
  gridGroupsBody,
  kanbanColumnsBody,
  updateViewBody,
  viewOrderBody,
} from './views.schemas';
import {
  createView,
  deleteView,
  listViews,
  reorderViews,
  updateView,
  type ViewConfig,
} from './views.service';

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const BASE = '/apps/:app/forms/:form/views';

/**
 * Saved data views: `GET|POST …/views`, `PATCH|DELETE …/views/:view` (docs/api.md), and the reads
 * the kanban and calendar kinds need beyond `records/query` (decision 0039).
 */
export const viewRoutes: RouteModule = (router, { db }) => {
  router.post(`${BASE}/kanban/columns`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const body = validate<{ groupField: string; sumField?: string; filter?: Filter }>(
      kanbanColumnsBody,
      req.body,
    );
    res.json(await kanbanColumns(db, principal, formRef(req), body));
  });

  router.post(`${BASE}/grid/groups`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const body = validate<Parameters<typeof gridGroups>[3]>(gridGroupsBody, req.body);
    res.json(await gridGroups(db, principal, formRef(req), body));
  });

  router.post(`${BASE}/calendar/events`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const body = validate<Parameters<typeof calendarEvents>[3]>(calendarEventsBody, req.body);
    const page = await calendarEvents(db, principal, formRef(req), body);
    // Events name linked records like any list does (decision 0035).
    const items = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      page.items,
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    res.json({ ...page, items });
  });

  router.post(`${BASE}/gantt/bars`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const body = validate<Parameters<typeof ganttBars>[3]>(ganttBarsBody, req.body);
    const page = await ganttBars(db, principal, formRef(req), body);
    // Bars name linked records (predecessors among them) like any list does (decision 0035).
    const items = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      page.items,
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    res.json({ ...page, items });
  });

  router.get(BASE, async (req, res) => {
    res.json({ items: await listViews(db, requirePrincipal(req), formRef(req)) });
  });

  router.post(BASE, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ name: string; shared?: boolean; config: ViewConfig }>(createViewBody, req.body);
    res.status(201).json({ view: await createView(db, principal, formRef(req), body) });
  });

  // The studio's order of the shared views (decision 0056); `manage` on the form.
  router.put(`${BASE}/order`, async (req, res) => {
    const principal = requirePrincipal(req);
    const { ids } = validate<{ ids: string[] }>(viewOrderBody, req.body);
    res.json({ items: await reorderViews(db, principal, formRef(req), ids) });
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
