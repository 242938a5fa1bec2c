/**
 * Moving through the graph: entering nodes (one handler per node type, no switch), completing a
 * handled node, finishing the instance and sending the record back after a rejection.
 *
 * Parallel paths: entering a fork enters every path with the fork pushed on the path's scope
 * (`ActiveNode.forks` / `paths`). A path that reaches its fork's join is recorded in
 * `arrived[join]`; the join continues once, when the last path arrives, and its record is cleared
 * so a later visit (after a rejection) starts counting afresh.
 */
import type { WorkflowNode } from '@tangram/schema';
import { chooseBranch, isHandled, type HandledNode, type NodeOfType } from './graph';
import {
  barredApprover,
  closeTask,
  dedupe,
  emit,
  isOpen,
  log,
  ROOT_SCOPE,
  scopeOf,
  type PathScope,
  type Run,
} from './run';
import { createTasks, newTask } from './tasks';
import type { ActiveNode, InstanceStatus } from './types';

type EnterHandler<T extends WorkflowNode['type']> = (run: Run, node: NodeOfType<T>, scope: PathScope) => void;

const enterHandlers: { [T in WorkflowNode['type']]: EnterHandler<T> } = {
  start: (run) => enterStart(run),
  approve: enterHandled,
  fill: enterHandled,
  cc(run, node, scope) {
    const users = run.ctx.resolveAssignees(node.recipients);
    log(run, { actor: null, action: 'cc', nodeId: node.id, users });
    emit(run, { type: 'cc', nodeId: node.id, userIds: users });
    emit(run, { type: 'notify', kind: 'cc', userIds: users, nodeId: node.id });
    enter(run, node.next, scope);
  },
  automation(run, node, scope) {
    log(run, { actor: null, action: 'hook', nodeId: node.id });
    emit(run, { type: 'hook', nodeId: node.id, hook: node.hook });
    enter(run, node.next, scope);
  },
  branch(run, node, scope) {
    enter(run, chooseBranch(node, run.ctx), scope);
  },
  fork(run, node, scope) {
    delete run.state.arrived[node.join];
    for (const first of node.next)
      enter(run, first, { forks: [...scope.forks, node.id], paths: [...scope.paths, first] });
  },
  join(run, node, scope) {
    const fork = run.graph.forkOf(node.id);
    const depth = scope.forks.length - 1;
    if (!fork || scope.forks[depth] !== fork.id) {
      // Reached outside its fork (the semantic checks forbid this): pass through.
      enter(run, node.next, scope);
      return;
    }
    const arrived = new Set(run.state.arrived[node.id] ?? []);
    arrived.add(scope.paths[depth]!);
    if (fork.next.every((first) => arrived.has(first))) {
      delete run.state.arrived[node.id];
      enter(run, node.next, { forks: scope.forks.slice(0, depth), paths: scope.paths.slice(0, depth) });
    } else {
      run.state.arrived[node.id] = [...arrived];
    }
  },
  end(run) {
    finish(run, 'approved');
  },
};

/** Enters a node and moves on until every path waits at a handled node, or the instance ends. */
export function enter(run: Run, nodeId: string, scope: PathScope): void {
  if (run.state.status !== 'running') return;
  const node = run.graph.node(nodeId);
  (enterHandlers[node.type] as EnterHandler<typeof node.type>)(run, node, scope);
}

function newActive(run: Run, nodeId: string, scope: PathScope): ActiveNode {
  run.state.visits += 1;
  const active: ActiveNode = {
    nodeId,
    visit: run.state.visits,
    enteredAt: run.ctx.now,
    forks: [...scope.forks],
    paths: [...scope.paths],
  };
  run.state.active.push(active);
  return active;
}

function enterHandled(run: Run, node: HandledNode, scope: PathScope): void {
  // forbidSelfApproval: the submitter never approves their own record, not even as the admin fallback.
  const self = barredApprover(run, node);
  const eligible = (ids: readonly string[]) => dedupe(ids).filter((u) => u !== self);
  let users = eligible(run.ctx.resolveAssignees(node.assignees));
  if (users.length === 0 && node.whenNoAssignee === 'admin') users = eligible(run.ctx.adminIds);
  if (users.length === 0) {
    log(run, { actor: null, action: 'skip', nodeId: node.id });
    enter(run, node.next, scope);
    return;
  }
  const active = newActive(run, node.id, scope);
  createTasks(run, node, active, users);
}

