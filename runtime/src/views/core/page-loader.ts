import type { RecordDto } from '@tangram/client';

/** One keyset page as the records API returns it. */
export interface Page {
  items: RecordDto[];
  nextCursor: string | null;
}

/** How far a total is to be trusted (decision 0050): exact, a floor ("10,000+") or an estimate. */
export type TotalKind = 'exact' | 'atLeast' | 'estimate';

/** A total as the records API answers it; a bare number is exact. */
export type Counted = number | { total: number; totalKind?: TotalKind };

export interface PageLoaderOptions {
  /** Fetches the page after `cursor` (undefined = the first page). */
  fetchPage(cursor: string | undefined, limit: number): Promise<Page>;
  /**
   * Fetches the total (exact, capped or estimated); called once after the first page, so a page
   * never waits for it.
   */
  fetchCount?(): Promise<Counted>;
  /** Fetches the exact total, when the reader asks for it (`countExactly`). */
  fetchExactCount?(): Promise<number>;
  pageSize?: number;
  /** Largest page fetched when the table jumps far ahead (the server allows up to 500). */
  maxPageSize?: number;
  /** Milliseconds clock (tests pass a fake one). */
  now?: () => number;
}

/**
 * A reader who reaches the placeholders again this soon after a page landed is scrolling on
 * through the table: the next page is twice the last one (up to the maximum). The table lays out
 * only one page of placeholders, so without this a long scroll asks for ~2 pages at a time.
 */
const STREAK_MS = 1000;

export interface PageLoaderState {
  rows: RecordDto[];
  /** Number of matching records once counted (see `totalKind`). */
  total: number | undefined;
  /** `exact` unless the count was capped or estimated; undefined before it is known. */
  totalKind?: TotalKind;
  /** An exact count asked for by the reader is on its way. */
  counting?: boolean;
  /** The exact count failed (e.g. it took too long on the server). */
  countError?: Error;
  loading: boolean;
  /** True when the last page has been read. */
  done: boolean;
  error: Error | undefined;
}

export interface PageLoader {
  getState(): PageLoaderState;
  subscribe(listener: () => void): () => void;
  /** Makes sure rows up to `index` are loaded (or being loaded), one keyset page at a time. */
  ensure(index: number): void;
  /** Rows shown by the table: loaded rows plus placeholders for the next page while more exist. */
  displayCount(): number;
  /** Replaces one loaded row (after an edit) without reloading. */
  replace(record: RecordDto): void;
  /** Drops rows (after a delete) without reloading. */
  remove(ids: ReadonlySet<string>): void;
  /**
   * Puts a record at `index` without reloading (a kanban card dropped on this column, or put back
   * after a refused move). A later page that holds it again does not list it twice.
   */
  insert(record: RecordDto, index: number): void;
  /** Forgets everything and loads the first page again. */
  reset(): void;
  /** Replaces a capped or estimated total by the exact one (`fetchExactCount`). */
  countExactly(): void;
}

const totalOf = (counted: Counted) =>
  typeof counted === 'number'
    ? { total: counted, totalKind: 'exact' as const }
    : { total: counted.total, totalKind: counted.totalKind ?? 'exact' };

/**
 * Loads a record list page by page with keyset cursors (never OFFSET): rows are an ever-growing
 * prefix of the result, so scrolling further asks for the page after the last loaded row. Each
 * `reset` starts a new generation; answers of an older generation are ignored.
 */
export function createPageLoader(options: PageLoaderOptions): PageLoader {
  const pageSize = options.pageSize ?? 100;
  const maxPageSize = Math.max(pageSize, options.maxPageSize ?? 500);
  const listeners = new Set<() => void>();
  let state: PageLoaderState = { rows: [], total: undefined, loading: false, done: false, error: undefined };
  let cursor: string | undefined;
  let generation = 0;
  let wanted = 0;
  const now = options.now ?? Date.now;
  let landedAt = -Infinity;
  let lastLimit = 0;

  const set = (patch: Partial<PageLoaderState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };

  const loadNext = () => {
    if (state.loading || state.done || state.error) return;
    const gen = generation;
    const first = state.rows.length === 0;
    set({ loading: true });
    // A jump far down the table fetches bigger pages (fewer sequential requests): the rows wanted
    // plus one ordinary page, or twice the last page while the reader keeps scrolling on.
    const streak = now() - landedAt <= STREAK_MS ? lastLimit * 2 : 0;
    const limit = first
      ? pageSize
      : Math.min(maxPageSize, Math.max(pageSize, wanted + pageSize - state.rows.length, streak));
    // The first page is the table opening, not a scroll: it does not start a streak.
    lastLimit = first ? 0 : limit;
    options.fetchPage(cursor, limit).then(
      (page) => {
        if (gen !== generation) return;
        landedAt = now();
        cursor = page.nextCursor ?? undefined;
        // A record inserted by hand (`insert`) may come again in a later page: keep one.
        const have = new Set(state.rows.map((r) => r.id));
        const rows = state.rows.concat(page.items.filter((r) => !have.has(r.id)));
        const done = page.nextCursor === null;
        set({
          rows,
          loading: false,
          done,
          ...(done ? { total: rows.length, totalKind: 'exact' as const } : {}),
        });
        if (first && !done && options.fetchCount) countTotal(gen);
        if (!done && rows.length <= wanted) loadNext();
      },
      (error: unknown) => {
        if (gen !== generation) return;
        set({ loading: false, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
  };

  const countTotal = (gen: number) => {
    options.fetchCount!().then(
      (counted) => gen === generation && state.total === undefined && set(totalOf(counted)),
      () => undefined,
    );
  };

  const countExactly = () => {
    if (!options.fetchExactCount || state.counting || state.totalKind === 'exact') return;
    const gen = generation;
    set({ counting: true, countError: undefined });
    options.fetchExactCount().then(
      (total) => gen === generation && set({ total, totalKind: 'exact', counting: false }),
      (error: unknown) =>
        gen === generation &&
        set({ counting: false, countError: error instanceof Error ? error : new Error(String(error)) }),
    );
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ensure(index) {
      wanted = Math.max(wanted, index);
      if (index >= state.rows.length) loadNext();
    },
    displayCount() {
      if (state.done || state.error) return state.rows.length;
      // Only an exact total bounds the placeholders: a floor or an estimate may be too small.
      const remaining =
        state.total === undefined || state.totalKind !== 'exact' ? pageSize : state.total - state.rows.length;
      return state.rows.length + Math.max(0, Math.min(pageSize, remaining));
    },
    replace(record) {
      const i = state.rows.findIndex((r) => r.id === record.id);
      if (i < 0) return;
      const rows = state.rows.slice();
      rows[i] = record;
      set({ rows });
    },
    remove(ids) {
      const rows = state.rows.filter((r) => !ids.has(r.id));
      const removed = state.rows.length - rows.length;
      set({ rows, total: state.total === undefined ? undefined : state.total - removed });
    },
    insert(record, index) {
      const rows = state.rows.filter((r) => r.id !== record.id);
      rows.splice(Math.max(0, Math.min(rows.length, index)), 0, record);
      const added = rows.length - state.rows.length;
      set({ rows, total: state.total === undefined ? undefined : state.total + added });
    },
    reset() {
      generation++;
      cursor = undefined;
      wanted = 0;
      landedAt = -Infinity;
      lastLimit = 0;
      state = { rows: [], total: undefined, loading: false, done: false, error: undefined };
      loadNext();
    },
    countExactly() {
      countExactly();
    },
  };
}
