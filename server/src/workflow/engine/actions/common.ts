/** Shared checks and moves of the action handlers. */
import type { RejectTargets, WorkflowNode } from '@tangram/schema';
import { isHandled, type HandledNode, type NodeOfType } from '../graph';
import { finish, sendBack } from '../flow';
import { activeOf, closeTask, isOpen, visitTasks, type Run } from '../run';
import {
  WorkflowError,
  type ActiveNode,
  type RejectTarget,
  type WorkflowAction,
  type WorkflowTask,
} from '../types';

export type ActionHandler<T extends WorkflowAction['type']> = (
  run: Run,
  action: Extract<WorkflowAction, { type: T }>,
) => void;

/** A node where tasks live: approve / fill, or the start node after a send-back. */
export type TaskNode = HandledNode | NodeOfType<'start'>;

export interface HeldTask {
  task: WorkflowTask;
  active: ActiveNode;
  node: TaskNode;
}

export function findTask(run: Run, taskId: string): WorkflowTask {
  const task = run.state.tasks.find((t) => t.id === taskId);
  if (!task) throw new WorkflowError('task_not_found', 'This task does not exist.');
  return task;
}

/**
 * The task the actor acts on: it must exist, be theirs and be pending. A closed task wins over a
 * finished instance so a double click always answers `task_closed`.
 */
export function heldTask(run: Run, taskId: string): HeldTask {
  const task = findTask(run, taskId);
  if (task.assignee !== run.ctx.actor)
    throw new WorkflowError('not_assignee', 'Only the person this task is assigned to can act on it.');
  if (task.status === 'done' || task.status === 'cancelled')
    throw new WorkflowError('task_closed', 'This task has already been handled.');
  if (run.state.status !== 'running')
    throw new WorkflowError('not_running', 'This process has already finished.');
  if (task.status === 'queued')
    throw new WorkflowError(
      'action_not_allowed',
      'This task waits for earlier approvers; it is not your turn yet.',
    );
  const active = activeOf(run, task);
  const node = run.graph.node(task.nodeId);
  if (!active || !(isHandled(node) || node.type === 'start'))
    throw new WorkflowError('task_closed', 'This task has already been handled.');
  return { task, active, node };
}

/** Optional actions a handler of the node may use (approve / submit and comment always). */
export function requireAction(
  node: TaskNode,
  action: 'transfer' | 'addApprover',
): asserts node is HandledNode {
  if (node.type === 'start' || !(node.actions ?? []).includes(action))
    throw new WorkflowError(
      'action_not_allowed',
      action === 'transfer'
        ? 'This step does not allow transferring the task.'
        : 'This step does not allow adding approvers.',
    );
}

export function requireOpinion(
  node: TaskNode,
  comment: string | undefined,
  signature: string | undefined,
): void {
  if (node.type === 'start') return;
  if (node.commentRequired && !comment?.trim())
    throw new WorkflowError('comment_required', 'Please write a comment: this step requires one.');
  if (node.signatureRequired && !signature)
    throw new WorkflowError(
      'signature_required',
      'Please sign: this step requires a hand-written signature.',
    );
}

export const rejectTargets = (node: HandledNode): RejectTargets => node.rejectTo ?? ['end'];

/** Approve nodes may reject unless a given action list omits it; fill nodes when they name targets. */
export function canReject(node: WorkflowNode): node is HandledNode {
  if (node.type === 'approve') return node.actions === undefined || node.actions.includes('reject');
  if (node.type === 'fill') return node.rejectTo !== undefined || (node.actions ?? []).includes('reject');
  return false;
}

/**
 * Where a rejection at `active` goes: 'end', or the id of the start node or of a handled node on
 * the way to this one. `previous` is the last handled node in `history` that leads here (on
 * parallel paths, the previous node of this path), else the start node.
 */
export function resolveRejectTarget(
  run: Run,
  node: HandledNode,
  active: ActiveNode,
  to: RejectTarget | undefined,
): 'end' | string {
  const allowed = rejectTargets(node);
  const graph = run.graph;
  const wanted: RejectTarget = to ?? defaultTarget(allowed);
  const kind = typeof wanted === 'string' ? wanted : 'chosen';
  if (!allowed.includes(kind))
    throw new WorkflowError(
      'bad_reject_target',
      `This step cannot send the record back that way (allowed: ${allowed.join(', ')}).`,
    );
  if (wanted === 'end') return 'end';
  if (wanted === 'start') return graph.start.id;
  if (wanted === 'previous') return previousNode(run, active.nodeId);
  const target = (wanted as { nodeId: string }).nodeId;
  const targetNode = graph.nodes.get(target);
  const passed =
    target === graph.start.id ||
    (targetNode !== undefined &&
      isHandled(targetNode) &&
      run.state.history.includes(target) &&
      graph.reaches(target, active.nodeId));
  if (!passed)
    throw new WorkflowError(
      'bad_reject_target',
      'The record can only be sent back to a step it has already passed.',
    );
  return target;
}

/** The last handled node in `history` that leads to `nodeId` (its own path's), else the start. */
export function previousNode(run: Run, nodeId: string): string {
  for (let i = run.state.history.length - 1; i >= 0; i--) {
    const id = run.state.history[i]!;
    if (id !== nodeId && run.graph.reaches(id, nodeId)) return id;
  }
  return run.graph.start.id;
}

function defaultTarget(allowed: RejectTargets): RejectTarget {
  const first = allowed[0]!;
  if (first === 'chosen')
    throw new WorkflowError('bad_reject_target', 'Choose the step to send the record back to.');
  return first;
}

/** Rejects the node of a closed task: ends the instance or sends the record back. */
export function rejectNode(run: Run, active: ActiveNode, target: 'end' | string, actor: string | null): void {
  for (const t of visitTasks(run, active)) if (isOpen(t)) closeTask(run, t, 'superseded');
  if (target === 'end') finish(run, 'rejected', actor);
  else sendBack(run, active, target);
}

/** Users holding an open task at the visit (cannot receive another one there). */
export const holders = (run: Run, active: ActiveNode) =>
  new Set(
    visitTasks(run, active)
      .filter(isOpen)
      .map((t) => t.assignee),
  );

/** Points references to a replaced task (transfer, escalation) at its replacement. */
export function repoint(run: Run, from: WorkflowTask, to: WorkflowTask): void {
  if (from.beforeTask !== undefined) to.beforeTask = from.beforeTask;
  if (from.afterTask !== undefined) to.afterTask = from.afterTask;
  for (const t of run.state.tasks) {
    if (t.beforeTask === from.id) t.beforeTask = to.id;
    if (t.afterTask === from.id) t.afterTask = to.id;
  }
}
