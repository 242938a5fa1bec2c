import type { FormDefinition } from '@tangram/schema';
import { createDocumentContext } from '../../core/document-context';
import { createEditorStore, type EditorState } from './editor-store';

const formDesigner = createDocumentContext('form designer', createEditorStore);

/** Provides one editor store for the designer below it, created once per mount. */
export const EditorStoreProvider = formDesigner.Provider;
export const useEditorStore = formDesigner.useDocumentStore;
/** Subscribes to one slice of the editor state; keep selectors narrow. */
export const useEditor = formDesigner.useDocument;

/** The form being designed. */
export const selectForm = (s: EditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) ?? (s.app.forms[0] as FormDefinition);
