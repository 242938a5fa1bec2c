/**
 * The shape of a template package: what the gallery lists, what the installer installs.
 * Definitions are ordinary app definitions (validated and upgraded by @tangram/schema like any
 * stored app); the only template-specific parts are the placeholders the installer resolves.
 */
import type { AppDefinition } from '@tangram/schema';

export type I18nPair = { 'zh-CN': string; en: string };

/**
 * An org role a template's permission groups and workflows name. In the definitions, audiences
 * and assignees refer to it as `{ kind: 'roles', ids: ['<key>'] }` (the key, e.g. `tpl_sales_rep`);
 * the installer creates the role (or maps it to an existing one the admin picks) and rewrites
 * every such id to the org role's id.
 */
export interface TemplateRole {
  key: string;
  name: I18nPair;
  description?: I18nPair;
}

/**
 * Sample records, in insertion order. A value `{ $ref: '<app>/<form>#<ref>' }` (or an array of
 * them in a multiple relation) names another sample record by its `ref`; the installer replaces it
 * with that record's id once written. Members are named `{ $member: '<sample user key>' }`.
 * Records go through the records kernel's write door (validation, aggregates, balance rules,
 * automations), so sample data obeys the same rules as typed data.
 */
export interface SampleRecord {
  ref?: string;
  values: Record<string, unknown>;
  /** Workflow outcome to reach after the write: the installer approves or rejects as the assignee. */
  workflow?: 'approved' | 'rejected';
  /** createdAt to stamp (ISO), so a year of activity spreads over the year. */
  createdAt?: string;
}

export interface SampleBatch {
  app: string;
  form: string;
  records: SampleRecord[];
}

export interface SampleUser {
  key: string;
  name: I18nPair;
  email: string;
  roles: string[];
}

export interface SampleContext {
  /** Seeded PRNG in [0, 1): the same seed gives the same data. */
  random: () => number;
  /** The day the sample year ends (ISO date); data spans the year before it. */
  today: string;
  locale: 'zh-CN' | 'en';
}

export interface SampleData {
  users: SampleUser[];
  batches: SampleBatch[];
}

export interface TemplatePackage {
  /** Stable key, e.g. `crm`, `erp`, `master`. */
  key: string;
  /** Semver of the template; an installed app remembers it for three-way upgrades. */
  version: string;
  name: I18nPair;
  description: I18nPair;
  /** Icon name from the built-in set, and a screenshot file under templates/assets/. */
  icon: string;
  screenshot?: string;
  /** Shown in the gallery; shared master data is installed through `requires`, not on its own. */
  listed: boolean;
  /** Packages installed first (once) when this one is installed, e.g. `['master']`. */
  requires: string[];
  /**
   * The apps. Their ids are the preferred installed ids (`crm`, `erp`, `master`); relations to
   * another package's app use that app's id (`{ app: 'master', form: 'customers' }`) and the
   * installer rewrites them if an id had to be remapped.
   */
  apps: AppDefinition[];
  roles: TemplateRole[];
  views?: TemplateView[];
  sample?: (ctx: SampleContext) => SampleData;
}

/**
 * A shared saved view the installer creates for everyone (kanban pipeline, activity calendar).
 * `config` is a saved-view config as `server/src/views/views.schemas.ts` accepts it.
 */
export interface TemplateView {
  app: string;
  form: string;
  name: I18nPair;
  config: Record<string, unknown>;
}
