/**
 * `/templates`: the gallery list, installs (a job with progress) and upgrades by three-way merge
 * (decision 0043). Only org admins install or upgrade; any signed-in user may list the gallery.
 */
import {
  countSampleRecords,
  installOrder,
  mergeApp,
  rewriteDefinition,
  sampleSeed,
  seededRandom,
  type MergeChoice,
  type MergeConflict,
  type TemplatePackage,
  type TemplateRegistry,
} from '@tangram/templates';
import type { AppDefinition } from '@tangram/schema';
import type { Principal } from '../access';
import { checkAppDefinition } from '../apps/definition-checks';
import { createApp, getApp, updateApp } from '../apps/apps.service';
import { conflict, forbidden, notFound, unprocessable } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import { assertInOrg } from '../org/references';
import { createRole } from '../org/roles.service';
import { cleanUp, runInstallJob, type InstallPlan, type JobDeps } from './install-job';
import { installStore, type InstallRow } from './install-store';

/** The most sample records one install may write (bounds the job's time and the database's growth). */
export const MAX_SAMPLE_RECORDS = 20_000;

export interface TemplateServices extends JobDeps {
  registry: TemplateRegistry;
  /** The sample year's last day (tests fix it). */
  today(): string;
}

export interface InstallBody {
  sample: boolean;
  roleMap?: Record<string, string>;
  locale?: 'zh-CN' | 'en';
}

const adminOnly = (principal: Principal) => {
  if (!principal.isAdmin)
    throw forbidden('Only organisation admins can install or upgrade templates.', 'admin_only');
};

function listedPackage(registry: TemplateRegistry, key: string): TemplatePackage {
  const pkg = registry.get(key);
  if (!pkg || !pkg.listed) throw notFound('Template', 'template_not_found');
  return pkg;
}

/** What the gallery shows of an install (the definitions stay on the server). */
export function installView(row: InstallRow) {
  const { definitions: _d, createdRoleIds: _c, sampleRefs: _s, ...rest } = row;
  return rest;
}

/** `GET /templates`: the listed packages, each with its installed version when installed. */
export async function listTemplates(s: TemplateServices, principal: Principal) {
  const live = new Map((await installStore.live(s.db, principal.orgId)).map((r) => [r.packageKey, r]));
  return s.registry
    .list()
    .filter((p) => p.listed)
    .map((p) => {
      const row = live.get(p.key);
      return {
        key: p.key,
        version: p.version,
        name: p.name,
        description: p.description,
        icon: p.icon,
        screenshotUrl: p.screenshot ? `/api/v1/templates/${encodeURIComponent(p.key)}/screenshot` : null,
        requires: p.requires,
        roles: p.roles.map((r) => ({ key: r.key, name: r.name })),
        hasSample: !!p.sample,
        installed: row
          ? { installId: row.id, version: row.version, status: row.status, appIds: Object.values(row.appIds) }
          : null,
      };
    });
}

/**
 * `POST /templates/:key/install`: plans the install (requirements first, once), checks the role
 * map and the sample's size, records the running install and starts the job. Answers the install
 * to watch (`GET /templates/installs/:id`).
 */
