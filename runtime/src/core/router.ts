import { createStore, type StoreApi } from 'zustand/vanilla';

export interface Location {
  /** Path inside the app, always starting with `/` and without the base. */
  path: string;
  search: string;
}

export interface RouterState extends Location {
  base: string;
  navigate(to: string, options?: { replace?: boolean }): void;
}

export type RouterStore = StoreApi<RouterState>;

/**
 * A tiny history router for a single-page app mounted under `base` (`/` for the player, `/studio/`
 * for the builder). Paths given to `navigate` are relative to the base; `stop()` removes the
 * `popstate` listener. React-free so it can be tested and reused.
 */
export function createRouter(base: string, win: Window = window): { store: RouterStore; stop(): void } {
  const prefix = base.replace(/\/+$/, '');
  const read = (): Location => {
    const raw = win.location.pathname;
    const path = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
    return { path: path.startsWith('/') ? path : `/${path}`, search: win.location.search };
  };
  const store = createStore<RouterState>()((set) => ({
    ...read(),
    base: `${prefix}/`,
    navigate(to, options) {
      const url = `${prefix}${to.startsWith('/') ? to : `/${to}`}`;
      if (options?.replace) win.history.replaceState(null, '', url);
      else win.history.pushState(null, '', url);
      set(read());
      win.scrollTo?.(0, 0);
    },
  }));
  const onPop = () => store.setState(read());
  win.addEventListener('popstate', onPop);
  return { store, stop: () => win.removeEventListener('popstate', onPop) };
}

/**
 * Matches `path` against a pattern such as `/apps/:appId/forms/:formId`; returns the decoded
 * params or null. A trailing slash is ignored.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}

/** A same-origin path to return to after login, or null when `next` is missing or unsafe. */
export function safeNext(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  return next;
}
