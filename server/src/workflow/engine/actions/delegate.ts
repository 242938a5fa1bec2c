/** transfer and add approver (before / after). */
import { newTask } from '../tasks';
import type { HandledNode } from '../graph';
import { barredApprover, closeTask, dedupe, emit, log, startClocks, type Run } from '../run';
import { WorkflowError, type ActiveNode } from '../types';
import { heldTask, holders, repoint, requireAction, type ActionHandler } from './common';

/**
 * Users who may receive a task at the visit: someone, not the actor, nobody already holding one,
 * and never the submitter of an approve node under forbidSelfApproval (they would approve their
 * own record).
 */
function checkUsers(run: Run, node: HandledNode, active: ActiveNode, users: string[]): string[] {
  const wanted = dedupe(users.filter((u) => u.length > 0));
  if (wanted.length === 0) throw new WorkflowError('bad_users', 'Choose at least one person.');
  if (wanted.includes(run.ctx.actor ?? ''))
    throw new WorkflowError('bad_users', 'You cannot hand the task to yourself.');
  const barred = barredApprover(run, node);
  if (barred !== null && wanted.includes(barred))
    throw new WorkflowError(
      'self_approval_forbidden',
      'The submitter cannot approve their own record: choose someone else.',
    );
  const busy = holders(run, active);
  const already = wanted.filter((u) => busy.has(u));
  if (already.length)
    throw new WorkflowError('bad_users', 'Some of the chosen people already have a task at this step.');
  return wanted;
}

export const transfer: ActionHandler<'transfer'> = (run, action) => {
  const { task, active, node } = heldTask(run, action.taskId);
  requireAction(node, 'transfer');
  const [to] = checkUsers(run, node, active, [action.to]);
  closeTask(run, task, 'transferred');
  const next = newTask(run, active, to!, task.order, { status: 'pending', delegatedBy: run.ctx.actor! });
  repoint(run, task, next);
  startClocks(run, next, node.timeout);
  log(run, {
    actor: run.ctx.actor,
    action: 'transfer',
    nodeId: node.id,
    taskId: task.id,
    comment: action.comment,
    users: [to!],
  });
  emit(run, { type: 'notify', kind: 'task', userIds: [to!], taskId: next.id, nodeId: node.id });
};

/**
 * before: the added approvers get pending tasks now and the actor's task waits (queued) until
 * all of them approved; then the actor decides. after: the added approvers get queued tasks that
 * open when the actor approves; the node completes only once they approved too.
 */
export const addApprover: ActionHandler<'addApprover'> = (run, action) => {
  const { task, active, node } = heldTask(run, action.taskId);
  requireAction(node, 'addApprover');
  const users = checkUsers(run, node, active, action.users);
  const actor = run.ctx.actor!;
  log(run, {
    actor,
    action: 'addApprover',
    nodeId: node.id,
    taskId: task.id,
    comment: action.comment,
    users,
    position: action.position,
  });
  if (action.position === 'before') {
    task.status = 'queued';
    delete task.remindAt;
    delete task.dueAt;
    for (const user of users) {
      const added = newTask(run, active, user, task.order, {
        status: 'pending',
        delegatedBy: actor,
        beforeTask: task.id,
      });
      startClocks(run, added, node.timeout);
      emit(run, { type: 'notify', kind: 'task', userIds: [user], taskId: added.id, nodeId: node.id });
    }
  } else {
    for (const user of users)
      newTask(run, active, user, task.order, { delegatedBy: actor, afterTask: task.id });
  }
};
