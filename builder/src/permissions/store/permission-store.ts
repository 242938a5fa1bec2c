import type { AppDefinition } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  recordChange,
  redoStep,
  topId,
  undoStep,
  type HistoryEntry as PatchHistoryEntry,
} from '../../designer/store/patch-history';
import {
  applyPermissionCommand,
  groupsOf,
  PermissionCommandError,
  type PermissionCommand,
  type PermissionCommandType,
} from '../core/commands';

type HistoryEntry = PatchHistoryEntry<PermissionCommandType>;

export type DispatchResult = { ok: true } | { ok: false; error: PermissionCommandError };

/** What the server said when the last save was refused, shown next to the groups. */
export interface SaveProblem {
  code: string;
  message: string;
  details: { path?: string; code?: string; message: string }[];
}

export interface PermissionEditorState {
  app: AppDefinition;
  /** The definition as last loaded or saved: what the server enforces ("view as" reads it). */
  saved: AppDefinition;
  baseVersion: number;
  formId: string;
  selectedGroup: string | null;
  past: HistoryEntry[];
  future: HistoryEntry[];
  savedEntry: number;
  dirty: boolean;
  problem: SaveProblem | null;
  dispatch(cmd: PermissionCommand, options?: { coalesceKey?: string }): DispatchResult;
  undo(): void;
  redo(): void;
  select(groupId: string | null): void;
  setProblem(problem: SaveProblem | null): void;
  markSaved(app: AppDefinition, version: number): void;
  reset(app: AppDefinition, version: number): void;
}

export type PermissionEditorStore = StoreApi<PermissionEditorState>;

/** Keeps the selection on an existing group; otherwise the first group (or none). */
function keepSelection(app: AppDefinition, formId: string, selected: string | null): string | null {
  const form = app.forms.find((f) => f.id === formId);
  const groups = form ? groupsOf(form) : [];
  if (selected && groups.some((g) => g.id === selected)) return selected;
  return groups[0]?.id ?? null;
}

/**
 * One store per mounted permission designer, the same shape as the form and workflow designers'
 * (docs/decisions/0006): commands applied purely, history as JSON patches, dirty = the history
 * position differs from the saved one. The document is the whole app: saving stores a new version.
 */
export function createPermissionStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
  now?: () => number;
}): PermissionEditorStore {
  const now = init.now ?? Date.now;
  let seq = 0;
  return createStore<PermissionEditorState>()((set, get) => ({
    app: init.app,
    saved: init.app,
    baseVersion: init.version,
    formId: init.formId,
    selectedGroup: keepSelection(init.app, init.formId, null),
    past: [],
    future: [],
    savedEntry: 0,
    dirty: false,
    problem: null,
    dispatch(cmd, options) {
      const state = get();
      let next: AppDefinition;
      try {
        next = applyPermissionCommand(state.app, cmd);
      } catch (e) {
        if (e instanceof PermissionCommandError) return { ok: false, error: e };
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
        selectedGroup: keepSelection(next, state.formId, state.selectedGroup),
      });
      return { ok: true };
    },
    undo() {
      const { past, future, app, savedEntry, formId, selectedGroup } = get();
      const step = undoStep(app, past, future);
      if (!step) return;
      set({
        ...step,
        dirty: topId(step.past) !== savedEntry,
        selectedGroup: keepSelection(step.app, formId, selectedGroup),
      });
    },
    redo() {
      const { past, future, app, savedEntry, formId, selectedGroup } = get();
      const step = redoStep(app, past, future);
      if (!step) return;
      set({
        ...step,
        dirty: topId(step.past) !== savedEntry,
        selectedGroup: keepSelection(step.app, formId, selectedGroup),
      });
    },
    select: (selectedGroup) => set({ selectedGroup }),
    setProblem: (problem) => set({ problem }),
    markSaved(app, version) {
      const { past, formId, selectedGroup } = get();
      set({
        app,
        saved: app,
        baseVersion: version,
        savedEntry: topId(past),
        dirty: false,
        problem: null,
        selectedGroup: keepSelection(app, formId, selectedGroup),
      });
    },
    reset(app, version) {
      const { formId, selectedGroup } = get();
      set({
        app,
        saved: app,
        baseVersion: version,
        past: [],
        future: [],
        savedEntry: 0,
        dirty: false,
        problem: null,
        selectedGroup: keepSelection(app, formId, selectedGroup),
      });
    },
  }));
}
