/**
 * One engine call in progress: the definition's graph, the caller's context, a private copy of
 * the state that the call mutates, and the effects it collects. Callers never see the copy until
 * the call returns, so a thrown WorkflowError leaves their state untouched.
 */
import type { NodeTimeout } from '@tangram/schema';
import type { WorkflowGraph } from './graph';
import type { ActiveNode, Effect, EngineContext, InstanceState, LogEntry, WorkflowTask } from './types';

export interface Run {
  graph: WorkflowGraph;
  ctx: EngineContext;
  state: InstanceState;
  effects: Effect[];
}

/** Where a path runs: the forks it is inside and, per fork, the path's first node. */
export interface PathScope {
  forks: string[];
  paths: string[];
}

export const ROOT_SCOPE: PathScope = { forks: [], paths: [] };

export const scopeOf = (active: ActiveNode): PathScope => ({
  forks: [...active.forks],
  paths: [...(active.paths ?? [])],
});

/** Appends a log entry (undefined properties left out, so stored state stays compact). */
export function log(run: Run, entry: Omit<LogEntry, 'at'>): void {
  const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
  run.state.log.push({ at: run.ctx.now, ...clean } as LogEntry);
}

export function emit(run: Run, effect: Effect): void {
  if (effect.type === 'notify' && effect.userIds.length === 0) return;
  run.effects.push(effect);
}

export const isOpen = (task: WorkflowTask) => task.status === 'pending' || task.status === 'queued';

/** The tasks of one visit of a node. */
export const visitTasks = (run: Run, active: Pick<ActiveNode, 'nodeId' | 'visit'>) =>
  run.state.tasks.filter((t) => t.nodeId === active.nodeId && t.visit === active.visit);

export const activeOf = (run: Run, task: WorkflowTask): ActiveNode | undefined =>
  run.state.active.find((a) => a.nodeId === task.nodeId && a.visit === task.visit);

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Starts a task's clocks from the node's timeout, at the moment the task becomes pending. */
export function startClocks(run: Run, task: WorkflowTask, timeout: NodeTimeout | undefined): void {
  delete task.remindAt;
  delete task.dueAt;
  if (!timeout) return;
  if (timeout.remindAfterMinutes !== undefined)
    task.remindAt = addMinutes(run.ctx.now, timeout.remindAfterMinutes);
  if (timeout.action !== undefined && timeout.actAfterMinutes !== undefined)
    task.dueAt = addMinutes(run.ctx.now, timeout.actAfterMinutes);
}

/** Closes a task that is still open; `outcome` says why. */
export function closeTask(run: Run, task: WorkflowTask, outcome: WorkflowTask['outcome']): void {
  task.status = outcome === 'superseded' ? 'cancelled' : 'done';
  task.outcome = outcome;
  task.actedAt = run.ctx.now;
  delete task.remindAt;
  delete task.dueAt;
}

export function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * forbidSelfApproval: the user barred from tasks at `node` (the submitter, at approve nodes when
 * the workflow setting is on), else null. Fill and start nodes are not approvals.
 */
export function barredApprover(run: Run, node: { type: string }): string | null {
  return node.type === 'approve' && run.graph.definition.settings?.forbidSelfApproval
    ? run.ctx.submitter
    : null;
}
