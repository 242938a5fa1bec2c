import type { Filter, SortKey } from './schema-types';
import type { Transport } from './transport';
import type { FormRef, Items, RecordDto } from './types';

/** One column of a saved view, in display order. */
export interface ViewColumn {
  field: string;
  width?: number;
  hidden?: boolean;
}

/** The kinds of saved views (decision 0039); a config without `kind` is a grid. */
export type ViewKind = 'grid' | 'kanban' | 'calendar' | 'gallery';

/** A kanban board: a column per value of `groupField`, cards showing `cardFields`. */
export interface KanbanSettings {
  groupField: string;
  cardFields?: string[];
  /** A number or money field summed per column. */
  sumField?: string;
  /** Group values of collapsed columns ('' = the "no value" column). */
  collapsed?: string[];
}

/** A calendar: events on `dateField` (to `endField` for spans). */
export interface CalendarSettings {
  dateField: string;
  endField?: string;
  titleField?: string;
  /** A select whose option colours colour the events. */
  colorField?: string;
}

export interface GallerySettings {
  coverField?: string;
  cardFields?: string[];
}

/** A board column's numbers (`POST …/views/kanban/columns`). */
export interface BoardColumnSummary {
  /** The group value; null for the "no value" column. */
  value: string | null;
  count: number;
  sum?: number | string | null;
}

/** What a saved view remembers: columns (order, widths, hidden), filter, sort, search, page size. */
export interface ViewConfig {
  kind?: ViewKind;
  kanban?: KanbanSettings;
  calendar?: CalendarSettings;
  gallery?: GallerySettings;
  columns: ViewColumn[];
  filter?: Filter;
  sort?: SortKey[];
  q?: string;
  pageSize?: number;
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
