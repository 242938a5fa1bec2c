import type { AppDefinition, FieldDefinition, FormDefinition, PermissionGroup } from '@tangram/schema';
import type { Principal } from '../src/index.js';

const label = (en: string) => ({ en });

/** A form with a field of each kind the permission model cares about. */
export const fields = [
  { id: 'title', type: 'text', label: label('Title'), config: {} },
  { id: 'amount', type: 'money', label: label('Amount'), config: { currency: 'CNY', precision: 2 } },
  { id: 'salary', type: 'number', label: label('Salary'), config: { precision: 0 } },
  { id: 'handler', type: 'member', label: label('Handler'), config: {} },
  { id: 'watchers', type: 'members', label: label('Watchers'), config: {} },
  { id: 'team', type: 'department', label: label('Team'), config: {} },
  { id: 'lines', type: 'subform', label: label('Lines'), config: { fields: [] } },
] as unknown as FieldDefinition[];

export const FIELD_IDS = fields.map((f) => f.id);

export const form = (permissionGroups?: PermissionGroup[]): FormDefinition => ({
  id: 'orders',
  name: label('Orders'),
  fields,
  ...(permissionGroups ? { permissionGroups } : {}),
});

export const app = (
  permissionGroups?: PermissionGroup[],
  access?: AppDefinition['access'],
): AppDefinition => ({
  id: 'sales',
  name: label('Sales'),
  formatVersion: 2,
  forms: [form(permissionGroups), { id: 'other', name: label('Other'), fields: [] }],
  ...(access ? { access } : {}),
});

export const principal = (over: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  departmentIds: ['d_sales'],
  ancestorDepartmentIds: ['d_root'],
  descendantDepartmentIds: ['d_sales_north', 'd_sales_south'],
  roleIds: ['r_staff'],
  isOrgAdmin: false,
  ...over,
});

let n = 0;
/** A group everyone matches unless `members` says otherwise. */
export const group = (over: Partial<PermissionGroup> = {}): PermissionGroup => ({
  id: `g${++n}`,
  name: label('Group'),
  members: [{ kind: 'everyone' }],
  actions: ['view'],
  scope: { kind: 'all' },
  ...over,
});
