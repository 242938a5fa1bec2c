import type {
  AppDefinition,
  BranchPath,
  FieldAccess,
  Filter,
  I18NText,
  WorkflowDefinition,
  WorkflowNode,
  WorkflowSettings,
} from '@tangram/schema';
import {
  laneBlocks,
  LayoutError,
  locate,
  mapBlock,
  mapLane,
  renumberLanes,
  toFlowTree,
  toWorkflowNodes,
  type Block,
  type FlowTree,
  type LaneRef,
  type Slot,
} from './flow-tree';
import { defaultWorkflow, newBlock, newBranchPath, workflowIds, type InsertType } from './node-factory';

export type Access = FieldAccess['access'];

/** Properties of a node the side panel edits (everything but its type, id and links). */
export type NodePatch = Record<string, unknown>;

/**
 * Every change the workflow designer makes. Structural commands go through the layout tree, so
 * the graph stays well-structured; property commands change one node in place.
 */
export type WorkflowCommand =
  | { type: 'enableWorkflow'; formId: string }
  | { type: 'disableWorkflow'; formId: string }
  | { type: 'insertBlock'; workflowId: string; at: Slot; block: InsertType }
  | { type: 'removeBlock'; workflowId: string; nodeId: string }
  | { type: 'moveBlock'; workflowId: string; nodeId: string; to: Slot }
  | { type: 'addLane'; workflowId: string; nodeId: string }
  | { type: 'removeLane'; workflowId: string; nodeId: string; lane: string }
  | { type: 'updateNode'; workflowId: string; nodeId: string; patch: NodePatch }
  | {
      type: 'updatePath';
      workflowId: string;
      nodeId: string;
      pathId: string;
      patch: { name?: I18NText; condition?: Filter };
    }
  | { type: 'setFieldAccess'; workflowId: string; nodeId: string; fieldId: string; access: Access | null }
  | { type: 'setAllFieldAccess'; workflowId: string; nodeId: string; fieldIds: string[]; access: Access }
  | {
      type: 'updateWorkflow';
      workflowId: string;
      patch: { name?: I18NText; settings?: WorkflowSettings };
    };

export type WorkflowCommandType = WorkflowCommand['type'];

export type CommandErrorCode =
  | 'unknown_form'
  | 'unknown_workflow'
  | 'unknown_node'
  | 'unknown_lane'
  | 'already_enabled'
  | 'not_structured'
  | 'into_itself'
  | 'not_removable'
  | 'no_fields';

export class WorkflowCommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowCommandError';
  }
}

const fail = (code: CommandErrorCode, message: string): never => {
  throw new WorkflowCommandError(code, message);
};

/** Keys a patch may not touch: identity and links belong to the structural commands. */
const LOCKED = new Set(['type', 'id', 'next', 'defaultNext', 'branches', 'join']);

/**
 * Applies a command purely. Returns the same object when nothing changes; throws
 * `WorkflowCommandError` (document untouched) for a command that does not fit the document.
 */
export function applyWorkflowCommand(app: AppDefinition, cmd: WorkflowCommand): AppDefinition {
  if (cmd.type === 'enableWorkflow') return enableWorkflow(app, cmd.formId);
  if (cmd.type === 'disableWorkflow') return disableWorkflow(app, cmd.formId);
  const workflows = app.workflows ?? [];
  const index = workflows.findIndex((w) => w.id === cmd.workflowId);
  const wf = workflows[index] ?? fail('unknown_workflow', `no workflow "${cmd.workflowId}"`);
  const next = applyToWorkflow(wf, cmd);
  if (next === wf) return app;
  return { ...app, workflows: workflows.map((w, i) => (i === index ? next : w)) };
}

function enableWorkflow(app: AppDefinition, formId: string): AppDefinition {
  const form = app.forms.find((f) => f.id === formId) ?? fail('unknown_form', `no form "${formId}"`);
  const existing = (app.workflows ?? []).find((w) => w.id === form.workflowId);
  if (existing) fail('already_enabled', `form "${formId}" already has the workflow "${existing.id}"`);
  const wf = defaultWorkflow(form, new Set((app.workflows ?? []).map((w) => w.id)));
  return {
    ...app,
    forms: app.forms.map((f) => (f.id === formId ? { ...f, workflowId: wf.id } : f)),
    workflows: [...(app.workflows ?? []), wf],
  };
}

