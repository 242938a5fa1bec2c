import type {
  ApproveNode,
  AutomationNode,
  BranchNode,
  BranchPath,
  CcNode,
  EndNode,
  FillNode,
  ForkNode,
  JoinNode,
  StartNode,
  WorkflowDefinition,
  WorkflowNode,
} from '@tangram/schema';

/**
 * The designer draws a workflow as a tree of blocks (a vertical chain, with branch and fork blocks
 * whose lanes are chains again), while the definition is a graph with explicit `next` ids. This
 * module converts between the two. Only well-structured graphs have a tree: every exclusive branch
 * converges at one node, every fork's lanes end in its join. The designer only ever produces such
 * graphs, so `toFlowTree(toWorkflowNodes(tree))` gives the tree back.
 */

/** Nodes drawn as one card with one successor. */
export type StepNode = ApproveNode | FillNode | CcNode | AutomationNode;
export type StepType = StepNode['type'];
export const STEP_TYPES: readonly StepType[] = ['approve', 'fill', 'cc', 'automation'];

/** One column of a branch or fork block. */
export interface Lane {
  /** A branch path's id, `DEFAULT_LANE` for the default path, or the index of a fork lane. */
  key: string;
  /** The branch path (condition, name) of a conditional lane. */
  path?: BranchPath;
  blocks: Block[];
}

export type Block =
  | { kind: 'step'; node: StepNode }
  | { kind: 'branch'; node: BranchNode; lanes: Lane[] }
  | { kind: 'fork'; node: ForkNode; join: JoinNode; lanes: Lane[] };

export interface FlowTree {
  start: StartNode;
  blocks: Block[];
  end: EndNode;
  /** Nodes the start never reaches (and end nodes beyond the first): dropped when written back. */
  orphans: WorkflowNode[];
}

/** Key of an exclusive branch's default lane (never a valid id, so it cannot clash with a path). */
export const DEFAULT_LANE = '@default';

/** A chain of blocks: the top-level one, or a lane of the block `owner`. */
export type LaneRef = { owner: null } | { owner: string; lane: string };

/** A place between blocks: before `blocks[index]` of the lane (index = length: at its end). */
export interface Slot {
  lane: LaneRef;
  index: number;
}

export type LayoutErrorCode = 'no_start' | 'no_end' | 'missing_node' | 'cycle' | 'unstructured';

