import type { AppDefinition } from '@tangram/schema';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../../core/document-store';
import {
  AggregateCommandError,
  aggregatesOf,
  applyAggregateCommand,
  type AggregateCommand,
} from '../core/commands';

/** The aggregate designer's own state, beside the shared document state. */
export interface AggregateDesignerExtra {
  selected: string | null;
  select(aggregateId: string | null): void;
}

export type AggregateEditorState = DocumentState<AggregateCommand, AggregateCommandError> &
  AggregateDesignerExtra;
export type AggregateEditorStore = DocumentStore<
  AggregateCommand,
  AggregateCommandError,
  AggregateDesignerExtra
>;

/** Keeps the selection on an existing aggregate; otherwise the first one (or none). */
function keepSelection(app: AppDefinition, selected: string | null): string | null {
  const list = aggregatesOf(app);
  if (selected && list.some((a) => a.id === selected)) return selected;
  return list[0]?.id ?? null;
}

/**
 * One store per mounted aggregate designer, on the shared document store (core/document-store.ts).
 * Adding an aggregate selects it; the server's issues stay after edits (they are shown as a list
 * with their paths, not beside one input).
 */
export function createAggregateStore(init: {
  app: AppDefinition;
  version: number;
  selected?: string | null;
  now?: () => number;
}): AggregateEditorStore {
  return createDocumentStore<AggregateCommand, AggregateCommandError, AggregateDesignerExtra>({
    app: init.app,
    version: init.version,
    now: init.now,
    apply: applyAggregateCommand,
    isCommandError: (e): e is AggregateCommandError => e instanceof AggregateCommandError,
    keepIssuesOnEdit: true,
    extra: (set) => ({
      selected: keepSelection(init.app, init.selected ?? null),
      select: (selected) => set({ selected }),
    }),
    follow: (app, s, cause, cmd) => {
      if (cause === 'edit' && cmd?.type === 'addAggregate') {
        const list = aggregatesOf(app);
        return { selected: list[list.length - 1]?.id ?? null };
      }
      return { selected: keepSelection(app, s.selected) };
    },
  });
}
