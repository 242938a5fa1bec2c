// @vitest-environment happy-dom
import type { AppDefinition, TangramClient } from '@tangram/client';
import { ServicesContext, type RouterState, type RuntimeServices } from '@tangram/runtime';
import { App as AntApp } from 'antd';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { createStore } from 'zustand/vanilla';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FormDesignerPage } from '../../src/designer/form-designer';
import { designerEn } from '../../src/designer/i18n/en';
import { designerZhCN } from '../../src/designer/i18n/zh-CN';

async function i18n(lng: string) {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng,
    resources: { 'zh-CN': { designer: designerZhCN }, en: { designer: designerEn } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return instance;
}

const l = (en: string) => ({ en, 'zh-CN': en });
const app = {
  id: 'purchase',
  name: l('Purchasing'),
  formatVersion: 1,
  forms: [{ id: 'orders', name: l('Orders'), fields: [{ id: 'title', type: 'text', label: l('Title') }] }],
} as unknown as AppDefinition;

afterEach(cleanup);

describe('form designer top bar', () => {
  it.each([
    ['zh-CN', '流程设置'],
    ['en', 'Workflow'],
  ])(
    'links to the form workflow page (%s)',
    async (lng, label) => {
      const navigate = vi.fn();
      const services = {
        client: { apps: { get: async () => ({ app, version: 1 }) } } as unknown as TangramClient,
        router: createStore<RouterState>()(() => ({ path: '/', search: '', base: '/', navigate })),
      } as unknown as RuntimeServices;
      render(
        <I18nextProvider i18n={await i18n(lng)}>
          <AntApp>
            <ServicesContext.Provider value={services}>
              <FormDesignerPage appId="purchase" formId="orders" />
            </ServicesContext.Provider>
          </AntApp>
        </I18nextProvider>,
      );
      const button = await screen.findByTestId('designer-workflow', {}, { timeout: 5000 });
      expect(button.textContent).toBe(label);
      fireEvent.click(button);
      await waitFor(() => expect(navigate).toHaveBeenCalledWith('/apps/purchase/forms/orders/workflow'));
      // Rendering the whole designer the first time takes seconds on a loaded CI machine.
    },
    20_000,
  );
});
