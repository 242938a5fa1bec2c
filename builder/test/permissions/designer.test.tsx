// @vitest-environment happy-dom
import type { AppDefinition, PermissionGroup } from '@tangram/schema';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PermissionDesignerPage } from '../../src/permissions/permission-designer';
import { baseApp, fakeClient, refusal, renderWith } from './harness';

afterEach(cleanup);

/** Opens an antd select and clicks the option with this label. */
async function choose(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (o) => o.textContent === label,
    );
    if (!found) throw new Error(`no option ${label}`);
    return found;
  });
  fireEvent.click(option);
}

const saveOk = () =>
  vi.fn((_app: string, input: unknown) =>
    Promise.resolve({ app: (input as { app: AppDefinition }).app, version: 4 }),
  );

async function openDesigner(update = saveOk()) {
  await renderWith(fakeClient(baseApp, update), <PermissionDesignerPage appId="hr" formId="staff" />);
  await screen.findByTestId('permission-designer');
  return update;
}

/** Saves and returns the groups of the form in the definition sent to the server. */
async function savedGroups(update: ReturnType<typeof vi.fn>): Promise<PermissionGroup[] | undefined> {
  fireEvent.click(screen.getByTestId('permissions-save'));
  await waitFor(() => expect(update).toHaveBeenCalled());
  const input = update.mock.calls.at(-1)?.[1] as { app: AppDefinition; baseVersion: number };
  // The save path's optimistic lock: the version loaded (3), then the one last saved (4).
  expect(input.baseVersion).toBe(update.mock.calls.length === 1 ? 3 : 4);
  return input.app.forms[0]?.permissionGroups;
}

// Rendering the whole designer (antd selects included) takes a few seconds in happy-dom.
describe('permission designer', { timeout: 30_000 }, () => {
  it('designs a group: members, actions with implications, a scope and a field mask', async () => {
    const update = await openDesigner();
    fireEvent.click(screen.getByTestId('add-group'));
    expect(screen.getByTestId('group-name')).toHaveProperty('textContent', 'Group 1');

    await choose('group-members-departments', 'Sales');
    fireEvent.click(screen.getByTestId('group-members-include-sub'));

    // Edit brings view with it: view shows ticked and locked once it is no longer ticked itself.
    fireEvent.click(screen.getByTestId('group-actions-edit'));
    fireEvent.click(screen.getByTestId('group-actions-view'));
    const view = screen.getByTestId('group-actions-view') as HTMLInputElement;
    expect(view.checked).toBe(true);
    expect(view.disabled).toBe(true);

    fireEvent.click(screen.getByTestId('group-scope-own'));
    fireEvent.click(screen.getByTestId('field-visible-salary'));

    expect(await savedGroups(update)).toEqual([
      {
        id: 'group_1',
        name: { 'zh-CN': '权限组 1', en: 'Group 1' },
        members: [{ kind: 'departments', ids: ['d_sales'], includeSubDepartments: true }],
        actions: ['edit'],
        scope: { kind: 'own' },
        fields: { visible: ['name', 'manager'], editable: ['name', 'manager'] },
      },
    ]);
  });

  it('makes editable imply visible, and hiding a field ends its editing', async () => {
    const update = await openDesigner();
    fireEvent.click(screen.getByTestId('add-group'));
    const visible = () => screen.getByTestId('field-visible-salary').getAttribute('aria-checked');
    const editable = () => screen.getByTestId('field-editable-salary').getAttribute('aria-checked');

    fireEvent.click(screen.getByTestId('field-visible-salary'));
    expect([visible(), editable()]).toEqual(['false', 'false']);

    fireEvent.click(screen.getByTestId('field-editable-salary'));
    expect([visible(), editable()]).toEqual(['true', 'true']);

    // Everything visible and editable again: the group carries no field mask at all.
    const [group] = (await savedGroups(update)) ?? [];
    expect(group?.fields).toBeUndefined();

    fireEvent.click(screen.getByTestId('field-editable-salary'));
    const [readOnly] = (await savedGroups(update)) ?? [];
    expect(readOnly?.fields).toEqual({ visible: 'all', editable: ['name', 'manager'] });
  });

  it('picks users and roles, and the member-field scope', async () => {
    const update = await openDesigner();
    fireEvent.click(screen.getByTestId('add-group'));
    await choose('group-members-users', 'Bob');
    await choose('group-members-roles', 'Managers');
    fireEvent.click(screen.getByTestId('group-scope-fieldContainsMe'));
    const [group] = (await savedGroups(update)) ?? [];
    expect(group?.members).toEqual([
      { kind: 'users', ids: ['u_bob'] },
      { kind: 'roles', ids: ['r_mgr'] },
    ]);
    expect(group?.scope).toEqual({ kind: 'fieldContainsMe', field: 'manager' });
  });

  it('shows the server refusing groups next to the list, as the server said it', async () => {
    await openDesigner(vi.fn(() => Promise.reject(refusal())));
    fireEvent.click(screen.getByTestId('add-group'));
    fireEvent.click(screen.getByTestId('permissions-save'));
    const problem = await screen.findByTestId('save-problem');
    expect(problem.textContent).toContain('permission groups are not switched on for this server');
    expect(problem.querySelector('[data-code="permission_groups_not_enforced"]')).not.toBeNull();
    // The work is kept: the group is still there to save once the server enforces groups.
    expect(within(screen.getByTestId('group-list')).getByTestId('group-name').textContent).toBe('Group 1');
  });

  it.each([
    ['en', "today's behaviour stays: app members may View, Create, Edit, Delete, Import, Export, Print"],
    ['zh-CN', '保持现在的行为：应用成员可以对所有数据查看、新增、编辑、删除、导入、导出、打印'],
  ] as const)('says plainly that a form without groups keeps today’s behaviour (%s)', async (lng, text) => {
    await renderWith(
      fakeClient(baseApp, () => Promise.resolve({})),
      <PermissionDesignerPage appId="hr" formId="staff" />,
      lng,
    );
    const notice = await screen.findByTestId('groups-legacy');
    expect(notice.textContent).toContain(text);
    await act(async () => undefined);
  });
});
