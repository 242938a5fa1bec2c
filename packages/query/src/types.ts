import type { FieldDefinition, SystemFieldName, ValidationIssue } from '@tangram/schema';

/** The fields a query can name: the top-level fields of one form (system columns are implicit). */
export interface QueryForm {
  readonly fields: readonly FieldDefinition[];
  /**
   * The form's lookup fields resolved against the forms they read (decision 0031), by field id. A
   * lookup that is not listed here (unresolved, or its related field hidden from the reader) cannot
   * be queried, exactly like a field without a column.
   */
  readonly lookups?: Readonly<Record<string, LookupTarget>>;
}

/** How a lookup field reads its related records: see `lookupKind` for the value it produces. */
export type LookupAggregate = 'none' | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'concat';

export interface LookupTarget {
  aggregate: LookupAggregate;
  /** The relation links many records: `none` then shows a list. */
  multiple: boolean;
  /** The field of the related form that the lookup reads. */
  field: FieldDefinition;
}

/** System column names every record has, next to its form fields. */
export type { SystemFieldName };

/**
 * Where a form's records live in SQL. Identifiers come only from here, never from a query: the
 * compiler splices `column()` / `systemColumn()` results verbatim, so they must already be quoted
 * (e.g. `"t"."c_amount"`).
 */
export interface QueryTarget extends QueryForm {
  /** The quoted SQL expression of a form field's column, or undefined when it has none. */
  column(fieldId: string): string | undefined;
  /** The quoted SQL expression of a system column. */
  systemColumn(name: SystemFieldName): string;
}

/**
 * What dynamic values resolve against. `timeZone` is the org's IANA zone: "today", "this week"
 * and date buckets are computed in it.
 */
export interface QueryContext {
  now: Date;
  timeZone: string;
  userId: string;
  userDepartmentIds: readonly string[];
}

/** Thrown by evaluators and compilers when handed a query that `check*` would refuse. */
export class QueryError extends Error {
  readonly code = 'invalidQuery';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ') || 'invalid query');
    this.name = 'QueryError';
  }
}

/** A value inside a record, as the API shapes it. */
export type RecordValue = unknown;
/** A record in memory: field id or system name -> API-shaped value. */
export type QueryRecord = Readonly<Record<string, RecordValue>>;
