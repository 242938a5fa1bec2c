import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useClient } from '../../react/context';
import { countsStoreFor, type CountsState } from '../core/counts-store';

/** The shared inbox counts and unread notifications (see counts-store.ts). */
export function useCounts<T>(selector: (s: CountsState) => T): T {
  return useStore(countsStoreFor(useClient()), selector);
}

/** Re-reads the counts now, then every minute and whenever the window regains focus. */
export function useCountsPolling(intervalMs = 60_000): void {
  const client = useClient();
  useEffect(() => {
    const store = countsStoreFor(client);
    const refresh = () => void store.getState().refresh();
    refresh();
    const timer = setInterval(refresh, intervalMs);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [client, intervalMs]);
}
