import { emailSchema, idListSchema, nameSchema, passwordSchema } from '../auth/auth.schemas';

const nullableId = { type: ['string', 'null'], maxLength: 100 } as const;

export interface CreateUserBody {
  name: string;
  email: string;
  /** Without one the user is invited: the answer carries a one-time link to set it. */
  password?: string;
  isAdmin?: boolean;
  departmentIds?: string[];
  roleIds?: string[];
}
export type UpdateUserBody = Partial<CreateUserBody>;

const userProperties = {
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  isAdmin: { type: 'boolean' },
  departmentIds: idListSchema,
  roleIds: idListSchema,
};

export const createUserSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'email'],
  properties: userProperties,
};
export const updateUserSchema = { type: 'object', additionalProperties: false, properties: userProperties };

export interface DepartmentBody {
  name: string;
  parentId?: string | null;
  leaderId?: string | null;
}
export type UpdateDepartmentBody = Partial<DepartmentBody>;

const departmentProperties = { name: nameSchema, parentId: nullableId, leaderId: nullableId };
export const createDepartmentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: departmentProperties,
};
export const updateDepartmentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: departmentProperties,
};

export interface RoleBody {
  name: string;
}
export const roleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: nameSchema },
};

export interface ResetPasswordBody {
  /** Sets this password; without it the user gets a one-time link to choose one. */
  password?: string;
}
export const resetPasswordSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { password: passwordSchema },
};

export interface RoleMembersBody {
  userIds: string[];
}
export const roleMembersSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['userIds'],
  properties: { userIds: { ...idListSchema, minItems: 1 } },
};
