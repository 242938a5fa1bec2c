import type { AppDefinition, Dashboard } from '@tangram/schema';
import { createDocumentStore, type DocumentState, type DocumentStore } from '../core/document-store';
import {
  applyDashboardCommand,
  DashboardCommandError,
  withDashboard,
  type DashboardCommand,
} from './dashboard-commands';

/** The dashboard editor's own state, beside the shared document state. */
export interface DashboardDesignerExtra {
  dashboardId: string;
  /** The dashboard being edited, as it is in `app` (follows every change). */
  dashboard: Dashboard;
  /** The selected widget or filter. */
  selected: string | null;
  select(id: string | null): void;
}

export type DashboardEditorState = DocumentState<DashboardCommand, DashboardCommandError> &
  DashboardDesignerExtra;
export type DashboardEditorStore = DocumentStore<
  DashboardCommand,
  DashboardCommandError,
  DashboardDesignerExtra
>;

function dashboardOf(app: AppDefinition, id: string): Dashboard {
  const found = (app.dashboards ?? []).find((d) => d.id === id);
  if (!found) throw new DashboardCommandError('unknown_dashboard', `The app has no dashboard ${id}`);
  return found;
}

/**
 * One store per mounted dashboard editor, on the shared document store (core/document-store.ts):
 * the document is the whole app, each command changes this one dashboard, and saving stores the
 * app with the base version like every designer.
 */
export function createDashboardStore(init: {
  app: AppDefinition;
  version: number;
  dashboardId: string;
  now?: () => number;
}): DashboardEditorStore {
  const first = dashboardOf(init.app, init.dashboardId);
  return createDocumentStore<DashboardCommand, DashboardCommandError, DashboardDesignerExtra>({
    app: init.app,
    version: init.version,
    now: init.now,
    apply: (app, cmd) =>
      withDashboard(app, applyDashboardCommand(dashboardOf(app, init.dashboardId), cmd, app)),
    isCommandError: (e): e is DashboardCommandError => e instanceof DashboardCommandError,
    label: (cmd) => cmd.kind,
    extra: (set) => ({
      dashboardId: init.dashboardId,
      dashboard: first,
      selected: first.widgets[0]?.id ?? null,
      select: (selected) => set({ selected }),
    }),
    follow: (app, s, _cause, cmd) => {
      const dashboard = dashboardOf(app, s.dashboardId);
      return {
        dashboard,
        selected: keepSelection(dashboard, cmd ? selectionAfter(cmd, dashboard, s.selected) : s.selected),
      };
    },
  });
}

/** What is selected after a command: a new widget or filter, nothing after removing the selected one. */
function selectionAfter(command: DashboardCommand, next: Dashboard, current: string | null): string | null {
  if (command.kind === 'addWidget') return next.widgets[next.widgets.length - 1]?.id ?? null;
  if (command.kind === 'addFilter') return next.filters?.[next.filters.length - 1]?.id ?? null;
  if ((command.kind === 'removeWidget' || command.kind === 'removeFilter') && current === command.id)
    return null;
  return current;
}

/** A selection survives only while its widget or filter exists (undo may remove it). */
function keepSelection(dashboard: Dashboard, selected: string | null): string | null {
  if (!selected) return null;
  const exists =
    dashboard.widgets.some((w) => w.id === selected) ||
    (dashboard.filters ?? []).some((f) => f.id === selected);
  return exists ? selected : null;
}
