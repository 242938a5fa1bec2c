import type { Member } from '@tangram/client';
import { useCallback, useMemo } from 'react';
import { useClient } from '../../react/context';
import { useAsync } from '../../react/use-async';

export interface Members {
  list: Member[];
  /** A user's name, or the id while the directory loads (or for a removed user). */
  name(id: string): string;
}

/** The org's members, for names in the log, the chart and the inbox, and for the user pickers. */
export function useMembers(): Members {
  const client = useClient();
  const members = useAsync(() => client.org.members(), [client]);
  const byId = useMemo(() => new Map((members.data?.items ?? []).map((m) => [m.id, m])), [members.data]);
  const name = useCallback((id: string) => byId.get(id)?.name ?? id, [byId]);
  return useMemo(() => ({ list: members.data?.items ?? [], name }), [members.data, name]);
}
