// @vitest-environment happy-dom
import type { AppDefinition, WorkflowDefinition } from '@tangram/schema';
import { App as AntApp } from 'antd';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { applyWorkflowCommand } from '../../src/workflow/core/commands';
import { workflowEn } from '../../src/workflow/i18n/en';
import { workflowZhCN } from '../../src/workflow/i18n/zh-CN';
import { SidePanel } from '../../src/workflow/panel/side-panel';
import {
  selectForm,
  selectWorkflow,
  useWorkflowEditor,
  useWorkflowStore,
  WorkflowStoreProvider,
} from '../../src/workflow/store/context';
import type { WorkflowEditorStore } from '../../src/workflow/store/workflow-store';

async function i18n(lng: string) {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng,
    resources: { 'zh-CN': { workflow: workflowZhCN }, en: { workflow: workflowEn } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return instance;
}

const app = applyWorkflowCommand(
  {
    id: 'app1',
    name: { en: 'App' },
    formatVersion: 1,
    forms: [{ id: 'orders', name: { en: 'Orders' }, fields: [] }],
  } as unknown as AppDefinition,
  { type: 'enableWorkflow', formId: 'orders' },
);

let store: WorkflowEditorStore | undefined;
function Settings() {
  store = useWorkflowStore();
  const wf = useWorkflowEditor(selectWorkflow) as WorkflowDefinition;
  const form = useWorkflowEditor(selectForm);
  return (
    <SidePanel
      wf={wf}
      tree={null}
      form={form}
      directory={{} as never}
      registry={{} as never}
      issues={new Map()}
      selection={null}
    />
  );
}

afterEach(cleanup);

describe('workflow settings panel', () => {
  it.each([
    ['zh-CN', '发起人不能审批自己提交的数据'],
    ['en', 'The submitter never approves their own record'],
  ])('switches forbidSelfApproval on and off (%s)', async (lng, label) => {
    render(
      <I18nextProvider i18n={await i18n(lng)}>
        <AntApp>
          <WorkflowStoreProvider app={app} version={1} formId="orders">
            <Settings />
          </WorkflowStoreProvider>
        </AntApp>
      </I18nextProvider>,
    );
    const box = screen.getByTestId('workflow-forbid-self-approval');
    expect(box.closest('label')?.textContent).toBe(label);
    const settings = () => selectWorkflow(store!.getState())?.settings;
    expect(settings()?.forbidSelfApproval).toBeUndefined();
    fireEvent.click(box);
    expect(settings()?.forbidSelfApproval).toBe(true);
    fireEvent.click(box);
    expect(settings()?.forbidSelfApproval).toBeUndefined();
  });

  it.each([
    ['zh-CN', '审批通过后的数据', '锁定：不能修改或删除', '发起人可修改，修改后重新审批'],
    [
      'en',
      'Approved records',
      'Locked: no edits or deletes',
      'The submitter may edit them, which restarts the approval',
    ],
  ])('chooses what happens to approved records (%s)', async (lng, title, locked, reopen) => {
    render(
      <I18nextProvider i18n={await i18n(lng)}>
        <AntApp>
          <WorkflowStoreProvider app={app} version={1} formId="orders">
            <Settings />
          </WorkflowStoreProvider>
        </AntApp>
      </I18nextProvider>,
    );
    expect(screen.getByText(title)).toBeTruthy();
    const radio = (value: string) =>
      screen.getByTestId(`workflow-edit-after-approval-${value}`) as HTMLInputElement;
    expect(radio('locked').closest('label')?.textContent).toBe(locked);
    expect(radio('reopen').closest('label')?.textContent).toBe(reopen);
    const settings = () => selectWorkflow(store!.getState())?.settings;
    // Locked is the default: checked, and stored as the setting's absence.
    expect(radio('locked').checked).toBe(true);
    expect(settings()?.editAfterApproval).toBeUndefined();
    fireEvent.click(radio('reopen'));
    expect(settings()?.editAfterApproval).toBe('reopen');
    expect(radio('reopen').checked).toBe(true);
    fireEvent.click(radio('allow'));
    expect(settings()?.editAfterApproval).toBe('allow');
    fireEvent.click(radio('locked'));
    expect(settings()?.editAfterApproval).toBeUndefined();
    expect(radio('locked').checked).toBe(true);
  });
});
