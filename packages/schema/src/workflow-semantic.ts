import type {
  AppDefinition,
  Assignee,
  FieldAccessList,
  FieldDefinition,
  Filter,
  FormDefinition,
  NodeTimeout,
  WorkflowDefinition,
  WorkflowNode,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { filterFields } from './semantic.js';
import { isSystemFieldName } from './system-fields.js';

/** Fields without a value: they can be shown or hidden, never edited. */
const LAYOUT_TYPES = new Set<FieldDefinition['type']>(['description', 'divider']);
/** Fields whose value the system computes: never editable at a workflow node. */
const COMPUTED_TYPES = new Set<FieldDefinition['type']>(['formula', 'serial', 'lookup']);
/** Field types an assignee of kind `field` may name (users, or departments whose leaders act). */
const ASSIGNEE_FIELD_TYPES = new Set<FieldDefinition['type']>([
  'member',
  'members',
  'department',
  'departments',
]);
/** System columns a condition may read besides the form's fields. */

/** Outgoing edges of a node with the JSON pointer of each reference. */
function edges(node: WorkflowNode, at: string): [string, string][] {
  switch (node.type) {
    case 'end':
      return [];
    case 'branch':
      return [
        ...node.branches.map((b, k): [string, string] => [b.next, pointer(at, 'branches', k, 'next')]),
        [node.defaultNext, pointer(at, 'defaultNext')],
      ];
    case 'fork':
      return node.next.map((id, k): [string, string] => [id, pointer(at, 'next', k)]);
    default:
      return [[node.next, pointer(at, 'next')]];
  }
}

/**
 * Checks the workflows of an app beyond JSON Schema: unique ids, the form link in both
 * directions, the graph (one start, edges to existing nodes, everything reachable, an end
 * reachable, no cycles — loops happen only through rejection — and well-nested fork / join
 * pairs), branch conditions on the form's fields, field access lists, `field` assignees, list
 * items given twice and timeouts that cannot fire. The server additionally runs branch conditions
 * through the query checker (operators per field type) and checks users / roles exist.
 */
export function checkWorkflows(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const workflows = app.workflows ?? [];
  const seen = new Set<string>();
  workflows.forEach((workflow, i) => {
    const at = pointer('', 'workflows', i);
    if (seen.has(workflow.id.toLowerCase()))
      issues.push({
        path: pointer(at, 'id'),
        code: 'duplicate_id',
        message: `workflow id "${workflow.id}" is used twice`,
      });
    seen.add(workflow.id.toLowerCase());
    const form = app.forms.find((f) => f.id === workflow.form);
    if (!form)
      issues.push({
        path: pointer(at, 'form'),
        code: 'unknown_form',
        message: `workflow "${workflow.id}" runs on unknown form "${workflow.form}"`,
      });
    issues.push(...checkWorkflow(workflow, at, form));
  });
  app.forms.forEach((form, i) => {
    if (form.workflowId === undefined) return;
    const path = pointer('', 'forms', i, 'workflowId');
    const workflow = workflows.find((w) => w.id === form.workflowId);
    if (!workflow)
      issues.push({
        path,
        code: 'unknown_workflow',
        message: `form "${form.id}" names unknown workflow "${form.workflowId}"`,
      });
    else if (workflow.form !== form.id)
      issues.push({
        path,
        code: 'workflow_form_mismatch',
        message: `workflow "${workflow.id}" runs on form "${workflow.form}", not on "${form.id}"`,
      });
  });
  return issues;
}

/** One workflow; `form` is undefined when the workflow's form does not exist (field checks skipped). */
export function checkWorkflow(
  workflow: WorkflowDefinition,
  at: string,
  form: FormDefinition | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodesAt = pointer(at, 'nodes');
  const nodes = new Map<string, { node: WorkflowNode; path: string }>();
  const branchIds = new Set<string>();
  workflow.nodes.forEach((node, n) => {
    const path = pointer(nodesAt, n);
    if (nodes.has(node.id))
      issues.push({
        path: pointer(path, 'id'),
        code: 'duplicate_id',
        message: `node id "${node.id}" is used twice`,
      });
    else nodes.set(node.id, { node, path });
    if (node.type === 'branch')
      node.branches.forEach((b, k) => {
        if (branchIds.has(b.id))
          issues.push({
            path: pointer(path, 'branches', k, 'id'),
            code: 'duplicate_id',
            message: `branch id "${b.id}" is used twice in this workflow`,
          });
        branchIds.add(b.id);
      });
  });

  const starts = workflow.nodes.flatMap((node, n) => (node.type === 'start' ? [n] : []));
  if (starts.length === 0)
    issues.push({ path: nodesAt, code: 'no_start', message: 'the workflow needs a start node' });
  starts.slice(1).forEach((n) =>
    issues.push({
      path: pointer(nodesAt, n),
      code: 'duplicate_start',
      message: 'a workflow has exactly one start node',
    }),
  );
  const startId = starts.length ? workflow.nodes[starts[0]!]!.id : undefined;

  // Edges: to existing nodes, never back to the start.
  let edgesOk = true;
  for (const { node, path } of nodes.values()) {
    for (const [target, edgePath] of edges(node, path)) {
      if (!nodes.has(target)) {
        edgesOk = false;
        issues.push({
          path: edgePath,
          code: 'unknown_node',
          message: `"${target}" is not a node of this workflow`,
        });
      } else if (target === startId) {
        edgesOk = false;
        issues.push({
          path: edgePath,
          code: 'edge_to_start',
          message: 'no step may lead back to the start node (records return there only by rejection)',
        });
      }
    }
    if (node.type === 'fork' && nodes.get(node.join)?.node.type !== 'join') {
      edgesOk = false;
      issues.push({
        path: pointer(path, 'join'),
        code: 'bad_join',
        message: `the fork's paths must meet at a join node; "${node.join}" is not one`,
      });
    }
  }
  const next = (id: string) => {
    const entry = nodes.get(id);
    return entry
      ? edges(entry.node, entry.path)
          .map(([t]) => t)
          .filter((t) => nodes.has(t))
      : [];
  };

  // Reachability from the start and an end to reach.
  if (startId !== undefined) {
    const reached = reachable(startId, next);
    for (const { node, path } of nodes.values())
      if (!reached.has(node.id))
        issues.push({
          path,
          code: 'unreachable',
          message: `step "${node.id}" cannot be reached from the start`,
        });
    if (![...reached].some((id) => nodes.get(id)?.node.type === 'end'))
      issues.push({ path: nodesAt, code: 'no_end', message: 'no end node can be reached from the start' });
  }

  const cycle = findCycle([...nodes.keys()], next);
  if (cycle) {
    edgesOk = false;
    issues.push({
      path: nodes.get(cycle[0]!)!.path,
      code: 'cycle',
      message: `the steps ${cycle.map((id) => `"${id}"`).join(' → ')} form a loop; records go back only through rejection`,
    });
  }
  if (edgesOk) issues.push(...checkForks(nodes, next));

  for (const { node, path } of nodes.values()) issues.push(...checkNode(node, path, form));
  return issues;
}

function reachable(from: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    for (const t of next(stack.pop()!)) {
      if (seen.has(t)) continue;
      seen.add(t);
      stack.push(t);
    }
  }
  return seen;
}

