/**
 * The aggregates' part in record writes (decision 0028), registered on the write pipeline by
 * `createApp`: after every create, update, delete and restore, and after every workflow status
 * change, the balances fed by the record are brought up to date in the same transaction; a
 * blocking rule refuses the write (409 `balance_rule`) and the transaction writes nothing.
 */
import type { RecordHooks } from '../records/kernel/hooks';
import { syncRecords } from './sync';

export const aggregateRecordHooks: RecordHooks = {
  async afterWrite(w, change) {
    const records = change.kind === 'create' ? change.records : [change.record];
    await syncRecords({ tx: w.tx, form: w.form, actor: w.principal }, records);
  },

  async afterStatusChange(ctx, change) {
    await syncRecords({ tx: ctx.tx, form: ctx.form, actor: ctx.actor }, [change.record]);
  },
};
