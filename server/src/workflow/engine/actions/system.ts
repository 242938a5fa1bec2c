/**
 * System actions issued by the scheduler: remind and timeout. The scheduler may fire late (the
 * task was handled meanwhile, the instance finished), so a task that is no longer pending makes
 * both a no-op rather than an error.
 */
import { isHandled, type HandledNode } from '../graph';
import { newTask, afterApproval } from '../tasks';
import { addMinutes, activeOf, barredApprover, closeTask, dedupe, emit, log, type Run } from '../run';
import type { WorkflowTask } from '../types';
import {
  findTask,
  holders,
  previousNode,
  rejectNode,
  rejectTargets,
  repoint,
  type ActionHandler,
} from './common';

/** The pending task and its handled node, or undefined when the action came too late. */
function stillDue(run: Run, taskId: string): { task: WorkflowTask; node: HandledNode } | undefined {
  const task = findTask(run, taskId);
  const node = run.graph.nodes.get(task.nodeId);
  if (run.state.status !== 'running' || task.status !== 'pending' || !node || !isHandled(node))
    return undefined;
  return activeOf(run, task) ? { task, node } : undefined;
}

export const remind: ActionHandler<'remind'> = (run, action) => {
  const due = stillDue(run, action.taskId);
  if (!due) return;
  const { task, node } = due;
  log(run, { actor: null, action: 'remind', nodeId: node.id, taskId: task.id, users: [task.assignee] });
  emit(run, { type: 'notify', kind: 'remind', userIds: [task.assignee], taskId: task.id, nodeId: node.id });
  const every = node.timeout?.remindEveryMinutes;
  if (every !== undefined) task.remindAt = addMinutes(run.ctx.now, every);
  else delete task.remindAt;
};

type TimeoutAction = NonNullable<NonNullable<HandledNode['timeout']>['action']>;
type TimeoutHandler = (run: Run, node: HandledNode, task: WorkflowTask) => void;

const timeoutHandlers: Record<TimeoutAction, TimeoutHandler> = {
  approve(run, node, task) {
    closeTask(run, task, 'timedOut');
    log(run, { actor: null, action: 'timeout', nodeId: node.id, taskId: task.id, timeoutAction: 'approve' });
    afterApproval(run, node, task);
  },
  /** Rejects the node to its first reject target ('chosen' needs a person's choice: end). */
  reject(run, node, task) {
    const active = activeOf(run, task)!;
    const first = rejectTargets(node)[0];
    closeTask(run, task, 'timedOut');
    const target =
      first === 'start' ? run.graph.start.id : first === 'previous' ? previousNode(run, node.id) : 'end';
    log(run, {
      actor: null,
      action: 'timeout',
      nodeId: node.id,
      taskId: task.id,
      timeoutAction: 'reject',
      target,
    });
    rejectNode(run, active, target, null);
  },
  /**
   * Hands the task to `escalateTo` (the app's admins when that resolves to nobody new). The new
   * tasks get reminders but no second automatic action, so escalation happens once per task.
   */
  escalate(run, node, task) {
    const active = activeOf(run, task)!;
    const busy = holders(run, active);
    // forbidSelfApproval: escalation never hands an approval to the submitter.
    const barred = barredApprover(run, node);
    const fresh = (ids: string[]) => dedupe(ids).filter((u) => !busy.has(u) && u !== barred);
    let users = fresh(run.ctx.resolveAssignees(node.timeout?.escalateTo ?? []));
    if (users.length === 0) users = fresh(run.ctx.adminIds);
    log(run, { actor: null, action: 'timeout', nodeId: node.id, taskId: task.id, timeoutAction: 'escalate' });
    if (users.length === 0) {
      delete task.dueAt; // nobody to escalate to: the task stays with its holder
      return;
    }
    closeTask(run, task, 'timedOut');
    const created = users.map((user) => newTask(run, active, user, task.order, { status: 'pending' }));
    repoint(run, task, created[0]!);
    for (const t of created.slice(1)) {
      if (task.beforeTask !== undefined) t.beforeTask = task.beforeTask;
      if (task.afterTask !== undefined) t.afterTask = task.afterTask;
    }
    log(run, { actor: null, action: 'escalate', nodeId: node.id, taskId: task.id, users });
    for (const t of created) {
      const remindAfter = node.timeout?.remindAfterMinutes;
      if (remindAfter !== undefined) t.remindAt = addMinutes(run.ctx.now, remindAfter);
      emit(run, { type: 'notify', kind: 'task', userIds: [t.assignee], taskId: t.id, nodeId: node.id });
    }
  },
};

export const timeout: ActionHandler<'timeout'> = (run, action) => {
  const due = stillDue(run, action.taskId);
  const kind = due?.node.timeout?.action;
  if (!due || !kind) return;
  timeoutHandlers[kind](run, due.node, due.task);
};
