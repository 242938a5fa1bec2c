/**
 * @tangram/query: one filter / sort / aggregate language (the AST of `@tangram/schema`) with two
 * executors that agree: the in-memory evaluator exported here (browser, workflow conditions,
 * automations) and the SQL compiler in `@tangram/query/sql` (server). Both interpret one operator
 * table; semantics are written down in docs/decisions/query-semantics.md. Pure: no I/O.
 */
export type {
  QueryContext,
  QueryForm,
  QueryRecord,
  LookupAggregate,
  LookupTarget,
  QueryTarget,
  RecordValue,
  SystemFieldName,
} from './types.js';
export { QueryError } from './types.js';
export {
  SYSTEM_FIELDS,
  KIND_OPERATORS,
  lookupField,
  lookupKind,
  type FieldInfo,
  type QueryKind,
} from './field-info.js';
export {
  resolveLookup,
  withAppLookups,
  lookupValue,
  checkLookups,
  LOOKUP_SEPARATOR,
  type ResolvedLookup,
} from './lookup.js';
export {
  checkFilter,
  checkSort,
  checkAggregate,
  MAX_FILTER_DEPTH,
  MAX_FILTER_TERMS,
  MAX_FILTER_NODES,
  MAX_SORT_KEYS,
  DEFAULT_AGGREGATE_LIMIT,
} from './check.js';
export { createMatcher, matches, filterRecords, type RecordMatcher } from './memory/evaluate.js';
export { sortRecords } from './memory/sort.js';
export { searchRecords } from './memory/search.js';
export { searchableFields, searchNeedle, MAX_SEARCH_LENGTH } from './search.js';
export { encodeCursor, decodeCursor, MAX_CURSOR_LENGTH, type Cursor } from './cursor.js';
export { localDate, startOfDay, truncateDate, dynamicRange, addDays, type DateRange } from './dates.js';
export {
  pointFilter,
  groupValueFilter,
  bucketLastDay,
  comparisonRange,
  type PointGroup,
  type InclusiveRange,
} from './report.js';
export { asciiLower, addressText } from './values.js';
export { aggregate } from './memory/aggregate.js';
export { readAggregateRow, averageOf, type AggregateRow, type AggregateColumn } from './aggregate.js';
