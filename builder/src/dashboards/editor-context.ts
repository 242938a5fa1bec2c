import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DashboardEditorState, DashboardEditorStore } from './dashboard-store';

/** The store of the mounted dashboard editor (one per editor instance). */
export const StoreContext = createContext<DashboardEditorStore | null>(null);

export function useEditorStore(): DashboardEditorStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useEditor outside the dashboard editor');
  return store;
}

/** A narrow selector on the editor's store. */
export function useEditor<T>(selector: (s: DashboardEditorState) => T): T {
  return useStore(useEditorStore(), selector);
}
