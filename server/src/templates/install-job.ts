/**
 * The install job (decision 0043): roles, apps, views, then sample data, for a package and the
 * packages it requires, with progress in `template_installs`. Apps are created through the apps
 * service (validated, upgraded, tables synced, audited) and records through the write door, so an
 * installed template is an ordinary app. A failure deletes what this job created (apps, roles)
 * and marks the install failed with the error: no half app stays behind.
 */
import { randomBytes } from 'node:crypto';
import {
  assignAppIds,
  rewriteDefinition,
  rewriteView,
  type SampleData,
  type TemplatePackage,
} from '@tangram/templates';
import type { AppDefinition } from '@tangram/schema';
import type { Principal } from '../access';
import { createApp, deleteApp } from '../apps/apps.service';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import { createRole, deleteRole } from '../org/roles.service';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { createView } from '../views/views.service';
import type { ViewConfig } from '../views/views.service';
import type { WorkflowDeps } from '../workflow/deps';
import { installStore, type InstallRow, type SampleRefs } from './install-store';
import { ensureSampleUsers, writeSampleRecords, type SampleTarget } from './sample-writer';

export interface InstallPlan {
  /** The row the caller watches (the package asked for); progress is kept there. */
  mainId: string;
  /** Packages in install order with their rows; requirements first. */
  steps: { pkg: TemplatePackage; rowId: string; sample: SampleData | null }[];
  roleMap: Record<string, string>;
  locale: 'zh-CN' | 'en';
  /** Ids from packages installed earlier: cross-app references and shared roles resolve to them. */
  installedAppIds: Record<string, string>;
  installedRoleIds: Record<string, string>;
  /** Sample records and users written by earlier installs (a CRM lead names a master customer). */
  installedSampleRefs: SampleRefs;
}

export interface JobDeps {
  db: Db;
  writes: WritePipeline;
  workflow: WorkflowDeps;
}

