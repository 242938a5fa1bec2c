import type { AggregateDefinition } from '@tangram/schema';
import { createDocumentContext } from '../../core/document-context';
import { aggregatesOf } from '../core/commands';
import { createAggregateStore, type AggregateEditorState } from './aggregate-store';

const aggregateDesigner = createDocumentContext('aggregate designer', createAggregateStore);

/** Provides one aggregate store for the designer below it, created once per mount. */
export const AggregateStoreProvider = aggregateDesigner.Provider;
export const useAggregateStore = aggregateDesigner.useDocumentStore;
/** Subscribes to one slice of the designer state; keep selectors narrow. */
export const useAggregates = aggregateDesigner.useDocument;

export const selectAggregate = (s: AggregateEditorState): AggregateDefinition | null =>
  aggregatesOf(s.app).find((a) => a.id === s.selected) ?? null;
