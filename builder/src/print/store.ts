import type { AppDefinition, FormDefinition, PrintTemplate } from '@tangram/schema';
import { createDocumentContext } from '../core/document-context';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../core/document-store';
import { applyPrintCommand, PrintCommandError, type PrintCommand } from './core/commands';

/** The print designer's own state: which form and which template is open. */
export interface PrintDesignerExtra {
  formId: string;
  selected: string | null;
  select(id: string | null): void;
}

export type PrintEditorState = DocumentState<PrintCommand, PrintCommandError> & PrintDesignerExtra;
export type PrintEditorStore = DocumentStore<PrintCommand, PrintCommandError, PrintDesignerExtra>;

const templatesOf = (app: AppDefinition, formId: string) =>
  app.forms.find((f) => f.id === formId)?.printTemplates ?? [];

function keep(app: AppDefinition, formId: string, selected: string | null): string | null {
  const templates = templatesOf(app, formId);
  return selected && templates.some((t) => t.id === selected) ? selected : (templates[0]?.id ?? null);
}

/** One store per mounted print designer, on the shared document store. */
export function createPrintStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
}): PrintEditorStore {
  return createDocumentStore<PrintCommand, PrintCommandError, PrintDesignerExtra>({
    app: init.app,
    version: init.version,
    apply: applyPrintCommand,
    isCommandError: (e): e is PrintCommandError => e instanceof PrintCommandError,
    extra: (set) => ({
      formId: init.formId,
      selected: keep(init.app, init.formId, null),
      select: (selected) => set({ selected }),
    }),
    follow: (app, s, _cause, cmd) => ({
      selected: cmd?.type === 'addTemplate' ? cmd.template.id : keep(app, s.formId, s.selected),
    }),
  });
}

const printDesigner = createDocumentContext('print designer', createPrintStore);
export const PrintStoreProvider = printDesigner.Provider;
export const usePrintStore = printDesigner.useDocumentStore;
export const usePrint = printDesigner.useDocument;

export const selectForm = (s: PrintEditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) as FormDefinition;
export const selectTemplate = (s: PrintEditorState): PrintTemplate | null =>
  selectForm(s).printTemplates?.find((t) => t.id === s.selected) ?? null;
