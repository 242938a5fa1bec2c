import type { Principal } from '../access/principal';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict, notFound, unprocessable } from '../http/app-error';
import { writeAudit } from './audit-log';
import type { DepartmentBody, UpdateDepartmentBody } from './org.schemas';
import { assertInOrg } from './references';

export interface DepartmentView {
  id: string;
  name: string;
  parentId: string | null;
  leaderId: string | null;
}

// Tree changes of one org are serialised (advisory lock keyed by org) so two concurrent moves
// cannot together form a cycle that neither would form alone.
const lockTree = (tx: Db, orgId: string) =>
  tx.query(`SELECT pg_advisory_xact_lock(7216003, hashtext($1))`, [orgId]);

const SELECT = `SELECT id, name, parent_id AS "parentId", leader_id AS "leaderId" FROM departments`;

export async function listDepartments(db: Db, orgId: string): Promise<DepartmentView[]> {
  const { rows } = await db.query<DepartmentView>(`${SELECT} WHERE org_id = $1 ORDER BY name, id`, [orgId]);
  return rows;
}

async function getDepartment(tx: Db, orgId: string, id: string): Promise<DepartmentView> {
  const { rows } = await tx.query<DepartmentView>(`${SELECT} WHERE org_id = $1 AND id = $2`, [orgId, id]);
  if (!rows[0]) throw notFound('Department');
  return rows[0];
}

export async function createDepartment(
  db: Db,
  actor: Principal,
  body: DepartmentBody,
): Promise<DepartmentView> {
  return db.transaction(async (tx) => {
    await lockTree(tx, actor.orgId);
    if (body.parentId) await assertInOrg(tx, 'departments', actor.orgId, [body.parentId], '/parentId');
    if (body.leaderId) await assertInOrg(tx, 'users', actor.orgId, [body.leaderId], '/leaderId');
    const id = newId('dep');
    await tx.query(
      `INSERT INTO departments (id, org_id, name, parent_id, leader_id) VALUES ($1, $2, $3, $4, $5)`,
      [id, actor.orgId, body.name, body.parentId ?? null, body.leaderId ?? null],
    );
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'department.create',
      targetType: 'department',
      targetId: id,
      detail: { ...body },
    });
    return getDepartment(tx, actor.orgId, id);
  });
}

export async function updateDepartment(
  db: Db,
  actor: Principal,
  id: string,
  body: UpdateDepartmentBody,
): Promise<DepartmentView> {
  return db.transaction(async (tx) => {
    await lockTree(tx, actor.orgId);
    const before = await getDepartment(tx, actor.orgId, id);
    if (body.parentId) {
      await assertInOrg(tx, 'departments', actor.orgId, [body.parentId], '/parentId');
      if (await isSelfOrDescendant(tx, actor.orgId, id, body.parentId)) {
        throw unprocessable(
          'department_cycle',
          'A department cannot be moved under itself or one of its sub-departments.',
          [{ path: '/parentId', code: 'cycle', message: 'would create a cycle' }],
        );
      }
    }
    if (body.leaderId) await assertInOrg(tx, 'users', actor.orgId, [body.leaderId], '/leaderId');
    await tx.query(
      `UPDATE departments SET name = $3, parent_id = $4, leader_id = $5 WHERE org_id = $1 AND id = $2`,
      [
        actor.orgId,
        id,
        body.name ?? before.name,
        body.parentId !== undefined ? body.parentId : before.parentId,
        body.leaderId !== undefined ? body.leaderId : before.leaderId,
      ],
    );
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'department.update',
      targetType: 'department',
      targetId: id,
      detail: { before, changes: body },
    });
    return getDepartment(tx, actor.orgId, id);
  });
}

export async function deleteDepartment(db: Db, actor: Principal, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTree(tx, actor.orgId);
    const before = await getDepartment(tx, actor.orgId, id);
    const { rows } = await tx.query<{ children: number; members: number }>(
      `SELECT (SELECT count(*) FROM departments WHERE parent_id = $1) AS children,
              (SELECT count(*) FROM memberships WHERE department_id = $1) AS members`,
      [id],
    );
    const usage = rows[0]!;
    if (usage.children > 0 || usage.members > 0) {
      throw conflict('department_not_empty', 'Move or remove its sub-departments and members first.', usage);
    }
    await tx.query('DELETE FROM departments WHERE org_id = $1 AND id = $2', [actor.orgId, id]);
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'department.delete',
      targetType: 'department',
      targetId: id,
      detail: { before },
    });
  });
}

/** True when `candidate` is `id` itself or lies below it in the tree. */
async function isSelfOrDescendant(tx: Db, orgId: string, id: string, candidate: string): Promise<boolean> {
  const { rows } = await tx.query(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM departments WHERE org_id = $1 AND id = $2
       UNION ALL
       SELECT d.id, d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.parent_id
        WHERE d.org_id = $1 AND up.depth < 10000
     )
     SELECT 1 FROM up WHERE id = $3 LIMIT 1`,
    [orgId, candidate, id],
  );
  return rows.length > 0;
}
