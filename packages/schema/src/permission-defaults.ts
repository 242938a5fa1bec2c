import type { AppAccess, PermissionAction } from './generated/definitions.js';

/** Every action a permission group can grant, in the order the designer lists them. */
export const PERMISSION_ACTIONS = [
  'view',
  'create',
  'edit',
  'delete',
  'import',
  'export',
  'print',
  'manage',
] as const satisfies readonly PermissionAction[];

/**
 * The app access of every app saved before permissions existed (format 1), and the meaning of an
 * app without `access`: everyone in the org is an app member, only org admins administer it, and on
 * a form without permission groups members may do every data action on every record and field.
 * `manage` (shared views, form settings) stays with admins, as before.
 */
export const LEGACY_OPEN_ACCESS: Readonly<AppAccess> = Object.freeze<AppAccess>({
  members: [{ kind: 'everyone' }],
  admins: [],
  defaultFormActions: ['view', 'create', 'edit', 'delete', 'import', 'export', 'print'],
});
