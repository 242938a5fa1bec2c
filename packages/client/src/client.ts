import type { AggregateQuery, AppDefinition, NewAppDefinition, SortKey } from './schema-types';
import { createFilesApi } from './files';
import { createDataViewsApi } from './views';
import { createReportsApi } from './reports';
import { createWorkflowsApi } from './workflows';
import { createAuditApi } from './audit';
import { createTemplatesApi } from './templates';
import { createAutomationsApi } from './automations';
import { createAggregatesApi } from './aggregates';
import { createOrgAdminApi } from './org-admin';
import { Transport, type FetchLike } from './transport';
import type {
  AggregateResult,
  AppFile,
  AppSummary,
  AppVersionInfo,
  AppWithVersion,
  Department,
  FormRef,
  HistoryEntry,
  ImportResult,
  Items,
  LoginInput,
  Member,
  PreviewChangeResult,
  RecordDto,
  RecordListOptions,
  RecordPage,
  RelatedRecords,
  Session,
  SetupInput,
  UpdateAppInput,
} from './types';
import { createImportsApi } from './imports';
import { createPrintApi } from './print';
import { createExportsApi } from './exports';
import { createPublicFormsApi } from './public-forms';
import { createApiKeysApi } from './api-keys';

export interface ClientOptions {
  /** Origin (and optional path prefix) of the server; '' means same origin. */
  baseUrl?: string;
  fetch?: FetchLike;
  /**
   * "View as" (admins only): every read is answered as this user would see it (`?viewAs=<userId>`,
   * their Grant on the server); writes are refused by the client (`view_as_read_only`). The studio
   * renders the player's data view with such a client.
   */
  viewAs?: string;
  /**
   * The CSRF token of a session another client already holds: a second client on the same
   * session (the studio's "view as" client) sends it on its POST reads without signing in again.
   */
  csrfToken?: string | null;
  /**
   * The UI language, read before each request and sent as `Accept-Language`, so validation
   * messages come back in the language on screen rather than the browser's.
   */
  language?: () => string | undefined;
}

type Data = Record<string, unknown>;

const enc = encodeURIComponent;

/** `[{field:'a'},{field:'b',dir:'desc'}]`, `['a','-b']` or `'a,-b'` -> `'a,-b'`. */
export function sortToParam(sort: RecordListOptions['sort']): string | undefined {
  if (sort === undefined) return undefined;
  if (typeof sort === 'string') return sort;
  return sort.map((k) => (typeof k === 'string' ? k : `${k.dir === 'desc' ? '-' : ''}${k.field}`)).join(',');
}

/** Any accepted sort form -> the AST form used in JSON bodies. */
export function sortToKeys(sort: RecordListOptions['sort']): SortKey[] | undefined {
  const param = sortToParam(sort);
  if (param === undefined) return undefined;
  return param
    .split(',')
    .filter(Boolean)
    .map((part) =>
      part.startsWith('-') ? { field: part.slice(1), dir: 'desc' } : { field: part, dir: 'asc' },
    );
}

/**
 * Creates a typed client for the Tangram API (docs/api.md). The client remembers the CSRF token of
 * the current session (from setup, login and `auth.me()`) and sends it on every unsafe request.
 */
