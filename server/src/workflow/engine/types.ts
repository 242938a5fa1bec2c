/**
 * The workflow engine's contract: a pure state machine.
 *
 *   start(definition, context)                  -> Transition
 *   apply(definition, state, action, context)   -> Transition   (throws WorkflowError)
 *
 * No I/O happens inside the engine: everything it needs from the outside world (the clock, the
 * record's values, who belongs to a role or leads a department, new ids) comes in through
 * `EngineContext`, resolved beforehand by the server. The server applies a transition in one
 * transaction: it stores `state` on the instance row (locked FOR UPDATE), mirrors `state.tasks`
 * into the workflow_tasks table for the inbox, updates the record's workflow status and turns
 * `effects` into notifications, scheduled jobs and outbox events.
 */
import type { Assignee, FormDefinition, WorkflowDefinition } from '@tangram/schema';

export type InstanceStatus = 'running' | 'approved' | 'rejected' | 'withdrawn';

/** queued: a later approver of an in-sequence node, not yet their turn. */
export type TaskStatus = 'pending' | 'queued' | 'done' | 'cancelled';

export type TaskOutcome =
  | 'approved' // approve at an approve node, submit at a fill or start node
  | 'rejected'
  | 'transferred'
  | 'timedOut' // closed by the node's timeout action
  | 'superseded'; // closed because the node completed without it (any-mode, rejection, withdraw)

export interface WorkflowTask {
  id: string;
  nodeId: string;
  /** Which visit of the node this task belongs to; a node is visited again after a rejection. */
  visit: number;
  /** A user id. */
  assignee: string;
  status: TaskStatus;
  /** Position within the visit: sequence mode activates tasks in this order. */
  order: number;
  outcome?: TaskOutcome;
  createdAt: string;
  actedAt?: string;
  /** Who added this approver ("add approver" action) or transferred the task to this assignee. */
  delegatedBy?: string;
  /** When a reminder is due (from the node's timeout), ISO time. */
  remindAt?: string;
  /** When the node's automatic timeout action is due, ISO time. */
  dueAt?: string;
  /**
   * Added with "add approver before": this task's holder approves before the holder of task
   * `beforeTask`, whose task waits (queued) until every such task is approved.
   */
  beforeTask?: string;
  /**
   * Added with "add approver after": queued until task `afterTask` is approved; the node does not
   * complete before this task is approved too.
   */
  afterTask?: string;
}

/** A node that currently waits for its handlers. Parallel paths can make several active at once. */
export interface ActiveNode {
  nodeId: string;
  visit: number;
  enteredAt: string;
  /** Ids of forks this path runs inside, innermost last (for join bookkeeping). */
  forks: string[];
  /**
   * Parallel to `forks`: the first node id of the fork path this node runs on, per fork (the
   * value recorded in `arrived` when the path reaches the join). Empty / absent outside forks.
   */
  paths?: string[];
}

export type LogAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'transfer'
  | 'addApprover'
  | 'withdraw'
  | 'comment'
  | 'urge'
  | 'remind'
  | 'timeout'
  | 'escalate'
  | 'cc'
  | 'hook'
  | 'skip' // a node passed because nobody was assigned (whenNoAssignee: pass)
  | 'finish';

export interface LogEntry {
  at: string;
  /** A user id, or null for the system (timeouts, reminders, automatic passes). */
  actor: string | null;
  action: LogAction;
  nodeId?: string;
  taskId?: string;
  comment?: string;
  /** A file id of a hand-written signature image (uploaded through the files API). */
  signature?: string;
  /** Users a task went to (transfer, add approver, cc, escalate). */
  users?: string[];
  /** The node a rejection sent the record back to. */
  target?: string;
  /** The final status for 'finish'. */
  status?: InstanceStatus;
  /** 'addApprover': where the added approvers go relative to the actor. */
  position?: 'before' | 'after';
  /** 'timeout': the node's automatic action that was applied. */
  timeoutAction?: 'approve' | 'reject' | 'escalate';
}

export interface InstanceState {
  status: InstanceStatus;
  active: ActiveNode[];
  /** Join id -> fork paths (the path's first node id) that have arrived at it. */
  arrived: Record<string, string[]>;
  tasks: WorkflowTask[];
  log: LogEntry[];
  /** Handled (approve / fill) node ids in the order they completed, for "reject to previous". */
  history: string[];
  /** Counter for ActiveNode.visit. */
  visits: number;
}

