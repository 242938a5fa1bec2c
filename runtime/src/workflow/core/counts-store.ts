import type { TangramClient, TaskCounts } from '@tangram/client';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface CountsState {
  counts: TaskCounts | null;
  unread: number;
  /** Re-reads the inbox counts and the unread notifications (after an action, on focus, on a timer). */
  refresh(): Promise<void>;
}

export type CountsStore = StoreApi<CountsState>;

type CountsClient = Pick<TangramClient, 'tasks' | 'notifications'>;

/**
 * The badges of the shell (to-do count, unread notifications) and the inbox tabs share one store,
 * so an approval on the process page updates the top bar without a reload. Overlapping refreshes
 * collapse into one request pair; a failed refresh keeps the last numbers (a badge is not worth an
 * error message).
 */
export function createCountsStore(client: CountsClient): CountsStore {
  let inFlight: Promise<void> | null = null;
  return createStore<CountsState>()((set) => ({
    counts: null,
    unread: 0,
    refresh() {
      inFlight ??= Promise.all([client.tasks.counts(), client.notifications.count()])
        .then(([counts, n]) => set({ counts, unread: n.unread }))
        .catch(() => undefined)
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
  }));
}

const stores = new WeakMap<object, CountsStore>();

/** The counts store of a client (one per signed-in client instance). */
export function countsStoreFor(client: CountsClient): CountsStore {
  let store = stores.get(client);
  if (!store) {
    store = createCountsStore(client);
    stores.set(client, store);
  }
  return store;
}
