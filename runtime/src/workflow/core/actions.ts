import type {
  RejectTargetOption,
  TangramClient,
  WorkflowActionName,
  WorkflowActionResult,
  WorkflowViewerState,
} from '@tangram/client';

/** What the client calls need: the workflow parts of the API client. */
export type WorkflowClient = Pick<TangramClient, 'tasks' | 'workflow'>;

/** What the user entered in an action's dialog. */
export interface ActionInput {
  comment?: string;
  /** File id of the uploaded signature image. */
  signature?: string;
  rejectTo?: RejectTargetOption;
  users?: string[];
  position?: 'before' | 'after';
}

/** Where an action applies: the record, the viewer's task, and the form values edited at the node. */
export interface ActionTarget {
  appId: string;
  formId: string;
  recordId: string;
  taskId?: string;
  /** Changed values of fields the node makes editable (approve / submit only). */
  data?: Record<string, unknown>;
  recordVersion?: number;
}

export type CommentRule = 'none' | 'optional' | 'required' | 'node';

/** One action: how its button looks, what its dialog asks for and which API call it makes. */
export interface ActionSpec {
  key: WorkflowActionName;
  /** Button look: the primary call to action, a destructive one, or a plain one. */
  look: 'primary' | 'danger' | 'default';
  /** Smaller numbers come first in the action bar (the primary action is placed last on phones). */
  order: number;
  /** 'node': optional unless the node requires a comment (commentRequired). */
  comment: CommentRule;
  /** Whether the node's signatureRequired applies to this action. */
  signs: boolean;
  /** The dialog asks for a rejection target. */
  rejectTarget?: true;
  /** The dialog asks for users: one (transfer) or several (add approver, with before/after). */
  users?: 'one' | 'many';
  /** Sends the values of the node's editable fields (validated first). */
  sendsForm?: true;
  run(client: WorkflowClient, target: ActionTarget, input: ActionInput): Promise<WorkflowActionResult>;
}

const ref = (t: ActionTarget) => ({ appId: t.appId, formId: t.formId });

function needTask(t: ActionTarget): string {
  if (!t.taskId) throw new Error('This action needs a task of yours');
  return t.taskId;
}

const opinion = (input: ActionInput) => ({
  ...(input.comment ? { comment: input.comment } : {}),
  ...(input.signature ? { signature: input.signature } : {}),
});

const withForm = (t: ActionTarget) => ({
  ...(t.data && Object.keys(t.data).length > 0 ? { data: t.data } : {}),
  ...(t.recordVersion !== undefined ? { recordVersion: t.recordVersion } : {}),
});

const approve: ActionSpec['run'] = (client, t, input) =>
  client.tasks.approve(needTask(t), { ...opinion(input), ...withForm(t) });

/**
 * The action registry: one entry per action the server may offer in `me.actions`. The action bar,
 * the dialogs and the calls are all driven from here; a new action is one new entry.
 */
export const ACTIONS: Record<WorkflowActionName, ActionSpec> = {
  approve: {
    key: 'approve',
    look: 'primary',
    order: 90,
    comment: 'node',
    signs: true,
    sendsForm: true,
    run: approve,
  },
  // Submit at a start or fill node is the same call as approve; without a task it restarts the process.
  submit: {
    key: 'submit',
    look: 'primary',
    order: 90,
    comment: 'node',
    signs: true,
    sendsForm: true,
    run: (client, t, input) =>
      t.taskId ? approve(client, t, input) : client.workflow.submit(ref(t), t.recordId, opinion(input)),
  },
  reject: {
    key: 'reject',
    look: 'danger',
    order: 80,
    comment: 'node',
    signs: true,
    rejectTarget: true,
    run: (client, t, input) =>
      client.tasks.reject(needTask(t), {
        ...opinion(input),
        ...(input.rejectTo ? { to: rejectTo(input.rejectTo) } : {}),
      }),
  },
  transfer: {
    key: 'transfer',
    look: 'default',
    order: 40,
    comment: 'optional',
    signs: false,
    users: 'one',
    run: (client, t, input) =>
      client.tasks.transfer(needTask(t), {
        to: input.users?.[0] ?? '',
        ...(input.comment ? { comment: input.comment } : {}),
      }),
  },
  addApprover: {
    key: 'addApprover',
    look: 'default',
    order: 50,
    comment: 'optional',
    signs: false,
    users: 'many',
    run: (client, t, input) =>
      client.tasks.addApprover(needTask(t), {
        users: input.users ?? [],
        position: input.position ?? 'after',
        ...(input.comment ? { comment: input.comment } : {}),
      }),
  },
  withdraw: {
    key: 'withdraw',
    look: 'default',
    order: 20,
    comment: 'optional',
    signs: false,
    run: (client, t, input) =>
      client.workflow.withdraw(ref(t), t.recordId, input.comment ? { comment: input.comment } : {}),
  },
  urge: {
    key: 'urge',
    look: 'default',
    order: 30,
    comment: 'optional',
    signs: false,
    run: (client, t, input) =>
      client.workflow.urge(ref(t), t.recordId, input.comment ? { comment: input.comment } : {}),
  },
  comment: {
    key: 'comment',
    look: 'default',
    order: 10,
    comment: 'required',
    signs: false,
    run: (client, t, input) =>
      client.workflow.comment(ref(t), t.recordId, {
        comment: input.comment ?? '',
        ...(t.taskId ? { taskId: t.taskId } : {}),
      }),
  },
};

