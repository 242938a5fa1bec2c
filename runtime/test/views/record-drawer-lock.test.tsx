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
/** The form's current workflow setting and the approved instance's submitter, per test. */
let rule: 'locked' | 'reopen' | 'allow' | undefined;
let submitter = 'u1';
const remove = vi.fn(async () => undefined);
const services = {
  client: {
    apps: {
      get: async () => ({
        app: {
          workflows: [{ id: 'approval', settings: rule ? { editAfterApproval: rule } : {} }],
        },
      }),
    },
    workflow: {
      get: async () => ({ instance: { submitter, definition: { settings: {} } } }),
    },
    records: { get: async () => stored, remove },
  } as unknown as TangramClient,
  router: createStore<RouterState>()(() => ({ path: '/', search: '', base: '/', navigate: vi.fn() })),
  // Signed in as u1.
  session: createStore()(() => ({ session: { user: { id: 'u1' } } })),
} as unknown as RuntimeServices;

const mount = (
  status: RecordDto['workflowStatus'],
  language: 'en' | 'zh-CN' = 'en',
  onSaved: (r: RecordDto) => void = () => undefined,
  onDeleted: ((r: RecordDto) => void) | undefined = () => undefined,
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
            canDelete
            onClose={() => undefined}
            onSaved={onSaved}
            onDeleted={onDeleted}
          />
        </ServicesContext.Provider>
      </AntApp>
    </I18nextProvider>,
  );

afterEach(() => {
  cleanup();
  rule = undefined;
  submitter = 'u1';
  remove.mockClear();
});

const button = async (id: 'record-edit' | 'record-delete') =>
  (await screen.findByTestId(id)) as HTMLButtonElement;

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

  it.each(['rejected', 'withdrawn', null] as const)('allows Edit when the status is %s', async (s) => {
    mount(s);
    const edit = (await screen.findByTestId('record-edit')) as HTMLButtonElement;
    expect(edit.disabled).toBe(false);
    expect(screen.getByTestId('record-open-full').getAttribute('href')).toMatch(/\/edit$/);
    fireEvent.click(edit);
    expect(document.body.textContent).not.toContain('Act in the Process tab');
  });

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

describe('record drawer on an approved record (decision 0020)', () => {
  it('disables Edit and Delete under the default rule, locked, and says why', async () => {
    mount('approved');
    const edit = await button('record-edit');
    expect(edit.disabled).toBe(true);
    expect((await button('record-delete')).disabled).toBe(true);
    // Stays disabled once the app and the workflow view have answered.
    await waitFor(() =>
      expect(screen.getByTestId('record-open-full').getAttribute('href')).toMatch(/\/process$/),
    );
    expect(edit.disabled).toBe(true);
    fireEvent.mouseEnter(screen.getByTestId('record-edit-wrap'));
    await waitFor(() => expect(document.body.textContent).toContain('locks approved records'));
    fireEvent.mouseEnter(screen.getByTestId('record-delete-wrap'));
    fireEvent.click(await button('record-delete'));
    expect(remove).not.toHaveBeenCalled();
  });

  it('says so in Chinese too', async () => {
    mount('approved', 'zh-CN');
    fireEvent.mouseEnter(screen.getByTestId('record-edit-wrap'));
    await waitFor(() => expect(document.body.textContent).toContain('不能再编辑或删除'));
  });

  it('enables both when the workflow allows edits after approval', async () => {
    rule = 'allow';
    mount('approved');
    const edit = await button('record-edit');
    await waitFor(() => expect(edit.disabled).toBe(false));
    expect((await button('record-delete')).disabled).toBe(false);
    expect(screen.getByTestId('record-open-full').getAttribute('href')).toMatch(/\/edit$/);
  });

  it('under reopen: Edit for the submitter only, Delete for nobody', async () => {
    rule = 'reopen';
    mount('approved');
    await waitFor(async () => expect((await button('record-edit')).disabled).toBe(false));
    expect((await button('record-delete')).disabled).toBe(true);
    cleanup();

    submitter = 'someone-else';
    mount('approved');
    fireEvent.mouseEnter(screen.getByTestId('record-edit-wrap'));
    await waitFor(() => expect(document.body.textContent).toContain('only its submitter can change it'));
    expect((await button('record-edit')).disabled).toBe(true);
  });
});

describe('record drawer Delete', () => {
  it('deletes after confirming and tells the list', async () => {
    const onDeleted = vi.fn();
    mount(null, 'en', undefined, onDeleted);
    fireEvent.click(await button('record-delete'));
    // The confirm dialog (in a portal): its danger button is the OK.
    await waitFor(() => expect(document.body.textContent).toContain('Delete this record?'));
    const ok = document.querySelector<HTMLButtonElement>('.ant-modal-confirm-btns .ant-btn-dangerous');
    fireEvent.click(ok!);
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(remove).toHaveBeenCalledWith({ appId: 'purchase', formId: 'orders' }, 'r1');
  });

  it('is absent without the delete grant', async () => {
    render(
      <I18nextProvider i18n={createI18n({ language: 'en' })}>
        <AntApp>
          <ServicesContext.Provider value={services}>
            <RecordDrawer
              appId="purchase"
              form={form}
              record={record(null)}
              directory={emptyDirectory}
              onClose={() => undefined}
              onSaved={() => undefined}
              onDeleted={() => undefined}
            />
          </ServicesContext.Provider>
        </AntApp>
      </I18nextProvider>,
    );
    await screen.findByTestId('record-edit');
    expect(screen.queryByTestId('record-delete')).toBeNull();
  });
});