/** Runs a planned install to its end; never throws (the outcome is in the rows). */
export async function runInstallJob(deps: JobDeps, principal: Principal, plan: InstallPlan): Promise<void> {
  const { db } = deps;
  const orgId = principal.orgId;
  const createdApps: string[] = [];
  const createdRoles: string[] = [];
  const appIds = { ...plan.installedAppIds };
  const roleIds = { ...plan.installedRoleIds, ...plan.roleMap };
  const samples = plan.steps.reduce(
    (n, s) => n + (s.sample?.batches.reduce((m, b) => m + b.records.length, 0) ?? 0),
    0,
  );
  const total = plan.steps.reduce((n, s) => n + s.pkg.apps.length, 0) + samples;
  let done = 0;
  const progress = (step: string, packageKey: string) =>
    installStore.update(db, orgId, plan.mainId, { progress: { step, packageKey, done, total } });

  try {
    for (const { pkg, rowId } of plan.steps) {
      await progress('roles', pkg.key);
      const created = await ensureRoles(db, principal, pkg, roleIds, plan.locale);
      createdRoles.push(...created);
      const own = assignAppIds(
        pkg.apps.map((a) => a.id),
        await takenAppIds(db, orgId),
        () => `app_${randomBytes(6).toString('hex')}`,
      );
      Object.assign(appIds, own);
      const definitions: Record<string, AppDefinition> = {};
      for (const app of pkg.apps) {
        await progress('apps', pkg.key);
        const saved = await createApp(
          db,
          principal,
          rewriteDefinition(app, { apps: appIds, roles: roleIds }),
          {
            action: 'app.create',
            extra: { template: pkg.key, templateVersion: pkg.version },
          },
        );
        createdApps.push(saved.id);
        definitions[saved.id] = saved;
        done++;
      }
      for (const view of pkg.views ?? []) {
        const v = rewriteView(view, { apps: appIds, roles: roleIds });
        await createView(
          db,
          principal,
          { appId: v.app, formId: v.form },
          {
            // Named in both languages, as the template's forms and fields are: each reader sees
            // the view in their own (`names`); the installer's language is the plain name.
            name: v.name[plan.locale],
            shared: true,
            config: { ...(v.config as unknown as ViewConfig), names: { ...v.name } },
          },
        );
      }
      const packageRoles = Object.fromEntries(pkg.roles.map((r) => [r.key, roleIds[r.key]!]));
      await installStore.update(db, orgId, rowId, {
        appIds: own,
        roleIds: packageRoles,
        createdRoleIds: created,
        definitions,
      });
    }

    const target: SampleTarget = {
      db,
      writes: deps.writes,
      workflow: deps.workflow,
      principal,
      locale: plan.locale,
      appIds,
      roleIds,
      refs: new Map(Object.entries(plan.installedSampleRefs.refs ?? {})),
      users: new Map(Object.entries(plan.installedSampleRefs.users ?? {})),
      progress: async () => {},
    };
    for (const { pkg, sample, rowId } of plan.steps) {
      if (!sample) continue;
      await progress('users', pkg.key);
      await ensureSampleUsers(target, sample);
      const before = done;
      target.progress = async (written) => {
        done = before + written;
        await progress('records', pkg.key);
      };
      await writeSampleRecords(target, sample);
      await installStore.update(db, orgId, rowId, {
        sampleRefs: { refs: Object.fromEntries(target.refs), users: Object.fromEntries(target.users) },
      });
    }

    done = total;
    await progress('done', plan.steps.at(-1)!.pkg.key);
    for (const { rowId } of plan.steps) await installStore.finish(db, orgId, rowId, { status: 'done' });
    await writeAudit(db, {
      orgId,
      actorId: principal.userId,
      action: 'template.install',
      targetType: 'template',
      targetId: plan.steps.at(-1)!.pkg.key,
      detail: {
        packages: plan.steps.map((s) => ({ key: s.pkg.key, version: s.pkg.version })),
        sample: plan.steps.some((s) => s.sample),
        appIds: createdApps,
        createdRoleIds: createdRoles,
      },
    });
  } catch (error) {
    await cleanUp(db, principal, createdApps, createdRoles);
    const failure = describe(error);
    for (const { rowId } of plan.steps)
      await installStore.finish(db, orgId, rowId, { status: 'failed', error: failure });
    await writeAudit(db, {
      orgId,
      actorId: principal.userId,
      action: 'template.install_failed',
      targetType: 'template',
      targetId: plan.steps.at(-1)!.pkg.key,
      detail: { error: failure, removedAppIds: createdApps, removedRoleIds: createdRoles },
    }).catch(() => {});
  }
}

/**
 * The package's roles: mapped by the admin, installed earlier, an org role of the same name, or
 * created now (those are returned, so a failed install removes them again).
 */
async function ensureRoles(
  db: Db,
  principal: Principal,
  pkg: TemplatePackage,
  roleIds: Record<string, string>,
  locale: 'zh-CN' | 'en',
): Promise<string[]> {
  const created: string[] = [];
  for (const role of pkg.roles) {
    if (roleIds[role.key]) continue;
    const name = role.name[locale];
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM roles WHERE org_id = $1 AND lower(name) = lower($2)`,
      [principal.orgId, name],
    );
    if (rows[0]) {
      roleIds[role.key] = rows[0].id;
      continue;
    }
    const made = await createRole(db, principal, name);
    roleIds[role.key] = made.id;
    created.push(made.id);
  }
  return created;
}

/** Every app id the org used (deleted apps too: their ids are never reused). */
async function takenAppIds(db: Db, orgId: string): Promise<(id: string) => boolean> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM apps WHERE org_id = $1`, [orgId]);
  const taken = new Set(rows.map((r) => r.id));
  return (id) => taken.has(id);
}

/** Removes what a failed (or abandoned) install created; each removal is audited by its service. */
export async function cleanUp(
  db: Db,
  principal: Principal,
  appIds: string[],
  roleIds: string[],
): Promise<void> {
  for (const id of [...appIds].reverse()) await deleteApp(db, principal, id).catch(() => {});
  for (const id of roleIds) await deleteRole(db, principal, id).catch(() => {});
}

function describe(error: unknown): NonNullable<InstallRow['error']> {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  return { code: 'install_failed', message: error instanceof Error ? error.message : String(error) };
}
