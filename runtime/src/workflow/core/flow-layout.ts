import type { WorkflowInstance, WorkflowTask } from '@tangram/client';
import type { WorkflowDefinition, WorkflowNode } from '@tangram/schema';

/**
 * The state of one node on the chart of a running or finished instance:
 * - done: handled in the current round (since the latest submission);
 * - current: waiting for its handlers now;
 * - rejected: the node whose rejection ended the instance;
 * - skipped: on a branch path that was not taken;
 * - pending: not reached yet.
 */
export type NodeState = 'done' | 'current' | 'rejected' | 'skipped' | 'pending';

export interface FlowNodeItem {
  kind: 'node';
  node: WorkflowNode;
  state: NodeState;
  /** The node's tasks of its latest visit (who handles it, who already acted). */
  tasks: WorkflowTask[];
}

export interface FlowPath {
  /** The branch condition's name, or null for fork paths and a branch's default path. */
  label: WorkflowNode['name'] | null;
  isDefault: boolean;
  /** taken: the instance went (or goes) this way; skipped: a branch path not chosen. */
  state: 'taken' | 'skipped' | 'pending';
  items: FlowItem[];
}

export interface FlowSplitItem {
  kind: 'split';
  node: Extract<WorkflowNode, { type: 'branch' | 'fork' }>;
  state: NodeState;
  paths: FlowPath[];
}

export type FlowItem = FlowNodeItem | FlowSplitItem;

/** What the chart needs from an instance; null draws the definition alone (all pending). */
export type FlowProgress = Pick<WorkflowInstance, 'status' | 'active' | 'log' | 'tasks'> | null;

/** Log actions that complete a node for the round. */
const COMPLETING = new Set(['submit', 'approve', 'cc', 'hook', 'skip', 'timeout']);

type Split = Extract<WorkflowNode, { type: 'branch' | 'fork' }>;
const isSplit = (n: WorkflowNode): n is Split => n.type === 'branch' || n.type === 'fork';

function successors(node: WorkflowNode): string[] {
  switch (node.type) {
    case 'end':
      return [];
    case 'branch':
      return [...node.branches.map((b) => b.next), node.defaultNext];
    case 'fork':
      return node.next;
    default:
      return [node.next];
  }
}

/**
 * Where the paths of an exclusive branch meet again: the node closest to the first path (breadth
 * first) that every path reaches. Null when the paths never meet (each runs to its own end).
 */
export function mergePoint(
  byId: ReadonlyMap<string, WorkflowNode>,
  starts: readonly string[],
): string | null {
  const reach = (from: string): string[] => {
    const seen = new Set<string>();
    const order: string[] = [];
    const queue = [from];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      order.push(id);
      const node = byId.get(id);
      if (node) queue.push(...successors(node));
    }
    return order;
  };
  const [first, ...rest] = starts;
  if (first === undefined) return null;
  const others = rest.map((s) => new Set(reach(s)));
  return reach(first).find((id) => others.every((set) => set.has(id))) ?? null;
}

function reachable(byId: ReadonlyMap<string, WorkflowNode>, from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = byId.get(id);
    if (node) queue.push(...successors(node));
  }
  return seen;
}

/**
 * Node ids completed in the current round and the ids waiting now, replayed from the log. A
 * rejection sends the record back: the target and everything after it must be handled again, so
 * their earlier completions no longer count.
 */
function progressSets(
  progress: FlowProgress,
  byId: ReadonlyMap<string, WorkflowNode>,
  startId: string | undefined,
) {
  const done = new Set<string>();
  const current = new Set<string>();
  let rejected: string | null = null;
  if (!progress) return { done, current, rejected };
  let lastDone: string | undefined;
  for (const e of progress.log) {
    if (e.action === 'submit' && !e.nodeId && startId) done.add(startId);
    if (e.nodeId && COMPLETING.has(e.action)) {
      done.add(e.nodeId);
      lastDone = e.nodeId;
    }
    if (e.action !== 'reject' || !e.nodeId) continue;
    rejected = e.nodeId;
    done.delete(e.nodeId);
    const target =
      e.target === 'start'
        ? startId
        : e.target === 'previous'
          ? lastDone
          : e.target === 'end'
            ? undefined
            : e.target;
    if (target) for (const id of reachable(byId, target)) done.delete(id);
  }
  if (progress.status === 'running') for (const a of progress.active) current.add(a.nodeId);
  if (progress.status !== 'rejected') rejected = null;
  return { done, current, rejected };
}

function latestTasks(tasks: readonly WorkflowTask[], nodeId: string): WorkflowTask[] {
  const own = tasks.filter((t) => t.nodeId === nodeId);
  const visit = Math.max(...own.map((t) => t.visit), -Infinity);
  return own.filter((t) => t.visit === visit).sort((a, b) => a.order - b.order);
}

