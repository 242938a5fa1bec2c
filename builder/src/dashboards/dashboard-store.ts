import type { AppDefinition, Dashboard } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyDashboardCommand, type DashboardCommand } from './dashboard-commands';

export interface DashboardEditorState {
  dashboard: Dashboard;
  selected: string | null;
  past: Dashboard[];
  future: Dashboard[];
  /** The history position saved last: `dirty` when the document differs. */
  saved: Dashboard;
  dispatch(command: DashboardCommand): void;
  select(id: string | null): void;
  undo(): void;
  redo(): void;
  markSaved(dashboard: Dashboard): void;
}

export type DashboardEditorStore = StoreApi<DashboardEditorState>;

/**
 * One store per mounted dashboard editor. History keeps whole dashboards: a dashboard is a few
 * kilobytes, so snapshots are simpler than the form designer's patches and cost little
 * (decision 0008). At most 100 steps are kept.
 */
export function createDashboardStore(
  initial: Dashboard,
  app: Pick<AppDefinition, 'forms'> = { forms: [] },
): DashboardEditorStore {
  return createStore<DashboardEditorState>((set, get) => ({
    dashboard: initial,
    selected: initial.widgets[0]?.id ?? null,
    past: [],
    future: [],
    saved: initial,
    dispatch(command) {
      const { dashboard, past } = get();
      const next = applyDashboardCommand(dashboard, command, app);
      const selected = selectionAfter(command, next, get().selected);
      set({ dashboard: next, past: [...past, dashboard].slice(-100), future: [], selected });
    },
    select(id) {
      set({ selected: id });
    },
    undo() {
      const { past, dashboard, future } = get();
      const prev = past[past.length - 1];
      if (!prev) return;
      set({ dashboard: prev, past: past.slice(0, -1), future: [dashboard, ...future] });
    },
    redo() {
      const { past, dashboard, future } = get();
      const [next, ...rest] = future;
      if (!next) return;
      set({ dashboard: next, past: [...past, dashboard], future: rest });
    },
    markSaved(dashboard) {
      set({ saved: dashboard, dashboard });
    },
  }));
}

/** What is selected after a command: a new widget or filter, nothing after removing the selected one. */
function selectionAfter(command: DashboardCommand, next: Dashboard, current: string | null): string | null {
  if (command.kind === 'addWidget') return next.widgets[next.widgets.length - 1]?.id ?? null;
  if (command.kind === 'addFilter') return next.filters?.[next.filters.length - 1]?.id ?? null;
  if ((command.kind === 'removeWidget' || command.kind === 'removeFilter') && current === command.id)
    return null;
  return current;
}