export async function startInstall(
  s: TemplateServices,
  principal: Principal,
  key: string,
  body: InstallBody,
) {
  adminOnly(principal);
  const pkg = listedPackage(s.registry, key);
  const orgId = principal.orgId;
  await abandonStale(s, principal);
  const live = await installStore.live(s.db, orgId);
  const mine = live.find((r) => r.packageKey === key);
  if (mine) {
    throw conflict(
      'template_installed',
      `The template "${key}" is already installed (version ${mine.version}).`,
      {
        installId: mine.id,
        status: mine.status,
        installedVersion: mine.version,
        version: pkg.version,
        upgradeAvailable: mine.status === 'done' && mine.version !== pkg.version,
      },
    );
  }
  if (live.some((r) => r.status === 'running'))
    throw conflict('install_running', 'Another template is being installed. Wait until it finishes.');
  const order = installOrder(s.registry, key, new Set(live.map((r) => r.packageKey))).map((k) =>
    s.registry.get(k)!,
  );
  const roleMap = body.roleMap ?? {};
  const known = new Set(order.flatMap((p) => p.roles.map((r) => r.key)));
  const unknown = Object.keys(roleMap).filter((k) => !known.has(k));
  if (unknown.length)
    throw unprocessable(
      'unknown_template_role',
      `The template has no role "${unknown[0]}".`,
      unknown.map((k) => ({
        path: `/roleMap/${k}`,
        code: 'unknown_template_role',
        message: 'is not a role of this template',
      })),
    );
  await assertInOrg(s.db, 'roles', orgId, Object.values(roleMap), '/roleMap');
  const locale = body.locale ?? 'en';
  const steps = order.map((p) => ({
    pkg: p,
    sample:
      body.sample && p.sample
        ? p.sample({ random: seededRandom(sampleSeed(p.key)), today: s.today(), locale })
        : null,
  }));
  const records = steps.reduce((n, x) => n + (x.sample ? countSampleRecords(x.sample) : 0), 0);
  if (records > MAX_SAMPLE_RECORDS)
    throw unprocessable(
      'sample_too_large',
      `The sample data has ${records} records; at most ${MAX_SAMPLE_RECORDS} are installed.`,
    );

  const rowIds = await s.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const step of steps)
      ids.push(
        await installStore.start(tx, orgId, {
          packageKey: step.pkg.key,
          version: step.pkg.version,
          sample: body.sample,
          actorId: principal.userId,
        }),
      );
    return ids;
  });
  const plan: InstallPlan = {
    mainId: rowIds.at(-1)!,
    steps: steps.map((x, i) => ({ ...x, rowId: rowIds[i]! })),
    roleMap,
    locale,
    installedAppIds: Object.assign({}, ...live.map((r) => r.appIds)),
    installedRoleIds: Object.assign({}, ...live.map((r) => r.roleIds)),
    installedSampleRefs: {
      refs: Object.assign({}, ...live.map((r) => r.sampleRefs.refs ?? {})),
      users: Object.assign({}, ...live.map((r) => r.sampleRefs.users ?? {})),
    },
  };
  // The job outlives the request; its progress and outcome are in the install rows.
  void runInstallJob(s, principal, plan).catch((e: unknown) => {
    // Only the bookkeeping of a failure can land here (the database went away mid-job).
    console.error('template install bookkeeping failed', e);
  });
  return installView((await installStore.get(s.db, orgId, plan.mainId))!);
}

/** `GET /templates/installs/:id`. */
export async function getInstall(s: TemplateServices, principal: Principal, id: string) {
  adminOnly(principal);
  const row = await installStore.get(s.db, principal.orgId, id);
  if (!row) throw notFound('Install');
  return installView(row);
}

/** A running install nobody touched for long belongs to a process that died: remove its apps, mark it failed. */
async function abandonStale(s: TemplateServices, principal: Principal) {
  for (const row of await installStore.stale(s.db, principal.orgId)) {
    await cleanUp(s.db, principal, Object.values(row.appIds), row.createdRoleIds);
    await installStore.finish(s.db, principal.orgId, row.id, {
      status: 'failed',
      error: {
        code: 'install_abandoned',
        message: 'The server stopped while installing; what it created was removed.',
      },
    });
  }
}

export interface UpgradeApp {
  appId: string;
  templateAppId: string;
  /** `merged`: an installed app merged three ways; `added`: an app new in this version. */
  kind: 'merged' | 'added';
  currentVersion: number | null;
  base: AppDefinition | null;
  ours: AppDefinition | null;
  theirs: AppDefinition;
  merged: AppDefinition;
  conflicts: MergeConflict[];
}

/**
 * The upgrade of an installed package to the registry's version: for each app, the three-way merge
 * of the installed template version (base), the new one (theirs) and the admin's app (ours),
 * conflicts settled by `choices` (per app, by path).
 */