/**
 * Lays a definition out as a vertical chart: a sequence of nodes where a branch or fork becomes a
 * row of paths that meet again at their merge point (a fork's join). Each node carries its state in
 * the instance, so the chart shows what is done, where the record is now and what is still ahead.
 * Pass-through nodes (start, branch, fork, join, end) take the state of what happened around them.
 */
export function layoutFlow(definition: WorkflowDefinition, progress: FlowProgress): FlowItem[] {
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const start = definition.nodes.find((n) => n.type === 'start');
  const { done, current, rejected } = progressSets(progress, byId, start?.id);
  const placed = new Set<string>();

  const stateOf = (node: WorkflowNode): NodeState => {
    if (current.has(node.id)) return 'current';
    if (rejected === node.id) return 'rejected';
    if (done.has(node.id)) return 'done';
    if (node.type === 'end' && progress?.status === 'approved') return 'done';
    return 'pending';
  };

  const sequence = (from: string | null, stop: string | null): FlowItem[] => {
    const items: FlowItem[] = [];
    let id = from;
    // `placed` guards against cycles and against drawing a node twice when paths never merge.
    while (id !== null && id !== stop && !placed.has(id)) {
      const node = byId.get(id);
      if (!node) break;
      placed.add(id);
      if (!isSplit(node)) {
        items.push({
          kind: 'node',
          node,
          state: stateOf(node),
          tasks: latestTasks(progress?.tasks ?? [], id),
        });
        id = node.type === 'end' ? null : node.next;
        continue;
      }
      const merge = node.type === 'fork' ? node.join : mergePoint(byId, successors(node));
      const specs =
        node.type === 'fork'
          ? node.next.map((next) => ({ next, label: null, isDefault: false }))
          : [
              ...node.branches.map((b) => ({ next: b.next, label: b.name ?? null, isDefault: false })),
              { next: node.defaultNext, label: null, isDefault: true },
            ];
      const paths = specs.map((s) => ({
        label: s.label,
        isDefault: s.isDefault,
        items: sequence(s.next, merge),
        state: 'pending' as FlowPath['state'],
      }));
      items.push({ kind: 'split', node, state: done.has(node.id) ? 'done' : 'pending', paths });
      id = merge;
    }
    return items;
  };

  const items = sequence(start?.id ?? definition.nodes[0]?.id ?? null, null);
  settle(items, progress?.status === 'approved');
  return items;
}

const reached = (item: FlowItem) => item.state !== 'pending' && item.state !== 'skipped';

function markSkipped(items: FlowItem[]): void {
  for (const item of items) {
    if (item.state === 'pending') item.state = 'skipped';
    if (item.kind === 'split')
      for (const p of item.paths) {
        p.state = 'skipped';
        markSkipped(p.items);
      }
  }
}

/**
 * Gives nodes without tasks their state from what happened around them, walking backwards so that
 * "something later was reached" is known: joins, cc and automation nodes count as done once a later
 * node is reached; a branch is passed when one of its paths (or anything after it) was reached, and
 * its other paths were not taken. A path with no nodes (a branch's "otherwise" going straight to the
 * merge point) is the one taken when the branch was passed and no other path was touched.
 */
function settle(items: FlowItem[], laterReached: boolean): void {
  let later = laterReached;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind === 'split') settleSplit(item, later);
    const passThrough = item.kind === 'node' && ['join', 'cc', 'automation'].includes(item.node.type);
    if (passThrough && item.state === 'pending' && later) item.state = 'done';
    if (reached(item)) later = true;
  }
}

function settleSplit(split: FlowSplitItem, laterReached: boolean): void {
  for (const p of split.paths) settle(p.items, false);
  const touched = split.paths.map((p) => p.items.some(reached));
  const anyTouched = touched.some(Boolean);
  const passed = anyTouched || laterReached || split.state === 'done';
  if (!passed) return;
  split.state = 'done';
  split.paths.forEach((p, i) => {
    const taken =
      split.node.type === 'fork' || touched[i] || (!anyTouched && p.items.length === 0 && laterReached);
    if (taken) {
      p.state = 'taken';
      // Everything on a taken path ran before the merge point was reached.
      settle(p.items, laterReached);
    } else if (anyTouched || laterReached) {
      p.state = 'skipped';
      markSkipped(p.items);
    }
  });
}

/** Every node item of a layout, depth first (tests and the "current node" summary). */
export function flowNodes(items: readonly FlowItem[]): FlowNodeItem[] {
  return items.flatMap((i) => (i.kind === 'node' ? [i] : i.paths.flatMap((p) => flowNodes(p.items))));
}
