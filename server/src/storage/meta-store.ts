import { appVersionKey, forgetMemo } from '../db/request-memo';
import type { AppDefinition } from '@tangram/schema';
import type { Db } from '../db/db';

export interface AppRow {
  id: string;
  definition: AppDefinition;
  version: number;
  updatedAt: Date;
}

export interface AppSummary {
  id: string;
  name: AppDefinition['name'];
  icon: string | null;
  version: number;
  updatedAt: string;
}

/** A listed app with its access (who may open it), which the service turns into the caller's app role. */
export interface AppListRow extends AppSummary {
  access: AppDefinition['access'] | null;
}

export interface AppVersionRow {
  version: number;
  createdAt: string;
  createdBy: string | null;
}

/**
 * Where app definitions and their versions live. Kept behind an interface (DESIGN §3) so another
 * store (MongoDB is planned) can implement it; `pgMetaStore` is the PostgreSQL one.
 */
export interface MetaStore {
  list(db: Db, orgId: string): Promise<AppListRow[]>;
  /** The live (not deleted) app; `forUpdate` locks its row until the transaction ends. */
  get(db: Db, orgId: string, appId: string, opts?: { forUpdate?: boolean }): Promise<AppRow | null>;
  /** The live app's version without its definition: the cheap check behind the definition cache. */
  liveVersion(db: Db, orgId: string, appId: string): Promise<number | null>;
  exists(db: Db, orgId: string, appId: string): Promise<boolean>;
  insert(db: Db, orgId: string, app: AppDefinition, actorId: string): Promise<void>;
  update(db: Db, orgId: string, app: AppDefinition, actorId: string): Promise<void>;
  softDelete(db: Db, orgId: string, appId: string, actorId: string): Promise<boolean>;
  versions(db: Db, orgId: string, appId: string): Promise<AppVersionRow[]>;
  version(db: Db, orgId: string, appId: string, version: number): Promise<AppDefinition | null>;
}

export const pgMetaStore: MetaStore = {
  async list(db, orgId) {
    const { rows } = await db.query<{
      id: string;
      name: AppDefinition['name'];
      icon: string | null;
      version: number;
      updated_at: Date;
      access: AppDefinition['access'] | null;
    }>(
      `SELECT id, name, icon, version, updated_at, definition->'access' AS access
         FROM apps WHERE org_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC, id`,
      [orgId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      icon: r.icon,
      version: r.version,
      updatedAt: r.updated_at.toISOString(),
      access: r.access ?? null,
    }));
  },

  async get(db, orgId, appId, opts = {}) {
    const { rows } = await db.query<{
      id: string;
      definition: AppDefinition;
      version: number;
      updated_at: Date;
    }>(
      `SELECT id, definition, version, updated_at FROM apps WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [orgId, appId],
    );
    const row = rows[0];
    return row
      ? { id: row.id, definition: row.definition, version: row.version, updatedAt: row.updated_at }
      : null;
  },

  async liveVersion(db, orgId, appId) {
    const { rows } = await db.query<{ version: number }>(
      `SELECT version FROM apps WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [orgId, appId],
    );
    return rows[0]?.version ?? null;
  },

  async exists(db, orgId, appId) {
    const { rows } = await db.query(`SELECT 1 FROM apps WHERE org_id = $1 AND id = $2`, [orgId, appId]);
    return rows.length > 0;
  },

  async insert(db, orgId, app, actorId) {
    await db.query(
      `INSERT INTO apps (org_id, id, name, icon, definition, version, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [orgId, app.id, JSON.stringify(app.name), app.icon ?? null, JSON.stringify(app), app.version, actorId],
    );
    await insertVersion(db, orgId, app, actorId);
  },

  async update(db, orgId, app, actorId) {
    // The rest of this request must see the new version (db/request-memo.ts).
    forgetMemo(appVersionKey(orgId, app.id));
    await db.query(
      `UPDATE apps SET name = $3, icon = $4, definition = $5, version = $6, updated_by = $7, updated_at = now() WHERE org_id = $1 AND id = $2`,
      [orgId, app.id, JSON.stringify(app.name), app.icon ?? null, JSON.stringify(app), app.version, actorId],
    );
    await insertVersion(db, orgId, app, actorId);
  },

  async softDelete(db, orgId, appId, actorId) {
    forgetMemo(appVersionKey(orgId, appId));
    const { rowCount } = await db.query(
      `UPDATE apps SET deleted_at = now(), updated_by = $3 WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [orgId, appId, actorId],
    );
    return rowCount > 0;
  },

  async versions(db, orgId, appId) {
    const { rows } = await db.query<{ version: number; created_at: Date; created_by: string | null }>(
      `SELECT version, created_at, created_by FROM app_versions WHERE org_id = $1 AND app_id = $2 ORDER BY version DESC`,
      [orgId, appId],
    );
    return rows.map((r) => ({
      version: r.version,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
    }));
  },

  async version(db, orgId, appId, version) {
    const { rows } = await db.query<{ definition: AppDefinition }>(
      `SELECT definition FROM app_versions WHERE org_id = $1 AND app_id = $2 AND version = $3`,
      [orgId, appId, version],
    );
    return rows[0]?.definition ?? null;
  },
};

async function insertVersion(db: Db, orgId: string, app: AppDefinition, actorId: string): Promise<void> {
  await db.query(
    `INSERT INTO app_versions (org_id, app_id, version, definition, created_by) VALUES ($1, $2, $3, $4, $5)`,
    [orgId, app.id, app.version, JSON.stringify(app), actorId],
  );
}
