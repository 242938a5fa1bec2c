/**
 * What plain record writes (PATCH, bulk update, delete, bulk delete) may do to a record of a
 * process form, given its latest workflow instance (decisions 0013 and 0020):
 *
 * - running: refused (409 workflow_running); values change through the task actions;
 * - approved: the workflow's `editAfterApproval` setting decides — `locked` (the default) refuses
 *   edits and deletes, `reopen` lets the submitter edit (the approval restarts with the new
 *   values) and refuses everyone else and deletes, `allow` writes as usual;
 * - rejected, withdrawn, or no instance: written as usual.
 */
import type { WorkflowSettings } from '@tangram/schema';
import type { Principal } from '../access';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { conflict } from '../http/app-error';
import type { RecordDto } from '../storage/record-store';
import {
  checkStartFieldAccess,
  latestInstance,
  startInstance,
  workflowOf,
  type InstanceRow,
} from './workflow.service';

export type EditAfterApproval = NonNullable<WorkflowSettings['editAfterApproval']>;

/** `write`: go ahead. `reopen`: write, then restart the approval (see `reopenApproval`). */
export type WriteGrant = 'write' | 'reopen';

/**
 * The rule for an approved record: the form's current workflow decides (an app admin may relax or
 * tighten it later); a form whose workflow was detached keeps the rule of the approval's own copy,
 * so detaching a workflow never unlocks approved records by accident.
 */
export function editAfterApproval(ctx: FormContext, instance: InstanceRow): EditAfterApproval {
  const current = workflowOf(ctx);
  const rule = (current ?? instance.definition).settings?.editAfterApproval ?? 'locked';
  // Without a workflow on the form there is no approval to re-open: the record stays locked.
  return rule === 'reopen' && !current ? 'locked' : rule;
}

/**
 * Checks a plain write to a record locked in `tx` against its workflow; throws 409 when the
 * workflow forbids it.
 */
export async function guardRecordWrite(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  recordId: string,
  change: 'edit' | 'delete',
): Promise<WriteGrant> {
  const latest = await latestInstance(tx, ctx.orgId, { appId: ctx.app.id, formId: ctx.form.id }, recordId);
  if (!latest) return 'write';
  if (latest.status === 'running')
    throw conflict(
      'workflow_running',
      change === 'edit'
        ? 'This record is in an approval workflow: change it through your task (approve or submit with the values), not by editing it directly.'
        : 'This record is in an approval workflow: it can be deleted once the workflow is withdrawn or finished.',
      { recordId },
    );
  if (latest.status !== 'approved') return 'write';
  const rule = editAfterApproval(ctx, latest);
  if (rule === 'allow') return 'write';
  const details = { recordId, editAfterApproval: rule };
  if (change === 'delete')
    throw conflict(
      'approved_record_locked',
      'This record has been approved and its workflow locks approved records: it cannot be deleted.',
      details,
    );
  if (rule === 'locked')
    throw conflict(
      'approved_record_locked',
      'This record has been approved and its workflow locks approved records: it can no longer be changed.',
      details,
    );
  if (latest.submitter !== principal.userId)
    throw conflict(
      'approved_record_locked',
      'This record has been approved: only its submitter can change it, which restarts the approval.',
      details,
    );
  return 'reopen';
}

/**
 * Before a re-opening edit is written: the submitter may change only fields the start node lets
 * them set (422 field_not_editable otherwise), exactly as when they first submitted.
 */
export function checkReopenFields(
  ctx: FormContext,
  changed: Record<string, unknown>,
  basePath: string,
): void {
  checkStartFieldAccess(ctx, [changed], () => basePath);
}

/**
 * After a re-opening edit was written (same transaction): the approval starts again from the top
 * with the editor (the submitter) as its submitter. Returns the record with its new status.
 */
export async function reopenApproval(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  record: RecordDto,
): Promise<RecordDto> {
  const started = await startInstance(tx, ctx, principal.userId, record, new Date());
  return started ? { ...record, workflowStatus: started.status } : record;
}
