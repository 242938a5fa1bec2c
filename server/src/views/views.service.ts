import { checkFilter, checkSort, lookupField } from '@tangram/query';
import {
  checkViewSettings,
  parseViewConfig,
  type ValidationIssue,
  type ViewColumn,
  type ViewConfig,
} from '@tangram/schema';
import { authorize, type Principal } from '../access';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict, notFound, unprocessable, validationFailed, withChinese } from '../http/app-error';
import type { FormRef } from '../records/records.service';

/** The saved-view format is defined once, in packages/schema (view.schema.json). */
export type { ViewColumn, ViewConfig };

export interface ViewDto {
  id: string;
  appId: string;
  formId: string;
  name: string;
  /** Shared views have no owner and are visible to everyone who can read the form. */
  shared: boolean;
  ownerId: string | null;
  config: ViewConfig;
  createdAt: string;
  updatedAt: string;
}

interface ViewRow {
  id: string;
  app_id: string;
  form_id: string;
  owner_id: string | null;
  name: string;
  config: ViewConfig;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, app_id, form_id, owner_id, name, config, created_at, updated_at';

const toDto = (r: ViewRow): ViewDto => ({
  id: r.id,
  appId: r.app_id,
  formId: r.form_id,
  name: r.name,
  shared: r.owner_id === null,
  ownerId: r.owner_id,
  config: r.config,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const formResource = (p: Principal, ref: FormRef) => ({
  kind: 'form' as const,
  orgId: p.orgId,
  appId: ref.appId,
  formId: ref.formId,
});

/**
 * The config's shape (400, view.schema.json); then filter, sort and columns must name fields of the
 * form (system columns included, 400); then the kind settings must name fields that fit (422).
 */
function checkConfig(ctx: FormContext, raw: unknown): asserts raw is ViewConfig {
  const shape = parseViewConfig(raw, '/config');
  if (!shape.ok) throw validationFailed(shape.issues, 'The view configuration is invalid.');
  const config = shape.value;
  const issues: ValidationIssue[] = [];
  config.columns.forEach((c, i) => {
    const found = lookupField(ctx.form, c.field);
    const layoutOnly = !found.ok && found.code === 'notQueryable';
    if (!found.ok && !layoutOnly)
      issues.push({ path: `/config/columns/${i}/field`, code: found.code, message: found.message });
  });
  if (config.filter !== undefined) issues.push(...checkFilter(config.filter, ctx.form, '/config/filter'));
  if (config.sort !== undefined) issues.push(...checkSort(config.sort, ctx.form, '/config/sort'));
  if (issues.length) throw validationFailed(issues, 'The view configuration is invalid.');
  // Well-formed, but naming fields that cannot play the role (decision 0039): 422 with each path.
  const kindIssues = checkViewSettings(ctx.form, config, '/config');
  if (kindIssues.length)
    throw unprocessable('invalid_view_config', 'The view settings name fields that do not fit.', kindIssues);
}

/**
 * Shared views and the caller's own personal views of a form: shared first, in the order chosen in
 * the studio (decision 0056; views never ordered come after, by name), then personal ones by name.
 */
export async function listViews(db: Db, principal: Principal, ref: FormRef): Promise<ViewDto[]> {
  await authorize(principal, 'read', formResource(principal, ref));
  await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const { rows } = await db.query<ViewRow>(
    `SELECT ${COLUMNS} FROM views
      WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND (owner_id IS NULL OR owner_id = $4)
      ORDER BY owner_id IS NOT NULL, position NULLS LAST, name COLLATE "C", id`,
    [principal.orgId, ref.appId, ref.formId, principal.userId],
  );
  return rows.map(toDto);
}

/** Shared views need `manage` on the form (admins); anyone who can read the form has personal ones. */
export async function createView(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: { name: string; shared?: boolean; config: ViewConfig },
): Promise<ViewDto> {
  await authorize(principal, body.shared ? 'manage' : 'read', formResource(principal, ref));
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  checkConfig(ctx, body.config);
  const { rows } = await db.query<ViewRow>(
    // A new shared view goes last among ordered ones (NULL while the form's views have no order).
    `INSERT INTO views (id, org_id, app_id, form_id, owner_id, name, config, created_by, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
       CASE WHEN $5::text IS NULL THEN (SELECT max(position) + 1 FROM views
         WHERE org_id = $2 AND app_id = $3 AND form_id = $4 AND owner_id IS NULL) END)
     RETURNING ${COLUMNS}`,
    [
      newId('vw'),
      principal.orgId,
      ref.appId,
      ref.formId,
      body.shared ? null : principal.userId,
      body.name.trim(),
      JSON.stringify(body.config),
      principal.userId,
    ],
  );
  return toDto(rows[0]!);
}

/** A view the caller may see (shared, or their own), or 404; editing a shared one needs `manage`. */
async function loadEditable(db: Db, principal: Principal, ref: FormRef, viewId: string): Promise<ViewRow> {
  const { rows } = await db.query<ViewRow>(
    `SELECT ${COLUMNS} FROM views WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND id = $4
        AND (owner_id IS NULL OR owner_id = $5)`,
    [principal.orgId, ref.appId, ref.formId, viewId, principal.userId],
  );
  const row = rows[0];
  if (!row) throw notFound('View');
  await authorize(principal, row.owner_id === null ? 'manage' : 'read', formResource(principal, ref));
  return row;
}

/**
 * The config a view keeps after an update. Its translated names (`names`, a template's views) belong
 * to the name, not the layout: a new layout sent without them keeps them (the data view and the
 * studio send the layout they edit), while renaming to a name none of them is drops them, as the
 * view is then called what its owner typed, in every language.
 */
export function configAfterUpdate(
  row: { name: string; config: ViewConfig },
  body: { name?: string; config?: ViewConfig },
): ViewConfig {
  const config = body.config ?? row.config;
  const names = config.names ?? row.config.names;
  const name = body.name?.trim();
  const renamed = name !== undefined && name !== row.name && !Object.values(names ?? {}).includes(name);
  const { names: _dropped, ...rest } = config;
  return names && !renamed ? { ...rest, names } : rest;
}

export async function updateView(
  db: Db,
  principal: Principal,
  ref: FormRef,
  viewId: string,
  body: { name?: string; config?: ViewConfig },
): Promise<ViewDto> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const row = await loadEditable(db, principal, ref, viewId);
  if (body.config) checkConfig(ctx, body.config);
  const { rows } = await db.query<ViewRow>(
    `UPDATE views SET name = $2, config = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [row.id, body.name?.trim() ?? row.name, JSON.stringify(configAfterUpdate(row, body))],
  );
  return toDto(rows[0]!);
}

export async function deleteView(db: Db, principal: Principal, ref: FormRef, viewId: string): Promise<void> {
  await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const row = await loadEditable(db, principal, ref, viewId);
  await db.query(`DELETE FROM views WHERE id = $1`, [row.id]);
}

/**
 * Puts a form's shared views in the order of `ids` (the studio's list, decision 0056). `ids` must
 * name every shared view of the form exactly once, so two admins reordering at once cannot leave a
 * view without a place: a stale list (a view added or deleted meanwhile) is refused (409).
 */
export async function reorderViews(
  db: Db,
  principal: Principal,
  ref: FormRef,
  ids: readonly string[],
): Promise<ViewDto[]> {
  await authorize(principal, 'manage', formResource(principal, ref));
  await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (dup >= 0)
    throw validationFailed(
      [{ path: `/ids/${dup}`, code: 'duplicate', message: 'A view is listed twice.' }],
      'The order names a view twice.',
    );
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM views WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND owner_id IS NULL
        FOR UPDATE`,
      [principal.orgId, ref.appId, ref.formId],
    );
    const known = new Set(rows.map((r) => r.id));
    if (known.size !== ids.length || ids.some((id) => !known.has(id)))
      throw withChinese(
        conflict(
          'views_changed',
          'The shared views of this form changed meanwhile; reload and order them again.',
        ),
        '这个表单的共享视图已被他人修改，请刷新后重新排序。',
      );
    await tx.query(
      `UPDATE views v SET position = o.ord, updated_at = now()
         FROM unnest($4::text[]) WITH ORDINALITY AS o(id, ord)
        WHERE v.id = o.id AND v.org_id = $1 AND v.app_id = $2 AND v.form_id = $3 AND v.owner_id IS NULL`,
      [principal.orgId, ref.appId, ref.formId, ids],
    );
  });
  return listViews(db, principal, ref);
}
