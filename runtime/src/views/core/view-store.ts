import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  FieldDefinition,
  Filter,
  FormDefinition,
  SavedView,
  SortKey,
  ViewColumn,
  ViewConfig,
  ViewKind,
} from '@tangram/client';
import { lookupField, type QueryForm } from '@tangram/query';

export const DEFAULT_WIDTH = 180;
export const MIN_WIDTH = 60;
export const MAX_WIDTH = 800;
export const MAX_SORT_KEYS = 8;

/** System columns a table may show next to the form's fields. */
export const SYSTEM_COLUMNS = ['createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'] as const;

/** A view's kind and the settings of each kind it has been (decision 0039). */
export type KindState = Pick<ViewConfig, 'grid' | 'kanban' | 'calendar' | 'gallery' | 'gantt'> & {
  kind: ViewKind;
};

export interface ViewState extends KindState {
  /** Every column in display order; hidden ones are kept so their place and width survive. */
  columns: ViewColumn[];
  filter: Filter | undefined;
  sort: SortKey[];
  q: string;
  /** Selected record ids. */
  selection: ReadonlySet<string>;
  /** The saved view the state came from (undefined = the default view). */
  viewId: string | undefined;
  /** True once the user changed columns, filter, sort or search since the view was applied. */
  dirty: boolean;
}

export interface ViewActions {
  toggleColumn(field: string): void;
  moveColumn(field: string, delta: number): void;
  moveColumnTo(field: string, index: number): void;
  resizeColumn(field: string, width: number): void;
  setFilter(filter: Filter | undefined): void;
  /** Click on a header: asc -> desc -> off; with `multi` the key is added to the current sort. */
  toggleSort(field: string, multi: boolean): void;
  setQ(q: string): void;
  toggleSelected(id: string): void;
  setSelected(ids: Iterable<string>): void;
  clearSelection(): void;
  applyView(view: SavedView | undefined): void;
  /** Switches the kind and/or replaces kind settings (the view settings panel, a collapsed column). */
  setKind(patch: Partial<KindState>): void;
  /** The current state as a saved view's config. */
  toConfig(): ViewConfig;
}

export type ViewStore = StoreApi<ViewState & ViewActions>;

const LAYOUT_ONLY = new Set(['description', 'divider', 'tabs', 'section']);

/** Fields that can be a column: everything with a value (subforms show a row count). */
export function columnFields(form: FormDefinition): FieldDefinition[] {
  return (form.fields ?? []).filter((f) => !LAYOUT_ONLY.has(f.type));
}

/** System columns of a form: the workflow status only on process forms. */
export function systemColumns(form: FormDefinition): string[] {
  return [...SYSTEM_COLUMNS, ...(form.workflowId ? ['workflowStatus'] : [])];
}

/** The default columns: visible fields of the form in order, then hidden system columns. */
export function defaultColumns(form: FormDefinition): ViewColumn[] {
  return [
    ...columnFields(form).map((f) => ({ field: f.id, ...(f.hidden ? { hidden: true } : {}) })),
    ...systemColumns(form).map((field) => ({ field, hidden: true })),
  ];
}

/**
 * A saved column list made to fit the current form: columns of removed fields are dropped, fields
 * added since are appended (visible), system columns appended hidden.
 */
export function reconcileColumns(form: FormDefinition, saved: readonly ViewColumn[]): ViewColumn[] {
  const known = new Set<string>([...columnFields(form).map((f) => f.id), ...systemColumns(form)]);
  const seen = new Set<string>();
  const out: ViewColumn[] = [];
  for (const c of saved) {
    if (!known.has(c.field) || seen.has(c.field)) continue;
    seen.add(c.field);
    out.push({ ...c });
  }
  for (const c of defaultColumns(form)) if (!seen.has(c.field)) out.push(c);
  return out;
}

/** `form` may carry its resolved lookups (`withAppLookups`): lookups then sort like stored fields. */
export const isSortable = (form: QueryForm, field: string): boolean => {
  const found = lookupField(form, field);
  return found.ok && found.info.sortable;
};