async function planUpgrade(
  s: TemplateServices,
  principal: Principal,
  key: string,
  choices: Record<string, Record<string, MergeChoice>>,
) {
  adminOnly(principal);
  const pkg = listedPackage(s.registry, key);
  const live = await installStore.live(s.db, principal.orgId);
  const row = live.find((r) => r.packageKey === key && r.status === 'done');
  if (!row) throw notFound('Installed template', 'template_not_installed');
  const appIds: Record<string, string> = Object.assign({}, ...live.map((r) => r.appIds));
  // Roles new in this version are named by their key until the upgrade creates them.
  const roles = {
    ...Object.fromEntries(pkg.roles.map((r) => [r.key, r.key])),
    ...Object.assign({}, ...live.map((r) => r.roleIds)),
  };
  const apps: UpgradeApp[] = [];
  for (const app of pkg.apps) {
    const installedId = row.appIds[app.id];
    const theirs = checkAppDefinition(rewriteDefinition(app, { apps: appIds, roles }));
    if (!installedId) {
      apps.push({
        appId: app.id,
        templateAppId: app.id,
        kind: 'added',
        currentVersion: null,
        base: null,
        ours: null,
        theirs,
        merged: theirs,
        conflicts: [],
      });
      continue;
    }
    const current = await getApp(s.db, principal, installedId);
    const base = checkAppDefinition(row.definitions[installedId]);
    const ours = current.definition;
    const { merged, conflicts } = mergeApp(
      base,
      ours,
      { ...theirs, id: installedId },
      choices[installedId] ?? {},
    );
    apps.push({
      appId: installedId,
      templateAppId: app.id,
      kind: 'merged',
      currentVersion: current.version,
      base,
      ours,
      theirs,
      merged,
      conflicts,
    });
  }
  return { pkg, row, apps, newRoles: pkg.roles.filter((r) => !row.roleIds[r.key]) };
}

/** `POST /templates/:key/upgrade/preview`: nothing is saved. */
export async function previewUpgrade(
  s: TemplateServices,
  principal: Principal,
  key: string,
  choices: Record<string, Record<string, MergeChoice>> = {},
) {
  const { pkg, row, apps } = await planUpgrade(s, principal, key, choices);
  return { fromVersion: row.version, toVersion: pkg.version, apps };
}

/**
 * `POST /templates/:key/upgrade`: saves each merged app as a new version (a changed app since the
 * preview is a 409 through `baseVersions`), creates apps and roles new in this version, and makes
 * the new template version the merge base of the next upgrade.
 */
export async function applyUpgrade(
  s: TemplateServices,
  principal: Principal,
  key: string,
  body: {
    choices?: Record<string, Record<string, MergeChoice>>;
    baseVersions?: Record<string, number>;
    locale?: 'zh-CN' | 'en';
  },
) {
  const { pkg, row, newRoles } = await planUpgrade(s, principal, key, body.choices ?? {});
  const locale = body.locale ?? 'en';
  const roleIds = { ...row.roleIds };
  for (const role of newRoles) {
    const { rows } = await s.db.query<{ id: string }>(
      `SELECT id FROM roles WHERE org_id = $1 AND lower(name) = lower($2)`,
      [principal.orgId, role.name[locale]],
    );
    roleIds[role.key] = rows[0]?.id ?? (await createRole(s.db, principal, role.name[locale])).id;
  }
  // Planned again with the real role ids (new roles only had placeholders).
  await installStore.update(s.db, principal.orgId, row.id, { roleIds });
  const again = await planUpgrade(s, principal, key, body.choices ?? {});
  const definitions: Record<string, AppDefinition> = {};
  const appIds = { ...row.appIds };
  for (const app of again.apps) {
    if (app.kind === 'added') {
      const created = await createApp(s.db, principal, app.merged, {
        action: 'app.create',
        extra: { template: key, templateVersion: pkg.version },
      });
      appIds[app.templateAppId] = created.id;
      definitions[created.id] = created;
      continue;
    }
    const baseVersion = body.baseVersions?.[app.appId] ?? app.currentVersion!;
    await updateApp(s.db, principal, app.appId, app.merged, {
      baseVersion,
      confirmDataLoss: false,
      audit: {
        action: 'app.update',
        extra: {
          template: key,
          fromVersion: row.version,
          toVersion: pkg.version,
          conflicts: app.conflicts.length,
        },
      },
    });
    definitions[app.appId] = { ...app.theirs, id: app.appId };
  }
  await installStore.update(s.db, principal.orgId, row.id, { version: pkg.version, definitions, appIds });
  await writeAudit(s.db, {
    orgId: principal.orgId,
    actorId: principal.userId,
    action: 'template.upgrade',
    targetType: 'template',
    targetId: key,
    detail: {
      fromVersion: row.version,
      toVersion: pkg.version,
      apps: again.apps.map((a) => ({ appId: a.appId, conflicts: a.conflicts.length })),
    },
  });
  return {
    version: pkg.version,
    apps: again.apps.map((a) => ({ appId: a.appId, kind: a.kind, conflicts: a.conflicts.length })),
  };
}
