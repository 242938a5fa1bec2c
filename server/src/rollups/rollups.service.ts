/**
 * Rollups through the API (decision 0053): which rollups a form should keep (derived from the
 * app's dashboards) next to the ones it has, and the rebuild that builds them. App admins only:
 * a rebuild locks the form's table against writes while it runs.
 */
import type { Principal } from '../access';
import { appRoleFor } from '../access/grants';
import { loadForm } from '../apps/app-cache';
import type { Db } from '../db/db';
import { forbidden, notFound } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import { deriveRollups, specKey } from './spec';
import { rebuildRollups, rollupsOf, fingerprintOf } from './store';

async function openAsAdmin(db: Db, principal: Principal, appId: string, formId: string) {
  const ctx = await loadForm(db, principal.orgId, appId, formId).catch(() => null);
  if (!ctx) throw notFound('Form');
  const role = await appRoleFor(db, principal, ctx.app);
  if (role === null) throw notFound('App');
  if (role !== 'admin')
    throw forbidden("Only the app's administrators may manage its rollups.", 'not_app_admin');
  return ctx;
}

/** `GET …/forms/:form/rollups`: the derived specs, and the built rollups with whether each is current. */
export async function listRollups(db: Db, principal: Principal, appId: string, formId: string) {
  const ctx = await openAsAdmin(db, principal, appId, formId);
  const wanted = deriveRollups(ctx.app, ctx.form);
  const built = await rollupsOf(db, ctx);
  const builtKeys = new Set(built.map((b) => specKey(b.spec)));
  return {
    wanted: wanted.map((spec) => ({ spec, built: builtKeys.has(specKey(spec)) })),
    built: built.map((b) => ({
      id: b.id,
      spec: b.spec,
      records: b.records,
      cells: b.cells,
      builtAt: b.builtAt,
      current: b.fingerprint === fingerprintOf(ctx, b.spec),
    })),
  };
}

/** `POST …/forms/:form/rollups/rebuild`: replaces the form's rollups with the derived ones, rebuilt. */
export async function rebuildFormRollups(db: Db, principal: Principal, appId: string, formId: string) {
  const ctx = await openAsAdmin(db, principal, appId, formId);
  const specs = deriveRollups(ctx.app, ctx.form);
  const started = Date.now();
  const results = await rebuildRollups(db, ctx, specs);
  await writeAudit(db, {
    orgId: principal.orgId,
    actorId: principal.userId,
    action: 'rollups.rebuild',
    targetType: 'form',
    targetId: formId,
    detail: { appId, rollups: results.filter((r) => r.id).length, records: results[0]?.records ?? 0 },
  });
  return { rollups: results, ms: Date.now() - started };
}