/** The record goes back to the submitter: a task for them at the start node. */
function enterStart(run: Run): void {
  const start = run.graph.start;
  const active = newActive(run, start.id, ROOT_SCOPE);
  const task = newTask(run, active, run.ctx.submitter, 0);
  task.status = 'pending';
  emit(run, {
    type: 'notify',
    kind: 'rejected',
    userIds: [run.ctx.submitter],
    taskId: task.id,
    nodeId: start.id,
  });
}

/** A handled node (or the start node after a send-back) is done: record it and move on. */
export function completeNode(run: Run, active: ActiveNode): void {
  removeActive(run, active);
  const node = run.graph.node(active.nodeId);
  if (isHandled(node)) run.state.history.push(node.id);
  const next = node.type === 'start' || isHandled(node) ? node.next : undefined;
  if (next !== undefined) enter(run, next, scopeOf(active));
}

function removeActive(run: Run, active: ActiveNode): void {
  for (const task of run.state.tasks)
    if (task.nodeId === active.nodeId && task.visit === active.visit && isOpen(task))
      closeTask(run, task, 'superseded');
  run.state.active = run.state.active.filter((a) => a !== active);
}

/** Ends the instance: every open task is superseded and the submitter hears the result. */
export function finish(
  run: Run,
  status: Exclude<InstanceStatus, 'running'>,
  actor: string | null = null,
): void {
  for (const active of [...run.state.active]) removeActive(run, active);
  run.state.arrived = {};
  run.state.status = status;
  log(run, { actor, action: 'finish', status });
  emit(run, { type: 'status', status });
  if (status === 'approved' || status === 'rejected')
    emit(run, { type: 'notify', kind: status, userIds: [run.ctx.submitter] });
}

/**
 * Sends the record back from `from` (already closed) to `target` (the start node or a handled
 * node on the way to `from`).
 *
 * Inside parallel paths: when the target lies on the same path of every fork around `from`, only
 * that path rewinds and the sibling paths go on. Otherwise the target lies before some fork: every
 * path of that fork (and of the forks nested in them) is cancelled, their joins forget who had
 * arrived, and the record restarts at the target outside the fork.
 */
export function sendBack(run: Run, from: ActiveNode, target: string): void {
  const graph = run.graph;
  const scope = scopeOf(from);
  let level = 0;
  while (level < scope.forks.length) {
    const fork = graph.node(scope.forks[level]!) as NodeOfType<'fork'>;
    if (target === graph.start.id || !graph.pathContains(scope.paths[level]!, target, fork.join)) break;
    level += 1;
  }
  removeActive(run, from);
  if (level < scope.forks.length) {
    const forkId = scope.forks[level]!;
    for (const other of [...run.state.active]) {
      if (other.forks[level] !== forkId) continue;
      for (const nested of other.forks.slice(level)) {
        const fork = graph.nodes.get(nested);
        if (fork?.type === 'fork') delete run.state.arrived[fork.join];
      }
      removeActive(run, other);
    }
    delete run.state.arrived[(graph.node(forkId) as NodeOfType<'fork'>).join];
  }
  forgetAfter(run, target);
  enter(run, target, { forks: scope.forks.slice(0, level), paths: scope.paths.slice(0, level) });
}

/**
 * Rewinds `history` to before the target's last completion: the target and the nodes after it
 * are handled again. Completions on other parallel paths (not reachable from the target) stay.
 */
function forgetAfter(run: Run, target: string): void {
  const graph = run.graph;
  if (target === graph.start.id) {
    run.state.history = [];
    return;
  }
  const from = run.state.history.lastIndexOf(target);
  if (from < 0) return;
  run.state.history = run.state.history.filter(
    (id, i) => i < from || (id !== target && !graph.reaches(target, id)),
  );
}
