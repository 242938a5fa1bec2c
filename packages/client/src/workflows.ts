import type { I18NText, WorkflowDefinition } from '@tangram/schema';
import type { Transport } from './transport';
import type { FormRef, RecordDto } from './types';

// Approval workflows (docs/api.md, "Workflows"): the task inbox, a record's workflow view and the
// actions on it, and in-app notifications. The shapes mirror server/src/workflow/engine/types.ts.

export type WorkflowInstanceStatus = 'running' | 'approved' | 'rejected' | 'withdrawn';
export type WorkflowTaskStatus = 'pending' | 'queued' | 'done' | 'cancelled';
export type WorkflowTaskOutcome = 'approved' | 'rejected' | 'transferred' | 'timedOut' | 'superseded';
export type FieldAccessLevel = 'hidden' | 'read' | 'edit' | 'required';

/** Actions a viewer may take right now (`me.actions`). */
export type WorkflowActionName =
  'approve' | 'submit' | 'reject' | 'transfer' | 'addApprover' | 'withdraw' | 'urge' | 'comment';

export interface WorkflowTask {
  id: string;
  nodeId: string;
  visit: number;
  assignee: string;
  status: WorkflowTaskStatus;
  order: number;
  outcome?: WorkflowTaskOutcome;
  createdAt: string;
  actedAt?: string;
  delegatedBy?: string;
  remindAt?: string;
  dueAt?: string;
}

export interface WorkflowActiveNode {
  nodeId: string;
  visit: number;
  enteredAt: string;
  forks: string[];
}

export interface WorkflowLogEntry {
  at: string;
  /** A user id, or null for the system (timeouts, reminders, automatic passes). */
  actor: string | null;
  action:
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
    | 'skip'
    | 'finish';
  nodeId?: string;
  taskId?: string;
  comment?: string;
  /** File id of a hand-written signature image (download through the files API). */
  signature?: string;
  users?: string[];
  target?: string;
  status?: WorkflowInstanceStatus;
}

export interface WorkflowInstance {
  id: string;
  status: WorkflowInstanceStatus;
  workflowId: string;
  /** The definition the instance started with (a later publish never changes it). */
  definition: WorkflowDefinition;
  active: WorkflowActiveNode[];
  log: WorkflowLogEntry[];
  tasks: WorkflowTask[];
  submitter: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface RejectTargetOption {
  kind: 'end' | 'start' | 'previous' | 'node';
  nodeId?: string;
  name?: I18NText;
}

/** What the current viewer may do and see at the instance's current position. */
export interface WorkflowViewerState {
  taskId?: string;
  nodeId?: string;
  actions: WorkflowActionName[];
  rejectTargets: RejectTargetOption[];
  /** Field id -> access at the viewer's node (or 'read' for everyone else). */
  fieldAccess: Record<string, FieldAccessLevel>;
  canWithdraw: boolean;
  canUrge: boolean;
  signatureRequired: boolean;
  commentRequired: boolean;
}

export interface WorkflowView {
  instance: WorkflowInstance;
  me: WorkflowViewerState;
  /** The record, without the fields hidden from the viewer at their node. */
  record: RecordDto;
}

export type TaskBox = 'todo' | 'done' | 'initiated' | 'cc';

export interface TaskListItem {
  taskId?: string;
  instanceId: string;
  appId: string;
  formId: string;
  recordId: string;
  /** The record's title field value (as text), or null. */
  title: string | null;
  nodeId: string | null;
  nodeName: I18NText | null;
  /** Task status for todo/done, instance status for initiated, 'read'/'unread' for cc. */
  status: string;
  outcome?: string;
  submitter: string;
  createdAt: string;
  actedAt?: string;
}

export interface TaskPage {
  items: TaskListItem[];
  nextCursor: string | null;
}

export interface TaskCounts {
  todo: number;
  done: number;
  initiated: number;
  cc: number;
}

export type NotificationKind =
  | 'task'
  | 'cc'
  | 'remind'
  | 'urge'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  /** A notify action of an automation (decision 0029): `title` is then its i18n text. */
  | 'automation';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  payload: {
    /** Workflow notifications only. */
    instanceId?: string;
    appId: string;
    /** Null for an automation notification without a record (a schedule). */
    formId: string | null;
    recordId: string | null;
    taskId?: string;
    nodeId?: string;
    /** The record's title (workflow kinds); for `automation` the action's i18n title. */
    title?: string | null | Partial<Record<'en' | 'zh-CN', string>>;
    actor?: string | null;
    /** `automation`: the record it is about, by name, and the action's message. */
    recordTitle?: string | null;
    message?: string | null;
    automationId?: string;
  };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
}