export function createClient(options: ClientOptions = {}) {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const http = new Transport(options.baseUrl ?? '', fetchFn, options.viewAs, options.language);
  if (options.csrfToken) http.setCsrfToken(options.csrfToken);

  const remember = (session: Session): Session => {
    http.setCsrfToken(session.csrfToken);
    return session;
  };
  const formPath = ({ appId, formId }: FormRef) => `/apps/${enc(appId)}/forms/${enc(formId)}`;
  const recordPath = (ref: FormRef, id: string) => `${formPath(ref)}/records/${enc(id)}`;

  const auth = {
    setupNeeded: () => http.request<{ needed: boolean }>('GET', '/auth/setup').then((r) => r.needed),
    setup: (input: SetupInput) =>
      http.request<Session>('POST', '/auth/setup', { body: input }).then(remember),
    login: (input: LoginInput) =>
      http.request<Session>('POST', '/auth/login', { body: input }).then(remember),
    logout: async (): Promise<void> => {
      try {
        await http.request<void>('POST', '/auth/logout');
      } finally {
        http.setCsrfToken(null);
      }
    },
    /** The current session; throws ApiError 401 `unauthenticated` without one. */
    me: () => http.request<Session>('GET', '/auth/me').then(remember),
  };

  const org = {
    members: () => http.request<Items<Member>>('GET', '/org/members'),
    departments: () => http.request<Items<Department>>('GET', '/org/departments'),
  };

  const { admin, passwordLinks } = createOrgAdminApi(http);

  const apps = {
    list: () => http.request<Items<AppSummary>>('GET', '/apps'),
    get: (appId: string) => http.request<AppWithVersion>('GET', `/apps/${enc(appId)}`),
    create: (app: NewAppDefinition) => http.request<AppWithVersion>('POST', '/apps', { body: app }),
    update: (appId: string, input: UpdateAppInput) =>
      http.request<AppWithVersion>('PUT', `/apps/${enc(appId)}`, { body: input }),
    remove: (appId: string) => http.request<void>('DELETE', `/apps/${enc(appId)}`),
    versions: (appId: string) => http.request<Items<AppVersionInfo>>('GET', `/apps/${enc(appId)}/versions`),
    version: (appId: string, version: number) =>
      http.request<AppWithVersion>('GET', `/apps/${enc(appId)}/versions/${version}`),
    restore: (appId: string, version: number) =>
      http.request<AppWithVersion>('POST', `/apps/${enc(appId)}/restore`, { body: { version } }),
    export: (appId: string) => http.request<AppFile>('GET', `/apps/${enc(appId)}/export`),
    import: (file: AppFile) => http.request<ImportResult>('POST', '/apps/import', { body: file }),
    previewChange: (appId: string, app: AppDefinition) =>
      http.request<PreviewChangeResult>('POST', `/apps/${enc(appId)}/preview-change`, { body: { app } }),
  };

  const records = {
    list: <D = Data>(ref: FormRef, opts: RecordListOptions = {}) =>
      http.request<RecordPage<D>>('GET', `${formPath(ref)}/records`, {
        query: {
          filter: opts.filter === undefined ? undefined : JSON.stringify(opts.filter),
          sort: sortToParam(opts.sort),
          limit: opts.limit,
          cursor: opts.cursor,
          q: opts.q,
          count: opts.count,
        },
      }),
    /**
     * A relation picker's page: the records the relation field `fieldId` of form `ref` may link to
     * (its choice filter applied by the server, the caller's view scope on the target), and
     * `titles`, each record's name as record answers' `display` names it.
     */
    choices: <D = Data>(
      ref: FormRef,
      fieldId: string,
      opts: { q?: string; limit?: number; cursor?: string } = {},
    ) =>
      http.request<RecordPage<D> & { titles?: Record<string, string> }>(
        'GET',
        `${formPath(ref)}/fields/${enc(fieldId)}/choices`,
        { query: { q: opts.q, limit: opts.limit, cursor: opts.cursor } },
      ),
    /**
     * The names of records (at most 100) held by the relation field `fieldId` of form `ref`, as
     * record answers' `display` names them: null for a record the caller may not see.
     */
    relationTitles: (ref: FormRef, fieldId: string, ids: readonly string[]) =>
      http
        .request<{ titles: Record<string, string | null> }>(
          'GET',
          `${formPath(ref)}/fields/${enc(fieldId)}/titles`,
          { query: { ids: ids.join(',') } },
        )
        .then((r) => r.titles),
    /** Like `list`, with the filter AST in the body (no URL length limit). */
    query: <D = Data>(ref: FormRef, opts: RecordListOptions = {}) =>
      http.request<RecordPage<D>>('POST', `${formPath(ref)}/records/query`, {
        body: { ...opts, sort: sortToKeys(opts.sort) },
        read: true,
      }),
    get: <D = Data>(ref: FormRef, id: string) =>
      http.request<{ record: RecordDto<D> }>('GET', recordPath(ref, id)).then((r) => r.record),
    create: <D = Data>(ref: FormRef, data: Partial<D>, opts: { idempotencyKey?: string } = {}) =>
      http
        .request<{ record: RecordDto<D> }>('POST', `${formPath(ref)}/records`, {
          body: { data },
          headers: opts.idempotencyKey ? { 'Idempotency-Key': opts.idempotencyKey } : {},
        })
        .then((r) => r.record),
    batch: <D = Data>(ref: FormRef, items: { data: Partial<D> }[]) =>
      http
        .request<{ records: RecordDto<D>[] }>('POST', `${formPath(ref)}/records/batch`, {
          body: { items },
          query: { return: 'records' },
        })
        .then((r) => r.records),
    /** A batch create answered with ids and versions only (the API's default): less work for big loads. */
    batchIds: (ref: FormRef, items: { data: Partial<Data> }[]) =>
      http
        .request<{ records: { id: string; version: number }[] }>('POST', `${formPath(ref)}/records/batch`, {
          body: { items },
          query: { return: 'ids' },
        })
        .then((r) => r.records),
    update: <D = Data>(ref: FormRef, id: string, data: Partial<D>, version: number) =>
      http
        .request<{ record: RecordDto<D> }>('PATCH', recordPath(ref, id), { body: { data, version } })
        .then((r) => r.record),
    remove: (ref: FormRef, id: string) => http.request<void>('DELETE', recordPath(ref, id)),
    restore: <D = Data>(ref: FormRef, id: string) =>
      http.request<{ record: RecordDto<D> }>('POST', `${recordPath(ref, id)}/restore`).then((r) => r.record),
    /** The recycle bin: deleted records the caller may restore, most recently deleted first. */
    deleted: <D = Data>(ref: FormRef, opts: { limit?: number; cursor?: string } = {}) =>
      http.request<RecordPage<D>>('GET', `${formPath(ref)}/recycle-bin`, { query: opts, read: true }),
    /** Destroys a record in the recycle bin (app admins). */
    purge: (ref: FormRef, id: string) =>
      http.request<void>('DELETE', `${formPath(ref)}/recycle-bin/${enc(id)}`),
    history: (ref: FormRef, id: string) =>
      http.request<Items<HistoryEntry>>('GET', `${recordPath(ref, id)}/history`),
    /** Records of any app that link to this one, and balances keyed by it (decision 0060). */
    related: (ref: FormRef, id: string) =>
      http.request<RelatedRecords>('GET', `${recordPath(ref, id)}/related`),
    aggregate: (ref: FormRef, query: AggregateQuery) =>
      http.request<AggregateResult>('POST', `${formPath(ref)}/aggregate`, { body: query, read: true }),
    /**
     * The lookup values of form `ref` for relation values not saved yet (`data` holds the relation
     * fields), computed by the server as record answers compute them (decision 0031).
     */
    lookupPreview: (ref: FormRef, data: Record<string, unknown>) =>
      http
        .request<{ values: Record<string, unknown> }>('POST', `${formPath(ref)}/lookups/preview`, {
          body: { data },
          read: true,
        })
        .then((r) => r.values),
    /** The value field `fieldId`'s data linkage default takes for this form's values in `data`. */
    linkage: (ref: FormRef, fieldId: string, data: Record<string, unknown>) =>
      http
        .request<{ value: unknown }>('POST', `${formPath(ref)}/fields/${enc(fieldId)}/linkage`, {
          body: { data },
          read: true,
        })
        .then((r) => r.value),
    /**
     * A balance lookup's value (decision 0036) for the keys in `data` (the record) and `row` (the
     * subform row it sits in): exact decimal `text` with the measure's places, null without a key.
     */
    balance: (ref: FormRef, fieldId: string, data: Record<string, unknown>, row?: Record<string, unknown>) =>
      http.request<{ value: number | null; text: string | null }>(
        'POST',
        `${formPath(ref)}/fields/${enc(fieldId)}/balance`,
        { body: { data, ...(row ? { row } : {}) }, read: true },
      ),
  };

  const files = createFilesApi({
    url: (path, query) => http.url(path, query),
    csrfToken: () => http.getCsrfToken(),
    fetch: fetchFn,
  });

  const dataViews = createDataViewsApi(http);
  const workflows = createWorkflowsApi(http);

  return {
    auth,
    org,
    admin,
    passwordLinks,
    apps,
    records: { ...records, ...dataViews.bulk },
    views: dataViews.views,
    comments: dataViews.comments,
    files,
    reports: createReportsApi(http),
    aggregates: createAggregatesApi(http),
    tasks: workflows.tasks,
    workflow: workflows.workflow,
    notifications: workflows.notifications,
    audit: createAuditApi(http),
    templates: createTemplatesApi(http),
    automations: createAutomationsApi(http),
    imports: createImportsApi({ http, fetch: fetchFn }),
    exports: createExportsApi({ http, fetch: fetchFn }),
    print: createPrintApi(http),
    publicForms: createPublicFormsApi(http),
    apiKeys: createApiKeysApi(http),
    /** The CSRF token currently held (null before login or after logout). */
    csrfToken: () => http.getCsrfToken(),
  };
}

export type TangramClient = ReturnType<typeof createClient>;
