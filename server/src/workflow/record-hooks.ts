// The workflow's hooks into record writes (records.service.ts), kept in one small module so the
// records code depends on these functions, not on the workflow service's internals.
export { checkStartFieldAccess, startForNewRecords } from './workflow.service';
export { checkReopenFields, guardRecordWrite, reopenApproval, type WriteGrant } from './record-guard';
