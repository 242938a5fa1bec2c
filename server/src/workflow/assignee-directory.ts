import type { Assignee, WorkflowDefinition } from '@tangram/schema';
import type { Db } from '../db/db';

/**
 * The org directory a workflow needs, fetched before the engine runs (the engine is pure and
 * resolves assignees synchronously): role members, department leaders, the submitter's manager
 * chain, member fields' users, and which users are active.
 */
export interface AssigneeDirectory {
  resolve(assignees: readonly Assignee[]): string[];
  adminIds: string[];
  /** True for an active user of the org (transfer / add approver targets). */
  isActiveUser(id: string): boolean;
}

/** Every assignee list of a definition (handlers, cc recipients, escalation targets). */
export function assigneeLists(definition: WorkflowDefinition): Assignee[][] {
  const lists: Assignee[][] = [];
  for (const node of definition.nodes) {
    if ('assignees' in node) lists.push(node.assignees);
    if ('recipients' in node) lists.push(node.recipients);
    if ('timeout' in node && node.timeout?.escalateTo) lists.push(node.timeout.escalateTo);
  }
  return lists;
}

const asIds = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v) => typeof v === 'string')
      : [];

export async function loadAssigneeDirectory(
  db: Db,
  orgId: string,
  definition: WorkflowDefinition,
  submitter: string,
  record: Record<string, unknown>,
  extraUserIds: readonly string[] = [],
): Promise<AssigneeDirectory> {
  const assignees = assigneeLists(definition).flat();
  const roleIds = new Set<string>();
  const departmentIds = new Set<string>();
  const candidates = new Set<string>([submitter, ...extraUserIds]);
  for (const a of assignees) {
    if (a.kind === 'roles') a.ids.forEach((id) => roleIds.add(id));
    else if (a.kind === 'departmentLeaders') a.ids.forEach((id) => departmentIds.add(id));
    else if (a.kind === 'users') a.ids.forEach((id) => candidates.add(id));
    else if (a.kind === 'field') asIds(record[a.field]).forEach((id) => candidates.add(id));
  }

  const roleMembers = new Map<string, string[]>();
  if (roleIds.size) {
    const { rows } = await db.query<{ role_id: string; user_id: string }>(
      `SELECT role_id, user_id FROM user_roles WHERE org_id = $1 AND role_id = ANY($2) ORDER BY role_id, user_id`,
      [orgId, [...roleIds]],
    );
    for (const r of rows) {
      roleMembers.set(r.role_id, [...(roleMembers.get(r.role_id) ?? []), r.user_id]);
      candidates.add(r.user_id);
    }
  }

  // The department tree (small) for leaders and the manager chain: the leader of the submitter's
  // first department is level 1 (its parent's leader when the submitter leads it), and so on up.
  const needsTree = departmentIds.size > 0 || assignees.some((a) => a.kind === 'submitterManager');
  const departments = new Map<string, { parent: string | null; leader: string | null }>();
  const managers: string[] = [];
  if (needsTree) {
    const { rows } = await db.query<{ id: string; parent_id: string | null; leader_id: string | null }>(
      `SELECT id, parent_id, leader_id FROM departments WHERE org_id = $1`,
      [orgId],
    );
    for (const r of rows) departments.set(r.id, { parent: r.parent_id, leader: r.leader_id });
    const { rows: own } = await db.query<{ department_id: string }>(
      `SELECT department_id FROM memberships WHERE org_id = $1 AND user_id = $2 ORDER BY department_id LIMIT 1`,
      [orgId, submitter],
    );
    let current = own[0]?.department_id ?? null;
    const seen = new Set<string>();
    while (current && !seen.has(current)) {
      seen.add(current);
      const dept = departments.get(current);
      if (!dept) break;
      if (dept.leader && dept.leader !== submitter && managers[managers.length - 1] !== dept.leader)
        managers.push(dept.leader);
      current = dept.parent;
    }
    for (const id of departmentIds) {
      const leader = departments.get(id)?.leader;
      if (leader) candidates.add(leader);
    }
    managers.forEach((id) => candidates.add(id));
  }

  const { rows: users } = await db.query<{ id: string; is_admin: boolean }>(
    `SELECT id, is_admin FROM users WHERE org_id = $1 AND active AND (id = ANY($2) OR is_admin) ORDER BY created_at, id`,
    [orgId, [...candidates]],
  );
  const active = new Set(users.map((u) => u.id));
  const adminIds = users.filter((u) => u.is_admin).map((u) => u.id);

  const expand = (a: Assignee): string[] => {
    switch (a.kind) {
      case 'users':
        return a.ids;
      case 'roles':
        return a.ids.flatMap((id) => roleMembers.get(id) ?? []);
      case 'departmentLeaders':
        return a.ids.map((id) => departments.get(id)?.leader ?? '').filter(Boolean);
      case 'submitter':
        return [submitter];
      case 'submitterManager':
        return managers[a.level - 1] ? [managers[a.level - 1]!] : [];
      case 'field':
        return asIds(record[a.field]);
    }
  };

  return {
    resolve(list) {
      const out: string[] = [];
      for (const a of list) for (const id of expand(a)) if (active.has(id) && !out.includes(id)) out.push(id);
      return out;
    },
    adminIds,
    isActiveUser: (id) => active.has(id),
  };
}
