import type { AppDefinition, FormDefinition, WorkflowDefinition } from '@tangram/schema';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import {
  createWorkflowStore,
  workflowOf,
  type WorkflowEditorState,
  type WorkflowEditorStore,
} from './workflow-store';

const WorkflowStoreContext = createContext<WorkflowEditorStore | null>(null);

/** Provides one workflow store for the designer below it, created once per mount. */
export function WorkflowStoreProvider(props: {
  app: AppDefinition;
  version: number;
  formId: string;
  children: ReactNode;
}) {
  const [store] = useState(() =>
    createWorkflowStore({ app: props.app, version: props.version, formId: props.formId }),
  );
  return <WorkflowStoreContext.Provider value={store}>{props.children}</WorkflowStoreContext.Provider>;
}

export function useWorkflowStore(): WorkflowEditorStore {
  const store = useContext(WorkflowStoreContext);
  if (!store) throw new Error('useWorkflowStore() needs <WorkflowStoreProvider> above it');
  return store;
}

/** Subscribes to one slice of the designer state; keep selectors narrow. */
export function useWorkflowEditor<T>(selector: (s: WorkflowEditorState) => T): T {
  return useStore(useWorkflowStore(), selector);
}

export const selectForm = (s: WorkflowEditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) as FormDefinition;

export const selectWorkflow = (s: WorkflowEditorState): WorkflowDefinition | undefined =>
  workflowOf(s.app, s.formId);
