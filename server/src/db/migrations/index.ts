import type { Migration } from './migration';
import { migration001Core } from './001_core';
import { migration002AppsRecords } from './002_apps_records';
import { migration003Files } from './003_files';
import { migration004ViewsComments } from './004_views_comments';
import { migration005Workflows } from './005_workflows';
import { migration006SignInProtection } from './006_sign_in_protection';
import { migration007UserLinks } from './007_user_links';
import { migration008AuditLog } from './008_audit_log';
import { migration009ScopeIndexes } from './009_scope_indexes';
import { migration010ScopeSortIndexes } from './010_scope_sort_indexes';
import { migration011Aggregates } from './011_aggregates';
import { migration012Automations } from './012_automations';
import { migration013Webhooks } from './013_webhooks';
import { migration014OutboxNotify } from './014_outbox_notify';
import { migration015OrgCountry } from './015_org_country';
import { migration016Imports } from './016_imports';
import { migration017TemplateInstalls } from './017_template_installs';
import { migration018Exports } from './018_exports';
import { migration019ApiKeys } from './019_api_keys';
import { migration020PublicForms } from './020_public_forms';
import { migration021SearchIndex } from './021_search_index';
import { migration022Rollups } from './022_rollups';
import { migration024ReadFences } from './024_read_fences';
import { migration025ViewPositions } from './025_view_positions';

/** Every migration, in apply order. Append new ones at the end; never edit or reorder applied ones. */
export const migrations: Migration[] = [
  migration001Core,
  migration002AppsRecords,
  migration003Files,
  migration004ViewsComments,
  migration005Workflows,
  migration006SignInProtection,
  migration007UserLinks,
  migration008AuditLog,
  migration009ScopeIndexes,
  migration010ScopeSortIndexes,
  migration011Aggregates,
  migration012Automations,
  migration013Webhooks,
  migration014OutboxNotify,
  migration015OrgCountry,
  migration016Imports,
  migration017TemplateInstalls,
  migration018Exports,
  migration019ApiKeys,
  migration020PublicForms,
  migration021SearchIndex,
  migration022Rollups,
  migration024ReadFences,
  migration025ViewPositions,
];
