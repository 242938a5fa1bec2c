import type { AppDefinition, ValidationIssue } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  recordChange,
  redoStep,
  topId,
  undoStep,
  type HistoryEntry as PatchHistoryEntry,
} from '../../designer/store/patch-history';
import {
  applyWorkflowCommand,
  WorkflowCommandError,
  type WorkflowCommand,
  type WorkflowCommandType,
} from '../core/commands';
import { treeNodeIds, toFlowTree } from '../core/flow-tree';

/** What the side panel shows: a node, a branch path of a branch node, or (null) the workflow. */
export interface Selection {
  nodeId: string;
  pathId?: string;
}

type HistoryEntry = PatchHistoryEntry<WorkflowCommandType>;

export type DispatchResult = { ok: true } | { ok: false; error: WorkflowCommandError };

export interface WorkflowEditorState {
  app: AppDefinition;
  baseVersion: number;
  formId: string;
  selection: Selection | null;
  past: HistoryEntry[];
  future: HistoryEntry[];
  savedEntry: number;
  dirty: boolean;
  /** The server's validation details from the last publish, against the definition then sent. */
  serverIssues: ValidationIssue[];
  dispatch(cmd: WorkflowCommand, options?: { coalesceKey?: string }): DispatchResult;
  undo(): void;
  redo(): void;
  select(selection: Selection | null): void;
  setServerIssues(issues: ValidationIssue[]): void;
  markSaved(app: AppDefinition, version: number): void;
  reset(app: AppDefinition, version: number): void;
}

export type WorkflowEditorStore = StoreApi<WorkflowEditorState>;

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
 * One store per mounted workflow designer (docs/decisions/0006 and 0014): commands applied
 * purely, history as forward/inverse JSON patches, dirty = history position differs from the one
 * saved last. The document is the whole app: publishing saves the app as a new version.
 */
export function createWorkflowStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
  now?: () => number;
}): WorkflowEditorStore {
  const now = init.now ?? Date.now;
  let seq = 0;
  return createStore<WorkflowEditorState>()((set, get) => ({
    app: init.app,
    baseVersion: init.version,
    formId: init.formId,
    selection: null,
    past: [],
    future: [],
    savedEntry: 0,
    dirty: false,
    serverIssues: [],
    dispatch(cmd, options) {
      const state = get();
      let next: AppDefinition;
      try {
        next = applyWorkflowCommand(state.app, cmd);
      } catch (e) {
        if (e instanceof WorkflowCommandError) return { ok: false, error: e };
        throw e;
      }
      const past = recordChange(
        state.past,
        state.savedEntry,
        { before: state.app, after: next, label: cmd.type, coalesceKey: options?.coalesceKey, at: now() },
        () => ++seq,
      );
      if (!past) return { ok: true };
      set({
        app: next,
        past,
        future: [],
        dirty: topId(past) !== state.savedEntry,
        serverIssues: [],
        selection: keepSelection(next, state.formId, state.selection),
      });
      return { ok: true };
    },
    undo() {
      const { past, future, app, savedEntry, formId, selection } = get();
      const step = undoStep(app, past, future);
      if (!step) return;
      set({
        ...step,
        dirty: topId(step.past) !== savedEntry,
        // The server's pointers were about the document it was sent; indexes move with history.
        serverIssues: [],
        selection: keepSelection(step.app, formId, selection),
      });
    },
    redo() {
      const { past, future, app, savedEntry, formId, selection } = get();
      const step = redoStep(app, past, future);
      if (!step) return;
      set({
        ...step,
        dirty: topId(step.past) !== savedEntry,
        serverIssues: [],
        selection: keepSelection(step.app, formId, selection),
      });
    },
    select: (selection) => set({ selection }),
    setServerIssues: (serverIssues) => set({ serverIssues }),
    markSaved(app, version) {
      const { past, formId, selection } = get();
      set({
        app,
        baseVersion: version,
        savedEntry: topId(past),
        dirty: false,
        serverIssues: [],
        selection: keepSelection(app, formId, selection),
      });
    },
    reset(app, version) {
      set({
        app,
        baseVersion: version,
        past: [],
        future: [],
        savedEntry: 0,
        dirty: false,
        serverIssues: [],
        selection: null,
      });
    },
  }));
}
