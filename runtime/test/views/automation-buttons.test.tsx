// @vitest-environment happy-dom
import type { AppDefinition, RecordDto, TangramClient } from '@tangram/client';
import { App as AntApp } from 'antd';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createStore } from 'zustand/vanilla';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RouterState } from '../../src/core/router';
import { createI18n } from '../../src/i18n/i18n';
import { ServicesContext, type RuntimeServices } from '../../src/react/context';
import { AutomationButtons, buttonAutomations } from '../../src/views/react/automation-buttons';

const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const notify = { type: 'notify', title: l('Hi') };
const app = {
  id: 'sales',
  automations: [
    {
      id: 'ship',
      name: l('Ship'),
      trigger: { type: 'button', form: 'orders', label: l('Ship it', '发货') },
      actions: [notify],
    },
    {
      id: 'other_form',
      name: l('X'),
      trigger: { type: 'button', form: 'shipments', label: l('X') },
      actions: [notify],
    },
    {
      id: 'on_create',
      name: l('Y'),
      trigger: { type: 'record', form: 'orders', events: ['created'] },
      actions: [notify],
    },
    {
      id: 'cancel',
      name: l('Cancel'),
      trigger: { type: 'button', form: 'orders', label: l('Cancel order'), confirm: true },
      actions: [notify],
    },
  ],
} as unknown as AppDefinition;

const record = { id: 'r1', data: {} } as unknown as RecordDto;
const press = vi.fn(async (_app: string, automationId: string) => ({
  eventId: 'e1',
  run: { status: automationId === 'cancel' ? 'failed' : 'succeeded', error: 'Order is closed.' },
}));
const services = {
  client: { automations: { press } } as unknown as TangramClient,
  router: createStore<RouterState>()(() => ({ path: '/', search: '', base: '/', navigate: vi.fn() })),
  session: createStore()(() => ({ session: { user: { id: 'u1' } } })),
} as unknown as RuntimeServices;

const mount = (onDone: () => void, language: 'en' | 'zh-CN' = 'en') =>
  render(
    <I18nextProvider i18n={createI18n({ language })}>
      <AntApp>
        <ServicesContext.Provider value={services}>
          <AutomationButtons
            appId="sales"
            automations={buttonAutomations(app, 'orders')}
            record={record}
            onDone={onDone}
          />
        </ServicesContext.Provider>
      </AntApp>
    </I18nextProvider>,
  );

afterEach(() => {
  cleanup();
  press.mockClear();
});

describe('automation buttons', () => {
  it("offers the form's button automations only, labelled in the user's language", () => {
    expect(buttonAutomations(app, 'orders').map((a) => a.id)).toEqual(['ship', 'cancel']);
    expect(buttonAutomations(undefined, 'orders')).toEqual([]);
    mount(() => undefined, 'zh-CN');
    expect(screen.getByTestId('automation-button-ship').textContent).toContain('发货');
  });

  it('runs a button at once, then lets the caller read the record again', async () => {
    const onDone = vi.fn();
    mount(onDone);
    fireEvent.click(screen.getByTestId('automation-button-ship'));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(press).toHaveBeenCalledWith('sales', 'ship', 'r1');
    await waitFor(() => expect(document.body.textContent).toContain('"Ship it" done'));
  });

  it('asks first when the trigger wants a confirmation, and shows the run error', async () => {
    const onDone = vi.fn();
    mount(onDone);
    fireEvent.click(screen.getByTestId('automation-button-cancel'));
    expect(press).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByRole('button', { name: 'Run' }));
    await waitFor(() => expect(press).toHaveBeenCalledWith('sales', 'cancel', 'r1'));
    await waitFor(() =>
      expect(document.body.textContent).toContain('"Cancel order" failed: Order is closed.'),
    );
  });
});
