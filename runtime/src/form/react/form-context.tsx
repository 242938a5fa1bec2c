import type { AppDefinition, TangramClient } from '@tangram/client';
import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { FormStore } from '../core/form-store';
import type { FormTexts } from '../form-texts';
import type { WidgetRegistry } from '../widgets/widget';

/** What widgets need besides their own value: the store, services and the UI language. */
export interface FormEnv {
  store: FormStore;
  app: AppDefinition;
  /** The rendered form's id (a relation picker asks the server for that form's field's choices). */
  formId: string;
  client: TangramClient | null;
  lang: string;
  texts: FormTexts;
  readOnly: boolean;
  widgets: WidgetRegistry;
  /** Titles of the linked records of the loaded record (its answer's `display`, decision 0035). */
  display?: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

export const FormEnvContext = createContext<FormEnv | null>(null);

export function useFormEnv(): FormEnv {
  const env = useContext(FormEnvContext);
  if (!env) throw new Error('form widgets must be rendered inside <FormRenderer>');
  return env;
}

/** One field's value (stable identity while unchanged: other fields' edits do not re-render). */
export function useFieldValue(id: string): unknown {
  return useStore(useFormEnv().store, (s) => s.values[id]);
}

/** The slice a field widget renders from, and its setter. */
export function useField(id: string) {
  const { store } = useFormEnv();
  const value = useStore(store, (s) => s.values[id]);
  const error = useStore(store, (s) => s.serverErrors[id] ?? s.errors[id]);
  const hidden = useStore(store, (s) => s.hidden[id] === true);
  const setValue = useCallback((v: unknown) => store.getState().setValue(id, v), [store, id]);
  return { value, error, hidden, setValue };
}

/** Messages of a subform's cells: `{ '0/qty': '...' }` (a new object only when they change). */
export function useCellErrors(subformId: string): string {
  const { store } = useFormEnv();
  // Serialised so that unrelated edits keep the same selected value.
  return useStore(store, (s) => {
    const prefix = `${subformId}/`;
    const out: Record<string, string> = {};
    for (const [k, m] of Object.entries({ ...s.errors, ...s.serverErrors }))
      if (k.startsWith(prefix)) out[k.slice(prefix.length)] = m;
    return JSON.stringify(out);
  });
}