/** Common fields of a task action: a comment, a signature (file id), field values to save with it. */
export interface TaskActionInput {
  comment?: string;
  /** File id of a hand-written signature image uploaded through the files API. */
  signature?: string;
  /** Values of fields the node makes editable, saved with the action (same rules as PATCH). */
  data?: Record<string, unknown>;
  /** The record version the values were edited on; a stale one gets 409 stale_version. */
  recordVersion?: number;
}

export interface RejectInput extends TaskActionInput {
  /** Where to send the record: 'start', 'previous', 'end' or a node id; default the node's first. */
  to?: 'end' | 'start' | 'previous' | { nodeId: string };
}

export interface TransferInput {
  to: string;
  comment?: string;
}

export interface AddApproverInput {
  users: string[];
  position: 'before' | 'after';
  comment?: string;
}

export interface WorkflowActionResult {
  /** The workflow view after the action (as `view` would answer it). */
  view: WorkflowView;
}

const enc = encodeURIComponent;

/** Workflow inbox, record workflow view and actions, notifications. */
export function createWorkflowsApi(http: Transport) {
  const flowPath = ({ appId, formId }: FormRef, id: string) =>
    `/apps/${enc(appId)}/forms/${enc(formId)}/records/${enc(id)}/workflow`;
  const taskPath = (taskId: string, action: string) => `/tasks/${enc(taskId)}/${action}`;

  const tasks = {
    list: (box: TaskBox, opts: { limit?: number; cursor?: string } = {}) =>
      http.request<TaskPage>('GET', '/tasks', { query: { box, limit: opts.limit, cursor: opts.cursor } }),
    counts: () => http.request<TaskCounts>('GET', '/tasks/counts'),
    approve: (taskId: string, input: TaskActionInput = {}) =>
      http.request<WorkflowActionResult>('POST', taskPath(taskId, 'approve'), { body: input }),
    reject: (taskId: string, input: RejectInput = {}) =>
      http.request<WorkflowActionResult>('POST', taskPath(taskId, 'reject'), { body: input }),
    transfer: (taskId: string, input: TransferInput) =>
      http.request<WorkflowActionResult>('POST', taskPath(taskId, 'transfer'), { body: input }),
    addApprover: (taskId: string, input: AddApproverInput) =>
      http.request<WorkflowActionResult>('POST', taskPath(taskId, 'add-approver'), { body: input }),
  };

  const workflow = {
    /** 404 `no_workflow_instance` when the record never entered a workflow. */
    get: (ref: FormRef, recordId: string) => http.request<WorkflowView>('GET', flowPath(ref, recordId)),
    withdraw: (ref: FormRef, recordId: string, input: { comment?: string } = {}) =>
      http.request<WorkflowActionResult>('POST', `${flowPath(ref, recordId)}/withdraw`, { body: input }),
    urge: (ref: FormRef, recordId: string, input: { comment?: string } = {}) =>
      http.request<WorkflowActionResult>('POST', `${flowPath(ref, recordId)}/urge`, { body: input }),
    comment: (ref: FormRef, recordId: string, input: { comment: string; taskId?: string }) =>
      http.request<WorkflowActionResult>('POST', `${flowPath(ref, recordId)}/comment`, { body: input }),
    /** Starts the form's workflow again (after a withdraw or rejection) or for an existing record. */
    submit: (ref: FormRef, recordId: string, input: { comment?: string } = {}) =>
      http.request<WorkflowActionResult>('POST', `${flowPath(ref, recordId)}/submit`, { body: input }),
  };

  const notifications = {
    list: (opts: { unread?: boolean; cursor?: string; limit?: number } = {}) =>
      http.request<NotificationPage>('GET', '/notifications', {
        query: { unread: opts.unread ? 1 : undefined, cursor: opts.cursor, limit: opts.limit },
      }),
    count: () => http.request<{ unread: number }>('GET', '/notifications/count'),
    markRead: (input: { ids?: string[]; all?: boolean }) =>
      http.request<{ updated: number }>('POST', '/notifications/read', { body: input }),
  };

  return { tasks, workflow, notifications };
}
