// The data views of the player: the React-free core and the React layer that mounts it.
export { DataView } from './react/data-view';
export { DataViewStyles } from './react/styles';
export { createPageLoader, type PageLoader, type PageLoaderOptions } from './core/page-loader';
export { createViewStore, type ViewStore, type ViewState } from './core/view-store';
export { toFilter, fromFilter, type FilterDraft } from './core/filter-draft';
export { FilterEditor, type FilterEditorProps } from './react/filter-editor';
