import { requirePrincipal } from '../access';
import type { RouteModule } from '../http/route-module';
import { dashboardData } from './reports.service';

/** `POST /apps/:app/dashboards/:dashboard/data` (docs/api.md, Reports). */
export const reportRoutes: RouteModule = (router, { db }) => {
  router.post('/apps/:app/dashboards/:dashboard/data', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(await dashboardData(db, principal, req.params.app, req.params.dashboard, req.body));
  });
};
