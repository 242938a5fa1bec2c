import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppDefinition, FormDefinition } from '@tangram/schema';
import { createEditorStore, type EditorState, type EditorStore } from './editor-store';

const EditorStoreContext = createContext<EditorStore | null>(null);

/** Provides one editor store for the designer below it, created once per mount. */
export function EditorStoreProvider({
  app,
  version,
  formId,
  children,
}: {
  app: AppDefinition;
  version: number;
  formId: string;
  children: ReactNode;
}) {
  const [store] = useState(() => createEditorStore({ app, version, formId }));
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore() needs <EditorStoreProvider> above it');
  return store;
}

/** Subscribes to one slice of the editor state; keep selectors narrow. */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

/** The form being designed. */
export const selectForm = (s: EditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) ?? (s.app.forms[0] as FormDefinition);
