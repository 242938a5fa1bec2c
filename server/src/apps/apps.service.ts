import { randomBytes } from 'node:crypto';
import { fieldRegistry } from '@tangram/fields';
import type { AppDefinition } from '@tangram/schema';
import type { Principal } from '../access';
import { authorize } from '../access';
import { appRoleFor } from '../access/grants';
import type { AppRole } from '@tangram/acl';
import type { Db } from '../db/db';
import { conflict, notFound, unprocessable, validationFailed, withChinese } from '../http/app-error';
import { auditDefinitionChange, type DefinitionAction } from '../audit/audit-events';
import { writeAudit } from '../org/audit-log';
import { previewConversions, type ConversionPreview } from '../storage/conversion-preview';
import { pgMetaStore as meta, type AppRow, type AppSummary } from '../storage/meta-store';
import { applySync, DuplicateValuesError } from '../storage/sync-apply';
import { purgeArchived, type PurgeResult } from '../storage/purge';
import { planSync, type SyncPlan } from '../storage/sync-plan';
import { loadTableState } from '../storage/table-state';
import { checkAppDefinition, checkAppOrgReferences } from './definition-checks';
import { invalidateApp } from './app-cache';

const appResource = (principal: Principal, appId?: string) => ({
  kind: 'app' as const,
  orgId: principal.orgId,
  appId,
});

/**
 * `GET /apps`: the apps the principal can open, each with their role in it (decision 0022: org
 * admins are admins of every app; a member sees the apps whose `access` lists them, as admin or
 * member). An app they cannot open is left out, as `GET /apps/:app` answers 404 for it.
 */
export async function listApps(db: Db, principal: Principal): Promise<(AppSummary & { appRole: AppRole })[]> {
  await authorize(principal, 'read', appResource(principal));
  const rows = await meta.list(db, principal.orgId);
  const out: (AppSummary & { appRole: AppRole })[] = [];
  for (const { access, ...summary } of rows) {
    // The role needs only the app's access; the department tree is read once per request.
    const appRole = await appRoleFor(db, principal, access ? { access } : {});
    if (appRole) out.push({ ...summary, appRole });
  }
  return out;
}

export async function getApp(db: Db, principal: Principal, appId: string): Promise<AppRow> {
  await authorize(principal, 'read', appResource(principal, appId));
  const app = await meta.get(db, principal.orgId, appId);
  if (!app) throw notFound('App');
  return app;
}

/** How a save is audited when it is not a plain create or update (an import, a restore). */
export interface SaveAudit {
  action: DefinitionAction;
  extra?: Record<string, unknown>;
}

/** Creates an app: version 1 of its definition and a table per form, in one transaction. */
export async function createApp(
  db: Db,
  principal: Principal,
  raw: unknown,
  audit: SaveAudit = { action: 'app.create' },
): Promise<AppDefinition> {
  await authorize(principal, 'manage', appResource(principal));
  const withId = isObject(raw) && raw.id === undefined ? { ...raw, id: generateAppId() } : raw;
  const app = { ...checkAppDefinition(withId), version: 1 };
  await checkAppOrgReferences(db, principal.orgId, app);
  return db.transaction(async (tx) => {
    if (await meta.exists(tx, principal.orgId, app.id)) {
      throw conflict('app_exists', `An app with id "${app.id}" already exists.`, [
        { path: '/id', code: 'duplicate_id', message: 'is already used by another app' },
      ]);
    }
    await meta.insert(tx, principal.orgId, app, principal.userId);
    await syncTables(tx, principal.orgId, app, { confirmDataLoss: false });
    await auditDefinitionChange(tx, principal, { ...audit, before: null, after: app });
    return app;
  });
}

export interface UpdateOptions {
  baseVersion: number;
  confirmDataLoss: boolean;
  audit?: SaveAudit;
}

/**
 * Saves a new version of an app and brings its tables in line. A stale `baseVersion` is a 409;
 * a type change that would empty stored values is refused (422 `data_loss`) unless confirmed.
 */