/**
 * The form stops being a process form: its link and its workflow go (instances already running
 * keep the definition they started with, so they finish as designed).
 */
function disableWorkflow(app: AppDefinition, formId: string): AppDefinition {
  const form = app.forms.find((f) => f.id === formId) ?? fail('unknown_form', `no form "${formId}"`);
  if (!form.workflowId) return app;
  const { workflowId, ...rest } = form;
  const workflows = (app.workflows ?? []).filter((w) => w.id !== workflowId);
  return { ...app, forms: app.forms.map((f) => (f.id === formId ? rest : f)), workflows };
}

/** The layout tree of a workflow; a graph without one cannot be edited structurally. */
function treeOf(wf: WorkflowDefinition): FlowTree {
  try {
    return toFlowTree(wf);
  } catch (e) {
    if (e instanceof LayoutError) fail('not_structured', e.message);
    throw e;
  }
}

const withTree = (wf: WorkflowDefinition, tree: FlowTree): WorkflowDefinition => ({
  ...wf,
  nodes: toWorkflowNodes(tree),
});

const insertAt = (tree: FlowTree, at: Slot, block: Block): FlowTree => {
  if (!laneBlocks(tree, at.lane)) fail('unknown_lane', 'the place to insert at does not exist');
  return mapLane(tree, at.lane, (blocks) => {
    const i = Math.max(0, Math.min(at.index, blocks.length));
    return [...blocks.slice(0, i), block, ...blocks.slice(i)];
  });
};

/** Whether `lane` lies inside the block `nodeId` (moving a block there would orphan it). */
function laneInside(tree: FlowTree, lane: LaneRef, nodeId: string): boolean {
  let owner = lane.owner;
  while (owner !== null) {
    if (owner === nodeId) return true;
    owner = locate(tree, owner)?.lane.owner ?? null;
  }
  return false;
}

function mapNode(
  wf: WorkflowDefinition,
  nodeId: string,
  fn: (node: WorkflowNode) => WorkflowNode,
): WorkflowDefinition {
  const i = wf.nodes.findIndex((n) => n.id === nodeId);
  const node = wf.nodes[i] ?? fail('unknown_node', `no node "${nodeId}"`);
  const next = fn(node);
  if (next === node) return wf;
  return { ...wf, nodes: wf.nodes.map((n, j) => (j === i ? next : n)) };
}

const stripUndefined = (obj: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));

const hasFieldList = (node: WorkflowNode): node is Extract<WorkflowNode, { fields?: FieldAccess[] }> =>
  node.type === 'start' || node.type === 'approve' || node.type === 'fill' || node.type === 'cc';

