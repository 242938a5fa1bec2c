/**
 * @tangram/schema: the app-definition format. JSON Schema files in `schemas/` are the source of
 * truth; types and validators are generated from them by `pnpm gen`.
 */
export type * from './generated/definitions.js';
export type { ValidationIssue, ValidationResult } from './errors.js';
export { pointer } from './errors.js';
export {
  SYSTEM_FIELD_NAMES,
  RESERVED_FIELD_IDS,
  isReservedFieldId,
  isSystemFieldName,
  type SystemFieldName,
} from './system-fields.js';
export {
  validateAppDefinition,
  parseFilter,
  parseSortKey,
  parseAggregateQuery,
  parseViewConfig,
  parsePrintTemplate,
} from './validate.js';
export {
  VIEW_KINDS,
  FIELD_ROLES,
  fieldFitsRole,
  fieldRoleIssue,
  checkViewSettings,
  type FieldRole,
} from './view-semantic.js';
export { checkAppSemantics, walkFields, filterFields } from './semantic.js';
export {
  checkDashboards,
  dimensionKey,
  formulaMeasureRefs,
  isAggregateSource,
  sourceFields,
  widgetAggregate,
  widgetForm,
} from './dashboard-semantic.js';
export { checkWorkflows, checkWorkflow } from './workflow-semantic.js';
export { checkAutomations } from './automation-semantic.js';
export {
  aggregateKeyFits,
  aggregatePostable,
  aggregateSourceFields,
  checkAggregates,
} from './aggregate-semantic.js';
export { checkBalanceLookup, checkBalanceLookups } from './balance-lookup-semantic.js';
export { checkPrintTemplate, checkPrintTemplates } from './print-semantic.js';
export { issuesFromAjv } from './ajv-issues.js';
export type { AjvError } from './generated/validators.js';
export { PERMISSION_ACTIONS, LEGACY_OPEN_ACCESS } from './permission-defaults.js';
export { checkPermissions, type DirectoryContext } from './permission-semantic.js';
export {
  CURRENT_FORMAT_VERSION,
  upgradeDefinition,
  upgradeSteps,
  type UpgradeStep,
  type UpgradeResult,
} from './upgrade.js';
