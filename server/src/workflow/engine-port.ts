import { workflowEngine } from './engine/index';
import type { WorkflowEngine } from './engine/types';

// The one place the server takes the pure engine from (server/src/workflow/engine/, written
// against engine/types.ts), so tests or a future engine version can be swapped in here.
export const engine: WorkflowEngine = workflowEngine;
