/** The `template_installs` rows (migration 017): install jobs and, once done, upgrade merge bases. */
import type { AppDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict } from '../http/app-error';

export type InstallStatus = 'running' | 'done' | 'failed';

export interface InstallProgress {
  /** What the job does now: roles, apps, users, records, workflows, done. */
  step: string;
  /** The package being installed (a requirement, or the one asked for). */
  packageKey: string;
  done: number;
  total: number;
}

/** Sample records and users an install wrote, for the samples of packages installed later. */
export interface SampleRefs {
  refs?: Record<string, string>;
  users?: Record<string, string>;
}

export interface InstallRow {
  id: string;
  packageKey: string;
  version: string;
  status: InstallStatus;
  sample: boolean;
  progress: InstallProgress | Record<string, never>;
  appIds: Record<string, string>;
  roleIds: Record<string, string>;
  createdRoleIds: string[];
  definitions: Record<string, AppDefinition>;
  sampleRefs: SampleRefs;
  error: { code: string; message: string; details?: unknown } | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

const COLUMNS = `id, package_key, version, status, sample, progress, app_ids, role_ids, created_role_ids,
  definitions, sample_refs, error, created_at, updated_at, finished_at`;

interface Raw {
  id: string;
  package_key: string;
  version: string;
  status: InstallStatus;
  sample: boolean;
  progress: InstallRow['progress'];
  app_ids: Record<string, string>;
  role_ids: Record<string, string>;
  created_role_ids: string[];
  definitions: Record<string, AppDefinition>;
  sample_refs: SampleRefs;
  error: InstallRow['error'];
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const toRow = (r: Raw): InstallRow => ({
  id: r.id,
  packageKey: r.package_key,
  version: r.version,
  status: r.status,
  sample: r.sample,
  progress: r.progress,
  appIds: r.app_ids,
  roleIds: r.role_ids,
  createdRoleIds: r.created_role_ids,
  definitions: r.definitions,
  sampleRefs: r.sample_refs,
  error: r.error,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
});

/** A running install whose heartbeat is older than this belongs to a process that died. */
export const STALE_AFTER_SECONDS = 600;

export const installStore = {
  /** The live (running or done) install of each package in the org. */
  async live(db: Db, orgId: string): Promise<InstallRow[]> {
    const { rows } = await db.query<Raw>(
      `SELECT ${COLUMNS} FROM template_installs WHERE org_id = $1 AND status <> 'failed' ORDER BY created_at`,
      [orgId],
    );
    return rows.map(toRow);
  },

  async get(db: Db, orgId: string, id: string): Promise<InstallRow | null> {
    const { rows } = await db.query<Raw>(
      `SELECT ${COLUMNS} FROM template_installs WHERE org_id = $1 AND id = $2`,
      [orgId, id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  /** Running installs whose process stopped touching them. */
  async stale(db: Db, orgId: string): Promise<InstallRow[]> {
    const { rows } = await db.query<Raw>(
      `SELECT ${COLUMNS} FROM template_installs
        WHERE org_id = $1 AND status = 'running' AND updated_at < now() - make_interval(secs => $2)`,
      [orgId, STALE_AFTER_SECONDS],
    );
    return rows.map(toRow);
  },

  /** A new running install; the partial unique index turns a concurrent second one into a 409. */
  async start(
    db: Db,
    orgId: string,
    p: { packageKey: string; version: string; sample: boolean; actorId: string },
  ) {
    const id = newId('tpi');
    try {
      await db.query(
        `INSERT INTO template_installs (id, org_id, package_key, version, status, sample, created_by)
         VALUES ($1, $2, $3, $4, 'running', $5, $6)`,
        [id, orgId, p.packageKey, p.version, p.sample, p.actorId],
      );
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw conflict(
          'template_installing',
          `The template "${p.packageKey}" is being installed or is installed.`,
        );
      throw e;
    }
    return id;
  },

  async update(
    db: Db,
    orgId: string,
    id: string,
    patch: Partial<
      Pick<
        InstallRow,
        'progress' | 'appIds' | 'roleIds' | 'createdRoleIds' | 'definitions' | 'sampleRefs' | 'version'
      >
    >,
  ): Promise<void> {
    const cols: Record<string, unknown> = {
      progress: patch.progress,
      app_ids: patch.appIds,
      role_ids: patch.roleIds,
      created_role_ids: patch.createdRoleIds,
      definitions: patch.definitions,
      sample_refs: patch.sampleRefs,
    };
    const sets: string[] = ['updated_at = now()'];
    const params: unknown[] = [orgId, id];
    for (const [col, value] of Object.entries(cols)) {
      if (value === undefined) continue;
      params.push(JSON.stringify(value));
      sets.push(`${col} = $${params.length}`);
    }
    if (patch.version !== undefined) {
      params.push(patch.version);
      sets.push(`version = $${params.length}`);
    }
    await db.query(`UPDATE template_installs SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`, params);
  },

  async finish(
    db: Db,
    orgId: string,
    id: string,
    outcome: { status: 'done' } | { status: 'failed'; error: InstallRow['error'] },
  ) {
    await db.query(
      `UPDATE template_installs SET status = $3, error = $4, updated_at = now(), finished_at = now()
        WHERE org_id = $1 AND id = $2`,
      [orgId, id, outcome.status, outcome.status === 'failed' ? JSON.stringify(outcome.error) : null],
    );
  },
};
