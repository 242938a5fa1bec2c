/**
 * @tangram/query/sql: the SQL compiler. It builds SQL text and parameter arrays only (no driver).
 * Identifiers come from the caller's `QueryTarget`, literals always become parameters, operators,
 * measures and buckets come from fixed tables: no part of a query is spliced into SQL text.
 */
export { createParams, type SqlParams } from './params.js';
export { compileFilter } from './filter.js';
export { compileOrderBy, compileKeyset, compilePage, type PageSegment } from './order.js';
export { compileSearch } from './search.js';
export { escapeLike } from './columns.js';
export { encodeCursor, decodeCursor, type Cursor } from '../cursor.js';
export { QueryError, type QueryTarget, type QueryContext } from '../types.js';
export { compileAggregate, type AggregateSource, type CompiledAggregate } from './aggregate.js';
export { readAggregateRow, type AggregateColumn, type AggregateRow } from '../aggregate.js';
export { lookupSql, type LookupSqlSource } from './lookup.js';
