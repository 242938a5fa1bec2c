// The workflow feature's entry for the process (main.ts) and tests: the scheduler with every job
// kind registered.
import './jobs';

export { runDueJobs, startScheduler, enqueueJob, registerJobHandler } from './scheduler';
export { workflowDeps, type WorkflowDeps } from './deps';