/** The view state of one form's table: columns, filter, sort, search and selection. */
export function createViewStore(form: FormDefinition, view?: SavedView, query: QueryForm = form): ViewStore {
  const initial = (v: SavedView | undefined): Omit<ViewState, 'selection'> => ({
    columns: reconcileColumns(form, v?.config.columns ?? []),
    filter: v?.config.filter,
    sort: v?.config.sort ?? [],
    q: v?.config.q ?? '',
    kind: v?.config.kind ?? 'grid',
    kanban: v?.config.kanban,
    calendar: v?.config.calendar,
    gallery: v?.config.gallery,
    gantt: v?.config.gantt,
    grid: v?.config.grid,
    viewId: v?.id,
    dirty: false,
  });
  return createStore<ViewState & ViewActions>()((set, get) => {
    const edit = (patch: Partial<ViewState>) => set({ ...patch, dirty: true });
    const moveTo = (field: string, index: number) => {
      const columns = get().columns.slice();
      const from = columns.findIndex((c) => c.field === field);
      if (from < 0) return;
      const [column] = columns.splice(from, 1);
      columns.splice(Math.max(0, Math.min(columns.length, index)), 0, column!);
      edit({ columns });
    };
    return {
      ...initial(view),
      selection: new Set<string>(),
      toggleColumn: (field) =>
        edit({ columns: get().columns.map((c) => (c.field === field ? { ...c, hidden: !c.hidden } : c)) }),
      moveColumn: (field, delta) => {
        // Moves among visible columns: hidden ones in between are skipped.
        const visible = get().columns.filter((c) => !c.hidden);
        const i = visible.findIndex((c) => c.field === field);
        const target = visible[i + delta];
        if (i < 0 || !target) return;
        moveTo(
          field,
          get().columns.findIndex((c) => c.field === target.field),
        );
      },
      moveColumnTo: moveTo,
      resizeColumn: (field, width) => {
        const w = Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width)));
        edit({ columns: get().columns.map((c) => (c.field === field ? { ...c, width: w } : c)) });
      },
      setFilter: (filter) => edit({ filter, selection: new Set() }),
      toggleSort: (field, multi) => {
        if (!isSortable(query, field)) return;
        const sort = get().sort;
        const existing = sort.find((k) => k.field === field);
        const next: SortKey | null = !existing
          ? { field, dir: 'asc' }
          : existing.dir === 'asc'
            ? { field, dir: 'desc' }
            : null;
        let keys: SortKey[];
        if (multi) {
          keys = existing
            ? sort.flatMap((k) => (k.field === field ? (next ? [next] : []) : [k]))
            : [...sort, next!].slice(0, MAX_SORT_KEYS);
        } else keys = next ? [next] : [];
        edit({ sort: keys });
      },
      setQ: (q) => edit({ q, selection: new Set() }),
      toggleSelected: (id) => {
        const selection = new Set(get().selection);
        if (selection.has(id)) selection.delete(id);
        else selection.add(id);
        set({ selection });
      },
      setSelected: (ids) => set({ selection: new Set(ids) }),
      clearSelection: () => set({ selection: new Set() }),
      applyView: (v) => set({ ...initial(v), selection: new Set() }),
      setKind: (patch) => edit({ ...patch, selection: new Set() }),
      toConfig: () => {
        const s = get();
        return {
          // A grid keeps the shape it always had: no `kind` key.
          ...(s.kind !== 'grid' ? { kind: s.kind } : {}),
          ...(s.kanban ? { kanban: s.kanban } : {}),
          ...(s.calendar ? { calendar: s.calendar } : {}),
          ...(s.gallery ? { gallery: s.gallery } : {}),
          ...(s.gantt ? { gantt: s.gantt } : {}),
          ...(s.grid && Object.keys(s.grid).length ? { grid: s.grid } : {}),
          columns: s.columns.map((c) => ({ ...c })),
          ...(s.filter ? { filter: s.filter } : {}),
          ...(s.sort.length ? { sort: s.sort } : {}),
          ...(s.q.trim() ? { q: s.q.trim() } : {}),
        };
      },
    };
  });
}

/** The list request of a state: `sort` falls back to newest first on the server. */
export function listQuery(s: Pick<ViewState, 'filter' | 'sort' | 'q'>) {
  return {
    ...(s.filter ? { filter: s.filter } : {}),
    ...(s.sort.length ? { sort: s.sort } : {}),
    ...(s.q.trim() ? { q: s.q.trim() } : {}),
  };
}
