import type { Audience } from '@tangram/schema';
import type { Principal } from './types.js';

/**
 * Whether the principal belongs to any of the audiences. A department audience matches members of
 * the named departments; with `includeSubDepartments`, also members of any department below them
 * (the principal's ancestors name them).
 */
export function inAudience(principal: Principal, audiences: readonly Audience[]): boolean {
  return audiences.some((audience) => matches(principal, audience));
}

function matches(principal: Principal, audience: Audience): boolean {
  switch (audience.kind) {
    case 'everyone':
      return true;
    case 'users':
      return audience.ids.includes(principal.userId);
    case 'roles':
      return principal.roleIds.some((id) => audience.ids.includes(id));
    case 'departments':
      return (
        principal.departmentIds.some((id) => audience.ids.includes(id)) ||
        (audience.includeSubDepartments === true &&
          principal.ancestorDepartmentIds.some((id) => audience.ids.includes(id)))
      );
  }
}