export type RejectTarget = 'end' | 'start' | 'previous' | { nodeId: string };

export type WorkflowAction =
  | { type: 'approve'; taskId: string; comment?: string; signature?: string }
  | { type: 'reject'; taskId: string; to?: RejectTarget; comment?: string; signature?: string }
  | { type: 'transfer'; taskId: string; to: string; comment?: string }
  | { type: 'addApprover'; taskId: string; users: string[]; position: 'before' | 'after'; comment?: string }
  /** By the submitter while nobody else has acted yet. */
  | { type: 'withdraw'; comment?: string }
  /** By anyone who can see the instance. */
  | { type: 'comment'; comment: string; taskId?: string }
  /** The submitter nudges the current handlers. */
  | { type: 'urge'; comment?: string }
  /** System actions, issued by the scheduler when a task's remindAt / dueAt has passed. */
  | { type: 'remind'; taskId: string }
  | { type: 'timeout'; taskId: string };

export interface EngineContext {
  /** The current time, ISO. */
  now: string;
  /** The acting user, or null for system actions. */
  actor: string | null;
  /** The submitter of the instance. */
  submitter: string;
  /** The form the workflow runs on, and the record's current values by field id (branch conditions). */
  form: FormDefinition;
  record: Record<string, unknown>;
  /** The org's time zone, for dynamic dates in branch conditions. */
  timeZone: string;
  /**
   * The submitter's departments: "my department" in branch conditions means the submitter's
   * (conditions are evaluated as the submitter, whoever acts). Default none.
   */
  submitterDepartmentIds?: string[];
  /** Resolves an assignee list to active user ids, deduplicated in order (prefetched by the server). */
  resolveAssignees(assignees: Assignee[]): string[];
  /** Users who take nodes whose assignees resolve to nobody (whenNoAssignee: admin). */
  adminIds: string[];
  /** A fresh unique id (tasks). */
  newId(): string;
}

export type NotificationKind =
  | 'task' // a new task waits for the user
  | 'cc' // a copy was sent to the user
  | 'remind' // a task is due (timeout reminder)
  | 'urge' // the submitter urged
  | 'approved' // the instance finished approved (to the submitter)
  | 'rejected' // the instance was rejected or sent back (to the submitter)
  | 'withdrawn'; // the submitter withdrew (to the handlers whose tasks were closed)

export type Effect =
  | { type: 'notify'; kind: NotificationKind; userIds: string[]; taskId?: string; nodeId?: string }
  | { type: 'cc'; nodeId: string; userIds: string[] }
  | { type: 'hook'; nodeId: string; hook: string }
  /** The instance's status changed (mirror into the record's workflow status column). */
  | { type: 'status'; status: InstanceStatus };

export interface Transition {
  state: InstanceState;
  effects: Effect[];
}

export type WorkflowErrorCode =
  | 'not_running' // the instance already finished
  | 'task_not_found'
  | 'task_closed' // the task was already handled (double click, concurrent approver)
  | 'not_assignee' // the actor does not hold the task
  | 'action_not_allowed' // the node does not allow this action
  | 'comment_required'
  | 'signature_required'
  | 'bad_reject_target'
  | 'bad_users' // transfer / add approver to nobody, to the actor, or to users already on the task
  | 'self_approval_forbidden' // forbidSelfApproval: a transfer / added approver would let the submitter approve
  | 'withdraw_not_allowed'; // someone already acted, or withdraw is off, or the actor is not the submitter

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export type FieldAccessLevel = 'hidden' | 'read' | 'edit' | 'required';

/** The engine's public surface, implemented in `engine.ts`. */
export interface WorkflowEngine {
  start(definition: WorkflowDefinition, context: EngineContext): Transition;
  apply(
    definition: WorkflowDefinition,
    state: InstanceState,
    action: WorkflowAction,
    context: EngineContext,
  ): Transition;
  /** Field access at a node, for every field of the form (fields not listed get the node's default). */
  fieldAccess(
    definition: WorkflowDefinition,
    nodeId: string,
    form: FormDefinition,
  ): Map<string, FieldAccessLevel>;
}
