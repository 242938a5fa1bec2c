import type { Request } from 'express';
import { requirePrincipal } from '../access';
import type { RouteModule } from '../http/route-module';
import { listAggregates, readBalances, rebuild } from './aggregates.service';

const KEY_PREFIX = 'k.';

/** `k.<keyId>=value` query parameters as key filters. */
function keyFilters(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query))
    if (name.startsWith(KEY_PREFIX) && typeof value === 'string') out[name.slice(KEY_PREFIX.length)] = value;
  return out;
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Aggregate tables (decision 0028): `GET /apps/:app/aggregates`,
 * `GET /apps/:app/aggregates/:aggregate/balances`, `POST /apps/:app/aggregates/:aggregate/rebuild`.
 */
export const aggregateRoutes: RouteModule = (router, { db }) => {
  router.get('/apps/:app/aggregates', async (req, res) => {
    res.json({ items: await listAggregates(db, requirePrincipal(req), req.params.app) });
  });

  router.get('/apps/:app/aggregates/:aggregate/balances', async (req, res) => {
    const principal = requirePrincipal(req);
    const q = {
      limit: text(req.query.limit),
      cursor: text(req.query.cursor),
      keys: keyFilters(req),
    };
    res.json(await readBalances(db, principal, req.params.app, req.params.aggregate, q));
  });

  router.post('/apps/:app/aggregates/:aggregate/rebuild', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(await rebuild(db, principal, req.params.app, req.params.aggregate, req.body));
  });
};
