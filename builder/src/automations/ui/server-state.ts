import type { AutomationRun, AutomationSummary } from '@tangram/client';
import { useAsync, useClient } from '@tangram/runtime';
import { useMemo } from 'react';

export interface AutomationServerState {
  /** Per saved automation: whether it runs in this org (the switch) and its owner. */
  summaries: ReadonlyMap<string, AutomationSummary>;
  /** Per saved automation: its newest run, if any. */
  lastRuns: ReadonlyMap<string, AutomationRun>;
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
    const { automations } = await client.automations.list(appId);
    // One newest-run read per automation: an app has a handful, and the list route has no last run.
    const runs = await Promise.all(
      automations.map((a) =>
        client.automations
          .runs(appId, a.id, { limit: 1 })
          .then((p) => [a.id, p.runs[0]] as const)
          .catch(() => [a.id, undefined] as const),
      ),
    );
    return {
      summaries: new Map(automations.map((a) => [a.id, a])),
      lastRuns: new Map(runs.filter((r): r is readonly [string, AutomationRun] => !!r[1])),
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
