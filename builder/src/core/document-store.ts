/**
 * The one document store every studio designer builds on (form, workflow, permissions,
 * dashboards, automations, aggregates). The document is always the whole app: each designer edits
 * its part through its own typed commands, and saving stores the app as a new version
 * (`PUT /apps/:app` with the base version, see use-app-save.tsx).
 *
 * What is shared lives here once: commands applied purely, history as forward/inverse JSON patches
 * with coalescing (patch-history.ts), `dirty` = the history position differs from the one saved
 * last, the server's validation issues, save and reload. What differs per designer — its commands,
 * its selection, what follows a change — is passed in (STYLE: state in the web apps).
 */
import type { AppDefinition, ValidationIssue } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { recordChange, redoStep, topId, undoStep, type HistoryEntry } from '../designer/store/patch-history';

export type DispatchResult<E> = { ok: true } | { ok: false; error: E };

export interface DispatchOptions {
  /** Consecutive commands with the same key (typing in one input) merge into one undo step. */
  coalesceKey?: string;
}

/** The state every designer store has, whatever it edits. */
export interface DocumentState<C, E> {
  /** The definition being edited. */
  app: AppDefinition;
  /** The definition as the server has it: what it enforces, and the base of type-change checks. */
  saved: AppDefinition;
  /** The server version the edits are based on (PUT's baseVersion). */
  baseVersion: number;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Id of the history entry that matches what the server has (0: the initial state). */
  savedEntry: number;
  dirty: boolean;
  /** Problems reported by the server (or a local check) with JSON pointer paths into `app`. */
  issues: ValidationIssue[];
  dispatch(cmd: C, options?: DispatchOptions): DispatchResult<E>;
  undo(): void;
  redo(): void;
  setIssues(issues: ValidationIssue[]): void;
  /** After a successful save: the server's definition becomes the clean state. */
  markSaved(app: AppDefinition, version: number): void;
  /** Reload from the server: history is dropped. */
  reset(app: AppDefinition, version: number): void;
  /**
   * Brings back unsaved work kept locally (local-draft.ts) as one undoable step on top of the
   * loaded version: undo returns to what the server has.
   */
  restoreDraft(app: AppDefinition): void;
}

/** Why the document changed, for state that follows it (a selection that must still exist). */
export type ChangeCause = 'edit' | 'history' | 'saved' | 'reset';

export interface DocumentSpec<C, E, X extends object> {
  app: AppDefinition;
  version: number;
  /** Applies one command purely; throws an error `isCommandError` recognises to refuse it. */
  apply(app: AppDefinition, cmd: C): AppDefinition;
  isCommandError(e: unknown): e is E;
  /** What the undo history calls a command (default: its `type`). */
  label?(cmd: C): string;
  /** The designer's own state and actions (selection, panels), built once. */
  extra(set: (partial: Partial<X>) => void, get: () => DocumentState<C, E> & X): X;
  /**
   * The designer's state that must follow a changed document (e.g. drop a deleted selection);
   * `cmd` is the command of an edit (e.g. select what it added).
   */
  follow?(app: AppDefinition, state: DocumentState<C, E> & X, cause: ChangeCause, cmd?: C): Partial<X>;
  /**
   * Whether the server's issues stay after an edit. Their JSON pointers were about the document
   * then sent; a designer that shows them beside the edited element clears them on change.
   */
  keepIssuesOnEdit?: boolean;
  now?: () => number;
}

export type DocumentStore<C, E, X extends object = object> = StoreApi<DocumentState<C, E> & X>;

export function createDocumentStore<C, E, X extends object>(
  spec: DocumentSpec<C, E, X>,
): DocumentStore<C, E, X> {
  type S = DocumentState<C, E> & X;
  const now = spec.now ?? Date.now;
  let seq = 0;
  return createStore<S>()((setState, get) => {
    const set = (partial: Partial<S>) => setState(partial);
    const followed = (app: AppDefinition, cause: ChangeCause, cmd?: C): Partial<X> =>
      spec.follow ? spec.follow(app, get(), cause, cmd) : {};
    const label = spec.label ?? ((cmd: C) => String((cmd as { type?: unknown }).type ?? 'edit'));
    const issuesAfterEdit = () => (spec.keepIssuesOnEdit ? {} : { issues: [] });

    const core: DocumentState<C, E> = {
      app: spec.app,
      saved: spec.app,
      baseVersion: spec.version,
      past: [],
      future: [],
      savedEntry: 0,
      dirty: false,
      issues: [],
      dispatch(cmd, options) {
        const state = get();
        let next: AppDefinition;
        try {
          next = spec.apply(state.app, cmd);
        } catch (e) {
          if (spec.isCommandError(e)) return { ok: false, error: e };
          throw e;
        }
        const past = recordChange(
          state.past,
          state.savedEntry,
          { before: state.app, after: next, label: label(cmd), coalesceKey: options?.coalesceKey, at: now() },
          () => ++seq,
        );
        if (!past) return { ok: true };
        set({
          app: next,
          past,
          future: [],
          dirty: topId(past) !== state.savedEntry,
          ...issuesAfterEdit(),
          ...followed(next, 'edit', cmd),
        } as Partial<S>);
        return { ok: true };
      },
      undo() {
        const { past, future, app, savedEntry } = get();
        const step = undoStep(app, past, future);
        if (!step) return;
        set({
          ...step,
          dirty: topId(step.past) !== savedEntry,
          ...issuesAfterEdit(),
          ...followed(step.app, 'history'),
        } as Partial<S>);
      },
      redo() {
        const { past, future, app, savedEntry } = get();
        const step = redoStep(app, past, future);
        if (!step) return;
        set({
          ...step,
          dirty: topId(step.past) !== savedEntry,
          ...issuesAfterEdit(),
          ...followed(step.app, 'history'),
        } as Partial<S>);
      },
      setIssues: (issues) => set({ issues } as Partial<S>),
      markSaved(app, version) {
        // The server's copy (with its version counter) replaces ours without a history step.
        set({
          app,
          saved: app,
          baseVersion: version,
          savedEntry: topId(get().past),
          dirty: false,
          issues: [],
          ...followed(app, 'saved'),
        } as Partial<S>);
      },
      restoreDraft(app) {
        const state = get();
        const past = recordChange(
          state.past,
          state.savedEntry,
          { before: state.app, after: app, label: 'restoreDraft', at: now() },
          () => ++seq,
        );
        if (!past) return;
        set({
          app,
          past,
          future: [],
          dirty: topId(past) !== state.savedEntry,
          ...issuesAfterEdit(),
          ...followed(app, 'history'),
        } as Partial<S>);
      },
      reset(app, version) {
        set({
          app,
          saved: app,
          baseVersion: version,
          past: [],
          future: [],
          savedEntry: 0,
          dirty: false,
          issues: [],
          ...followed(app, 'reset'),
        } as Partial<S>);
      },
    };
    const extra = spec.extra((partial) => set(partial as Partial<S>), get);
    return { ...core, ...extra } as S;
  });
}