export async function updateApp(
  db: Db,
  principal: Principal,
  appId: string,
  raw: unknown,
  opts: UpdateOptions,
): Promise<AppDefinition> {
  await authorize(principal, 'manage', appResource(principal, appId));
  const submitted = checkAppDefinition(raw);
  await checkAppOrgReferences(db, principal.orgId, submitted);
  if (submitted.id !== appId) {
    throw validationFailed([
      { path: '/app/id', code: 'id_mismatch', message: `must be "${appId}"; an app's id cannot change` },
    ]);
  }
  const saved = await db.transaction(async (tx) => {
    const current = await meta.get(tx, principal.orgId, appId, { forUpdate: true });
    if (!current) throw notFound('App');
    if (current.version !== opts.baseVersion) {
      throw withChinese(
        conflict(
          'stale_version',
          `The app was changed by someone else (now version ${current.version}). Reload it and apply your change again.`,
          { currentVersion: current.version },
        ),
        `应用已被他人修改（现为第 ${current.version} 版），请刷新后重新修改。`,
      );
    }
    const app = { ...submitted, version: current.version + 1 };
    await syncTables(tx, principal.orgId, app, opts);
    await meta.update(tx, principal.orgId, app, principal.userId);
    await auditDefinitionChange(tx, principal, {
      ...(opts.audit ?? { action: 'app.update' }),
      before: { ...current.definition, version: current.version },
      after: app,
    });
    return app;
  });
  invalidateApp(principal.orgId, appId);
  return saved;
}

/** What saving `raw` would do to stored data, without saving it. */
export async function previewAppChange(
  db: Db,
  principal: Principal,
  appId: string,
  raw: unknown,
): Promise<ConversionPreview[]> {
  await authorize(principal, 'manage', appResource(principal, appId));
  const app = checkAppDefinition(raw);
  if (!(await meta.get(db, principal.orgId, appId))) throw notFound('App');
  const plan = planSync(app, await loadTableState(db, principal.orgId, appId), fieldRegistry);
  return previewConversions(db, plan.steps);
}

export async function deleteApp(db: Db, principal: Principal, appId: string): Promise<void> {
  await authorize(principal, 'manage', appResource(principal, appId));
  await db.transaction(async (tx) => {
    if (!(await meta.softDelete(tx, principal.orgId, appId, principal.userId))) throw notFound('App');
    await writeAudit(tx, {
      orgId: principal.orgId,
      actorId: principal.userId,
      action: 'app.delete',
      targetType: 'app',
      targetId: appId,
    });
  });
  invalidateApp(principal.orgId, appId);
}

export async function listVersions(db: Db, principal: Principal, appId: string) {
  await getApp(db, principal, appId);
  return meta.versions(db, principal.orgId, appId);
}

/** One saved version's definition, as it was (the workflow designer shows old versions read-only). */
export async function getVersion(db: Db, principal: Principal, appId: string, version: number) {
  await getApp(db, principal, appId);
  const app =
    Number.isInteger(version) && version > 0 ? await meta.version(db, principal.orgId, appId, version) : null;
  if (!app) throw notFound('Version');
  return { app, version };
}

/** Restores an old version by saving it again as the newest one (history is never rewritten). */
export async function restoreVersion(
  db: Db,
  principal: Principal,
  appId: string,
  version: number,
  confirmDataLoss: boolean,
) {
  const current = await getApp(db, principal, appId);
  const old = await meta.version(db, principal.orgId, appId, version);
  if (!old) throw notFound('Version');
  return updateApp(db, principal, appId, old, {
    baseVersion: current.version,
    confirmDataLoss,
    audit: { action: 'app.restore', extra: { restoredVersion: version } },
  });
}

