import { withImplied } from '@tangram/acl';
import type { Audience, PermissionAction } from '@tangram/schema';
import type { TFunction } from 'i18next';
import type { OrgDirectory } from '../../workflow/directory';

/** "View, Edit" in the UI language, implications included. */
export function actionsText(t: TFunction<'permissions'>, actions: readonly PermissionAction[]): string {
  return withImplied(actions)
    .map((a) => t(`actions.${a}`))
    .join(t('actions.joiner'));
}

/** "Everyone" or the names of the chosen users, departments and roles, for a list line. */
export function membersText(
  t: TFunction<'permissions'>,
  members: readonly Audience[],
  directory: OrgDirectory,
): string {
  if (members.length === 0) return t('groups.noMembers');
  const names = members.flatMap((a) => {
    if (a.kind === 'everyone') return [t('audience.everyone')];
    const name =
      a.kind === 'users'
        ? directory.userName
        : a.kind === 'roles'
          ? directory.roleName
          : directory.departmentName;
    return a.ids.map(name);
  });
  return names.join(t('actions.joiner'));
}
