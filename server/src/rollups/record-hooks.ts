/**
 * The rollups' part in record writes (decision 0053), registered on the write pipeline by
 * `createRecordWrites`: after every create, update, delete and restore, and after every workflow
 * status change, the form's rollup cells take the difference in the same transaction, so a
 * committed write and its rollups never disagree.
 */
import type { RecordHooks } from '../records/kernel/hooks';
import { applyChanges, type RecordChange } from './store';

export const rollupRecordHooks: RecordHooks = {
  async afterWrite(w, change) {
    let changes: RecordChange[];
    if (change.kind === 'create') changes = change.records.map((r) => ({ before: null, after: r }));
    else if (change.kind === 'update') changes = [{ before: change.before, after: change.record }];
    else if (change.kind === 'delete') changes = [{ before: change.record, after: null }];
    else changes = [{ before: null, after: change.record }];
    await applyChanges(w.tx, w.form, changes);
  },

  async afterStatusChange(ctx, change) {
    const before = { ...change.record, workflowStatus: change.previousStatus };
    await applyChanges(ctx.tx, ctx.form, [{ before, after: change.record }]);
  },
};