/** Destroys archived columns and removed forms' tables of an app (after the admin confirmed). */
export async function purgeApp(db: Db, principal: Principal, appId: string): Promise<PurgeResult> {
  await authorize(principal, 'manage', appResource(principal, appId));
  const result = await db.transaction(async (tx) => {
    const current = await meta.get(tx, principal.orgId, appId, { forUpdate: true });
    if (!current) throw notFound('App');
    await tx.query(`SET LOCAL statement_timeout = 0`);
    const purged = await purgeArchived(tx, principal.orgId, current.definition);
    // A new version (same definition) tells every server process to reload the table layout.
    await meta.update(
      tx,
      principal.orgId,
      { ...current.definition, version: current.version + 1 },
      principal.userId,
    );
    await writeAudit(tx, {
      orgId: principal.orgId,
      actorId: principal.userId,
      action: 'app.purge',
      targetType: 'app',
      targetId: appId,
      detail: { ...purged },
    });
    return purged;
  });
  invalidateApp(principal.orgId, appId);
  return result;
}

/** Imports an app file; when its id is taken in this org, the app gets a new id. */
export async function importApp(
  db: Db,
  principal: Principal,
  raw: unknown,
): Promise<{ app: AppDefinition; remapped: boolean }> {
  await authorize(principal, 'manage', appResource(principal));
  const app = checkAppDefinition(raw);
  const remapped = await meta.exists(db, principal.orgId, app.id);
  const created = await createApp(db, principal, remapped ? { ...app, id: generateAppId() } : app, {
    action: 'app.import',
    extra: remapped ? { remappedFrom: app.id } : {},
  });
  return { app: created, remapped };
}

async function syncTables(
  tx: Db,
  orgId: string,
  app: AppDefinition,
  opts: { confirmDataLoss: boolean },
): Promise<void> {
  // Converting or indexing a large table may take longer than a request's statement limit.
  await tx.query(`SET LOCAL statement_timeout = 0`);
  const plan: SyncPlan = planSync(app, await loadTableState(tx, orgId, app.id), fieldRegistry);
  if (plan.unsupported.length) {
    throw unprocessable(
      'unsupported_change',
      'Some field type changes cannot be made on existing fields. Add a new field instead.',
      plan.unsupported.map((u) => ({
        path: `/forms/${u.formId}/fields/${u.fieldId}`,
        code: 'unsupported_change',
        message: `cannot change storage from ${u.from ?? 'none'} to ${u.to ?? 'none'}`,
      })),
    );
  }
  if (!opts.confirmDataLoss) {
    const losses = (await previewConversions(tx, plan.steps)).filter((p) => p.failingCount > 0);
    if (losses.length) {
      throw unprocessable(
        'data_loss',
        'Some stored values would not convert to the new field type and would be emptied. Confirm to proceed.',
        losses,
      );
    }
  }
  await applySync(tx, orgId, app.id, plan.steps).catch((e: unknown) => {
    throw e instanceof DuplicateValuesError ? duplicateValues(app, e) : e;
  });
}

/** A field made unique while live records share values: 409 naming the field by its definition path. */
function duplicateValues(app: AppDefinition, e: DuplicateValuesError) {
  const f = app.forms.findIndex((form) => form.id === e.formId);
  const form = app.forms[f];
  const i = form ? form.fields.findIndex((field) => field.id === e.fieldId) : -1;
  const field = form?.fields[i];
  const label = field ? (field.label.en ?? field.label['zh-CN'] ?? field.id) : e.fieldId;
  const count =
    e.duplicateValues === null
      ? 'some values are'
      : e.duplicateValues === 1
        ? '1 value is'
        : `${e.duplicateValues} values are`;
  return conflict(
    'duplicate_values',
    `${label} cannot be made unique: ${count} used by more than one record. Remove the duplicates first.`,
    [
      {
        path: i >= 0 ? `/forms/${f}/fields/${i}/unique` : `/forms/${e.formId}/fields/${e.fieldId}/unique`,
        code: 'duplicate_values',
        message: `${count} used by more than one record`,
        fieldId: e.fieldId,
        duplicateValues: e.duplicateValues,
      },
    ],
  );
}

function generateAppId(): string {
  return `app_${randomBytes(6).toString('hex')}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
