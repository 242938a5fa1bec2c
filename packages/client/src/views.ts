import type { ViewConfig } from '@tangram/schema';
import type { Filter } from './schema-types';
import type { Transport } from './transport';
import type { FormRef, Items, RecordDto } from './types';

/**
 * The saved-view format (kinds and their settings) is defined once, in packages/schema
 * (view.schema.json, decisions 0039 and 0048), and checked by the server on save.
 */
export type {
  CalendarSettings,
  GallerySettings,
  GanttSettings,
  GanttZoom,
  GridSettings,
  KanbanSettings,
  ViewColumn,
  ViewConfig,
  ViewKind,
} from '@tangram/schema';

/** A grid group's numbers (`POST …/views/grid/groups`): sums keyed by field id. */
export interface GridGroupSummary {
  /** The group value; null for the "no value" group. */
  value: string | null;
  count: number;
  sums: Record<string, number | string | null>;
}

/** A board column's numbers (`POST …/views/kanban/columns`). */
export interface BoardColumnSummary {
  /** The group value; null for the "no value" column. */
  value: string | null;
  count: number;
  sum?: number | string | null;
}

export interface SavedView {
  id: string;
  appId: string;
  formId: string;
  name: string;
  /** Shared views (made by admins) have no owner; personal views belong to `ownerId`. */
  shared: boolean;
  ownerId: string | null;
  config: ViewConfig;
  createdAt: string;
  updatedAt: string;
}

export interface NewView {
  name: string;
  shared?: boolean;
  config: ViewConfig;
}

export interface RecordComment {
  id: string;
  recordId: string;
  body: string;
  authorId: string;
  authorName: string | null;
  createdAt: string;
}

export interface BulkUpdateResult<D = Record<string, unknown>> {
  updated: number;
  records: RecordDto<D>[];
}

const enc = encodeURIComponent;

/** Saved views, record comments and bulk record operations (docs/api.md, "Data views"). */
export function createDataViewsApi(http: Transport) {
  const formPath = ({ appId, formId }: FormRef) => `/apps/${enc(appId)}/forms/${enc(formId)}`;
  const commentsPath = (ref: FormRef, id: string) => `${formPath(ref)}/records/${enc(id)}/comments`;

  const views = {
    list: (ref: FormRef) =>
      http.request<Items<SavedView>>('GET', `${formPath(ref)}/views`).then((r) => r.items),
    create: (ref: FormRef, view: NewView) =>
      http.request<{ view: SavedView }>('POST', `${formPath(ref)}/views`, { body: view }).then((r) => r.view),
    update: (ref: FormRef, id: string, patch: { name?: string; config?: ViewConfig }) =>
      http
        .request<{ view: SavedView }>('PATCH', `${formPath(ref)}/views/${enc(id)}`, { body: patch })
        .then((r) => r.view),
    remove: (ref: FormRef, id: string) => http.request<void>('DELETE', `${formPath(ref)}/views/${enc(id)}`),
    /** Orders the form's shared views (every one, each once; `manage`); answers the new list. */
    reorder: (ref: FormRef, ids: readonly string[]) =>
      http
        .request<Items<SavedView>>('PUT', `${formPath(ref)}/views/order`, { body: { ids } })
        .then((r) => r.items),
    /** A board's columns with counts (and sums), computed in SQL over the caller's permitted rows. */
    kanbanColumns: (ref: FormRef, body: { groupField: string; sumField?: string; filter?: Filter }) =>
      http
        .request<{ columns: BoardColumnSummary[] }>('POST', `${formPath(ref)}/views/kanban/columns`, { body })
        .then((r) => r.columns),
    /** Records whose date (or span) meets the days `from`..`to` (both included, at most 62). */
    calendarEvents: (
      ref: FormRef,
      body: {
        dateField: string;
        endField?: string;
        from: string;
        to: string;
        filter?: Filter;
        limit?: number;
        cursor?: string;
      },
    ) =>
      http.request<{ items: RecordDto[]; nextCursor: string | null }>(
        'POST',
        `${formPath(ref)}/views/calendar/events`,
        { body },
      ),
    /** Records whose span from `startField` to `endField` meets `from`..`to` (at most a year). */
    ganttBars: (
      ref: FormRef,
      body: {
        startField: string;
        endField: string;
        from: string;
        to: string;
        filter?: Filter;
        limit?: number;
        cursor?: string;
      },
    ) =>
      http.request<{ items: RecordDto[]; nextCursor: string | null }>(
        'POST',
        `${formPath(ref)}/views/gantt/bars`,
        { body },
      ),
    /** A grid's groups with counts and sums, computed in SQL over the caller's permitted rows. */
    gridGroups: (ref: FormRef, body: { groupField: string; sumFields?: string[]; filter?: Filter }) =>
      http
        .request<{ groups: GridGroupSummary[] }>('POST', `${formPath(ref)}/views/grid/groups`, { body })
        .then((r) => r.groups),
  };

  const comments = {
    list: (ref: FormRef, recordId: string) =>
      http.request<Items<RecordComment>>('GET', commentsPath(ref, recordId)).then((r) => r.items),
    add: (ref: FormRef, recordId: string, body: string) =>
      http
        .request<{ comment: RecordComment }>('POST', commentsPath(ref, recordId), { body: { body } })
        .then((r) => r.comment),
  };

  const bulk = {
    /** Sets the same values on up to 1,000 records; all or nothing (404 lists missing ids). */
    bulkUpdate: <D = Record<string, unknown>>(ref: FormRef, ids: string[], data: Partial<D>) =>
      http.request<BulkUpdateResult<D>>('POST', `${formPath(ref)}/records/bulk-update`, {
        body: { ids, data },
      }),
    /** Soft-deletes up to 1,000 records; all or nothing. */
    bulkDelete: (ref: FormRef, ids: string[]) =>
      http.request<{ deleted: number }>('POST', `${formPath(ref)}/records/bulk-delete`, { body: { ids } }),
  };

  return { views, comments, bulk };
}