export class LayoutError extends Error {
  constructor(
    readonly code: LayoutErrorCode,
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** Stands for "an end node" while walking: all end nodes finish the instance the same way. */
const END = Symbol('end');
type Target = string | typeof END;

export const isStep = (node: WorkflowNode): node is StepNode =>
  (STEP_TYPES as readonly string[]).includes(node.type);

/**
 * Builds the layout tree of a definition. Throws `LayoutError` when the graph has no tree
 * (a cycle, a join reached outside its fork, branch paths that never meet again).
 */
export function toFlowTree(def: Pick<WorkflowDefinition, 'nodes'>): FlowTree {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const start = def.nodes.find((n): n is StartNode => n.type === 'start');
  if (!start) throw new LayoutError('no_start', 'the workflow has no start node');
  const ends = def.nodes.filter((n): n is EndNode => n.type === 'end');
  const firstEnd = ends[0];
  if (!firstEnd) throw new LayoutError('no_end', 'the workflow has no end node');
  const placed = new Set<string>([start.id]);
  let reachedEnd: EndNode | undefined;

  const get = (id: string): WorkflowNode => {
    const node = byId.get(id);
    if (!node) throw new LayoutError('missing_node', `"${id}" is not a node of the workflow`, id);
    return node;
  };
  const isEnd = (id: string) => byId.get(id)?.type === 'end';

  /**
   * The ids a chain passes through at its own level (nested blocks are jumped over to where they
   * converge), ending with END or with the join that closes an enclosing fork.
   */
  const spine = (from: string, seen = new Set<string>()): Target[] => {
    const out: Target[] = [];
    let id: Target = from;
    while (id !== END) {
      if (isEnd(id)) {
        out.push(END);
        break;
      }
      if (seen.has(id)) throw new LayoutError('cycle', `the flow returns to "${id}"`, id);
      seen.add(id);
      out.push(id);
      const node = get(id);
      if (node.type === 'join') break;
      if (node.type === 'start') throw new LayoutError('cycle', 'the flow returns to the start', id);
      if (node.type === 'branch') id = convergence(node, seen);
      else if (node.type === 'fork') id = nextOfJoin(node.join);
      else if (node.type === 'end') id = END;
      else id = node.next;
    }
    return out;
  };
  const nextOfJoin = (joinId: string): string => {
    const join = get(joinId);
    if (join.type !== 'join') throw new LayoutError('unstructured', `"${joinId}" is not a join`, joinId);
    return join.next;
  };

  /** Where the paths of an exclusive branch meet again: the first node on every path's spine. */
  const convergence = (node: BranchNode, seen = new Set<string>()): Target => {
    const heads = [...node.branches.map((b) => b.next), node.defaultNext];
    const spines = heads.map((h) => spine(h, new Set(seen)));
    const [first, ...rest] = spines;
    for (const id of first ?? []) if (rest.every((s) => s.includes(id))) return id;
    throw new LayoutError('unstructured', `the paths of "${node.id}" never meet again`, node.id);
  };

  /** The blocks from `from` up to (not including) `stop`. */
  const chain = (from: Target, stop: Target): Block[] => {
    const blocks: Block[] = [];
    let id: Target = from;
    for (;;) {
      if (id === stop) return blocks;
      if (id === END || isEnd(id)) {
        if (stop !== END) throw new LayoutError('unstructured', 'a path ends inside a fork', String(from));
        if (id !== END) reachedEnd ??= get(id) as EndNode;
        return blocks;
      }
      const node = get(id);
      if (placed.has(node.id)) throw new LayoutError('cycle', `"${node.id}" is reached twice`, node.id);
      placed.add(node.id);
      if (isStep(node)) {
        blocks.push({ kind: 'step', node });
        id = node.next;
      } else if (node.type === 'branch') {
        const meet = convergence(node);
        const lanes: Lane[] = [
          ...node.branches.map((path) => ({ key: path.id, path, blocks: chain(path.next, meet) })),
          { key: DEFAULT_LANE, blocks: chain(node.defaultNext, meet) },
        ];
        blocks.push({ kind: 'branch', node, lanes });
        id = meet;
      } else if (node.type === 'fork') {
        const join = get(node.join);
        if (join.type !== 'join')
          throw new LayoutError('unstructured', `"${node.id}" names "${node.join}" as its join`, node.id);
        const lanes = node.next.map((head, i) => ({ key: String(i), blocks: chain(head, join.id) }));
        placed.add(join.id);
        blocks.push({ kind: 'fork', node, join, lanes });
        id = join.next;
      } else if (node.type === 'join') {
        throw new LayoutError('unstructured', `the join "${node.id}" is reached outside its fork`, node.id);
      } else {
        throw new LayoutError('cycle', 'the flow returns to the start', node.id);
      }
    }
  };

  const blocks = chain(start.next, END);
  const end = reachedEnd ?? firstEnd;
  placed.add(end.id);
  return { start, blocks, end, orphans: def.nodes.filter((n) => !placed.has(n.id)) };
}

/** Id of the first node of a chain, or `after` for an empty chain. */
const headOf = (blocks: readonly Block[], after: string): string => blocks[0]?.node.id ?? after;

/**
 * Writes a tree back as definition nodes in reading order (start first, end last), with every
 * `next`, `defaultNext`, branch path target and fork `join` derived from the tree.
 */
export function toWorkflowNodes(tree: FlowTree): WorkflowNode[] {
  const out: WorkflowNode[] = [{ ...tree.start, next: headOf(tree.blocks, tree.end.id) }];
  const link = (blocks: readonly Block[], after: string) => {
    blocks.forEach((block, i) => {
      const next = blocks[i + 1]?.node.id ?? after;
      if (block.kind === 'step') {
        out.push({ ...block.node, next });
      } else if (block.kind === 'branch') {
        const conditional = block.lanes.filter((l) => l.path);
        const fallback = block.lanes.find((l) => !l.path);
        out.push({
          ...block.node,
          branches: conditional.map((l) => ({ ...(l.path as BranchPath), next: headOf(l.blocks, next) })),
          defaultNext: headOf(fallback?.blocks ?? [], next),
        });
        for (const lane of block.lanes) link(lane.blocks, next);
      } else {
        out.push({
          ...block.node,
          next: block.lanes.map((l) => headOf(l.blocks, block.join.id)),
          join: block.join.id,
        });
        for (const lane of block.lanes) link(lane.blocks, block.join.id);
        out.push({ ...block.join, next });
      }
    });
  };
  link(tree.blocks, tree.end.id);
  out.push(tree.end);
  return out;
}

/** Every node id of the tree (start, blocks with their joins, end). */
export function treeNodeIds(tree: FlowTree): Set<string> {
  const ids = new Set([tree.start.id, tree.end.id]);
  const walk = (blocks: readonly Block[]) => {
    for (const b of blocks) {
      ids.add(b.node.id);
      if (b.kind === 'fork') ids.add(b.join.id);
      if (b.kind !== 'step')
        for (const lane of b.lanes) {
          if (lane.path) ids.add(lane.path.id);
          walk(lane.blocks);
        }
    }
  };
  walk(tree.blocks);
  return ids;
}

/** Where a block sits: its lane and index. */
export function locate(
  tree: FlowTree,
  nodeId: string,
): { lane: LaneRef; index: number; block: Block } | null {
  const search = (blocks: readonly Block[], lane: LaneRef): ReturnType<typeof locate> => {
    for (const [index, block] of blocks.entries()) {
      if (block.node.id === nodeId || (block.kind === 'fork' && block.join.id === nodeId))
        return { lane, index, block };
      if (block.kind === 'step') continue;
      for (const l of block.lanes) {
        const found = search(l.blocks, { owner: block.node.id, lane: l.key });
        if (found) return found;
      }
    }
    return null;
  };
  return search(tree.blocks, { owner: null });
}

/** The blocks of a lane, or null when the lane does not exist. */
export function laneBlocks(tree: FlowTree, ref: LaneRef): Block[] | null {
  if (ref.owner === null) return tree.blocks;
  const at = locate(tree, ref.owner);
  if (!at || at.block.kind === 'step') return null;
  return at.block.lanes.find((l) => l.key === ref.lane)?.blocks ?? null;
}

/** Replaces the blocks of one lane (immutably); throws when the lane does not exist. */
export function mapLane(tree: FlowTree, ref: LaneRef, fn: (blocks: Block[]) => Block[]): FlowTree {
  if (ref.owner === null) return { ...tree, blocks: fn(tree.blocks) };
  let found = false;
  const walk = (blocks: Block[]): Block[] =>
    blocks.map((block) => {
      if (block.kind === 'step') return block;
      if (block.node.id === ref.owner) {
        const lanes = block.lanes.map((l) => {
          if (l.key !== ref.lane) return l;
          found = true;
          return { ...l, blocks: fn(l.blocks) };
        });
        return { ...block, lanes };
      }
      return { ...block, lanes: block.lanes.map((l) => ({ ...l, blocks: walk(l.blocks) })) };
    });
  const blocks = walk(tree.blocks);
  if (!found) throw new LayoutError('missing_node', `no lane "${ref.owner}/${ref.lane}"`, ref.owner);
  return { ...tree, blocks };
}

/** Replaces one block (found by its node id) with what `fn` returns (immutably). */
export function mapBlock(tree: FlowTree, nodeId: string, fn: (block: Block) => Block[]): FlowTree {
  const at = locate(tree, nodeId);
  if (!at) throw new LayoutError('missing_node', `"${nodeId}" is not on the canvas`, nodeId);
  return mapLane(tree, at.lane, (blocks) => [
    ...blocks.slice(0, at.index),
    ...fn(at.block),
    ...blocks.slice(at.index + 1),
  ]);
}

/** Fork lanes are keyed by their index: renumber after adding or removing one. */
export const renumberLanes = (lanes: Lane[]): Lane[] => lanes.map((l, i) => ({ ...l, key: String(i) }));
