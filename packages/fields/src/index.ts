/**
 * @tangram/fields: the field-type registry core. One entry per field type describes its value,
 * storage, operators, formula type, text coercion and display (DESIGN §1). Pure.
 */
export type { FormulaScalarType, FormulaValueType } from './formula-type.js';
export type {
  FieldOf,
  FieldProblem,
  FieldTypeSpec,
  FieldTypeSpecs,
  JsonSchema,
  PaletteGroup,
  ParseResult,
  SchemaContext,
  StorageKind,
} from './field-type.js';
export { createFieldRegistry, fieldRegistry, type FieldRegistry } from './registry.js';
export { compileRecordSchema, type RecordSchemaMode } from './record-schema.js';
export {
  checkRecordData,
  isEmptyValue,
  type CheckedRecord,
  type RecordCheckOptions,
  type RecordIssue,
} from './record-check.js';
export {
  countryName,
  DEFAULT_CHECK_CONTEXT,
  DEFAULT_COUNTRY,
  isPhoneCountry,
  isValidPhone,
  phoneCountries,
  phoneExample,
  type CheckContext,
} from './phone.js';
export { MAX_TITLE, recordTitle, type RecordTitleOptions } from './record-title.js';
export { canonicalText } from './types/common.js';
export { isCalendarDate, isInstant } from './types/date.fields.js';
export { matchesPattern, patternProblem, PATTERN_MAX_REPEAT } from './pattern.js';
export { richTextProblem, RICH_TEXT_MAX_DEPTH, RICH_TEXT_MAX_ELEMENTS } from './rich-text-limits.js';
export { textProblem, textProblemMessage, type TextProblem } from './text-hygiene.js';
export { decimalPlaces, formatNumber } from './types/number.fields.js';
export {
  excelSerialParts,
  FALSE_TEXTS,
  foldWidth,
  parseDateTimeText,
  parseNumberText,
  TRUE_TEXTS,
  type LocalDateTime,
  type ParseCode,
} from './text-parse.js';
export * from './operators.js';
