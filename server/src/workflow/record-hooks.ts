// The workflow's hooks into record writes (records.service.ts), kept in one small module so the
// records code depends on three functions, not on the workflow service's internals.
export { assertNoRunningWorkflow, checkStartFieldAccess, startForNewRecords } from './workflow.service';
