import type { AppDefinition, Filter, FormDefinition, I18NText, SortKey } from './schema-types';

export interface User {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  departmentIds: string[];
  roleIds: string[];
}

export interface Org {
  id: string;
  name: string;
  timeZone: string;
  /** ISO 3166-1 alpha-2: phone fields check numbers against its plan. */
  country: string;
}

/** What setup, login and `GET /auth/me` return. */
export interface Session {
  user: User;
  org: Org;
  csrfToken: string;
}

export interface SetupInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
  timeZone?: string;
  country?: string;
}

export interface LoginInput {
  email: string;
  password: string;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  departmentIds: string[];
}

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  leaderId: string | null;
}

export interface Role {
  id: string;
  name: string;
}

export interface Items<T> {
  items: T[];
}

export interface UserInput {
  name: string;
  email: string;
  password: string;
  isAdmin?: boolean;
  departmentIds?: string[];
  roleIds?: string[];
}

export type UserPatch = Partial<UserInput>;

export interface DepartmentInput {
  name: string;
  parentId?: string | null;
  leaderId?: string | null;
}

export interface RoleInput {
  name: string;
}

export interface AppSummary {
  id: string;
  name: AppDefinition['name'];
  icon?: string;
  version: number;
  updatedAt: string;
  /** The caller's role in the app (`GET /apps` lists only apps the caller can open). */
  appRole?: 'admin' | 'member';
}

/** An app definition with the version number it was stored as. */
export interface AppWithVersion {
  app: AppDefinition;
  version: number;
  /** `GET /apps/:app` only: what the caller may do in the app (decision 0026). */
  me?: AppGrantSummary;
}

/** What the caller may do on one form: their Grant without its row scopes (decision 0026). */
export interface FormGrantSummary {
  /** `view`, `create`, `edit`, `delete`, `import`, `export`, `print`, `manage`. */
  actions: string[];
  /** Top-level field ids whose values the caller sees, in form order. */
  visibleFields: string[];
  /** Top-level field ids the caller may write (a subset of `visibleFields`). */
  editableFields: string[];
}

/** The caller's role in an app and their grant summary per form (decision 0026). */
export interface AppGrantSummary {
  appRole: 'admin' | 'member' | null;
  forms: Record<string, FormGrantSummary>;
}

export interface UpdateAppInput {
  app: AppDefinition;
  baseVersion: number;
  confirmDataLoss?: boolean;
}

export interface AppVersionInfo {
  version: number;
  createdAt: string;
  createdBy: string;
}

export interface AppFile {
  tangramApp: 1;
  app: AppDefinition;
}

export interface ImportResult extends AppWithVersion {
  remapped: boolean;
}

export interface Conversion {
  formId: string;
  fieldId: string;
  from: string;
  to: string;
  failing: { recordId: string; value: unknown }[];
  failingCount: number;
}

export interface PreviewChangeResult {
  conversions: Conversion[];
}

/** A stored record; `data` maps field ids to values. */
export interface RecordDto<D = Record<string, unknown>> {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  ownerId: string;
  /** Process forms: the approval state (running / approved / rejected / withdrawn); null without a flow. */
  workflowStatus?: 'running' | 'approved' | 'rejected' | 'withdrawn' | null;
  deletedAt: string | null;
  data: D;
  /**
   * Titles of linked records by relation field and record id, as the reader may see them; null
   * when the reader may not see that record (decision 0035). Present on reads that link records.
   */
  display?: Record<string, Record<string, string | null>>;
}

export interface RecordPage<D = Record<string, unknown>> {
  items: RecordDto<D>[];
  nextCursor: string | null;
  total?: number;
  /** With `count: 'capped' | 'estimate'`: `total` is exact, a floor ("10,000+") or an estimate. */
  totalKind?: 'exact' | 'atLeast' | 'estimate';
}

/**
 * Options of a record list. `sort` accepts the AST form (`[{ field, dir }]`) or the wire form
 * (`'f1,-f2'` or `['f1', '-f2']`).
 */
export interface RecordListOptions {
  filter?: Filter;
  sort?: SortKey[] | string[] | string;
  limit?: number;
  cursor?: string;
  q?: string;
  /**
   * `true` (or `'exact'`): the exact total, bounded by a server timeout (503 `count_timeout`);
   * `'capped'`: exact up to 10,000, else `totalKind: 'atLeast'`; `'estimate'`: the planner's
   * estimate for large sets, exact for small ones (decision 0050).
   */
  count?: boolean | 'exact' | 'capped' | 'estimate';
}

export interface HistoryEntry {
  at: string;
  by: string;
  action: string;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface AggregateResult {
  rows: Record<string, unknown>[];
}

/** A group of related records: the records of one form whose relation field links to the record (decision 0060). */
export interface RelatedGroup {
  appId: string;
  appName: I18NText;
  formId: string;
  formName: I18NText;
  fieldId: string;
  fieldLabel: I18NText;
  multiple: boolean;
  /** Linked records the reader may see: exact up to the server's cap, else a floor (`atLeast`). */
  total: number;
  totalKind: 'exact' | 'atLeast';
  /** The linking form trimmed to what the rows show: title field and `columns`. */
  form: Pick<FormDefinition, 'id' | 'name' | 'titleField' | 'fields'>;
  columns: string[];
  /** The newest linked records, their data trimmed to `form.fields`. */
  items: RecordDto[];
}

/** An aggregate table's balance at the record's key (decision 0060), exact decimal text. */
export interface RelatedBalance {
  appId: string;
  appName: I18NText;
  aggregateId: string;
  name: I18NText;
  keyId: string;
  measures: { id: string; label: I18NText; decimals: number; value: string }[];
}

export interface RelatedRecords {
  /** False when the form's designer turned the Related tab off. */
  shown: boolean;
  groups: RelatedGroup[];
  /** Readable groups the server did not answer (beyond its cap). */
  omitted: number;
  balances: RelatedBalance[];
}

/** The locator of a form: app id and form id. */
export interface FormRef {
  appId: string;
  formId: string;
}
