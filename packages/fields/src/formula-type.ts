/**
 * The type a field's value has inside a formula. The formula package type-checks field references
 * with it; each field-type registry entry declares one.
 * - `date` values are calendar days (`YYYY-MM-DD`), `datetime` values instants (ISO 8601, UTC).
 * - `member` / `department` values are ids; TEXTUSER / TEXTDEPT turn them into names.
 * - `{ array: T }` is a multi-valued field (multiselect, members) or a subform column.
 */
export type FormulaScalarType =
  'number' | 'text' | 'boolean' | 'date' | 'datetime' | 'member' | 'department' | 'any';
export type FormulaValueType = FormulaScalarType | { array: FormulaScalarType };
