import type { AutomationDefinition } from '@tangram/schema';
import { createDocumentContext } from '../../core/document-context';
import { automationsOf } from '../core/commands';
import { createAutomationStore, type AutomationEditorState } from './automation-store';

const automationDesigner = createDocumentContext('automation designer', createAutomationStore);

/** Provides one automation store for the designer below it, created once per mount. */
export const AutomationStoreProvider = automationDesigner.Provider;
export const useAutomationStore = automationDesigner.useDocumentStore;
/** Subscribes to one slice of the designer state; keep selectors narrow. */
export const useAutomations = automationDesigner.useDocument;

export const selectAutomations = (s: AutomationEditorState): AutomationDefinition[] => automationsOf(s.app);

export const selectAutomation = (s: AutomationEditorState): AutomationDefinition | null =>
  automationsOf(s.app).find((a) => a.id === s.selected) ?? null;
