import type { Department, Member, Role } from '@tangram/client';
import { useAsync, useClient } from '@tangram/runtime';
import { useMemo } from 'react';

/** The org directory the assignee pickers offer: members, departments and roles, with name lookups. */
export interface OrgDirectory {
  members: Member[];
  departments: Department[];
  roles: Role[];
  userName(id: string): string;
  departmentName(id: string): string;
  roleName(id: string): string;
}

/**
 * Loads the directory once per designer, as the runtime's member and department pickers do
 * (`/org/members`, `/org/departments`); roles come from the admin API (the studio is admins only).
 * Unknown ids show as themselves, so a deleted user is still visible in a node.
 */
export function useOrgDirectory(): OrgDirectory {
  const client = useClient();
  const members = useAsync(() => client.org.members(), [client]);
  const departments = useAsync(() => client.org.departments(), [client]);
  const roles = useAsync(() => client.admin.roles.list(), [client]);
  return useMemo(() => {
    const m = members.data?.items ?? [];
    const d = departments.data?.items ?? [];
    const r = roles.data?.items ?? [];
    const names = <T extends { id: string; name: string }>(list: T[]) => {
      const map = new Map(list.map((x) => [x.id, x.name]));
      return (id: string) => map.get(id) ?? id;
    };
    return {
      members: m,
      departments: d,
      roles: r,
      userName: names(m),
      departmentName: names(d),
      roleName: names(r),
    };
  }, [members.data, departments.data, roles.data]);
}
