import type { AppDefinition, ValidationIssue } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  applyCommand,
  CommandError,
  containerIds,
  findField,
  type Command,
  type CommandType,
} from './commands';
import { treeOf } from './layout';
import {
  recordChange,
  redoStep,
  topId,
  undoStep,
  type HistoryEntry as PatchHistoryEntry,
} from './patch-history';

/** One undoable step: the patches that redo and undo it. */
export type HistoryEntry = PatchHistoryEntry<CommandType>;

export interface DispatchOptions {
  coalesceKey?: string;
}

export type DispatchResult = { ok: true } | { ok: false; error: CommandError };

export interface EditorState {
  /** The definition being edited. */
  app: AppDefinition;
  /** The definition as the server has it (to spot type changes of existing fields). */
  savedApp: AppDefinition;
  /** The server version the edits are based on (PUT's baseVersion). */
  baseVersion: number;
  formId: string;
  selectedFieldId: string | null;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Id of the history entry that matches what the server has (0: the initial state). */
  savedEntry: number;
  dirty: boolean;
  /** Problems reported by the server (or the JSON view) with JSON pointer paths into `app`. */
  issues: ValidationIssue[];
  dispatch(cmd: Command, options?: DispatchOptions): DispatchResult;
  undo(): void;
  redo(): void;
  select(fieldId: string | null): void;
  selectForm(formId: string): void;
  setIssues(issues: ValidationIssue[]): void;
  /** After a successful save: the server's definition becomes the clean state. */
  markSaved(app: AppDefinition, version: number): void;
  /** Reload from the server: history is dropped. */
  reset(app: AppDefinition, version: number): void;
}

export type EditorStore = StoreApi<EditorState>;

/** Merge window for coalesced commands (typing in one input). */

/**
 * A store per designer instance (STYLE: state in the web apps). Every change goes through
 * `dispatch(command)`: the command is applied purely, the difference is kept as forward/inverse
 * patches for undo and redo, and `dirty` compares the history position with the saved one.
 */
export function createEditorStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
  now?: () => number;
}): EditorStore {
  const now = init.now ?? Date.now;
  let seq = 0;
  return createStore<EditorState>()((set, get) => {
    const keepSelection = (app: AppDefinition, formId: string, fieldId: string | null) => {
      const form = app.forms.find((f) => f.id === formId);
      if (!form || !fieldId) return null;
      return findField(form, fieldId) || containerIds(treeOf(form)).has(fieldId) ? fieldId : null;
    };
    return {
      app: init.app,
      savedApp: init.app,
      baseVersion: init.version,
      formId: init.formId,
      selectedFieldId: null,
      past: [],
      future: [],
      savedEntry: 0,
      dirty: false,
      issues: [],
      dispatch(cmd, options) {
        const state = get();
        let next: AppDefinition;
        try {
          next = applyCommand(state.app, cmd);
        } catch (e) {
          if (e instanceof CommandError) return { ok: false, error: e };
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
          selectedFieldId: keepSelection(next, state.formId, state.selectedFieldId),
        });
        return { ok: true };
      },
      undo() {
        const { past, future, app, savedEntry, formId, selectedFieldId } = get();
        const step = undoStep(app, past, future);
        if (!step) return;
        set({
          ...step,
          dirty: topId(step.past) !== savedEntry,
          selectedFieldId: keepSelection(step.app, formId, selectedFieldId),
        });
      },
      redo() {
        const { past, future, app, savedEntry, formId, selectedFieldId } = get();
        const step = redoStep(app, past, future);
        if (!step) return;
        set({
          ...step,
          dirty: topId(step.past) !== savedEntry,
          selectedFieldId: keepSelection(step.app, formId, selectedFieldId),
        });
      },
      select: (fieldId) => set({ selectedFieldId: fieldId }),
      selectForm: (formId) => set({ formId, selectedFieldId: null }),
      setIssues: (issues) => set({ issues }),
      markSaved(app, version) {
        const { past } = get();
        // The server's copy (with its version counter) replaces ours without a history step.
        set({ app, savedApp: app, baseVersion: version, savedEntry: topId(past), dirty: false, issues: [] });
      },
      reset(app, version) {
        set({
          app,
          savedApp: app,
          baseVersion: version,
          past: [],
          future: [],
          savedEntry: 0,
          dirty: false,
          issues: [],
          selectedFieldId: null,
        });
      },
    };
  });
}
