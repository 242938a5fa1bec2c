import type { NodePatch } from '../core/commands';
import { selectWorkflow, useWorkflowEditor, useWorkflowStore } from '../store/context';

/**
 * Updates one node's properties through the store. A `coalesceKey` merges keystrokes in one input
 * into one undo step; `undefined` values remove a property (back to its default).
 */
export function useNodeUpdate(nodeId: string) {
  const store = useWorkflowStore();
  const workflowId = useWorkflowEditor((s) => selectWorkflow(s)?.id ?? '');
  return (patch: NodePatch, coalesceKey?: string) =>
    store
      .getState()
      .dispatch(
        { type: 'updateNode', workflowId, nodeId, patch },
        coalesceKey ? { coalesceKey: `${nodeId}:${coalesceKey}` } : undefined,
      );
}
