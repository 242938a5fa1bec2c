import type { Db } from '../db/db';
import type { WorkflowTask } from './engine/types';
import { enqueueJob } from './scheduler';

export const REMIND_JOB = 'workflow.remind';
export const TIMEOUT_JOB = 'workflow.timeout';

const same = (a: WorkflowTask | undefined, b: WorkflowTask) =>
  a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/**
 * Mirrors the instance's tasks (the state is the truth) into workflow_tasks for inbox queries:
 * only changed tasks are written. A pending task with a reminder or timeout gets a job for it; the
 * dedupe key includes the due time, so a moved due time schedules a new job and the old one finds
 * nothing due when it runs.
 */
export async function mirrorTasks(
  tx: Db,
  orgId: string,
  instanceId: string,
  before: readonly WorkflowTask[],
  after: readonly WorkflowTask[],
): Promise<void> {
  const previous = new Map(before.map((t) => [t.id, t]));
  for (const task of after) {
    const old = previous.get(task.id);
    if (same(old, task)) continue;
    await tx.query(
      `INSERT INTO workflow_tasks (id, org_id, instance_id, node_id, visit, assignee, status, outcome, created_at, acted_at, remind_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET assignee = EXCLUDED.assignee, status = EXCLUDED.status, outcome = EXCLUDED.outcome,
         acted_at = EXCLUDED.acted_at, remind_at = EXCLUDED.remind_at, due_at = EXCLUDED.due_at`,
      [
        task.id,
        orgId,
        instanceId,
        task.nodeId,
        task.visit,
        task.assignee,
        task.status,
        task.outcome ?? null,
        task.createdAt,
        task.actedAt ?? null,
        task.remindAt ?? null,
        task.dueAt ?? null,
      ],
    );
    if (task.status !== 'pending') continue;
    const payload = { instanceId, taskId: task.id };
    if (task.remindAt && (old?.remindAt !== task.remindAt || old.status !== 'pending'))
      await enqueueJob(tx, {
        orgId,
        kind: REMIND_JOB,
        runAt: task.remindAt,
        payload,
        dedupeKey: `${REMIND_JOB}:${task.id}:${task.remindAt}`,
      });
    if (task.dueAt && (old?.dueAt !== task.dueAt || old.status !== 'pending'))
      await enqueueJob(tx, {
        orgId,
        kind: TIMEOUT_JOB,
        runAt: task.dueAt,
        payload,
        dedupeKey: `${TIMEOUT_JOB}:${task.id}:${task.dueAt}`,
      });
  }
}
