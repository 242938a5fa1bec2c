import type { Audience, PermissionGroup } from '@tangram/schema';

/**
 * Could one user be in both audiences? Only two lists of chosen users can be told apart here;
 * departments and roles depend on the directory, so they are assumed to overlap.
 */
function mayOverlap(a: readonly Audience[], b: readonly Audience[]): boolean {
  const usersOnly = (list: readonly Audience[]) => list.every((x) => x.kind === 'users');
  if (a.length === 0 || b.length === 0) return false;
  if (!usersOnly(a) || !usersOnly(b)) return true;
  const ids = new Set(a.flatMap((x) => (x.kind === 'users' ? x.ids : [])));
  return b.some((x) => x.kind === 'users' && x.ids.some((id) => ids.has(id)));
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/**
 * Pairs of groups that differ in both rows and fields and may share a member. Decision 0022 unites
 * the field masks over every row the grant reaches, so such a member sees the wider group's fields
 * on the other group's rows too: the designer warns instead of letting it surprise anyone.
 */
export function mixedGroups(groups: readonly PermissionGroup[]): [PermissionGroup, PermissionGroup][] {
  const out: [PermissionGroup, PermissionGroup][] = [];
  groups.forEach((a, i) => {
    for (const b of groups.slice(i + 1)) {
      if (same(a.scope, b.scope) || same(a.fields, b.fields)) continue;
      if (mayOverlap(a.members, b.members)) out.push([a, b]);
    }
  });
  return out;
}