/** One cycle of the graph (its node ids, the first repeated at the end), or undefined. */
function findCycle(ids: string[], next: (id: string) => string[]): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 'open');
    stack.push(id);
    for (const t of next(id)) {
      if (state.get(t) === 'open') return [...stack.slice(stack.indexOf(t)), t];
      if (!state.has(t)) {
        const found = visit(t);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids) {
    if (state.has(id)) continue;
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Forks and joins nest properly: every join belongs to exactly one fork, every path of a fork
 * reaches its join before any end, and nothing outside the fork's paths leads into its join.
 * Runs only on an acyclic graph whose edges all resolve.
 */
function checkForks(
  nodes: Map<string, { node: WorkflowNode; path: string }>,
  next: (id: string) => string[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const forkOfJoin = new Map<string, string>();
  for (const { node, path } of nodes.values()) {
    if (node.type !== 'fork') continue;
    const owner = forkOfJoin.get(node.join);
    if (owner !== undefined) {
      issues.push({
        path: pointer(path, 'join'),
        code: 'shared_join',
        message: `join "${node.join}" already closes fork "${owner}"; each fork needs its own join`,
      });
      continue;
    }
    forkOfJoin.set(node.join, node.id);
    // The fork's region: everything on its paths before the join.
    const region = new Set<string>();
    node.next.forEach((first, k) => {
      const stack = [first];
      const seen = new Set<string>();
      let reachesJoin = false;
      let escapes = false;
      while (stack.length) {
        const id = stack.pop()!;
        if (id === node.join) {
          reachesJoin = true;
          continue;
        }
        if (seen.has(id)) continue;
        seen.add(id);
        region.add(id);
        if (nodes.get(id)!.node.type === 'end') escapes = true;
        stack.push(...next(id));
      }
      if (escapes || !reachesJoin)
        issues.push({
          path: pointer(path, 'next', k),
          code: 'fork_path_escapes',
          message: `the parallel path starting at "${first}" must reach join "${node.join}" before any end`,
        });
    });
    for (const { node: other, path: otherPath } of nodes.values()) {
      if (other.id === node.id || region.has(other.id) || !next(other.id).includes(node.join)) continue;
      issues.push({
        path: otherPath,
        code: 'join_outside_fork',
        message: `step "${other.id}" is not on a path of fork "${node.id}" but leads into its join "${node.join}"`,
      });
    }
  }
  for (const { node, path } of nodes.values())
    if (node.type === 'join' && !forkOfJoin.has(node.id))
      issues.push({ path, code: 'join_without_fork', message: `join "${node.id}" does not close any fork` });
  return issues;
}

function checkNode(node: WorkflowNode, at: string, form: FormDefinition | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fields = new Map((form?.fields ?? []).map((f) => [f.id, f]));
  if ('fields' in node && node.fields && form)
    issues.push(...checkFieldAccess(node.fields, pointer(at, 'fields'), fields, form));
  const lists: [Assignee[] | undefined, string][] = [
    ['assignees' in node ? node.assignees : undefined, pointer(at, 'assignees')],
    ['recipients' in node ? node.recipients : undefined, pointer(at, 'recipients')],
    ['timeout' in node ? node.timeout?.escalateTo : undefined, pointer(at, 'timeout', 'escalateTo')],
  ];
  if (form)
    for (const [list, listPath] of lists)
      list?.forEach((a, k) => {
        if (a.kind !== 'field') return;
        const field = fields.get(a.field);
        if (!field || !ASSIGNEE_FIELD_TYPES.has(field.type))
          issues.push({
            path: pointer(listPath, k, 'field'),
            code: 'bad_assignee_field',
            message: `"${a.field}" is not a member, members, department or departments field of form "${form.id}"`,
          });
      });
  if (node.type === 'approve' || node.type === 'fill') {
    issues.push(...duplicates(node.actions, pointer(at, 'actions'), 'action'));
    issues.push(...duplicates(node.rejectTo, pointer(at, 'rejectTo'), 'reject target'));
    if (node.timeout) issues.push(...checkTimeout(node.timeout, pointer(at, 'timeout')));
  }
  if (node.type === 'fork') issues.push(...duplicates(node.next, pointer(at, 'next'), 'path'));
  if (node.type === 'branch' && form)
    node.branches.forEach((b, k) =>
      issues.push(...checkCondition(b.condition, pointer(at, 'branches', k, 'condition'), fields, form)),
    );
  // Paths are tried in order: one that holds for every record hides the paths after it.
  if (node.type === 'branch')
    node.branches.forEach((b, k) => {
      if (k < node.branches.length - 1 && matchesEverything(b.condition))
        issues.push({
          path: pointer(at, 'branches', k, 'condition'),
          code: 'condition_always_true',
          message:
            'this path has no condition, so it matches every record and the paths after it are never taken',
        });
    });
  return issues;
}

/** True for a condition without any comparison (an empty AND group, or groups of those). */
function matchesEverything(filter: Filter): boolean {
  if (filter.kind === 'and') return filter.items.every(matchesEverything);
  if (filter.kind === 'or') return filter.items.some(matchesEverything);
  return false;
}

function checkFieldAccess(
  list: FieldAccessList,
  at: string,
  fields: Map<string, FieldDefinition>,
  form: FormDefinition,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  list.forEach((entry, k) => {
    const path = pointer(at, k, 'field');
    const field = fields.get(entry.field);
    if (!field) {
      issues.push({
        path,
        code: 'unknown_field',
        message: `form "${form.id}" has no field "${entry.field}"`,
      });
      return;
    }
    if (seen.has(entry.field))
      issues.push({ path, code: 'duplicate_field', message: `field "${entry.field}" is listed twice` });
    seen.add(entry.field);
    if (
      (entry.access === 'edit' || entry.access === 'required') &&
      (LAYOUT_TYPES.has(field.type) || COMPUTED_TYPES.has(field.type))
    )
      issues.push({
        path: pointer(at, k, 'access'),
        code: 'not_editable',
        message: `a ${field.type} field cannot be ${entry.access === 'edit' ? 'editable' : 'required'} at a step`,
      });
  });
  return issues;
}

function duplicates(list: readonly string[] | undefined, at: string, what: string): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  (list ?? []).forEach((item, k) => {
    if (seen.has(item))
      issues.push({
        path: pointer(at, k),
        code: 'duplicate_item',
        message: `${what} "${item}" is listed twice`,
      });
    seen.add(item);
  });
  return issues;
}

function checkTimeout(timeout: NodeTimeout, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (timeout.remindAfterMinutes === undefined && timeout.actAfterMinutes === undefined)
    issues.push({
      path: at,
      code: 'empty_timeout',
      message: 'a timeout needs a reminder time or an action time',
    });
  if (timeout.remindEveryMinutes !== undefined && timeout.remindAfterMinutes === undefined)
    issues.push({
      path: pointer(at, 'remindAfterMinutes'),
      code: 'missing_remind_after',
      message: 'a repeated reminder needs the time of the first reminder',
    });
  if (timeout.action !== undefined && timeout.actAfterMinutes === undefined)
    issues.push({
      path: pointer(at, 'actAfterMinutes'),
      code: 'missing_act_after',
      message: 'say after how many minutes the timeout action runs',
    });
  if (timeout.action === 'escalate' && !timeout.escalateTo?.length)
    issues.push({
      path: pointer(at, 'escalateTo'),
      code: 'missing_escalate_to',
      message: 'say who the task is escalated to',
    });
  return issues;
}

const LIST_OPS = new Set(['in', 'notIn']);
const NO_VALUE_OPS = new Set(['isEmpty', 'isNotEmpty']);

/**
 * A branch condition reads fields of the workflow's form (or system columns) that hold a value,
 * and each comparison's value has the shape its operator takes (operators per field type and
 * value types are the query checker's job on the server).
 */
function checkCondition(
  condition: Filter,
  at: string,
  fields: Map<string, FieldDefinition>,
  form: FormDefinition,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [fieldId, path] of filterFields(condition, at)) {
    const field = fields.get(fieldId);
    if (!field && !isSystemFieldName(fieldId))
      issues.push({
        path,
        code: 'unknown_field',
        message: `condition uses unknown field "${fieldId}" of form "${form.id}"`,
      });
    else if (field && (LAYOUT_TYPES.has(field.type) || field.type === 'subform'))
      issues.push({
        path,
        code: 'bad_condition_field',
        message: `a condition cannot test a ${field.type} field`,
      });
  }
  const walk = (filter: Filter, path: string): void => {
    if (filter.kind !== 'cmp') {
      filter.items.forEach((item, k) => walk(item, pointer(path, 'items', k)));
      return;
    }
    const v = filter.value;
    const dynamic = typeof v === 'object' && v !== null && !Array.isArray(v);
    let problem: string | undefined;
    if (NO_VALUE_OPS.has(filter.op)) {
      if (v !== undefined && v !== null) problem = `"${filter.op}" takes no value`;
    } else if (v === undefined) problem = `"${filter.op}" needs a value`;
    else if (filter.op === 'between' && !dynamic && (!Array.isArray(v) || v.length !== 2))
      problem = '"between" needs two values: [from, to]';
    else if (LIST_OPS.has(filter.op) && !dynamic && (!Array.isArray(v) || v.length === 0))
      problem = `"${filter.op}" needs a list of at least one value`;
    if (problem) issues.push({ path: pointer(path, 'value'), code: 'bad_condition', message: problem });
  };
  walk(condition, at);
  return issues;
}
