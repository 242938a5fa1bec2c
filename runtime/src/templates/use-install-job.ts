import { useCallback, useEffect, useRef, useState } from 'react';
import type { TangramClient, TemplateInstall } from '@tangram/client';

/** How often a running install is asked for its progress. */
const POLL_MS = 600;

/**
 * Starts template installs and follows their progress (the server runs them as jobs). `run`
 * installs packages one after another and resolves with the last install's final state.
 */
export function useInstallJob(client: TangramClient) {
  const [install, setInstall] = useState<TemplateInstall | null>(null);
  const [error, setError] = useState<unknown>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const follow = useCallback(
    async (started: TemplateInstall): Promise<TemplateInstall> => {
      let current = started;
      while (current.status === 'running' && alive.current) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        current = (await client.templates.installStatus(current.id)).install;
        if (alive.current) setInstall(current);
      }
      return current;
    },
    [client],
  );

  const run = useCallback(
    async (
      keys: string[],
      body: { sample: boolean; roleMap?: Record<string, string>; locale: 'zh-CN' | 'en' },
    ): Promise<TemplateInstall | null> => {
      setError(null);
      let last: TemplateInstall | null = null;
      try {
        for (const key of keys) {
          const { install: started } = await client.templates.install(key, body);
          setInstall(started);
          last = await follow(started);
          if (last.status === 'failed') break;
        }
      } catch (e) {
        setError(e);
      }
      return last;
    },
    [client, follow],
  );

  return { install, error, run, reset: () => (setInstall(null), setError(null)) };
}
