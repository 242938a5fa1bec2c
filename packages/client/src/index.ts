export { createClient, sortToKeys, sortToParam } from './client';
export type { ClientOptions, TangramClient } from './client';
export { ApiError, isApiError } from './api-error';
export type { ApiErrorDetail } from './api-error';
export type { DownloadedFile, FetchLike } from './transport';
export type { FileInfo, FileUploadOptions } from './files';
export type {
  AdminRole,
  AdminUser,
  NewUserInput,
  OrgSettings,
  PasswordLink,
  PasswordLinkInfo,
  UserListOptions,
  UserPage,
} from './org-admin';
export type { BulkUpdateResult, NewView, RecordComment, SavedView, ViewColumn, ViewConfig } from './views';
export type {
  BoardColumnSummary,
  CalendarSettings,
  GallerySettings,
  GanttSettings,
  GanttZoom,
  GridGroupSummary,
  GridSettings,
  KanbanSettings,
  ViewKind,
} from './views';
export type {
  DashboardData,
  DashboardDrill,
  DashboardFilterState,
  DashboardFilterValue,
  FormRollups,
  RollupRebuild,
  RollupSpec,
  WidgetColumn,
  WidgetExtras,
  WidgetData,
  WidgetRow,
} from './reports';
export type {
  AddApproverInput,
  AppNotification,
  FieldAccessLevel,
  NotificationKind,
  NotificationPage,
  RejectInput,
  RejectTargetOption,
  TaskActionInput,
  TaskBox,
  TaskCounts,
  TaskListItem,
  TaskPage,
  TransferInput,
  WorkflowActionName,
  WorkflowActionResult,
  WorkflowActiveNode,
  WorkflowInstance,
  WorkflowInstanceStatus,
  WorkflowLogEntry,
  WorkflowTask,
  WorkflowTaskOutcome,
  WorkflowTaskStatus,
  WorkflowView,
  WorkflowViewerState,
} from './workflows';
export type * from './types';
export type * from './schema-types';
export type { AuditItem, AuditPage, AuditQuery } from './audit';
export type {
  TemplateChoices,
  TemplateInstall,
  TemplateListing,
  TemplateMergeConflict,
  TemplateUpgradePreview,
} from './templates';
export type {
  AggregateSummary,
  BalanceDifference,
  BalancePage,
  BalanceQuery,
  BalanceRow,
  RebuildReport,
} from './aggregates';
export type {
  AutomationActionOutcome,
  AutomationRun,
  AutomationRunPage,
  AutomationSummary,
  AutomationTestRun,
  AutomationTriggerEvent,
  WebhookDelivery,
  WebhookDeliveryStatus,
} from './automations';
export type {
  ImportCellError,
  ImportColumn,
  ImportJob,
  ImportRef,
  ImportSettings,
  ImportSheet,
  ImportStatus,
  ImportTarget,
} from './imports';
export type { PublicFormView, PublicLink, PublicLinkSettings, PublicSubmission } from './public-forms';
export type { ApiKey, ApiKeyScope, NewApiKey } from './api-keys';
export type { PrintRequest } from './print';
export type { ExportJob, ExportRef, ExportRequest, ExportStart } from './exports';
