import { AppError } from '../http/app-error';
import type { WorkflowEngine } from './engine/types';

// The one place the server takes the pure engine from (server/src/workflow/engine/, written
// against engine/types.ts). Until the engine lands every workflow action answers 501.
const notYet = (): never => {
  throw new AppError(501, 'not_implemented', 'The workflow engine is not available yet.');
};

export const engine: WorkflowEngine = {
  start: notYet,
  apply: notYet,
  fieldAccess: notYet,
};
