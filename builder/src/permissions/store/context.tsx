import type { AppDefinition, FormDefinition } from '@tangram/schema';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { groupsOf } from '../core/commands';
import {
  createPermissionStore,
  type PermissionEditorState,
  type PermissionEditorStore,
} from './permission-store';

const PermissionStoreContext = createContext<PermissionEditorStore | null>(null);

/** Provides one permission store for the designer below it, created once per mount. */
export function PermissionStoreProvider(props: {
  app: AppDefinition;
  version: number;
  formId: string;
  children: ReactNode;
}) {
  const [store] = useState(() =>
    createPermissionStore({ app: props.app, version: props.version, formId: props.formId }),
  );
  return <PermissionStoreContext.Provider value={store}>{props.children}</PermissionStoreContext.Provider>;
}

export function usePermissionStore(): PermissionEditorStore {
  const store = useContext(PermissionStoreContext);
  if (!store) throw new Error('usePermissionStore() needs <PermissionStoreProvider> above it');
  return store;
}

/** Subscribes to one slice of the designer state; keep selectors narrow. */
export function usePermissions<T>(selector: (s: PermissionEditorState) => T): T {
  return useStore(usePermissionStore(), selector);
}

export const selectForm = (s: PermissionEditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) as FormDefinition;

export const selectGroups = (s: PermissionEditorState) => groupsOf(selectForm(s));

export const selectGroup = (s: PermissionEditorState) =>
  selectGroups(s).find((g) => g.id === s.selectedGroup) ?? null;
