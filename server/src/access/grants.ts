import {
  appRoleOf,
  computeGrant,
  type AppRole,
  type Grant,
  type Principal as AclPrincipal,
} from '@tangram/acl';
import type { AppDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import type { Principal } from './principal';
import { narrowByProcess } from './process-fields';
import { narrowGrantByKey } from '../api-keys/scopes';

/**
 * What one request has resolved about its principal: the acl principal (department tree walked
 * once) and the grants computed so far, per app definition object and form. Keyed by the principal
 * object, which lives exactly as long as the request (a "view as" principal is its own object), so
 * nothing is shared between requests and nothing goes stale after a definition or directory change.
 */
interface RequestGrants {
  principal: Promise<AclPrincipal>;
  /** Per app definition and form: the groups' grant and the effective one (process applied). */
  grants: WeakMap<AppDefinition, Map<string, { groups: Grant; effective: Grant }>>;
}

const perRequest = new WeakMap<Principal, RequestGrants>();

function requestGrants(db: Db, principal: Principal): RequestGrants {
  let entry = perRequest.get(principal);
  if (!entry) {
    entry = { principal: loadAclPrincipal(db, principal), grants: new WeakMap() };
    // A failed load is not cached: the next call of the request tries again.
    entry.principal.catch(() => perRequest.delete(principal));
    perRequest.set(principal, entry);
  }
  return entry;
}

/**
 * The principal as `@tangram/acl` needs it: direct departments plus every ancestor (groups naming a
 * department "with sub-departments" match its members below) and every descendant (the scope "my
 * department and below"). The org's department tree is read once per request.
 */
export function toAclPrincipal(db: Db, principal: Principal): Promise<AclPrincipal> {
  return requestGrants(db, principal).principal;
}

/**
 * The Grant of `principal` on one form of `app` (decision 0022), computed once per request and
 * form. Every read of live records asks this (through the records kernel's reader); writes too.
 * It is the one place where the form's workflow narrows a member's field mask (decision 0027):
 * fields the start node hides are left out, so no read channel or write can reach them.
 */
export async function grantFor(
  db: Db,
  principal: Principal,
  app: AppDefinition,
  formId: string,
): Promise<Grant> {
  return (await grantsOf(db, principal, app, formId)).effective;
}

/**
 * The grant the app's access and the form's permission groups give, before the form's workflow
 * narrows it. Only for deciding which field *definitions* a member's player receives (a handler's
 * task view needs the fields its node shows); never for reading or writing records.
 */
export async function groupGrantFor(
  db: Db,
  principal: Principal,
  app: AppDefinition,
  formId: string,
): Promise<Grant> {
  return (await grantsOf(db, principal, app, formId)).groups;
}

async function grantsOf(db: Db, principal: Principal, app: AppDefinition, formId: string) {
  const entry = requestGrants(db, principal);
  let forms = entry.grants.get(app);
  if (!forms) entry.grants.set(app, (forms = new Map()));
  const cached = forms.get(formId);
  if (cached) return cached;
  let groups = computeGrant(await entry.principal, app, formId);
  // An API key acts with its owner's grant narrowed by its scopes (decision 0046).
  if (principal.apiKey) groups = narrowGrantByKey(groups, app.id, principal.apiKey);
  const computed = { groups, effective: narrowByProcess(groups, app) };
  forms.set(formId, computed);
  return computed;
}

async function loadAclPrincipal(db: Db, principal: Principal): Promise<AclPrincipal> {
  const base = {
    userId: principal.userId,
    departmentIds: [...principal.departmentIds],
    roleIds: [...principal.roleIds],
    isOrgAdmin: principal.isAdmin,
  };
  if (principal.departmentIds.length === 0)
    return { ...base, ancestorDepartmentIds: [], descendantDepartmentIds: [] };
  const { rows } = await db.query<{ id: string; parent_id: string | null }>(
    `SELECT id, parent_id FROM departments WHERE org_id = $1`,
    [principal.orgId],
  );
  return { ...base, ...departmentTree(rows, principal.departmentIds) };
}

/**
 * Ancestors and descendants of `own` in the tree given by `rows` (id, parent_id), each excluding
 * `own`. Walks are bounded by the number of departments, so a cycle in bad data cannot hang.
 */
export function departmentTree(
  rows: readonly { id: string; parent_id: string | null }[],
  own: readonly string[],
): { ancestorDepartmentIds: string[]; descendantDepartmentIds: string[] } {
  const parentOf = new Map(rows.map((r) => [r.id, r.parent_id]));
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (r.parent_id === null) continue;
    const list = children.get(r.parent_id) ?? [];
    list.push(r.id);
    children.set(r.parent_id, list);
  }
  const mine = new Set(own);
  const ancestors = new Set<string>();
  for (const id of own) {
    let parent = parentOf.get(id) ?? null;
    for (let steps = 0; parent !== null && steps < rows.length; steps++) {
      if (!mine.has(parent)) ancestors.add(parent);
      parent = parentOf.get(parent) ?? null;
    }
  }
  const descendants = new Set<string>();
  const queue = [...own];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const child of children.get(id) ?? []) {
      if (mine.has(child) || descendants.has(child)) continue;
      descendants.add(child);
      queue.push(child);
    }
  }
  return { ancestorDepartmentIds: [...ancestors], descendantDepartmentIds: [...descendants] };
}

/**
 * The principal's role in the app (decision 0022): `admin` (org admin or one of the app's admins),
 * `member`, or null when the app is not visible to them (answer 404, as for an unknown app).
 */
export async function appRoleFor(
  db: Db,
  principal: Principal,
  app: Pick<AppDefinition, 'access'>,
): Promise<AppRole | null> {
  return appRoleOf(await toAclPrincipal(db, principal), app);
}
