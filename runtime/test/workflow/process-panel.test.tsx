// @vitest-environment happy-dom
import { ApiError, type AppDefinition, type TangramClient, type WorkflowView } from '@tangram/client';
import type { FormDefinition, WorkflowDefinition } from '@tangram/schema';
import { App as AntApp } from 'antd';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createStore } from 'zustand/vanilla';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RouterState } from '../../src/core/router';
import type { SessionState } from '../../src/core/session-store';
import { createI18n } from '../../src/i18n/i18n';
import { ServicesContext, type RuntimeServices } from '../../src/react/context';
import { ProcessPanel } from '../../src/workflow';

const l = (en: string) => ({ en, 'zh-CN': en });

const form = {
  id: 'orders',
  name: l('Orders'),
  titleField: 'title',
  workflowId: 'wf',
  fields: [
    { id: 'title', type: 'text', label: l('Title') },
    { id: 'note', type: 'text', label: l('Note') },
    { id: 'secret', type: 'text', label: l('Secret') },
  ],
} as unknown as FormDefinition;

const definition = {
  id: 'wf',
  name: l('Approval'),
  form: 'orders',
  nodes: [
    { type: 'start', id: 'start', next: 'mgr' },
    {
      type: 'approve',
      id: 'mgr',
      name: l('Manager'),
      assignees: [{ kind: 'users', ids: ['bob'] }],
      next: 'end',
    },
    { type: 'end', id: 'end' },
  ],
} as unknown as WorkflowDefinition;

const app = {
  id: 'app',
  name: l('App'),
  formatVersion: 1,
  forms: [form],
  workflows: [definition],
} as AppDefinition;

function view(over: Partial<WorkflowView['me']> = {}): WorkflowView {
  return {
    instance: {
      id: 'i1',
      status: 'running',
      workflowId: 'wf',
      definition,
      active: [{ nodeId: 'mgr', visit: 1, enteredAt: '2026-11-23T08:00:00Z', forks: [] }],
      log: [{ at: '2026-11-23T08:00:00Z', actor: 'alice', action: 'submit', nodeId: 'start' }],
      tasks: [
        {
          id: 't1',
          nodeId: 'mgr',
          visit: 1,
          assignee: 'bob',
          status: 'pending',
          order: 0,
          createdAt: '2026-11-23T08:00:00Z',
        },
      ],
      submitter: 'alice',
      createdAt: '2026-11-23T08:00:00Z',
      finishedAt: null,
    },
    me: {
      taskId: 't1',
      nodeId: 'mgr',
      actions: ['approve', 'reject', 'comment'],
      rejectTargets: [{ kind: 'start' }, { kind: 'end' }],
      fieldAccess: { title: 'read', note: 'required', secret: 'hidden' },
      canWithdraw: false,
      canUrge: false,
      signatureRequired: false,
      commentRequired: true,
      ...over,
    },
    record: {
      id: 'r1',
      version: 4,
      createdAt: '',
      createdBy: 'alice',
      updatedAt: '',
      updatedBy: 'alice',
      ownerId: 'alice',
      deletedAt: null,
      data: { title: 'Laptop', note: '' },
    },
  };
}

function setup(current: () => WorkflowView) {
  const client = {
    workflow: { get: vi.fn(async () => current()) },
    tasks: {
      approve: vi.fn(async () => ({ view: current() })),
      reject: vi.fn(async () => ({ view: current() })),
      counts: vi.fn(async () => ({ todo: 0, done: 1, initiated: 0, cc: 0 })),
    },
    notifications: { count: vi.fn(async () => ({ unread: 0 })) },
    records: { get: vi.fn() },
    org: {
      members: vi.fn(async () => ({
        items: [
          { id: 'alice', name: 'Alice', email: 'a@x', departmentIds: [] },
          { id: 'bob', name: 'Bob', email: 'b@x', departmentIds: [] },
        ],
      })),
    },
    files: { url: (id: string) => `/files/${id}` },
  };
  const services: RuntimeServices = {
    client: client as unknown as TangramClient,
    session: createStore<SessionState>()(
      () =>
        ({
          status: 'authenticated',
          session: {
            user: { id: 'bob', name: 'Bob', email: 'b@x', isAdmin: false, departmentIds: [], roleIds: [] },
            org: { id: 'o', name: 'Org', timeZone: 'Asia/Shanghai' },
            csrfToken: 'x',
          },
        }) as unknown as SessionState,
    ),
    router: createStore<RouterState>()(() => ({ path: '/', search: '', base: '/', navigate: vi.fn() })),
  };
  render(
    <I18nextProvider i18n={createI18n({ language: 'en' })}>
      <AntApp>
        <ServicesContext.Provider value={services}>
          <ProcessPanel app={app} form={form} recordId="r1" />
        </ServicesContext.Provider>
      </AntApp>
    </I18nextProvider>,
  );
  return client;
}

