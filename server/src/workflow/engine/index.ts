/** The pure workflow engine: see types.ts for the contract. */
export * from './types';
export { workflowEngine, start, apply, fieldAccess, emptyState } from './engine';
export { WorkflowGraph, chooseBranch, successors } from './graph';
