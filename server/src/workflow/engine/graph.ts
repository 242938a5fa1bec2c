/**
 * The workflow definition as a graph: node lookup, outgoing edges, reachability and the branch
 * choice. Built once per engine call from the definition passed in (running instances keep their
 * own definition version, so nothing is cached across calls).
 */
import { matches, QueryError } from '@tangram/query';
import type { BranchNode, ForkNode, StartNode, WorkflowDefinition, WorkflowNode } from '@tangram/schema';
import type { EngineContext } from './types';

export type NodeOfType<T extends WorkflowNode['type']> = Extract<WorkflowNode, { type: T }>;

/** Nodes whose handlers get tasks: the engine waits at them. */
export type HandledNode = NodeOfType<'approve'> | NodeOfType<'fill'>;

export const isHandled = (node: WorkflowNode): node is HandledNode =>
  node.type === 'approve' || node.type === 'fill';

/** Outgoing edges of a node, in definition order (branch conditions first, then the default). */
export function successors(node: WorkflowNode): string[] {
  switch (node.type) {
    case 'end':
      return [];
    case 'branch':
      return [...node.branches.map((b) => b.next), node.defaultNext];
    case 'fork':
      return [...node.next];
    default:
      return [node.next];
  }
}

export class WorkflowGraph {
  readonly nodes = new Map<string, WorkflowNode>();
  readonly start: StartNode;
  /** Fork id by its join id. */
  private readonly forkOfJoin = new Map<string, ForkNode>();

  constructor(readonly definition: WorkflowDefinition) {
    for (const node of definition.nodes) if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    const start = definition.nodes.find((n): n is StartNode => n.type === 'start');
    if (!start) throw new Error(`workflow "${definition.id}" has no start node`);
    this.start = start;
    for (const node of definition.nodes)
      if (node.type === 'fork' && !this.forkOfJoin.has(node.join)) this.forkOfJoin.set(node.join, node);
  }

  node(id: string): WorkflowNode {
    const node = this.nodes.get(id);
    // A definition that passed the semantic checks never gets here.
    if (!node) throw new Error(`workflow "${this.definition.id}" has no node "${id}"`);
    return node;
  }

  forkOf(joinId: string): ForkNode | undefined {
    return this.forkOfJoin.get(joinId);
  }

  /** Is `to` reachable from `from` along one or more edges, never passing through `avoid`? */
  reaches(from: string, to: string, avoid?: string): boolean {
    const seen = new Set<string>();
    const stack = [...successors(this.node(from))];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === to) return true;
      if (seen.has(id) || id === avoid || !this.nodes.has(id)) continue;
      seen.add(id);
      stack.push(...successors(this.node(id)));
    }
    return false;
  }

  /** Does the fork path starting at `pathFirst` contain `target` (before reaching `join`)? */
  pathContains(pathFirst: string, target: string, join: string): boolean {
    if (pathFirst === join) return false;
    return pathFirst === target || this.reaches(pathFirst, target, join);
  }
}

/**
 * The path an exclusive branch takes: the first branch whose condition holds for the record,
 * else the default. Conditions are evaluated as the submitter ("me" = the submitter). A
 * condition the query checker refuses (the form changed under a running instance) counts as not
 * holding rather than stopping the instance.
 */
export function chooseBranch(node: BranchNode, ctx: EngineContext): string {
  const queryContext = {
    now: new Date(ctx.now),
    timeZone: ctx.timeZone,
    userId: ctx.submitter,
    userDepartmentIds: ctx.submitterDepartmentIds ?? [],
  };
  for (const branch of node.branches) {
    try {
      if (matches(branch.condition, ctx.record, ctx.form, queryContext)) return branch.next;
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
    }
  }
  return node.defaultNext;
}
