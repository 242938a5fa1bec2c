/**
 * @tangram/acl: the permission model. From a principal and an app definition to a Grant per form:
 * allowed actions, a row scope per row action written in the query AST of `@tangram/query`, and a
 * field mask; plus the helpers the records kernel enforces them with. Pure: no I/O. The model is
 * written down in docs/decisions/0022-grant-model.md.
 */
export type {
  Action,
  AppRole,
  FieldMask,
  Grant,
  GrantBasis,
  Principal,
  RowAction,
  RowScope,
} from './types.js';
export { inAudience } from './audience.js';
export { resolveScope, unionScopes } from './scope.js';
export {
  ROW_ACTIONS,
  accessOf,
  appRoleOf,
  computeGrant,
  computeGrants,
  systemGrant,
  withImplied,
} from './grant.js';
export {
  canDo,
  checkQueryFields,
  checkWritableFields,
  maskData,
  maskRecord,
  queryContextFor,
  scopeFilter,
  scopeMatcher,
} from './enforce.js';
export { MAX_SCOPE_DEPTH, checkScopeFilters } from './check.js';