/** A reject target option -> the wire form of `RejectInput.to`. */
export function rejectTo(option: RejectTargetOption): 'end' | 'start' | 'previous' | { nodeId: string } {
  if (option.kind === 'node') return { nodeId: option.nodeId ?? '' };
  return option.kind;
}

/** A stable key per reject target (select values). */
export const rejectKey = (o: RejectTargetOption): string => (o.kind === 'node' ? `node:${o.nodeId}` : o.kind);

/**
 * The actions the viewer may take now, in bar order. `me.actions` is authoritative; withdraw and
 * urge also follow their flags. Approve at a start or fill node reads "submit" (the handler fills
 * in and hands on, nobody approves anything there).
 */
export function availableActions(me: WorkflowViewerState, nodeType?: string): WorkflowActionName[] {
  const keys = new Set<WorkflowActionName>(me.actions.filter((a) => a in ACTIONS));
  if (me.canWithdraw) keys.add('withdraw');
  if (me.canUrge) keys.add('urge');
  if ((nodeType === 'fill' || nodeType === 'start') && keys.has('approve')) {
    keys.delete('approve');
    keys.add('submit');
  }
  if (keys.has('submit')) keys.delete('approve');
  // Task actions need a task; a stale view without one must not offer them.
  if (!me.taskId) for (const k of ['approve', 'reject', 'transfer', 'addApprover'] as const) keys.delete(k);
  return [...keys].sort((a, b) => ACTIONS[a].order - ACTIONS[b].order);
}

/**
 * Splits the bar: the primary and danger actions stay visible, the rest go into "more" once there
 * are more than `max` buttons (a phone shows three).
 */
export function arrangeActions(
  keys: readonly WorkflowActionName[],
  max: number,
): { visible: WorkflowActionName[]; overflow: WorkflowActionName[] } {
  if (keys.length <= max) return { visible: [...keys], overflow: [] };
  const main = keys.filter((k) => ACTIONS[k].look !== 'default');
  const rest = keys.filter((k) => ACTIONS[k].look === 'default');
  const room = Math.max(max - 1 - main.length, 0);
  return {
    visible: [...rest.slice(rest.length - room), ...main],
    overflow: rest.slice(0, rest.length - room),
  };
}

export type InputProblem = 'commentRequired' | 'signatureRequired' | 'pickUsersRequired';

/** Whether the dialog's input is complete for the action; returns the first problem or null. */
export function checkInput(
  key: WorkflowActionName,
  me: Pick<WorkflowViewerState, 'commentRequired' | 'signatureRequired'>,
  input: ActionInput,
): InputProblem | null {
  const spec: ActionSpec = ACTIONS[key];
  const commentNeeded = spec.comment === 'required' || (spec.comment === 'node' && me.commentRequired);
  if (commentNeeded && !input.comment?.trim()) return 'commentRequired';
  if (spec.signs && me.signatureRequired && !input.signature) return 'signatureRequired';
  if (spec.users && !(input.users?.length ?? 0)) return 'pickUsersRequired';
  return null;
}
