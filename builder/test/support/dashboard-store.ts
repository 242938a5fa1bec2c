import type { AppDefinition, Dashboard, FormDefinition } from '@tangram/schema';
import { createDashboardStore } from '../../src/dashboards/dashboard-store';

/** A dashboard editor store over an app holding only `dashboard` (and the forms it reads). */
export function dashboardStore(dashboard: Dashboard, forms: readonly FormDefinition[] = []) {
  const app = {
    id: 'app',
    name: { en: 'App' },
    formatVersion: 1,
    forms: [...forms],
    navigation: [],
    dashboards: [dashboard],
  } as AppDefinition;
  return createDashboardStore({ app, version: 1, dashboardId: dashboard.id });
}
