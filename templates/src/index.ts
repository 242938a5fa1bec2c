/**
 * @tangram/templates: the registry of template packages the installer offers (`GET /templates`),
 * and the installer's pure parts (install plan, definition rewriting, three-way merge).
 */
import { crmPackage } from './crm';
import { erpPackage } from './erp';
import { masterPackage } from './master';
import type { TemplatePackage } from './types';

export type * from './types';
export * from './sample-kit';
export { createTemplateRegistry, type TemplateRegistry } from './install-registry';
export {
  installOrder,
  assignAppIds,
  rewriteDefinition,
  rewriteView,
  resolveSampleValue,
  countSampleRecords,
  sampleSeed,
  type InstallIds,
  type SampleResolver,
} from './install-plan';
export { mergeApp, mergeDefinitions, type MergeConflict, type MergeResult, type MergeChoice } from './merge';
export { masterPackage, masterCatalog, SAMPLE_USERS, TEMPLATE_ROLES } from './master';
export { erpPackage } from './erp';

/**
 * Every package the installer knows, shared master data first. The packages themselves live in
 * their folders (`./master`, `./crm`, `./erp`).
 */
export const templatePackages: readonly TemplatePackage[] = [masterPackage, erpPackage, crmPackage];
