// @vitest-environment happy-dom
import type { WidgetData } from '@tangram/client';
import type { ChartWidget, FormDefinition } from '@tangram/schema';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { WidgetCard } from '../../src/dashboards/react/widget-card';
import { createI18n } from '../../src/i18n/i18n';

const l = (en: string) => ({ en, 'zh-CN': en });
const form = {
  id: 'deals',
  name: l('Deals'),
  fields: [
    { id: 'owner', type: 'member', label: l('Owner') },
    { id: 'stage', type: 'text', label: l('Stage') },
    { id: 'amount', type: 'number', label: l('Amount') },
  ],
} as unknown as FormDefinition;
const widget = {
  id: 'byOwner',
  type: 'bar',
  title: l('By owner'),
  layout: { x: 0, y: 0, w: 12, h: 6 },
  source: { form: 'deals' },
  dimensions: [{ field: 'owner' }],
  measures: [{ op: 'sum', field: 'amount', as: 'amount' }],
  drill: { levels: [{ field: 'stage' }] },
} as unknown as ChartWidget;
const columns = (dim: string) => [
  { key: dim, role: 'dimension', field: dim },
  { key: 'amount', role: 'measure' },
];
const byOwner = {
  columns: columns('owner'),
  rows: [{ owner: 'usr_1', amount: 10 }],
  labels: { owner: { usr_1: 'Wang Fang' } },
} as unknown as WidgetData;
const byStage = { columns: columns('stage'), rows: [{ stage: 'won', amount: 10 }] } as unknown as WidgetData;

afterEach(cleanup);

const card = (data: WidgetData, drillPath: unknown[]) => (
  <I18nextProvider i18n={createI18n({ language: 'en' })}>
    <WidgetCard widget={widget} form={form} data={data} loading={false} drillPath={drillPath} />
  </I18nextProvider>
);

describe('drill breadcrumbs', () => {
  it('name the member clicked at the level above, whose answer is gone', () => {
    const view = render(card(byOwner, []));
    view.rerender(card(byStage, ['usr_1']));
    const crumbs = screen.getByTestId('drill-crumbs');
    expect(crumbs.textContent).toContain('Wang Fang');
    expect(crumbs.textContent).not.toContain('usr_1');
  });
});
