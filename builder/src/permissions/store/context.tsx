import type { FormDefinition } from '@tangram/schema';
import { createDocumentContext } from '../../core/document-context';
import { groupsOf } from '../core/commands';
import { createPermissionStore, type PermissionEditorState } from './permission-store';

const permissionDesigner = createDocumentContext('permission designer', createPermissionStore);

/** Provides one permission store for the designer below it, created once per mount. */
export const PermissionStoreProvider = permissionDesigner.Provider;
export const usePermissionStore = permissionDesigner.useDocumentStore;
/** Subscribes to one slice of the designer state; keep selectors narrow. */
export const usePermissions = permissionDesigner.useDocument;

export const selectForm = (s: PermissionEditorState): FormDefinition =>
  s.app.forms.find((f) => f.id === s.formId) as FormDefinition;

export const selectGroups = (s: PermissionEditorState) => groupsOf(selectForm(s));

export const selectGroup = (s: PermissionEditorState) =>
  selectGroups(s).find((g) => g.id === s.selectedGroup) ?? null;
