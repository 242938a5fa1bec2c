import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { DragState } from './drag-state';

export const DragStoreContext = createContext<StoreApi<DragState> | null>(null);

export function useDrag<T>(selector: (s: DragState) => T): T {
  const store = useContext(DragStoreContext);
  if (!store) throw new Error('useDrag() needs the designer drag context');
  return useStore(store, selector);
}
