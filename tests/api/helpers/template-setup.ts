/**
 * Installs template packages through the ordinary API, as an admin would by hand: the package's
 * roles become org roles, every `{ kind: 'roles', ids: [<key>] }` in the definitions is rewritten
 * to the org role's id, and the apps are created with `POST /apps` (shared master data first).
 * Until the installer of issue 14 (lane 8) exists, the template API stories use this.
 */
import type { AppDefinition } from '@tangram/schema';
import type { SampleUser, TemplatePackage, TemplateRole } from '@tangram/templates';
import { createUser, type SignedIn } from './auth';
import type { TestServer } from './test-server';

export type RoleIds = Record<string, string>;

/** Creates one org role per template role (by its English name) and answers key → id. */
export async function createTemplateRoles(admin: SignedIn, roles: readonly TemplateRole[]): Promise<RoleIds> {
  const ids: RoleIds = {};
  for (const role of roles) {
    if (ids[role.key]) continue;
    const res = await admin.agent.post('/api/v1/admin/roles').send({ name: role.name.en });
    if (res.status !== 201) throw new Error(`role ${role.key}: ${res.status} ${JSON.stringify(res.body)}`);
    ids[role.key] = res.body.role.id as string;
  }
  return ids;
}

/** The definition with every role key of an audience or assignee list replaced by its org role id. */
export function withRoleIds<T>(value: T, roleIds: RoleIds): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (o.kind === 'roles' && Array.isArray(o.ids))
      return {
        ...o,
        ids: o.ids.map((id) => {
          if (typeof id !== 'string' || !roleIds[id])
            throw new Error(`role key ${String(id)} has no org role`);
          return roleIds[id];
        }),
      };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(value) as T;
}

/** Creates the apps of `packages` in order; answers the stored definitions by app id. */
export async function installTemplateApps(
  admin: SignedIn,
  packages: readonly TemplatePackage[],
  roleIds: RoleIds,
): Promise<Record<string, AppDefinition>> {
  const out: Record<string, AppDefinition> = {};
  for (const p of packages)
    for (const app of p.apps) {
      const res = await admin.agent.post('/api/v1/apps').send(withRoleIds(structuredClone(app), roleIds));
      if (res.status !== 201) throw new Error(`app ${app.id}: ${res.status} ${JSON.stringify(res.body)}`);
      out[app.id] = app;
    }
  return out;
}

/** Signs up the sample users with their template roles; answers them signed in, by key. */
export async function createTemplateUsers(
  server: TestServer,
  admin: SignedIn,
  users: readonly SampleUser[],
  roleIds: RoleIds,
  keys: readonly string[] = users.map((u) => u.key),
): Promise<Record<string, SignedIn>> {
  const out: Record<string, SignedIn> = {};
  for (const u of users.filter((x) => keys.includes(x.key)))
    out[u.key] = await createUser(server, admin, {
      email: u.email,
      name: u.name.en,
      roleIds: u.roles.map((r) => roleIds[r]!),
    });
  return out;
}

/** Everything an API story needs: roles, the packages' apps, and the sample users signed in. */
export async function setupTemplates(
  server: TestServer,
  admin: SignedIn,
  packages: readonly TemplatePackage[],
  users: readonly SampleUser[],
): Promise<{ roleIds: RoleIds; users: Record<string, SignedIn> }> {
  const roleIds = await createTemplateRoles(
    admin,
    packages.flatMap((p) => p.roles),
  );
  await installTemplateApps(admin, packages, roleIds);
  return { roleIds, users: await createTemplateUsers(server, admin, users, roleIds) };
}

/**
 * Writes a package's sample batches through the records API in order, resolving `{ $ref }` and
 * `{ $member }` placeholders (a stand-in for the installer's sample step): records without a
 * workflow outcome go in batches, those with one are created one by one and approved by
 * `approver`. Any refused write throws with its answer. Answers record ids by `app/form#ref`.
 */
export async function writeSample(
  writer: SignedIn,
  approver: SignedIn,
  batches: readonly {
    app: string;
    form: string;
    records: readonly { ref?: string; values: Record<string, unknown>; workflow?: 'approved' | 'rejected' }[];
  }[],
  users: Record<string, SignedIn>,
  refs: Map<string, string> = new Map(),
): Promise<Map<string, string>> {
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      const id = refs.get(o.$ref);
      if (!id) throw new Error(`sample ref ${o.$ref} not written yet`);
      return id;
    }
    if (typeof o.$member === 'string') return users[o.$member]!.user.id;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  for (const batch of batches) {
    const base = `/api/v1/apps/${batch.app}/forms/${batch.form}`;
    const plain = batch.records.filter((r) => !r.workflow);
    if (plain.length) {
      const res = await writer.agent.post(`${base}/records/batch`).send({
        items: plain.map((r) => ({ data: resolve(r.values) })),
      });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(
          `${batch.app}/${batch.form}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`,
        );
      const created = (res.body.records ?? res.body.items) as { id: string }[];
      plain.forEach((r, i) => r.ref && refs.set(`${batch.app}/${batch.form}#${r.ref}`, created[i]!.id));
    }
    for (const r of batch.records.filter((x) => x.workflow)) {
      const res = await writer.agent.post(`${base}/records`).send({ data: resolve(r.values) });
      if (res.status !== 201)
        throw new Error(`${batch.form}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
      const id = res.body.record.id as string;
      if (r.ref) refs.set(`${batch.app}/${batch.form}#${r.ref}`, id);
      const wf = await approver.agent.get(`${base}/records/${id}/workflow`);
      const task = wf.body.me?.taskId as string | undefined;
      if (!task) throw new Error(`${batch.form} ${id}: no task for the approver`);
      const done = await approver.agent
        .post(`/api/v1/tasks/${task}/${r.workflow === 'approved' ? 'approve' : 'reject'}`)
        .send({});
      if (done.status !== 200) throw new Error(`approve ${id}: ${done.status} ${JSON.stringify(done.body)}`);
    }
  }
  return refs;
}
