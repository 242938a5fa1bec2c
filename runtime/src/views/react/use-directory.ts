import { useMemo } from 'react';
import { useClient } from '../../react/context';
import { useAsync } from '../../react/use-async';
import { emptyDirectory, type Directory } from '../core/format-cell';
import { useViewTexts } from './texts';

/** The org's member and department names by id, for value editors and formatted cells. */
export function useDirectory(): Directory {
  const client = useClient();
  const { tx } = useViewTexts();
  const members = useAsync(() => client.org.members(), [client]);
  const departments = useAsync(() => client.org.departments(), [client]);
  return useMemo(
    () =>
      members.data || departments.data
        ? {
            users: new Map((members.data?.items ?? []).map((m) => [m.id, m.name])),
            departments: new Map((departments.data?.items ?? []).map((d) => [d.id, d.name])),
            publicLink: tx.publicLink,
          }
        : emptyDirectory,
    [members.data, departments.data, tx.publicLink],
  );
}
