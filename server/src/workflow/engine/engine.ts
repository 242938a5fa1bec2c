/**
 * The workflow engine: a pure state machine over a definition version (see types.ts for the
 * contract and docs/decisions/0012-workflow-engine.md for the semantics).
 */
import type { FieldDefinition, FormDefinition, WorkflowDefinition } from '@tangram/schema';
import { actionHandlers } from './actions/index';
import type { ActionHandler } from './actions/common';
import { WorkflowGraph } from './graph';
import { enter } from './flow';
import { log, ROOT_SCOPE, type Run } from './run';
import {
  WorkflowError,
  type EngineContext,
  type FieldAccessLevel,
  type InstanceState,
  type Transition,
  type WorkflowAction,
  type WorkflowEngine,
} from './types';

export const emptyState = (): InstanceState => ({
  status: 'running',
  active: [],
  arrived: {},
  tasks: [],
  log: [],
  history: [],
  visits: 0,
});

/** The record was submitted: log it and move from the start node until every path waits. */
export function start(definition: WorkflowDefinition, context: EngineContext): Transition {
  const run: Run = { graph: new WorkflowGraph(definition), ctx: context, state: emptyState(), effects: [] };
  const first = run.graph.start;
  log(run, { actor: context.actor ?? context.submitter, action: 'submit', nodeId: first.id });
  enter(run, first.next, ROOT_SCOPE);
  return { state: run.state, effects: run.effects };
}

/**
 * Applies one action. Works on a copy: the state passed in is never modified, and a WorkflowError
 * leaves nothing half done.
 */
export function apply(
  definition: WorkflowDefinition,
  state: InstanceState,
  action: WorkflowAction,
  context: EngineContext,
): Transition {
  const run: Run = {
    graph: new WorkflowGraph(definition),
    ctx: context,
    state: structuredClone(state),
    effects: [],
  };
  // Own keys only: an action type such as "toString" from a request body must not find a handler.
  const type = (action as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(actionHandlers, type))
    throw new WorkflowError('action_not_allowed', `Unknown action "${String(type).slice(0, 40)}".`);
  const handler = actionHandlers[action.type] as ActionHandler<WorkflowAction['type']>;
  handler(run, action);
  return { state: run.state, effects: run.effects };
}

/** Field types without a value of their own: layout only. */
const LAYOUT_TYPES = new Set<FieldDefinition['type']>(['description', 'divider']);
/** Field types whose value the system computes: never editable at any node. */
const COMPUTED_TYPES = new Set<FieldDefinition['type']>(['formula', 'serial', 'lookup']);

const canWrite = (field: FieldDefinition) => !COMPUTED_TYPES.has(field.type) && !field.readOnly;

/**
 * Access to every data field of the form at a node. Unlisted fields: at the start node as the
 * form says (hidden fields hidden, read-only and computed fields read, the rest editable); at any
 * other node read. Listed edit / required on a field nobody can write is lowered to read.
 */
export function fieldAccess(
  definition: WorkflowDefinition,
  nodeId: string,
  form: FormDefinition,
): Map<string, FieldAccessLevel> {
  const node = definition.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`workflow "${definition.id}" has no node "${nodeId}"`);
  const listed = new Map<string, FieldAccessLevel>();
  if ('fields' in node) for (const entry of node.fields ?? []) listed.set(entry.field, entry.access);
  const access = new Map<string, FieldAccessLevel>();
  for (const field of form.fields) {
    if (LAYOUT_TYPES.has(field.type)) continue;
    let level: FieldAccessLevel =
      listed.get(field.id) ??
      (node.type !== 'start' ? 'read' : field.hidden ? 'hidden' : canWrite(field) ? 'edit' : 'read');
    if ((level === 'edit' || level === 'required') && COMPUTED_TYPES.has(field.type)) level = 'read';
    access.set(field.id, level);
  }
  return access;
}

export const workflowEngine: WorkflowEngine = { start, apply, fieldAccess };
