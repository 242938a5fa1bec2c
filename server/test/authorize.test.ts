import { describe, expect, it } from 'vitest';
import type { Principal } from '../src/access/principal';
import { authorize, createAuthorizer } from '../src/access/authorize';
import type { PolicyProvider } from '../src/access/policy';

const admin: Principal = { userId: 'u1', orgId: 'o1', isAdmin: true, departmentIds: [], roleIds: [] };
const member: Principal = { ...admin, userId: 'u2', isAdmin: false };
const status = async (p: Promise<void>) =>
  p.then(
    () => 200,
    (e: { status: number }) => e.status,
  );

describe('authorize', () => {
  it('hides other orgs behind 404, even from admins', async () => {
    expect(await status(authorize(admin, 'read', { kind: 'app', orgId: 'o2', appId: 'a' }))).toBe(404);
    expect(
      await status(authorize(member, 'read', { kind: 'record', orgId: 'o2', appId: 'a', formId: 'f' })),
    ).toBe(404);
  });

  it('lets members read apps and CRUD records, admins manage', async () => {
    expect(await status(authorize(member, 'read', { kind: 'app', orgId: 'o1' }))).toBe(200);
    expect(await status(authorize(member, 'manage', { kind: 'app', orgId: 'o1' }))).toBe(403);
    expect(await status(authorize(member, 'manage', { kind: 'org', orgId: 'o1' }))).toBe(403);
    for (const action of ['read', 'create', 'update', 'delete'] as const) {
      expect(
        await status(authorize(member, action, { kind: 'record', orgId: 'o1', appId: 'a', formId: 'f' })),
      ).toBe(200);
    }
    expect(await status(authorize(admin, 'manage', { kind: 'app', orgId: 'o1' }))).toBe(200);
  });

  it('consults providers in order; abstaining falls through, all abstaining denies', async () => {
    const denyRecords: PolicyProvider = {
      name: 'groups',
      decide: (_p, _a, r) => (r.kind === 'record' ? 'deny' : 'abstain'),
    };
    const authz = createAuthorizer([denyRecords, { name: 'allow-all', decide: () => 'allow' }]);
    expect(
      await status(authz(member, 'read', { kind: 'record', orgId: 'o1', appId: 'a', formId: 'f' })),
    ).toBe(403);
    expect(await status(authz(member, 'manage', { kind: 'app', orgId: 'o1' }))).toBe(200);
    const none = createAuthorizer([{ name: 'abstain', decide: () => 'abstain' }]);
    expect(await status(none(admin, 'read', { kind: 'org', orgId: 'o1' }))).toBe(403);
  });
});