function applyToWorkflow(
  wf: WorkflowDefinition,
  cmd: Exclude<WorkflowCommand, { type: 'enableWorkflow' | 'disableWorkflow' }>,
) {
  switch (cmd.type) {
    case 'insertBlock': {
      const tree = treeOf(wf);
      return withTree(wf, insertAt(tree, cmd.at, newBlock(cmd.block, workflowIds(wf))));
    }
    case 'removeBlock': {
      const tree = treeOf(wf);
      const at = locate(tree, cmd.nodeId);
      if (!at) {
        if (cmd.nodeId === tree.start.id || cmd.nodeId === tree.end.id)
          fail('not_removable', 'the start and end nodes stay');
        fail('unknown_node', `no node "${cmd.nodeId}" on the canvas`);
      }
      return withTree(
        wf,
        mapBlock(tree, cmd.nodeId, () => []),
      );
    }
    case 'moveBlock': {
      const tree = treeOf(wf);
      const from = locate(tree, cmd.nodeId) ?? fail('unknown_node', `no node "${cmd.nodeId}" on the canvas`);
      if (!laneBlocks(tree, cmd.to.lane)) fail('unknown_lane', 'the place to move to does not exist');
      if (laneInside(tree, cmd.to.lane, from.block.node.id))
        fail('into_itself', 'a block cannot move into itself');
      const sameLane =
        from.lane.owner === cmd.to.lane.owner &&
        (from.lane.owner === null || (cmd.to.lane.owner !== null && from.lane.lane === cmd.to.lane.lane));
      // Dropping on the slots just above or below the block itself changes nothing.
      if (sameLane && (cmd.to.index === from.index || cmd.to.index === from.index + 1)) return wf;
      const without = mapBlock(tree, from.block.node.id, () => []);
      const index = sameLane && cmd.to.index > from.index ? cmd.to.index - 1 : cmd.to.index;
      return withTree(wf, insertAt(without, { lane: cmd.to.lane, index }, from.block));
    }
    case 'addLane': {
      const tree = treeOf(wf);
      const taken = workflowIds(wf);
      return withTree(
        wf,
        mapBlock(tree, cmd.nodeId, (block) => {
          if (block.kind === 'step') return fail('unknown_node', `"${cmd.nodeId}" has no lanes`);
          if (block.kind === 'fork')
            return [{ ...block, lanes: renumberLanes([...block.lanes, { key: '', blocks: [] }]) }];
          const conditional = block.lanes.filter((l) => l.path);
          const path = newBranchPath(taken, conditional.length + 1);
          // New conditions go after the others, before the default path (which stays last).
          return [
            {
              ...block,
              lanes: [
                ...conditional,
                { key: path.id, path, blocks: [] },
                ...block.lanes.filter((l) => !l.path),
              ],
            },
          ];
        }),
      );
    }
    case 'removeLane': {
      const tree = treeOf(wf);
      return withTree(
        wf,
        mapBlock(tree, cmd.nodeId, (block) => {
          if (block.kind === 'step') return fail('unknown_node', `"${cmd.nodeId}" has no lanes`);
          const lane =
            block.lanes.find((l) => l.key === cmd.lane) ?? fail('unknown_lane', `no lane "${cmd.lane}"`);
          if (block.kind === 'branch') {
            if (!lane.path) return fail('not_removable', 'the default path stays');
            const rest = block.lanes.filter((l) => l !== lane);
            // The last condition gone: the branch dissolves into its default path's nodes.
            if (!rest.some((l) => l.path)) return rest.flatMap((l) => l.blocks);
            return [{ ...block, lanes: rest }];
          }
          const rest = renumberLanes(block.lanes.filter((l) => l !== lane));
          // A fork needs two lanes: with one left it dissolves into that lane's nodes.
          if (rest.length < 2) return rest.flatMap((l) => l.blocks);
          return [{ ...block, lanes: rest }];
        }),
      );
    }
    case 'updateNode':
      return mapNode(wf, cmd.nodeId, (node) => {
        const patch = Object.fromEntries(Object.entries(cmd.patch).filter(([k]) => !LOCKED.has(k)));
        return stripUndefined({ ...node, ...patch }) as unknown as WorkflowNode;
      });
    case 'updatePath':
      return mapNode(wf, cmd.nodeId, (node) => {
        if (node.type !== 'branch') return fail('unknown_node', `"${cmd.nodeId}" is not a branch`);
        if (!node.branches.some((b) => b.id === cmd.pathId)) fail('unknown_lane', `no path "${cmd.pathId}"`);
        const branches = node.branches.map((b) =>
          b.id === cmd.pathId ? (stripUndefined({ ...b, ...cmd.patch }) as unknown as BranchPath) : b,
        );
        return { ...node, branches };
      });
    case 'setFieldAccess':
      return mapNode(wf, cmd.nodeId, (node) => {
        if (!hasFieldList(node)) return fail('no_fields', `"${cmd.nodeId}" has no field permissions`);
        return { ...node, fields: withAccess(node.fields ?? [], [cmd.fieldId], cmd.access) };
      });
    case 'setAllFieldAccess':
      return mapNode(wf, cmd.nodeId, (node) => {
        if (!hasFieldList(node)) return fail('no_fields', `"${cmd.nodeId}" has no field permissions`);
        return { ...node, fields: withAccess(node.fields ?? [], cmd.fieldIds, cmd.access) };
      });
    case 'updateWorkflow':
      return stripUndefined({ ...wf, ...cmd.patch }) as unknown as WorkflowDefinition;
  }
}

/** Sets (or with null: removes) the access of fields, keeping the order of the list. */
function withAccess(
  list: readonly FieldAccess[],
  fieldIds: readonly string[],
  access: Access | null,
): FieldAccess[] {
  const want = new Set(fieldIds);
  const kept = list.filter((f) => !want.has(f.field) || access !== null);
  const out = kept.map((f) => (want.has(f.field) && access ? { ...f, access } : f));
  if (access)
    for (const id of fieldIds) if (!list.some((f) => f.field === id)) out.push({ field: id, access });
  return out;
}
