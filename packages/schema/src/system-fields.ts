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
  /** The approval state of a process form's record (running/approved/rejected/withdrawn, or NULL). */
  'workflowStatus',
] as const;

export type SystemFieldName = (typeof SYSTEM_FIELD_NAMES)[number];

const names: ReadonlySet<string> = new Set(SYSTEM_FIELD_NAMES);

export const isSystemFieldName = (name: string): name is SystemFieldName => names.has(name);
