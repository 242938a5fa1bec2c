import type { AppDefinition } from '@tangram/schema';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../../core/document-store';
import {
  applyPermissionCommand,
  groupsOf,
  PermissionCommandError,
  type PermissionCommand,
} from '../core/commands';

export type { DispatchResult } from '../../core/document-store';

/** What the server said when the last save was refused, shown next to the groups. */
export interface SaveProblem {
  code: string;
  message: string;
  details: { path?: string; code?: string; message: string }[];
}

/** The permission designer's own state, beside the shared document state. */
export interface PermissionDesignerExtra {
  formId: string;
  selectedGroup: string | null;
  problem: SaveProblem | null;
  select(groupId: string | null): void;
  setProblem(problem: SaveProblem | null): void;
}

export type PermissionEditorState = DocumentState<PermissionCommand, PermissionCommandError> &
  PermissionDesignerExtra;
export type PermissionEditorStore = DocumentStore<
  PermissionCommand,
  PermissionCommandError,
  PermissionDesignerExtra
>;

/** Keeps the selection on an existing group; otherwise the first group (or none). */
function keepSelection(app: AppDefinition, formId: string, selected: string | null): string | null {
  const form = app.forms.find((f) => f.id === formId);
  const groups = form ? groupsOf(form) : [];
  if (selected && groups.some((g) => g.id === selected)) return selected;
  return groups[0]?.id ?? null;
}

/**
 * One store per mounted permission designer, on the shared document store
 * (core/document-store.ts). `saved` is what the server enforces: "view as" reads it. A refused
 * save's problem stays until the next successful save or reload.
 */
export function createPermissionStore(init: {
  app: AppDefinition;
  version: number;
  formId: string;
  now?: () => number;
}): PermissionEditorStore {
  return createDocumentStore<PermissionCommand, PermissionCommandError, PermissionDesignerExtra>({
    app: init.app,
    version: init.version,
    now: init.now,
    apply: applyPermissionCommand,
    isCommandError: (e): e is PermissionCommandError => e instanceof PermissionCommandError,
    keepIssuesOnEdit: true,
    extra: (set) => ({
      formId: init.formId,
      selectedGroup: keepSelection(init.app, init.formId, null),
      problem: null,
      select: (selectedGroup) => set({ selectedGroup }),
      setProblem: (problem) => set({ problem }),
    }),
    follow: (app, s, cause) => ({
      selectedGroup: keepSelection(app, s.formId, s.selectedGroup),
      ...(cause === 'saved' || cause === 'reset' ? { problem: null } : {}),
    }),
  });
}
