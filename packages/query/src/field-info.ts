import type { FieldDefinition, FieldType, Operator } from '@tangram/schema';
import { CHOICE_OPERATORS, DATE_OPERATORS, fieldRegistry } from '@tangram/fields';
import type { QueryForm, SystemFieldName } from './types.js';

/**
 * How the query language sees a column. It is the storage kind of `@tangram/fields`, except that
 * an address (jsonb) is queried through its joined text, so it gets a kind of its own.
 */
export type QueryKind =
  'text' | 'numeric' | 'date' | 'timestamptz' | 'time' | 'boolean' | 'text[]' | 'address' | 'jsonb';

/** Everything the executors need about one field reference. */
export interface FieldInfo {
  ref: string;
  kind: QueryKind;
  /** The field type, or 'system' for system columns. */
  type: FieldType | 'system';
  /** Operators the field offers (registry) that the operator table also implements. */
  operators: readonly Operator[];
  sortable: boolean;
  /** Whose ids the values are: lets `currentUser` / `currentUserDepartments` apply. */
  identity: 'user' | 'department' | null;
  /** True for columns that are never NULL (id, createdAt, updatedAt): simpler keyset SQL. */
  notNull: boolean;
  system: SystemFieldName | null;
}

interface SystemFieldSpec {
  kind: QueryKind;
  operators: readonly Operator[];
  identity: 'user' | 'department' | null;
  notNull: boolean;
}

/**
 * The system columns every record has: `id` (text), `createdAt` / `updatedAt` (timestamptz,
 * never NULL), `createdBy` / `updatedBy` / `ownerId` (user ids, queried like a member field),
 * `ownerDepartmentId` (a department id, queried like a department field: permission scopes use it)
 * and `workflowStatus` (running / approved / rejected / withdrawn, NULL without a flow).
 */
export const SYSTEM_FIELDS: Readonly<Record<SystemFieldName, SystemFieldSpec>> = {
  id: { kind: 'text', operators: ['eq', 'ne', 'in', 'notIn'], identity: null, notNull: true },
  createdAt: { kind: 'timestamptz', operators: DATE_OPERATORS, identity: null, notNull: true },
  updatedAt: { kind: 'timestamptz', operators: DATE_OPERATORS, identity: null, notNull: true },
  createdBy: { kind: 'text', operators: CHOICE_OPERATORS, identity: 'user', notNull: false },
  updatedBy: { kind: 'text', operators: CHOICE_OPERATORS, identity: 'user', notNull: false },
  ownerId: { kind: 'text', operators: CHOICE_OPERATORS, identity: 'user', notNull: false },
  ownerDepartmentId: { kind: 'text', operators: CHOICE_OPERATORS, identity: 'department', notNull: false },
  // The approval state, kept in step with the workflow instance: queried like a select.
  workflowStatus: {
    kind: 'text',
    operators: ['eq', 'ne', 'in', 'isEmpty', 'isNotEmpty'],
    identity: null,
    notNull: false,
  },
};

/** Operators the shared operator table implements, per kind (see operator-table.ts). */
export const KIND_OPERATORS: Readonly<Record<QueryKind, readonly Operator[]>> = {
  text: ['eq', 'ne', 'in', 'notIn', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  numeric: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  timestamptz: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  time: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  'text[]': ['eq', 'ne', 'in', 'notIn', 'contains', 'notContains', 'isEmpty', 'isNotEmpty'],
  address: ['eq', 'ne', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  jsonb: ['isEmpty', 'isNotEmpty'],
};

const USER_TYPES: ReadonlySet<string> = new Set(['member', 'members']);
const DEPARTMENT_TYPES: ReadonlySet<string> = new Set(['department', 'departments']);

const isSystemName = (ref: string): ref is SystemFieldName => Object.hasOwn(SYSTEM_FIELDS, ref);

/** Why a reference cannot be queried: unknown, or a field without a column of its own. */
export type FieldLookup = { ok: true; info: FieldInfo } | { ok: false; code: string; message: string };

/** Resolves a field reference (a field id of the form or a system column name). */
export function lookupField(form: QueryForm, ref: unknown): FieldLookup {
  if (typeof ref !== 'string') return { ok: false, code: 'invalidField', message: 'field must be a string' };
  if (isSystemName(ref)) {
    const s = SYSTEM_FIELDS[ref];
    return {
      ok: true,
      info: {
        ref,
        kind: s.kind,
        type: 'system',
        operators: s.operators,
        sortable: true,
        identity: s.identity,
        notNull: s.notNull,
        system: ref,
      },
    };
  }
  const field = form.fields.find((f) => f.id === ref);
  if (!field) return { ok: false, code: 'unknownField', message: `unknown field "${ref.slice(0, 80)}"` };
  return infoOf(field);
}

function infoOf(field: FieldDefinition): FieldLookup {
  const spec = fieldRegistry.of(field);
  const storage = spec.storage(field as never);
  if (storage === null) {
    return {
      ok: false,
      code: 'notQueryable',
      message: `field "${field.id}" (${field.type}) has no stored value and cannot be queried`,
    };
  }
  const kind: QueryKind = storage === 'jsonb' ? (field.type === 'address' ? 'address' : 'jsonb') : storage;
  const implemented = KIND_OPERATORS[kind];
  return {
    ok: true,
    info: {
      ref: field.id,
      kind,
      type: field.type,
      operators: spec.operators(field as never).filter((op) => implemented.includes(op)),
      sortable: spec.sortable && kind !== 'text[]' && kind !== 'jsonb' && kind !== 'address',
      identity: USER_TYPES.has(field.type) ? 'user' : DEPARTMENT_TYPES.has(field.type) ? 'department' : null,
      notNull: false,
      system: null,
    },
  };
}
