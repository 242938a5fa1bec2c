import type { Principal } from '@tangram/acl';
import type { Department, User } from '@tangram/client';

/**
 * The acl principal of a directory user, for the "view as" summary (which groups match, which
 * fields they see). The rows themselves always come from the server answering as that user; this
 * only explains them, with the same `computeGrant` the server runs.
 */
export function principalOf(user: User, departments: readonly Department[]): Principal {
  const parent = new Map(departments.map((d) => [d.id, d.parentId]));
  const children = new Map<string, string[]>();
  for (const d of departments) {
    if (!d.parentId) continue;
    children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  }
  const own = new Set(user.departmentIds);
  const ancestors = new Set<string>();
  for (const id of own) {
    // The guard against a cycle keeps a broken tree from looping forever.
    for (let p = parent.get(id); p && !ancestors.has(p); p = parent.get(p)) ancestors.add(p);
  }
  const descendants = new Set<string>();
  const stack = [...own];
  while (stack.length) {
    for (const child of children.get(stack.pop() as string) ?? []) {
      if (descendants.has(child)) continue;
      descendants.add(child);
      stack.push(child);
    }
  }
  return {
    userId: user.id,
    departmentIds: [...own],
    ancestorDepartmentIds: [...ancestors].filter((id) => !own.has(id)),
    descendantDepartmentIds: [...descendants].filter((id) => !own.has(id)),
    roleIds: user.roleIds,
    isOrgAdmin: user.isAdmin,
  };
}
