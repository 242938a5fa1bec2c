/**
 * Per-request memo of cheap look-ups that one request repeats (decision 0050): a page of records
 * checks its app's version and its org's time zone once per reader it opens (the page, relation
 * titles, balance lookups), which was 6 of the 8 statements of a simple GET. Inside a request they
 * are looked up once and shared; outside one (workers, the scheduler, tests calling services) every
 * call looks up again. Nothing outlives the request, so several processes never disagree for longer
 * than one request, and a write that changes what was remembered forgets it (`forgetMemo`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/**
 * Runs the rest of the request in its own memo. Mounted after body parsing: a stream's callbacks
 * would not carry the scope, and a route whose context is lost just looks up again.
 */
export const requestMemo: RequestHandler = (_req, _res, next) => scope.run(new Map(), next);

/** `load()` once per request for `key`; a failed look-up is not remembered. */
export function memo<T>(key: string, load: () => Promise<T>): Promise<T> {
  const store = scope.getStore();
  if (!store) return load();
  let hit = store.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    store.set(key, hit);
    hit.catch(() => store.delete(key));
  }
  return hit;
}

/** Forgets `key` in the current request (after a write that changed it). */
export function forgetMemo(key: string): void {
  scope.getStore()?.delete(key);
}

/** The memo key of an app's live version (apps/app-cache.ts; forgotten by storage/meta-store.ts). */
export const appVersionKey = (orgId: string, appId: string): string => `app-version:${orgId}/${appId}`;
