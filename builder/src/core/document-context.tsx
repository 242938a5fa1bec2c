/**
 * One React context per designer kind for its document store (document-store.ts): a provider
 * that creates the store once per mount, a hook for the store and one for a narrow slice.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';

export function createDocumentContext<S, P>(name: string, create: (props: P) => StoreApi<S>) {
  const Context = createContext<StoreApi<S> | null>(null);

  function Provider(props: P & { children: ReactNode }) {
    const [store] = useState(() => create(props));
    return <Context.Provider value={store}>{props.children}</Context.Provider>;
  }

  function useDocumentStore(): StoreApi<S> {
    const store = useContext(Context);
    if (!store) throw new Error(`${name}: the designer's store provider is missing above this component`);
    return store;
  }

  /** Subscribes to one slice of the designer state; keep selectors narrow. */
  function useDocument<T>(selector: (s: S) => T): T {
    return useStore(useDocumentStore(), selector);
  }

  return { Provider, useDocumentStore, useDocument };
}
