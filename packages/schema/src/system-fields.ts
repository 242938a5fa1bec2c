/**
 * The system columns every record has, named in filters, sorts and reports next to the form's own
 * fields. One list for the definition checks here and for `@tangram/query` (which adds each one's
 * kind and operators), so a new system column is known everywhere at once.
 */
export const SYSTEM_FIELD_NAMES = [
  'id',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'ownerId',
  /** The department that owns the record (the owner's department when it was created). */
  'ownerDepartmentId',
  /** The approval state of a process form's record (running/approved/rejected/withdrawn, or NULL). */
  'workflowStatus',
] as const;

export type SystemFieldName = (typeof SYSTEM_FIELD_NAMES)[number];

const names: ReadonlySet<string> = new Set(SYSTEM_FIELD_NAMES);

export const isSystemFieldName = (name: string): name is SystemFieldName => names.has(name);

/**
 * Ids a field may not take, compared ignoring case (field ids are unique ignoring case, and the
 * column is named after the lower-cased id): the system fields above, the record's other
 * top-level keys in the API (`version`, `deletedAt`), and the system columns of a record table and
 * of a subform's child table (server/src/storage: sync-apply's RECORD_TABLE_COLUMNS, record-store).
 * A field with one of these ids would be shadowed by the system value in filters, sorts, reports,
 * formulas and exports, so the definition checks refuse it (`reserved_id`).
 */
export const RESERVED_FIELD_IDS = [
  ...SYSTEM_FIELD_NAMES,
  'version',
  'deletedAt',
  // Physical system columns (snake case) of every record table and of subform row tables.
  'seq',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'owner_id',
  'owner_department_id',
  'workflow_status',
  'deleted_at',
  'parent_id',
] as const;

const reserved: ReadonlySet<string> = new Set(RESERVED_FIELD_IDS.map((name) => name.toLowerCase()));

/** Whether `id` (in any letter case) is a system name that a field id may not take. */
export const isReservedFieldId = (id: string): boolean => reserved.has(id.toLowerCase());
