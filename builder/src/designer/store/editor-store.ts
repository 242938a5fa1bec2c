import type { AppDefinition } from '@tangram/schema';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../../core/document-store';
import { applyCommand, CommandError, containerIds, findField, type Command } from './commands';
import { treeOf } from './layout';

export type { DispatchOptions, DispatchResult } from '../../core/document-store';

/** The form designer's own state, beside the shared document state. */
export interface FormDesignerExtra {
  formId: string;
  selectedFieldId: string | null;
  select(fieldId: string | null): void;
  selectForm(formId: string): void;
}

export type EditorState = DocumentState<Command, CommandError> & FormDesignerExtra;
export type EditorStore = DocumentStore<Command, CommandError, FormDesignerExtra>;

/** Keeps the selection on a field or container that still exists in the form. */
function keepSelection(app: AppDefinition, formId: string, fieldId: string | null): string | null {
  const form = app.forms.find((f) => f.id === formId);
  if (!form || !fieldId) return null;
  return findField(form, fieldId) || containerIds(treeOf(form)).has(fieldId) ? fieldId : null;
}

/**
 * A store per form designer instance, on the shared document store (core/document-store.ts).
 * Server issues stay after edits: the issue list beside the canvas is how users work them off.
 */
export function createEditorStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
  now?: () => number;
}): EditorStore {
  return createDocumentStore<Command, CommandError, FormDesignerExtra>({
    app: init.app,
    version: init.version,
    now: init.now,
    apply: applyCommand,
    isCommandError: (e): e is CommandError => e instanceof CommandError,
    keepIssuesOnEdit: true,
    extra: (set) => ({
      formId: init.formId,
      selectedFieldId: null,
      select: (fieldId) => set({ selectedFieldId: fieldId }),
      selectForm: (formId) => set({ formId, selectedFieldId: null }),
    }),
    follow: (app, s, cause) => ({
      selectedFieldId: cause === 'reset' ? null : keepSelection(app, s.formId, s.selectedFieldId),
    }),
  });
}
