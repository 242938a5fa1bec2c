// @vitest-environment happy-dom
import type { AuditItem, AuditPage as Page, AuditQuery, TangramClient } from '@tangram/client';
import { ServicesContext, type RuntimeServices } from '@tangram/runtime';
import { App as AntApp } from 'antd';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPage } from '../../src/audit/audit-page';
import { auditEn } from '../../src/audit/i18n/en';
import { auditZhCN } from '../../src/audit/i18n/zh-CN';

async function i18n(lng: string) {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng,
    resources: { 'zh-CN': { audit: auditZhCN }, en: { audit: auditEn } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return instance;
}

const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const item = (id: string, patch: Partial<AuditItem>): AuditItem => ({
  id,
  at: '2026-03-05T08:00:00.123456Z',
  actor: { id: 'u1', name: 'Ada Admin', email: 'ada@acme.test' },
  action: 'app.update',
  target: { type: 'app', id: 'crm', name: l('CRM', '客户') },
  detail: {},
  ip: null,
  userAgent: null,
  ...patch,
});

const first: Page = {
  items: [
    item('3', {
      action: 'permissions.change',
      detail: {
        version: 2,
        access: ['admins'],
        groups: { added: [{ id: 'sales', formId: 'c', name: l('Sales', '销售') }] },
      },
    }),
    item('2', {
      detail: {
        version: 2,
        changes: {
          fields: {
            added: [{ id: 'salary', formId: 'c', name: l('Salary', '工资') }],
            removed: [{ id: 'amount', formId: 'c' }],
          },
        },
      },
    }),
  ],
  nextCursor: 'CURSOR-1',
  retentionDays: 365,
};
const second: Page = {
  items: [
    item('1', {
      action: 'auth.sign_in_failed',
      actor: null,
      target: { type: 'user', id: null },
      detail: { email: 'ghost@x.test', reason: 'unknown_email' },
      ip: '198.51.100.9',
    }),
  ],
  nextCursor: null,
  retentionDays: 365,
};

function mount(lng: string, list: (q: AuditQuery) => Promise<Page>) {
  const client = {
    audit: { list: vi.fn(list) },
    org: {
      members: async () => ({
        items: [{ id: 'u1', name: 'Ada Admin', email: 'ada@acme.test', departmentIds: [] }],
      }),
    },
  } as unknown as TangramClient;
  return i18n(lng).then((instance) => {
    render(
      <I18nextProvider i18n={instance}>
        <AntApp>
          <ServicesContext.Provider value={{ client } as unknown as RuntimeServices}>
            <AuditPage />
          </ServicesContext.Provider>
        </AntApp>
      </I18nextProvider>,
    );
    return client.audit.list as ReturnType<typeof vi.fn>;
  });
}

afterEach(cleanup);

describe('audit page', () => {
  it.each([
    ['en', 'Changed permissions', 'Saved an app', 'Sign-in failed', 'No such account', 'Kept for 365 days'],
    ['zh-CN', '修改权限', '保存应用', '登录失败', '账号不存在', '日志保留 365 天'],
  ])(
    'lists entries with translated actions and loads more by cursor (%s)',
    async (lng, perm, save, failed, reason, kept) => {
      const list = await mount(lng, async (q) => (q.cursor === 'CURSOR-1' ? second : first));
      await screen.findByText(perm, {}, { timeout: 5000 });
      expect(screen.getByText(save)).toBeTruthy();
      expect(screen.getByTestId('audit-retention').textContent).toBe(kept);
      expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 50, cursor: undefined }));

      fireEvent.click(screen.getByTestId('audit-load-more'));
      await screen.findByText(failed);
      expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'CURSOR-1' }));
      expect(screen.getByText(new RegExp(`ghost@x.test · ${reason}`))).toBeTruthy();
      expect(screen.getAllByTestId('audit-action')).toHaveLength(3);
      await screen.findByTestId('audit-end');
    },
  );

  it('opens a save to its diff summary', async () => {
    await mount('en', async () => ({ ...first, nextCursor: null }));
    await screen.findByText('Saved an app', {}, { timeout: 5000 });
    const expanders = document.querySelectorAll<HTMLButtonElement>('.ant-table-row-expand-icon');
    fireEvent.click(expanders[1]!);
    const detail = await screen.findByTestId('audit-detail');
    expect(within(detail).getByText('Fields')).toBeTruthy();
    expect(within(detail).getByText('Added')).toBeTruthy();
    expect(within(detail).getByText('Salary')).toBeTruthy();
    expect(within(detail).getByText('Removed')).toBeTruthy();
    expect(within(detail).getByText('amount')).toBeTruthy();
  });

  it('asks the server again when the "what" filter changes', async () => {
    const list = await mount('en', async () => ({ ...first, nextCursor: null }));
    await screen.findByText('Saved an app', {}, { timeout: 5000 });
    const what = screen.getByTestId('audit-filter-what');
    fireEvent.mouseDown(what.querySelector('.ant-select-selector') ?? what);
    fireEvent.click(await screen.findByText('All: Sign-in'));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ action: 'auth.' })));
  });
});
