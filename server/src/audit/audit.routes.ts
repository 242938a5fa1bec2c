import { requirePrincipal } from '../access/authenticate';
import { authorize } from '../access/authorize';
import type { RouteModule } from '../http/route-module';
import { parseAuditQuery } from './audit-query';
import { listAudit } from './audit.service';

/** `GET /admin/audit`: the org's audit log for its admins, filtered and keyset-paged (docs/api.md). */
export const auditRoutes: RouteModule = (router, { db, config }) => {
  router.get('/admin/audit', async (req, res) => {
    const principal = requirePrincipal(req);
    await authorize(principal, 'manage', { kind: 'org', orgId: principal.orgId });
    const filter = parseAuditQuery(req.query as Record<string, unknown>);
    res.json({ ...(await listAudit(db, principal, filter)), retentionDays: config.auditRetentionDays });
  });
};
