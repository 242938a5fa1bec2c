/**
 * The workflow's part in record writes, registered on the records kernel's write pipeline by
 * `createApp` (decision 0023), so the records module never imports the workflow:
 *
 * - create: the submitter may only set fields the start node lets them set (403), and a process
 *   form's new records start their workflow in the same transaction (answered with its status);
 * - plain edits and deletes: the approval lock (`guardRecordWrite`, decisions 0013 and 0020);
 *   a re-opening edit of an approved record changes only start-node fields and restarts the
 *   approval. A workflow task's own field edits (source `workflow`) are governed by node access.
 */
import type { RecordHooks, WriteContext } from '../records/kernel/hooks';
import { checkReopenFields, editAfterApproval, guardRecordWrite, reopenApproval } from './record-guard';
import { checkStartFieldAccess, latestInstance, startForNewRecords, workflowOf } from './workflow.service';

/** Whether an update of this record re-opens its approval (approved, rule `reopen` on the current workflow). */
async function reopens(w: WriteContext, recordId: string): Promise<boolean> {
  if (w.source === 'workflow' || !workflowOf(w.form)) return false;
  const ref = { appId: w.form.app.id, formId: w.form.form.id };
  const latest = await latestInstance(w.tx, w.form.orgId, ref, recordId);
  return latest?.status === 'approved' && editAfterApproval(w.form, latest) === 'reopen';
}

export const workflowRecordHooks: RecordHooks = {
  async beforeWrite(w, change) {
    if (change.kind === 'create') {
      checkStartFieldAccess(w.form, change.items, change.pathOf);
      return;
    }
    // Restoring is not an edit and is never refused; task actions write through their node access.
    if (change.kind === 'restore' || w.source === 'workflow') return;
    await guardRecordWrite(
      w.tx,
      w.form,
      w.principal,
      change.current.id,
      change.kind === 'update' ? 'edit' : 'delete',
    );
  },

  async beforePersist(w, change) {
    if (!(await reopens(w, change.current.id))) return;
    // Only values the submitter changed re-open the approval (not formulas recomputed alone).
    if (change.sentChanges.length === 0) return 'skip';
    checkReopenFields(w.form, Object.fromEntries(change.sentChanges.map((f) => [f, true])), change.basePath);
  },

  async afterWrite(w, change) {
    if (change.kind === 'create') return startForNewRecords(w.tx, w.form, w.principal, change.records);
    // The guard let this edit through as a re-submission: the approval starts again.
    if (change.kind === 'update' && (await reopens(w, change.record.id)))
      return [await reopenApproval(w.tx, w.form, w.principal, change.record)];
  },
};
