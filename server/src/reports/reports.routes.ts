import type { Request, Response } from 'express';
import { requirePrincipal } from '../access';
import { readingPrincipal } from '../access/view-as';
import { auditExport, clientOf } from '../audit/audit-events';
import { AppError, badRequest } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { dashboardData, oneWidgetData, pointRecordsFilter, previewWidgetData } from './reports.service';
import { contentDisposition, exportFileName, widgetWorkbook, type Locale } from './widget-export';

const localeOf = (req: Request): Locale =>
  req.acceptsLanguages('zh-CN', 'zh', 'en') === 'en' ? 'en' : 'zh-CN';

/** Reports (docs/api.md, Reports; decision 0010). */
export const reportRoutes: RouteModule = (router, { db }) => {
  router.post('/apps/:app/dashboards/:dashboard/data', async (req, res) => {
    // Answers as the viewed user for an admin's ?viewAs= (access/view-as.ts).
    const principal = await readingPrincipal(db, req);
    res.json(
      await dashboardData(db, principal, req.params.app, req.params.dashboard, req.body, localeOf(req)),
    );
  });

  router.post('/apps/:app/widget-data', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(await previewWidgetData(db, principal, req.params.app, req.body, localeOf(req)));
  });

  router.post('/apps/:app/dashboards/:dashboard/widgets/:widget/records-filter', async (req, res) => {
    const principal = await readingPrincipal(db, req);
    res.json(
      await pointRecordsFilter(
        db,
        principal,
        req.params.app,
        req.params.dashboard,
        req.params.widget,
        req.body,
      ),
    );
  });

  // GET exports without filters; POST carries { filterState?, drill? } like the data endpoint.
  const exportWidget = async (req: Request, res: Response, body: unknown) => {
    const principal = requirePrincipal(req);
    const format = req.query.format ?? 'xlsx';
    if (format !== 'xlsx') throw badRequest('unsupported_format', 'format must be xlsx');
    const { loaded, widget, data } = await oneWidgetData(
      db,
      principal,
      String(req.params.app),
      String(req.params.dashboard),
      String(req.params.widget),
      body,
      'export',
      localeOf(req),
    );
    // The widget's error keeps only its code: a refused export action answers 403 like the records API.
    if ('error' in data)
      throw new AppError(
        data.error.code === 'form_not_readable' ? 403 : 400,
        data.error.code,
        data.error.message,
        data.error.details,
      );
    const locale = localeOf(req);
    const file = await widgetWorkbook(loaded.app, widget, data, locale);
    const where = { appId: String(req.params.app), dashboardId: String(req.params.dashboard) };
    const narrowed = isObject(body) ? Object.keys(body).filter((k) => body[k] !== undefined) : [];
    await auditExport(
      db,
      principal,
      {
        action: 'widget.export',
        targetType: 'widget',
        targetId: widget.id,
        format,
        rows: data.rows.length,
        detail: { ...where, ...(narrowed.length ? { narrowedBy: narrowed } : {}) },
      },
      clientOf(req),
    );
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', contentDisposition(exportFileName(widget, locale)));
    res.setHeader('Cache-Control', 'no-store');
    res.send(file);
  };
  router.get('/apps/:app/dashboards/:dashboard/widgets/:widget/export', (req, res) =>
    exportWidget(req, res, {}),
  );
  router.post('/apps/:app/dashboards/:dashboard/widgets/:widget/export', (req, res) =>
    exportWidget(req, res, req.body),
  );
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
