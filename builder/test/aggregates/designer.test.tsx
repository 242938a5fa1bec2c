// @vitest-environment happy-dom
import { ApiError, type TangramClient } from '@tangram/client';
import { ServicesContext, type RuntimeServices } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AggregateDesignerPage } from '../../src/aggregates/aggregate-designer';
import { aggregatesEn } from '../../src/aggregates/i18n/en';
import { aggregatesZhCN } from '../../src/aggregates/i18n/zh-CN';
import { studioEn } from '../../src/i18n/en';

afterEach(cleanup);

const l = (en: string) => ({ en, 'zh-CN': en });
const app = {
  id: 'inv',
  name: l('Inventory'),
  formatVersion: 2,
  forms: [
    { id: 'products', name: l('Products'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
    {
      id: 'shipments',
      name: l('Shipments'),
      fields: [
        {
          id: 'product',
          type: 'relation',
          label: l('Product'),
          config: { form: 'products', multiple: false },
        },
        { id: 'qty', type: 'number', label: l('Qty'), config: {} },
      ],
    },
  ],
} as unknown as AppDefinition;

async function open(update: (appId: string, input: unknown) => Promise<unknown>) {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    lng: 'en',
    resources: {
      en: { aggregates: aggregatesEn, studio: studioEn },
      'zh-CN': { aggregates: aggregatesZhCN },
    },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  const client = {
    apps: { get: () => Promise.resolve({ app, version: 3 }), update },
  } as unknown as TangramClient;
  const services = {
    client,
    session: {} as RuntimeServices['session'],
    router: { getState: () => ({ navigate: () => undefined }) } as unknown as RuntimeServices['router'],
  };
  render(
    <I18nextProvider i18n={i18n}>
      <ServicesContext.Provider value={services}>
        <AntApp>
          <AggregateDesignerPage appId="inv" />
        </AntApp>
      </ServicesContext.Provider>
    </I18nextProvider>,
  );
  await screen.findByTestId('aggregate-designer');
}

// Rendering antd with happy-dom takes seconds on a loaded 2-core machine: room, not a timing assertion.
describe('aggregate designer', { timeout: 30_000 }, () => {
  it('says what a new aggregate lacks, names it in both languages, and saves through the app save path', async () => {
    const update = vi.fn((_id: string, input: unknown) =>
      Promise.resolve({ app: (input as { app: AppDefinition }).app, version: 4 }),
    );
    await open(update);
    fireEvent.click(screen.getByTestId('aggregate-add'));
    const gaps = await screen.findByTestId('aggregate-gaps');
    expect(gaps.textContent).toContain('Add at least one key.');
    expect(gaps.textContent).toContain('Add at least one source.');
    // Unsaved: the rebuild (which uses the saved definition) is off.
    expect(screen.getByTestId('aggregate-rebuild').hasAttribute('disabled')).toBe(true);

    fireEvent.change(screen.getByTestId('aggregate-name'), { target: { value: 'Stock' } });
    fireEvent.click(screen.getByTestId('key-add'));
    fireEvent.click(screen.getByTestId('source-add'));
    await waitFor(() =>
      expect(screen.getByTestId('aggregate-gaps').textContent).toContain(
        'Source 1 has no field for key "Key 1" yet.',
      ),
    );

    fireEvent.click(screen.getByTestId('aggregates-save'));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    const sent = update.mock.calls[0]![1] as { app: AppDefinition; baseVersion: number };
    expect(sent.baseVersion).toBe(3);
    expect(sent.app.aggregates?.[0]).toMatchObject({
      id: 'aggregate_1',
      name: { en: 'Stock', 'zh-CN': '聚合表 1' },
      keys: [{ id: 'key_1', type: 'record', form: 'products' }],
      sources: [{ id: 'source_1', form: 'products', keys: {}, measures: {} }],
    });
  });

  it("shows the server's refusal with each issue's path", async () => {
    const update = vi.fn(() =>
      Promise.reject(
        new ApiError(400, 'validation_failed', 'The app definition is invalid.', [
          { path: '/aggregates/0/keys', code: 'minItems', message: 'must have at least 1 item' },
        ]),
      ),
    );
    await open(update);
    fireEvent.click(screen.getByTestId('aggregate-add'));
    fireEvent.click(screen.getByTestId('aggregates-save'));
    const issues = await screen.findByTestId('aggregate-issues');
    expect(issues.textContent).toContain('/aggregates/0/keys');
    expect(issues.textContent).toContain('must have at least 1 item');
  });
});
