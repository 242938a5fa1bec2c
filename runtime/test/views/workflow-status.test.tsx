// @vitest-environment happy-dom
import type { FormDefinition, TangramClient } from '@tangram/client';
import { checkFilter } from '@tangram/query';
import type { Filter } from '@tangram/schema';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { ServicesContext, type RuntimeServices } from '../../src/react/context';
import {
  emptyCondition,
  emptyGroup,
  filterFields,
  toFilter,
  valueEditor,
} from '../../src/views/core/filter-draft';
import { defaultColumns, reconcileColumns } from '../../src/views/core/view-store';
import { FilterEditor } from '../../src/views/react/filter-editor';
import { WorkflowStatusTag } from '../../src/views/react/workflow-status-tag';

const l = (en: string) => ({ en, 'zh-CN': en });
const plain = {
  id: 'notes',
  name: l('Notes'),
  fields: [{ id: 'title', type: 'text', label: l('Title') }],
} as FormDefinition;
const process = { ...plain, id: 'orders', workflowId: 'approval' } as FormDefinition;

afterEach(cleanup);

describe('workflowStatus in the data views', () => {
  it('is a filter field and an optional (hidden) column only on process forms', () => {
    expect(filterFields(plain).map((f) => f.ref)).not.toContain('workflowStatus');
    expect(filterFields(process).map((f) => f.ref)).toContain('workflowStatus');
    expect(defaultColumns(plain).map((c) => c.field)).not.toContain('workflowStatus');
    expect(defaultColumns(process)).toContainEqual({ field: 'workflowStatus', hidden: true });
    // A saved view keeps a shown status column; a plain form drops it.
    expect(reconcileColumns(process, [{ field: 'workflowStatus' }])[0]).toEqual({ field: 'workflowStatus' });
    expect(reconcileColumns(plain, [{ field: 'workflowStatus' }]).map((c) => c.field)).not.toContain(
      'workflowStatus',
    );
  });

  it('picks its values like a select and builds a valid filter', () => {
    expect(valueEditor(process, 'workflowStatus', 'eq')).toBe('option');
    expect(valueEditor(process, 'workflowStatus', 'in')).toBe('options');
    expect(valueEditor(process, 'workflowStatus', 'isEmpty')).toBe('none');
    const group = emptyGroup();
    group.items = [{ ...emptyCondition(), field: 'workflowStatus', op: 'eq', value: 'running' }];
    const filter = toFilter(process, group);
    expect(filter).toEqual({
      kind: 'and',
      items: [{ kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'running' }],
    });
    expect(checkFilter(filter!, process)).toEqual([]);
  });

  it('offers the four states with their labels in the filter editor', () => {
    const client = {
      org: { members: async () => ({ items: [] }), departments: async () => ({ items: [] }) },
    } as unknown as TangramClient;
    const value: Filter = { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'running' };
    render(
      <I18nextProvider i18n={createI18n({ language: 'en' })}>
        <ServicesContext.Provider value={{ client } as RuntimeServices}>
          <FilterEditor form={process} value={value} onChange={() => undefined} />
        </ServicesContext.Provider>
      </I18nextProvider>,
    );
    expect(screen.getByText('Workflow status')).toBeTruthy();
    expect(screen.getByText('In approval')).toBeTruthy();
    fireEvent.mouseDown(screen.getByLabelText('Value'));
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
    expect(options).toEqual(['In approval', 'Approved', 'Rejected', 'Withdrawn']);
  });

  it('shows a coloured tag per state, in zh-CN and en, and nothing without a flow', () => {
    const tag = (
      language: 'zh-CN' | 'en',
      status: 'running' | 'approved' | 'rejected' | 'withdrawn' | null,
    ) =>
      render(
        <I18nextProvider i18n={createI18n({ language })}>
          <WorkflowStatusTag status={status} />
        </I18nextProvider>,
      );
    tag('zh-CN', 'running');
    expect(screen.getByTestId('workflow-status-tag').textContent).toBe('审批中');
    expect(screen.getByTestId('workflow-status-tag').className).toContain('processing');
    cleanup();
    tag('en', 'rejected');
    expect(screen.getByTestId('workflow-status-tag').textContent).toBe('Rejected');
    expect(screen.getByTestId('workflow-status-tag').className).toContain('error');
    cleanup();
    tag('en', null);
    expect(screen.queryByTestId('workflow-status-tag')).toBeNull();
  });
});