afterEach(cleanup);

describe('process panel', () => {
  it('renders the form with the node access, the chart, the log and the allowed buttons', async () => {
    setup(() => view());
    await screen.findByTestId('process-panel');
    expect(screen.getByTestId('workflow-status').textContent).toBe('In approval');
    expect(screen.getByTestId('flow-node-mgr').getAttribute('data-state')).toBe('current');
    expect(screen.getByTestId('flow-node-start').getAttribute('data-state')).toBe('done');
    await waitFor(() => expect(screen.getByTestId('workflow-log').textContent).toContain('Alice'));
    // Hidden: not rendered; read: disabled; required: editable and marked.
    expect(screen.queryByLabelText('Secret')).toBeNull();
    expect((screen.getByLabelText('Title') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText(/Note/) as HTMLInputElement).disabled).toBe(false);
    expect(screen.queryByTestId('form-submit')).toBeNull();
    const buttons = screen.getAllByRole('button').map((b) => b.getAttribute('data-testid'));
    expect(buttons).toEqual(
      expect.arrayContaining([
        'workflow-action-comment',
        'workflow-action-reject',
        'workflow-action-approve',
      ]),
    );
    expect(buttons).not.toContain('workflow-action-withdraw');
  });

  it('validates required fields and the required comment, then approves with the changed values', async () => {
    const client = setup(() => view());
    await screen.findByTestId('process-panel');
    fireEvent.click(screen.getByTestId('workflow-action-approve'));
    // The node makes the note required: no dialog until it is filled.
    expect(await screen.findByTestId('workflow-error')).toBeTruthy();
    expect(screen.queryByTestId('workflow-dialog-ok')).toBeNull();
    fireEvent.change(screen.getByLabelText(/Note/), { target: { value: 'checked' } });
    fireEvent.click(screen.getByTestId('workflow-action-approve'));
    fireEvent.click(await screen.findByTestId('workflow-dialog-ok'));
    // The node requires a comment.
    expect((await screen.findByTestId('workflow-dialog-problem')).textContent).toContain('comment');
    expect(client.tasks.approve).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('workflow-comment'), { target: { value: 'fine' } });
    await act(async () => fireEvent.click(screen.getByTestId('workflow-dialog-ok')));
    await waitFor(() =>
      expect(client.tasks.approve).toHaveBeenCalledWith('t1', {
        comment: 'fine',
        data: { note: 'checked' },
        recordVersion: 4,
      }),
    );
    // The state is read again and the shell's counts refreshed.
    await waitFor(() => expect(client.workflow.get).toHaveBeenCalledTimes(2));
    expect(client.tasks.counts).toHaveBeenCalled();
  });

  it('shows a task already handled by someone else (409) and reloads', async () => {
    const client = setup(() => view({ commentRequired: false, fieldAccess: { title: 'read' } }));
    client.tasks.reject.mockRejectedValueOnce(
      new ApiError(409, 'task_closed', 'The task was already handled.'),
    );
    await screen.findByTestId('process-panel');
    fireEvent.click(screen.getByTestId('workflow-action-reject'));
    fireEvent.click(await screen.findByTestId('workflow-dialog-ok'));
    await waitFor(() => expect(client.tasks.reject).toHaveBeenCalledWith('t1', { to: 'start' }));
    await waitFor(() => expect(client.workflow.get).toHaveBeenCalledTimes(2));
    expect((await screen.findByTestId('workflow-error')).textContent).toContain('already handled');
  });
});
