import type { AppDefinition } from '@tangram/schema';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../../core/document-store';
import { applyWorkflowCommand, WorkflowCommandError, type WorkflowCommand } from '../core/commands';
import { treeNodeIds, toFlowTree } from '../core/flow-tree';

export type { DispatchResult } from '../../core/document-store';

/** What the side panel shows: a node, a branch path of a branch node, or (null) the workflow. */
export interface Selection {
  nodeId: string;
  pathId?: string;
}

/** The workflow designer's own state, beside the shared document state. */
export interface WorkflowDesignerExtra {
  formId: string;
  selection: Selection | null;
  select(selection: Selection | null): void;
}

export type WorkflowEditorState = DocumentState<WorkflowCommand, WorkflowCommandError> &
  WorkflowDesignerExtra;
export type WorkflowEditorStore = DocumentStore<WorkflowCommand, WorkflowCommandError, WorkflowDesignerExtra>;

/** The workflow of the form being edited, if it has one. */
export function workflowOf(app: AppDefinition, formId: string) {
  const form = app.forms.find((f) => f.id === formId);
  return form?.workflowId ? (app.workflows ?? []).find((w) => w.id === form.workflowId) : undefined;
}

/** Drops a selection whose node (or path) no longer exists after a change. */
function keepSelection(app: AppDefinition, formId: string, sel: Selection | null): Selection | null {
  const wf = workflowOf(app, formId);
  if (!sel || !wf) return null;
  try {
    const ids = treeNodeIds(toFlowTree(wf));
    if (!ids.has(sel.nodeId)) return null;
    if (sel.pathId && !ids.has(sel.pathId)) return { nodeId: sel.nodeId };
    return sel;
  } catch {
    return wf.nodes.some((n) => n.id === sel.nodeId) ? sel : null;
  }
}

/**
 * One store per mounted workflow designer (docs/decisions/0006 and 0014), on the shared document
 * store (core/document-store.ts). The server's issues from the last publish are cleared by any
 * change: their JSON pointers were about the definition then sent.
 */
export function createWorkflowStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
  now?: () => number;
}): WorkflowEditorStore {
  return createDocumentStore<WorkflowCommand, WorkflowCommandError, WorkflowDesignerExtra>({
    app: init.app,
    version: init.version,
    now: init.now,
    apply: applyWorkflowCommand,
    isCommandError: (e): e is WorkflowCommandError => e instanceof WorkflowCommandError,
    extra: (set) => ({
      formId: init.formId,
      selection: null,
      select: (selection) => set({ selection }),
    }),
    follow: (app, s, cause) => ({
      selection: cause === 'reset' ? null : keepSelection(app, s.formId, s.selection),
    }),
  });
}
