import type { AutomationSummary } from '@tangram/client';

type LastRun = NonNullable<AutomationSummary['lastRun']>;
import { useAsync, useClient } from '@tangram/runtime';
import { useMemo } from 'react';

export interface AutomationServerState {
  /** Per saved automation: whether it runs in this org (the switch) and its owner. */
  summaries: ReadonlyMap<string, AutomationSummary>;
  /** Per saved automation: its newest run (time and status), if any. */
  lastRuns: ReadonlyMap<string, LastRun>;
  loading: boolean;
  reload(): void;
}

/**
 * What the server says about the app's automations: on/off per org (decision 0029's settings,
 * not part of the definition) and each one's last run. Read again after every save (`version`).
 */
export function useAutomationServerState(appId: string, version: number): AutomationServerState {
  const client = useClient();
  const state = useAsync(async () => {
    // The list answers each automation's last run (time and status) in the same request.
    const { automations } = await client.automations.list(appId);
    return {
      summaries: new Map(automations.map((a) => [a.id, a])),
      lastRuns: new Map(automations.flatMap((a) => (a.lastRun ? [[a.id, a.lastRun] as const] : []))),
    };
  }, [client, appId, version]);
  return useMemo(
    () => ({
      summaries: state.data?.summaries ?? new Map(),
      lastRuns: state.data?.lastRuns ?? new Map(),
      loading: state.loading,
      reload: state.reload,
    }),
    [state.data, state.loading, state.reload],
  );
}
