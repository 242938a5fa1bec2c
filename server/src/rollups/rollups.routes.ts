import { requirePrincipal } from '../access';
import type { RouteModule } from '../http/route-module';
import { listRollups, rebuildFormRollups } from './rollups.service';

/**
 * Rollups (decision 0053): `GET /apps/:app/forms/:form/rollups`,
 * `POST /apps/:app/forms/:form/rollups/rebuild`.
 */
export const rollupRoutes: RouteModule = (router, { db }) => {
  router.get('/apps/:app/forms/:form/rollups', async (req, res) => {
    res.json(await listRollups(db, requirePrincipal(req), req.params.app, req.params.form));
  });

  router.post('/apps/:app/forms/:form/rollups/rebuild', async (req, res) => {
    res.json(await rebuildFormRollups(db, requirePrincipal(req), req.params.app, req.params.form));
  });
};
