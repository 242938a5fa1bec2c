import { emailSchema, idListSchema, nameSchema, passwordSchema } from '../auth/auth.schemas';

const nullableId = { type: ['string', 'null'], maxLength: 100 } as const;

export interface CreateUserBody {
  name: string;
  email: string;
  password: string;
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
  required: ['name', 'email', 'password'],
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
