import type { AppDefinition, ValidationIssue } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyPatches, diff, type Patch } from '../../designer/store/patches';
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

interface HistoryEntry {
  id: number;
  label: WorkflowCommandType;
  forward: Patch[];
  inverse: Patch[];
  coalesceKey?: string;
  at: number;
}

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

const COALESCE_MS = 1500;
const HISTORY_LIMIT = 200;
const topId = (past: HistoryEntry[]) => past[past.length - 1]?.id ?? 0;

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
      const { forward, inverse } = diff(state.app, next);
      if (!forward.length) return { ok: true };
      const last = state.past[state.past.length - 1];
      const t = now();
      let past: HistoryEntry[];
      if (
        options?.coalesceKey &&
        last?.coalesceKey === options.coalesceKey &&
        t - last.at < COALESCE_MS &&
        last.id !== state.savedEntry
      ) {
        // Still typing in the same input: one step from before its first keystroke.
        const merged = diff(applyPatches(state.app, last.inverse), next);
        past = [...state.past.slice(0, -1), { ...last, ...merged, at: t }];
      } else {
        const entry = {
          id: ++seq,
          label: cmd.type,
          forward,
          inverse,
          coalesceKey: options?.coalesceKey,
          at: t,
        };
        past = [...state.past, entry].slice(-HISTORY_LIMIT);
      }
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
      const entry = past[past.length - 1];
      if (!entry) return;
      const next = applyPatches(app, entry.inverse);
      const rest = past.slice(0, -1);
      set({
        app: next,
        past: rest,
        future: [entry, ...future],
        dirty: topId(rest) !== savedEntry,
        // The server's pointers were about the document it was sent; indexes move with history.
        serverIssues: [],
        selection: keepSelection(next, formId, selection),
      });
    },
    redo() {
      const { past, future, app, savedEntry, formId, selection } = get();
      const entry = future[0];
      if (!entry) return;
      const next = applyPatches(app, entry.forward);
      const done = [...past, { ...entry, coalesceKey: undefined }];
      set({
        app: next,
        past: done,
        future: future.slice(1),
        dirty: topId(done) !== savedEntry,
        serverIssues: [],
        selection: keepSelection(next, formId, selection),
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
