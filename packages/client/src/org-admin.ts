import type { Transport } from './transport';
import type { Department, DepartmentInput, Items, Role, RoleInput, Session, User, UserPatch } from './types';

const enc = encodeURIComponent;

/** A user as the admin list shows it: the directory view plus account state. */
export interface AdminUser extends User {
  active: boolean;
  /** No password yet: invited (or reset) and waiting for the user to open their link. */
  passwordPending: boolean;
}

/** A new user: with `password` they can sign in at once, without it they get an invite link. */
export interface NewUserInput {
  name: string;
  email: string;
  password?: string;
  isAdmin?: boolean;
  departmentIds?: string[];
  roleIds?: string[];
}

/** A one-time link to set a password; the token is in `url`'s fragment, shown only once. */
export interface PasswordLink {
  purpose: 'invite' | 'reset';
  url: string;
  path: string;
  expiresAt: string;
}

/** What the set-password page learns from a link before the user chooses a password. */
export interface PasswordLinkInfo {
  purpose: 'invite' | 'reset';
  name: string;
  email: string;
  orgName: string;
  expiresAt: string;
}

export interface UserListOptions {
  q?: string;
  departmentId?: string;
  roleId?: string;
  active?: boolean;
  cursor?: string;
  limit?: number;
}

export interface UserPage {
  items: AdminUser[];
  nextCursor: string | null;
}

export interface AdminRole extends Role {
  memberCount: number;
}

/** What an org admin sets for the whole organisation (`/admin/org`). */
export interface OrgSettings {
  name: string;
  timeZone: string;
  /** ISO 3166-1 alpha-2: phone fields check numbers against its plan. */
  country: string;
}

/** `/admin/*` (org admins) and the public half of password links (`/auth/password-links/*`). */
export function createOrgAdminApi(http: Transport) {
  const admin = {
    org: {
      get: () => http.request<{ settings: OrgSettings }>('GET', '/admin/org').then((r) => r.settings),
      update: (patch: Partial<OrgSettings>) =>
        http
          .request<{ settings: OrgSettings }>('PATCH', '/admin/org', { body: patch })
          .then((r) => r.settings),
    },
    users: {
      /** One keyset page; pass the previous page's `nextCursor` as `cursor` for the next. */
      list: (opts: UserListOptions = {}) =>
        http.request<UserPage>('GET', '/admin/users', { query: { ...opts } }),
      create: (input: NewUserInput) =>
        http.request<{ user: AdminUser; link?: PasswordLink }>('POST', '/admin/users', { body: input }),
      update: (id: string, patch: UserPatch) =>
        http.request<{ user: AdminUser }>('PATCH', `/admin/users/${enc(id)}`, { body: patch }),
      /** Deactivates (the user keeps their history; their sessions end). */
      remove: (id: string) => http.request<void>('DELETE', `/admin/users/${enc(id)}`),
      reactivate: (id: string) =>
        http.request<{ user: AdminUser }>('POST', `/admin/users/${enc(id)}/reactivate`),
      /** Sets `password`, or without one issues a one-time link; either way their sessions end. */
      resetPassword: (id: string, password?: string) =>
        http.request<{ user: AdminUser; link?: PasswordLink }>(
          'POST',
          `/admin/users/${enc(id)}/reset-password`,
          { body: password === undefined ? {} : { password } },
        ),
    },
    departments: {
      list: () => http.request<Items<Department>>('GET', '/admin/departments'),
      create: (input: DepartmentInput) =>
        http.request<{ department: Department }>('POST', '/admin/departments', { body: input }),
      update: (id: string, patch: Partial<DepartmentInput>) =>
        http.request<{ department: Department }>('PATCH', `/admin/departments/${enc(id)}`, { body: patch }),
      remove: (id: string) => http.request<void>('DELETE', `/admin/departments/${enc(id)}`),
    },
    roles: {
      list: () => http.request<Items<AdminRole>>('GET', '/admin/roles'),
      create: (input: RoleInput) => http.request<{ role: Role }>('POST', '/admin/roles', { body: input }),
      update: (id: string, patch: Partial<RoleInput>) =>
        http.request<{ role: Role }>('PATCH', `/admin/roles/${enc(id)}`, { body: patch }),
      remove: (id: string) => http.request<void>('DELETE', `/admin/roles/${enc(id)}`),
      addMembers: (id: string, userIds: string[]) =>
        http.request<void>('POST', `/admin/roles/${enc(id)}/members`, { body: { userIds } }),
      removeMember: (id: string, userId: string) =>
        http.request<void>('DELETE', `/admin/roles/${enc(id)}/members/${enc(userId)}`),
    },
  };

  const passwordLinks = {
    inspect: (token: string) =>
      http
        .request<{ link: PasswordLinkInfo }>('POST', '/auth/password-links/inspect', { body: { token } })
        .then((r) => r.link),
    /** Sets the password and signs in (the answer is a session, like login). */
    accept: (token: string, password: string) =>
      http.request<Session>('POST', '/auth/password-links/accept', { body: { token, password } }),
  };

  return { admin, passwordLinks };
}
