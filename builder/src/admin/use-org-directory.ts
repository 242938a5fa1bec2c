import type { AdminRole, Department } from '@tangram/client';
import { useAsync, useClient } from '@tangram/runtime';
import { useMemo } from 'react';

export interface OrgDirectory {
  departments: Department[];
  roles: AdminRole[];
  departmentName: (id: string) => string;
  roleName: (id: string) => string;
  loading: boolean;
  error: Error | undefined;
  reload(): void;
}

/** Departments and roles of the org, loaded once for the admin pages' pickers and labels. */
export function useOrgDirectory(): OrgDirectory {
  const client = useClient();
  const state = useAsync(
    () => Promise.all([client.admin.departments.list(), client.admin.roles.list()]),
    [client],
  );
  return useMemo(() => {
    const departments = state.data?.[0].items ?? [];
    const roles = state.data?.[1].items ?? [];
    const depNames = new Map(departments.map((d) => [d.id, d.name]));
    const roleNames = new Map(roles.map((r) => [r.id, r.name]));
    return {
      departments,
      roles,
      departmentName: (id) => depNames.get(id) ?? id,
      roleName: (id) => roleNames.get(id) ?? id,
      loading: state.loading,
      error: state.error,
      reload: state.reload,
    };
  }, [state.data, state.loading, state.error, state.reload]);
}

/** The department list as Ant Design tree nodes (children under their parent, names sorted). */
export interface DepartmentNode {
  key: string;
  title: string;
  department: Department;
  children: DepartmentNode[];
}

export function departmentTree(departments: Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>(
    departments.map((d) => [d.id, { key: d.id, title: d.name, department: d, children: [] }]),
  );
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parentId ? nodes.get(node.department.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.title.localeCompare(b.title));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
