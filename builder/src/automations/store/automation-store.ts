import type { AppDefinition } from '@tangram/schema';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../../core/document-store';
import {
  applyAutomationCommand,
  automationsOf,
  AutomationCommandError,
  type AutomationCommand,
} from '../core/commands';

export type { DispatchResult } from '../../core/document-store';

/** The automation designer's own state, beside the shared document state. */
export interface AutomationDesignerExtra {
  /** The automation open in the editor (null: none, the list only). */
  selected: string | null;
  select(id: string | null): void;
}

export type AutomationEditorState = DocumentState<AutomationCommand, AutomationCommandError> &
  AutomationDesignerExtra;
export type AutomationEditorStore = DocumentStore<
  AutomationCommand,
  AutomationCommandError,
  AutomationDesignerExtra
>;

/** Keeps the selection on an automation that still exists. */
function keepSelection(app: AppDefinition, selected: string | null): string | null {
  return selected && automationsOf(app).some((a) => a.id === selected) ? selected : null;
}

/**
 * One store per mounted automation designer, on the shared document store
 * (core/document-store.ts). An added or duplicated automation is selected; a removed one leaves
 * the editor.
 */
export function createAutomationStore(init: {
  app: AppDefinition;
  version: number;
  selected?: string | null;
  now?: () => number;
}): AutomationEditorStore {
  return createDocumentStore<AutomationCommand, AutomationCommandError, AutomationDesignerExtra>({
    app: init.app,
    version: init.version,
    now: init.now,
    apply: applyAutomationCommand,
    isCommandError: (e): e is AutomationCommandError => e instanceof AutomationCommandError,
    keepIssuesOnEdit: true,
    extra: (set) => ({
      selected: keepSelection(init.app, init.selected ?? null),
      select: (selected) => set({ selected }),
    }),
    follow: (app, s, cause, cmd) => {
      if (cause === 'edit' && (cmd?.type === 'addAutomation' || cmd?.type === 'duplicateAutomation')) {
        // The new automation is the last one added after the source (or at the end).
        const before = new Set(automationsOf(s.app).map((a) => a.id));
        const added = automationsOf(app).find((a) => !before.has(a.id));
        if (added) return { selected: added.id };
      }
      return { selected: keepSelection(app, s.selected) };
    },
  });
}
