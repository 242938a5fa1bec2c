import type { FormDefinition, WorkflowDefinition } from '@tangram/schema';
import { createDocumentContext } from '../../core/document-context';
import { createWorkflowStore, workflowOf, type WorkflowEditorState } from './workflow-store';

const workflowDesigner = createDocumentContext('workflow designer', createWorkflowStore);

/** Provides one workflow store for the designer below it, created once per mount. */
export const WorkflowStoreProvider = workflowDesigner.Provider;
export const useWorkflowStore = workflowDesigner.useDocumentStore;
/** Subscribes to one slice of the designer state; keep selectors narrow. */
export const useWorkflowEditor = workflowDesigner.useDocument;

export const selectForm = (s: WorkflowEditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) as FormDefinition;

export const selectWorkflow = (s: WorkflowEditorState): WorkflowDefinition | undefined =>
  workflowOf(s.app, s.formId);
