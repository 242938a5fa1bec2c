// @vitest-environment happy-dom
import type { AppGrantSummary, DashboardData, TangramClient } from '@tangram/client';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import { App as AntApp } from 'antd';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createStore } from 'zustand/vanilla';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RouterState } from '../../src/core/router';
import { DashboardView } from '../../src/dashboards';
import { createI18n } from '../../src/i18n/i18n';
import { ServicesContext, type RuntimeServices } from '../../src/react/context';

const l = (en: string) => ({ en, 'zh-CN': en });
const table = (id: string, form: string) => ({
  id,
  type: 'table' as const,
  title: l(id),
  layout: { x: 0, y: 0, w: 12, h: 4 },
  source: { form },
  // `salary` is hidden from the reader: the server's answer leaves its column out.
  columns: ['name', 'salary'],
});
const dashboard = {
  id: 'board',
  name: l('Board'),
  widgets: [table('staffList', 'staff'), table('dealList', 'deals')],
};
const form = (id: string) => ({ id, name: l(id), fields: [{ id: 'name', type: 'text', label: l('Name') }] });
const app = { id: 'hr', name: l('HR'), formatVersion: 2, forms: [form('staff'), form('deals')] };
const data: DashboardData = {
  computedAt: '2026-01-01T00:00:00.000Z',
  widgets: {
    staffList: { columns: [{ key: 'name', role: 'field', field: 'name' }], rows: [{ name: 'a' }] },
    dealList: { columns: [{ key: 'name', role: 'field', field: 'name' }], rows: [{ name: 'b' }] },
  },
} as unknown as DashboardData;

const services = {
  client: { reports: { data: async () => data } } as unknown as TangramClient,
  router: createStore<RouterState>()(() => ({ path: '/', search: '', base: '/', navigate: vi.fn() })),
  session: createStore()(() => ({ session: null, expire: () => undefined })),
} as unknown as RuntimeServices;

const grant = (actions: string[]) => ({ actions, visibleFields: ['name'], editableFields: [] });

const mount = (me: AppGrantSummary | undefined) =>
  render(
    <I18nextProvider i18n={createI18n({ language: 'en' })}>
      <AntApp>
        <ServicesContext.Provider value={services}>
          <DashboardView
            appId="hr"
            app={app as unknown as AppDefinition}
            dashboard={dashboard as unknown as Dashboard}
            me={me}
          />
        </ServicesContext.Provider>
      </AntApp>
    </I18nextProvider>,
  );

const exportButtons = async (widgetId: string) => {
  await screen.findByText(widgetId === 'staffList' ? 'a' : 'b');
  return screen.getByTestId(`widget-${widgetId}`).querySelectorAll('[data-testid=widget-export]').length;
};

afterEach(cleanup);

describe("a widget's xlsx export follows the export action on its form (decision 0026)", () => {
  it('is offered only on widgets over a form the caller may export', async () => {
    mount({
      appRole: 'member',
      forms: { staff: grant(['view', 'export']), deals: grant(['view']) },
    } as AppGrantSummary);
    expect(await exportButtons('staffList')).toBe(1);
    expect(await exportButtons('dealList')).toBe(0);
  });

  it("shows a detail table's columns as the server answered them (a hidden field's is left out)", async () => {
    mount(undefined);
    await screen.findByText('a');
    const headers = [...screen.getByTestId('widget-staffList').querySelectorAll('th')].map(
      (th) => th.textContent,
    );
    expect(headers).toEqual(['Name']);
  });

  it('is offered everywhere without a grant summary (an older server)', async () => {
    mount(undefined);
    expect(await exportButtons('staffList')).toBe(1);
    expect(await exportButtons('dealList')).toBe(1);
  });
});
