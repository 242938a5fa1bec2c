import type { Audience } from '@tangram/schema';

/** The audience picker's state: one control per kind, as the designer shows them. */
export interface AudienceChoice {
  everyone: boolean;
  users: string[];
  departments: string[];
  includeSubDepartments: boolean;
  roles: string[];
}

/** Reads a list of audiences into one choice per kind (several entries of a kind merge). */
export function choiceOf(members: readonly Audience[]): AudienceChoice {
  const choice: AudienceChoice = {
    everyone: false,
    users: [],
    departments: [],
    includeSubDepartments: false,
    roles: [],
  };
  for (const a of members) {
    if (a.kind === 'everyone') choice.everyone = true;
    else if (a.kind === 'users') choice.users.push(...a.ids);
    else if (a.kind === 'roles') choice.roles.push(...a.ids);
    else {
      choice.departments.push(...a.ids);
      if (a.includeSubDepartments) choice.includeSubDepartments = true;
    }
  }
  const unique = (ids: string[]) => [...new Set(ids)];
  return {
    ...choice,
    users: unique(choice.users),
    departments: unique(choice.departments),
    roles: unique(choice.roles),
  };
}

/**
 * The audiences a choice stands for. A kind with nothing picked is left out (the format wants at
 * least one id per entry), so the definition never holds a half-made entry.
 */
export function audiencesOf(choice: AudienceChoice): Audience[] {
  const out: Audience[] = [];
  if (choice.everyone) out.push({ kind: 'everyone' });
  if (choice.users.length) out.push({ kind: 'users', ids: choice.users });
  if (choice.departments.length)
    out.push(
      choice.includeSubDepartments
        ? { kind: 'departments', ids: choice.departments, includeSubDepartments: true }
        : { kind: 'departments', ids: choice.departments },
    );
  if (choice.roles.length) out.push({ kind: 'roles', ids: choice.roles });
  return out;
}
