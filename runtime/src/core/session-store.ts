import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  isApiError,
  type ApiError,
  type LoginInput,
  type Session,
  type SetupInput,
  type TangramClient,
} from '@tangram/client';

export type SessionStatus = 'loading' | 'setup' | 'anonymous' | 'authenticated' | 'error';

export interface SessionState {
  status: SessionStatus;
  session: Session | null;
  /** Why `status` is 'error' (the server could not be reached, ...). */
  error: ApiError | Error | null;
  /** Finds out whether setup is needed and whether a session exists. */
  init(): Promise<void>;
  setup(input: SetupInput): Promise<void>;
  login(input: LoginInput): Promise<void>;
  logout(): Promise<void>;
  /** Forget the session after a 401 from any call (expired or deleted elsewhere). */
  expire(): void;
}

export type SessionStore = StoreApi<SessionState>;

/** The session state of a web app, backed by the typed client. React-free. */
export function createSessionStore(client: TangramClient): SessionStore {
  return createStore<SessionState>()((set) => ({
    status: 'loading',
    session: null,
    error: null,
    async init() {
      set({ status: 'loading', error: null });
      try {
        if (await client.auth.setupNeeded()) {
          set({ status: 'setup', session: null });
          return;
        }
        set({ status: 'authenticated', session: await client.auth.me() });
      } catch (e) {
        if (isApiError(e) && e.status === 401) set({ status: 'anonymous', session: null });
        else set({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) });
      }
    },
    async setup(input) {
      set({ status: 'authenticated', session: await client.auth.setup(input), error: null });
    },
    async login(input) {
      set({ status: 'authenticated', session: await client.auth.login(input), error: null });
    },
    async logout() {
      try {
        await client.auth.logout();
      } catch (e) {
        // A session that is already gone is as good as logged out.
        if (!(isApiError(e) && e.status === 401)) throw e;
      } finally {
        set({ status: 'anonymous', session: null });
      }
    },
    expire() {
      set({ status: 'anonymous', session: null });
    },
  }));
}
