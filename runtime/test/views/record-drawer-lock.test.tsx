// @vitest-environment happy-dom
import type { FormDefinition, RecordDto, TangramClient } from '@tangram/client';
import { App as AntApp } from 'antd';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createStore } from 'zustand/vanilla';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RouterState } from '../../src/core/router';
import { createI18n } from '../../src/i18n/i18n';
import { ServicesContext, type RuntimeServices } from '../../src/react/context';
import { emptyDirectory } from '../../src/views/core/format-cell';
import { RecordDrawer } from '../../src/views/react/record-drawer';

const l = (en: string) => ({ en, 'zh-CN': en });
const form = {
  id: 'orders',
  name: l('Orders'),
  titleField: 'title',
  workflowId: 'approval',
  fields: [{ id: 'title', type: 'text', label: l('Title') }],
} as FormDefinition;

const record = (workflowStatus: RecordDto['workflowStatus']): RecordDto => ({
  id: 'r1',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'u1',
  ownerId: 'u1',
  workflowStatus,
  deletedAt: null,
  data: { title: 'Pens' },
});

let stored: RecordDto | undefined;
const services = {
  client: {
    apps: { get: () => new Promise(() => undefined) },
    records: { get: async () => stored },
  } as unknown as TangramClient,
  router: createStore<RouterState>()(() => ({ path: '/', search: '', base: '/', navigate: vi.fn() })),
} as unknown as RuntimeServices;

const mount = (
  status: RecordDto['workflowStatus'],
  language: 'en' | 'zh-CN' = 'en',
  onSaved: (r: RecordDto) => void = () => undefined,
) =>
  render(
    <I18nextProvider i18n={createI18n({ language })}>
      <AntApp>
        <ServicesContext.Provider value={services}>
          <RecordDrawer
            appId="purchase"
            form={form}
            record={record(status)}
            directory={emptyDirectory}
            onClose={() => undefined}
            onSaved={onSaved}
          />
        </ServicesContext.Provider>
      </AntApp>
    </I18nextProvider>,
  );

afterEach(cleanup);

describe('record drawer while the approval runs', () => {
  it('disables Edit with a tooltip pointing to the Process tab', async () => {
    mount('running');
    const edit = (await screen.findByTestId('record-edit')) as HTMLButtonElement;
    expect(edit.disabled).toBe(true);
    fireEvent.click(edit);
    expect(screen.queryByTestId('record-edit-form')).toBeNull();
    fireEvent.mouseEnter(screen.getByTestId('record-edit-wrap'));
    await waitFor(() => expect(document.body.textContent).toContain('Act in the Process tab'));
    // The full page is the process page then, not the editor the server would refuse.
    expect(screen.getByTestId('record-open-full').getAttribute('href')).toMatch(/\/process$/);
  });

  it('says so in Chinese too', async () => {
    mount('running', 'zh-CN');
    expect(((await screen.findByTestId('record-edit')) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.mouseEnter(screen.getByTestId('record-edit-wrap'));
    await waitFor(() => expect(document.body.textContent).toContain('请在「流程」页签中处理'));
  });

  it.each(['approved', 'rejected', 'withdrawn', null] as const)(
    'allows Edit when the status is %s',
    async (s) => {
      mount(s);
      const edit = (await screen.findByTestId('record-edit')) as HTMLButtonElement;
      expect(edit.disabled).toBe(false);
      expect(screen.getByTestId('record-open-full').getAttribute('href')).toMatch(/\/edit$/);
      fireEvent.click(edit);
      expect(document.body.textContent).not.toContain('Act in the Process tab');
    },
  );

  it('re-reads the record when coming back from the Process tab, so a finished approval unlocks Edit', async () => {
    const onSaved = vi.fn();
    stored = { ...record('approved'), version: 2 };
    mount('running', 'en', onSaved);
    await screen.findByTestId('record-edit');
    fireEvent.click(screen.getByTestId('record-process-tab-label'));
    fireEvent.click(screen.getByText('Details'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(stored));
  });
});
