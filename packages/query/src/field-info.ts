import type { FieldDefinition, FieldType, Operator } from '@tangram/schema';
import { CHOICE_OPERATORS, DATE_OPERATORS, fieldRegistry } from '@tangram/fields';
import type { LookupTarget, QueryForm, SystemFieldName } from './types.js';

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
  if (field.type === 'lookup') return lookupInfo(field.id, form.lookups?.[field.id]);
  return infoOf(field);
}

/** The kind of a stored field's column as the query language sees it; null without a column. */
function kindOf(field: FieldDefinition): QueryKind | null {
  const storage = fieldRegistry.of(field).storage(field as never);
  if (storage === null) return null;
  return storage === 'jsonb' ? (field.type === 'address' ? 'address' : 'jsonb') : storage;
}

const ORDERED_KINDS: ReadonlySet<QueryKind> = new Set(['numeric', 'date', 'timestamptz', 'time', 'text']);

/**
 * The kind of a lookup's value (decision 0031), or null when the combination has no value: count
 * is numeric; sum and avg need a numeric field; min and max an ordered one (number, date, date-time,
 * time, text) and keep its kind; concat is text; `none` is the field's own kind for a single
 * relation and a list (jsonb: only emptiness is queried) for a multiple one. A lookup of a field
 * without a column (another lookup, a subform) has no value.
 */
export function lookupKind(target: LookupTarget): QueryKind | null {
  const kind = kindOf(target.field);
  if (kind === null) return null;
  switch (target.aggregate) {
    case 'count':
      return 'numeric';
    case 'sum':
    case 'avg':
      return kind === 'numeric' ? 'numeric' : null;
    case 'min':
    case 'max':
      return ORDERED_KINDS.has(kind) ? kind : null;
    case 'concat':
      return 'text';
    case 'none':
      return target.multiple ? 'jsonb' : kind;
  }
}

function lookupInfo(ref: string, target: LookupTarget | undefined): FieldLookup {
  const kind = target ? lookupKind(target) : null;
  if (!target || kind === null) {
    return {
      ok: false,
      code: 'notQueryable',
      message: `lookup field "${ref}" has no value you can query`,
    };
  }
  // Showing one related field keeps that field's operators and identity (a member stays a member).
  const shown = target.aggregate === 'none' && !target.multiple ? infoOf(target.field) : null;
  const keepsIdentity = shown?.ok === true || target.aggregate === 'min' || target.aggregate === 'max';
  const own = infoOf(target.field);
  return {
    ok: true,
    info: {
      ref,
      kind,
      type: 'lookup',
      operators: shown?.ok ? shown.info.operators : KIND_OPERATORS[kind],
      sortable: shown?.ok ? shown.info.sortable : kind !== 'text[]' && kind !== 'jsonb' && kind !== 'address',
      identity: keepsIdentity && own.ok ? own.info.identity : null,
      notNull: false,
      system: null,
    },
  };
}

function infoOf(field: FieldDefinition): FieldLookup {
  const spec = fieldRegistry.of(field);
  const storage = spec.storage(field as never);
  if (storage === null || field.type === 'lookup') {
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
