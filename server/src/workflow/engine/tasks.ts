/**
 * Tasks of a handled (approve / fill) node: creation per mode, activation in order, and the
 * completion rules after an approval.
 *
 * Modes: any (或签) — every task pending, the first approval decides and supersedes the rest;
 * all (会签) — every task pending, each must approve (a rejection rejects the node); sequence
 * (依次审批) — the first task pending, the others queued and activated one by one in `order`.
 *
 * Added approvers: a "before" task (beforeTask = X) is pending while X waits queued; when every
 * task added before X is approved, X is pending again and its holder decides. An "after" task
 * (afterTask = X) is queued until X is approved, and the node does not complete before it is
 * approved too — in any mode, X's approval supersedes the other original tasks but not X's
 * after-tasks.
 */
import type { HandledNode } from './graph';
import { completeNode } from './flow';
import { activeOf, closeTask, emit, isOpen, log, startClocks, visitTasks, type Run } from './run';
import type { ActiveNode, WorkflowTask } from './types';

export const modeOf = (node: HandledNode) => node.mode ?? 'any';

export function newTask(
  run: Run,
  active: ActiveNode,
  assignee: string,
  order: number,
  extra: Partial<WorkflowTask> = {},
): WorkflowTask {
  const task: WorkflowTask = {
    id: run.ctx.newId(),
    nodeId: active.nodeId,
    visit: active.visit,
    assignee,
    status: 'queued',
    order,
    createdAt: run.ctx.now,
    ...extra,
  };
  run.state.tasks.push(task);
  return task;
}

/**
 * Users who approved an approve node of the current round (nodes still in `history`, so a
 * rejection that rewinds past a node forgets its approvals), for `autoApproveSameUser`.
 */
function approvedEarlier(run: Run, node: HandledNode): Set<string> {
  const users = new Set<string>();
  if (!run.graph.definition.settings?.autoApproveSameUser || node.type !== 'approve') return users;
  const passed = new Set(run.state.history);
  for (const task of run.state.tasks) {
    if (task.nodeId === node.id || !passed.has(task.nodeId) || task.outcome !== 'approved') continue;
    if (run.graph.nodes.get(task.nodeId)?.type === 'approve') users.add(task.assignee);
  }
  return users;
}

/** Creates the tasks of a node just entered, for the resolved users, and activates them per mode. */
export function createTasks(run: Run, node: HandledNode, active: ActiveNode, users: string[]): void {
  const auto = approvedEarlier(run, node);
  const tasks = users.map((user, i) => newTask(run, active, user, i));
  const mode = modeOf(node);
  if (mode === 'sequence') {
    activate(run, node, tasks[0]!, auto);
    return;
  }
  // In any mode one automatic approval decides the node: take those first so nobody else is
  // notified of a task that is superseded in the same breath.
  const rank = (task: WorkflowTask) => (auto.has(task.assignee) ? 0 : 1);
  const ordered = mode === 'any' ? [...tasks].sort((a, b) => rank(a) - rank(b)) : tasks;
  for (const task of ordered) activate(run, node, task, auto);
}

/**
 * Makes a queued task pending (clocks started, handler notified) — or, when its holder already
 * approved an earlier node and the workflow says so, approves it on their behalf at once.
 */
export function activate(
  run: Run,
  node: HandledNode,
  task: WorkflowTask,
  auto = approvedEarlier(run, node),
): void {
  if (task.status !== 'queued' || !activeOf(run, task)) return;
  if (auto.has(task.assignee) && task.beforeTask === undefined) {
    closeTask(run, task, 'approved');
    log(run, { actor: null, action: 'approve', nodeId: node.id, taskId: task.id, users: [task.assignee] });
    afterApproval(run, node, task);
    return;
  }
  task.status = 'pending';
  startClocks(run, task, node.timeout);
  emit(run, { type: 'notify', kind: 'task', userIds: [task.assignee], taskId: task.id, nodeId: node.id });
}

/**
 * What follows an approval (by the handler, an automatic approval or a timeout): release the
 * task waiting for added "before" approvers, activate "after" approvers, supersede the rest in any
 * mode, activate the next in sequence, or complete the node.
 */
export function afterApproval(run: Run, node: HandledNode, task: WorkflowTask): void {
  const active = activeOf(run, task);
  if (!active) return;
  const tasks = visitTasks(run, active);
  if (task.beforeTask !== undefined) {
    const waiting = tasks.find((t) => t.id === task.beforeTask);
    const stillBefore = tasks.some((t) => t.beforeTask === task.beforeTask && isOpen(t));
    if (waiting && waiting.status === 'queued' && !stillBefore) activate(run, node, waiting, new Set());
    return;
  }
  const followers = tasks.filter((t) => t.afterTask === task.id && t.status === 'queued');
  if (modeOf(node) === 'any' && task.afterTask === undefined) {
    for (const t of tasks) if (isOpen(t) && !followers.includes(t)) closeTask(run, t, 'superseded');
  }
  for (const follower of followers) activate(run, node, follower, new Set());
  if (!activeOf(run, task)) return; // an automatic approval may already have completed the node
  const open = visitTasks(run, active).filter(isOpen);
  if (open.some((t) => t.status === 'pending')) return;
  const next = nextInLine(open);
  if (next) activate(run, node, next);
  else completeNode(run, active);
}

/**
 * The queued task whose turn comes next: the lowest order among those not waiting for a task
 * (an "after" anchor) or for added "before" approvers.
 */
function nextInLine(open: WorkflowTask[]): WorkflowTask | undefined {
  const anchors = new Set(open.map((t) => t.id));
  const waitingForBefore = new Set(open.filter((t) => t.beforeTask !== undefined).map((t) => t.beforeTask));
  const eligible = open
    .filter(
      (t) =>
        t.status === 'queued' &&
        !(t.afterTask !== undefined && anchors.has(t.afterTask)) &&
        !waitingForBefore.has(t.id),
    )
    .sort((a, b) => a.order - b.order);
  // Never leave a node with only queued tasks: fall back to the lowest order if all wait.
  return eligible[0] ?? open.filter((t) => t.status === 'queued').sort((a, b) => a.order - b.order)[0];
}
