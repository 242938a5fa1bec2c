import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TangramClient } from '@tangram/client';
import type { RouterState, RouterStore } from '../core/router';
import type { SessionState, SessionStore } from '../core/session-store';

export interface RuntimeServices {
  client: TangramClient;
  session: SessionStore;
  router: RouterStore;
}

export const ServicesContext = createContext<RuntimeServices | null>(null);

export function useServices(): RuntimeServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() needs <AppProviders services={...}> above it');
  return services;
}

export function useClient(): TangramClient {
  return useServices().client;
}

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useServices().session, selector);
}

export function useRouter<T>(selector: (s: RouterState) => T): T {
  return useStore(useServices().router, selector);
}
