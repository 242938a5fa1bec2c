import type { AppDefinition, FormDefinition, RecordDto } from '@tangram/client';
import type { WorkflowDefinition } from '@tangram/schema';

/**
 * Why the record drawer does not offer a write on a record of a process form. The server decides
 * (decisions 0013 and 0020, `server/src/workflow/record-guard.ts`); this mirrors its rule so the
 * player does not offer an Edit or a Delete that would be refused with 409.
 *
 * - `workflowRunning`: the approval runs; values change through the task actions.
 * - `approvedLocked`: approved, and the workflow locks approved records (the default).
 * - `approvedSubmitterOnly`: approved under `reopen`; only the approval's submitter may edit (which
 *   restarts the approval).
 * - `approvedNoDelete`: approved under `reopen`; a deletion cannot be re-approved.
 */
export type RecordLockReason =
  'workflowRunning' | 'approvedLocked' | 'approvedSubmitterOnly' | 'approvedNoDelete';

/** For each write, null when the workflow allows it, or why not. */
export interface RecordLock {
  edit: RecordLockReason | null;
  delete: RecordLockReason | null;
}

export type EditAfterApproval = NonNullable<NonNullable<WorkflowDefinition['settings']>['editAfterApproval']>;

/** What the drawer knows about a record's approval once it has looked. */
export interface ApprovalFacts {
  /** The rule that governs the approved record (see `approvalRule`). */
  rule: EditAfterApproval;
  /** The approved instance's submitter. */
  submitter: string;
}

const OPEN: RecordLock = { edit: null, delete: null };

/**
 * The locks on a record for the signed-in user. An approved record whose facts are not known yet
 * (still loading, or unreadable) counts as locked: `locked` is the default rule, and offering an
 * edit that the server then refuses is what this avoids.
 */
export function recordLock(
  record: Pick<RecordDto, 'workflowStatus'>,
  approval: ApprovalFacts | undefined,
  userId: string | undefined,
): RecordLock {
  if (record.workflowStatus === 'running') return { edit: 'workflowRunning', delete: 'workflowRunning' };
  if (record.workflowStatus !== 'approved') return OPEN;
  const rule = approval?.rule ?? 'locked';
  if (rule === 'allow') return OPEN;
  if (rule === 'locked') return { edit: 'approvedLocked', delete: 'approvedLocked' };
  return {
    edit: approval?.submitter !== undefined && approval.submitter === userId ? null : 'approvedSubmitterOnly',
    delete: 'approvedNoDelete',
  };
}

/**
 * The `editAfterApproval` rule for an approved record, as the server reads it: the form's current
 * workflow decides; a form whose workflow was detached keeps the approval's own copy, and there
 * `reopen` means `locked` (no flow is left to re-open).
 */
export function approvalRule(
  app: Pick<AppDefinition, 'workflows'>,
  form: Pick<FormDefinition, 'workflowId'>,
  instanceDefinition: Pick<WorkflowDefinition, 'settings'>,
): EditAfterApproval {
  const current = form.workflowId ? app.workflows?.find((w) => w.id === form.workflowId) : undefined;
  const rule = (current ?? instanceDefinition).settings?.editAfterApproval ?? 'locked';
  return rule === 'reopen' && !current ? 'locked' : rule;
}
