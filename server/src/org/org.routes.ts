import type { Request } from 'express';
import type { Principal } from '../access/principal';
import { requirePrincipal } from '../access/authenticate';
import { authorize } from '../access/authorize';
import { linkPath, type IssuedLink } from '../auth/password-links';
import { notFound } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { createDepartment, deleteDepartment, listDepartments, updateDepartment } from './departments.service';
import {
  loadOrgSettings,
  orgSettingsPatchSchema,
  updateOrgSettings,
  type OrgSettingsPatch,
} from './org-settings.service';
import {
  createDepartmentSchema,
  createUserSchema,
  resetPasswordSchema,
  roleMembersSchema,
  roleSchema,
  updateDepartmentSchema,
  updateUserSchema,
  type CreateUserBody,
  type DepartmentBody,
  type ResetPasswordBody,
  type RoleBody,
  type RoleMembersBody,
  type UpdateDepartmentBody,
  type UpdateUserBody,
} from './org.schemas';
import {
  addRoleMembers,
  createRole,
  deleteRole,
  listRoles,
  removeRoleMember,
  renameRole,
} from './roles.service';
import { loadAdminUser, listUsersPage, parseUserListQuery } from './user-list';
import { createUser, deactivateUser, reactivateUser, resetPassword, updateUser } from './users.service';

/** The signed-in admin (403 for members), checked through the one policy entry point. */
async function requireOrgManager(req: Request): Promise<Principal> {
  const principal = requirePrincipal(req);
  await authorize(principal, 'manage', { kind: 'org', orgId: principal.orgId });
  return principal;
}

/** `/org/*` (directory every member may read, for pickers) and `/admin/*` (admins only). */
export const orgRoutes: RouteModule = (router, { db }) => {
  router.get('/org/members', async (req, res) => {
    const principal = requirePrincipal(req);
    await authorize(principal, 'read', { kind: 'org', orgId: principal.orgId });
    const { rows } = await db.query<{ id: string; name: string; email: string; department_ids: string[] }>(
      `SELECT u.id, u.name, u.email,
              ARRAY(SELECT m.department_id FROM memberships m WHERE m.user_id = u.id ORDER BY 1) AS department_ids
         FROM users u WHERE u.org_id = $1 AND u.active ORDER BY u.name, u.id`,
      [principal.orgId],
    );
    res.json({
      items: rows.map((r) => ({ id: r.id, name: r.name, email: r.email, departmentIds: r.department_ids })),
    });
  });

  router.get('/org/departments', async (req, res) => {
    const principal = requirePrincipal(req);
    await authorize(principal, 'read', { kind: 'org', orgId: principal.orgId });
    res.json({ items: await listDepartments(db, principal.orgId) });
  });

  // Users
  router.get('/admin/users', async (req, res) => {
    const principal = await requireOrgManager(req);
    const query = parseUserListQuery(req.query as Record<string, unknown>);
    res.json(await listUsersPage(db, principal.orgId, query));
  });
  router.post('/admin/users', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<CreateUserBody>(createUserSchema, req.body);
    const { user, link } = await createUser(db, principal, body);
    res.status(201).json({
      user: await adminUser(principal, user.id),
      ...(link ? { link: linkAnswer(req, link) } : {}),
    });
  });
  router.patch('/admin/users/:id', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<UpdateUserBody>(updateUserSchema, req.body ?? {});
    const user = await updateUser(db, principal, param(req, 'id'), body);
    res.json({ user: await adminUser(principal, user.id) });
  });
  router.delete('/admin/users/:id', async (req, res) => {
    const principal = await requireOrgManager(req);
    await deactivateUser(db, principal, param(req, 'id'));
    res.status(204).end();
  });
  router.post('/admin/users/:id/reactivate', async (req, res) => {
    const principal = await requireOrgManager(req);
    await reactivateUser(db, principal, param(req, 'id'));
    res.json({ user: await adminUser(principal, param(req, 'id')) });
  });
  router.post('/admin/users/:id/reset-password', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<ResetPasswordBody>(resetPasswordSchema, req.body ?? {});
    const link = await resetPassword(db, principal, param(req, 'id'), body.password);
    res.json({
      user: await adminUser(principal, param(req, 'id')),
      ...(link ? { link: linkAnswer(req, link) } : {}),
    });
  });

  // Departments
  router.get('/admin/departments', async (req, res) => {
    const principal = await requireOrgManager(req);
    res.json({ items: await listDepartments(db, principal.orgId) });
  });
  router.post('/admin/departments', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<DepartmentBody>(createDepartmentSchema, req.body);
    res.status(201).json({ department: await createDepartment(db, principal, body) });
  });
  router.patch('/admin/departments/:id', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<UpdateDepartmentBody>(updateDepartmentSchema, req.body ?? {});
    res.json({ department: await updateDepartment(db, principal, param(req, 'id'), body) });
  });
  router.delete('/admin/departments/:id', async (req, res) => {
    const principal = await requireOrgManager(req);
    await deleteDepartment(db, principal, param(req, 'id'));
    res.status(204).end();
  });

  // Roles
  router.get('/admin/org', async (req, res) => {
    const principal = await requireOrgManager(req);
    res.json({ settings: await loadOrgSettings(db, principal.orgId) });
  });
  router.patch('/admin/org', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<OrgSettingsPatch>(orgSettingsPatchSchema, req.body);
    res.json({ settings: await updateOrgSettings(db, principal, body) });
  });

  router.get('/admin/roles', async (req, res) => {
    const principal = await requireOrgManager(req);
    res.json({ items: await listRoles(db, principal.orgId) });
  });
  router.post('/admin/roles', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<RoleBody>(roleSchema, req.body);
    res.status(201).json({ role: await createRole(db, principal, body.name) });
  });
  router.patch('/admin/roles/:id', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<RoleBody>(roleSchema, req.body);
    res.json({ role: await renameRole(db, principal, param(req, 'id'), body.name) });
  });
  router.delete('/admin/roles/:id', async (req, res) => {
    const principal = await requireOrgManager(req);
    await deleteRole(db, principal, param(req, 'id'));
    res.status(204).end();
  });
  // Members are listed with `GET /admin/users?roleId=` (searchable and paged like every user list).
  router.post('/admin/roles/:id/members', async (req, res) => {
    const principal = await requireOrgManager(req);
    const body = validate<RoleMembersBody>(roleMembersSchema, req.body);
    await addRoleMembers(db, principal, param(req, 'id'), body.userIds);
    res.status(204).end();
  });
  router.delete('/admin/roles/:id/members/:user', async (req, res) => {
    const principal = await requireOrgManager(req);
    await removeRoleMember(db, principal, param(req, 'id'), param(req, 'user'));
    res.status(204).end();
  });

  async function adminUser(principal: Principal, userId: string) {
    const user = await loadAdminUser(db, principal.orgId, userId);
    if (!user) throw notFound('User');
    return user;
  }
};

/**
 * A password link as the admin receives it: the token once, inside a URL of the player on the
 * origin the admin is using (so it works behind the same proxy), plus the path for other origins.
 */
function linkAnswer(req: Request, link: IssuedLink) {
  const path = linkPath(link.token);
  return {
    purpose: link.purpose,
    url: `${req.protocol}://${req.get('host') ?? 'localhost'}${path}`,
    path,
    expiresAt: link.expiresAt,
  };
}

/** A path parameter; ids are short, so anything long cannot exist. */
function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || value.length > 100) throw notFound();
  return value;
}
