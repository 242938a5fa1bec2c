import { authRoutes } from './auth/auth.routes';
import { orgRoutes } from './org/org.routes';
import { passwordLinkRoutes } from './auth/password-link.routes';
import { appRoutes } from './apps/apps.routes';
import { recordRoutes } from './records/records.routes';
import { lookupRoutes } from './records/lookups.routes';
import { fileRoutes } from './files/files.routes';
import { viewRoutes } from './views/views.routes';
import { commentRoutes } from './comments/comments.routes';
import { bulkRoutes } from './records/records.bulk';
import { reportRoutes } from './reports/reports.routes';
import { workflowRoutes } from './workflow/workflow.routes';
import { auditRoutes } from './audit/audit.routes';
import { webhookRoutes } from './automations/webhooks/webhooks.routes';
import { aggregateRoutes } from './aggregates/aggregates.routes';
import { rollupRoutes } from './rollups/rollups.routes';
import { automationRoutes } from './automations/automations.routes';
import { templateRoutes } from './templates/templates.routes';
import { importRoutes } from './imports/imports.routes';
import { printRoutes } from './print/print.routes';
import { apiKeyRoutes } from './api-keys/api-keys.routes';
import { openApiRoutes } from './openapi/openapi.routes';
import { publicFormRoutes } from './public-forms/public-forms.routes';
import { exportRoutes } from './exports/exports.routes';
import type { RouteModule } from './http/route-module';

/**
 * Every API route module, mounted under `/api/v1` in this order. Add a feature by appending its
 * module here; `createApp` needs no change.
 */
export const routeModules: RouteModule[] = [
  authRoutes,
  passwordLinkRoutes,
  orgRoutes,
  appRoutes,
  recordRoutes,
  lookupRoutes,
  fileRoutes,
  viewRoutes,
  commentRoutes,
  bulkRoutes,
  reportRoutes,
  workflowRoutes,
  auditRoutes,
  automationRoutes,
  aggregateRoutes,
  rollupRoutes,
  webhookRoutes,
  templateRoutes,
  importRoutes,
  exportRoutes,
  apiKeyRoutes,
  openApiRoutes,
  publicFormRoutes,
  printRoutes,
];
