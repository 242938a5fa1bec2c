import { ApiError, type TangramClient } from '@tangram/client';
import { ServicesContext, type RuntimeServices } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { App as AntApp } from 'antd';
import { render } from '@testing-library/react';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { permissionsEn } from '../../src/permissions/i18n/en';
import { permissionsZhCN } from '../../src/permissions/i18n/zh-CN';

export async function i18n(lng: 'en' | 'zh-CN' = 'en') {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng,
    resources: { 'zh-CN': { permissions: permissionsZhCN }, en: { permissions: permissionsEn } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return instance;
}

/** An app with one form: a text, a money field (the salary), a member field and a formula. */
export const baseApp = {
  id: 'hr',
  name: { en: 'HR' },
  formatVersion: 2,
  forms: [
    {
      id: 'staff',
      name: { en: 'Staff' },
      fields: [
        { id: 'name', type: 'text', label: { en: 'Name' } },
        { id: 'salary', type: 'money', label: { en: 'Salary' }, config: { currency: 'CNY' } },
        { id: 'manager', type: 'member', label: { en: 'Manager' } },
        { id: 'note', type: 'description', label: { en: 'Note' }, config: {} },
      ],
    },
  ],
} as unknown as AppDefinition;

export const directory = {
  members: [
    { id: 'u_ann', name: 'Ann', email: 'ann@example.com', departmentIds: ['d_sales'] },
    { id: 'u_bob', name: 'Bob', email: 'bob@example.com', departmentIds: ['d_east'] },
  ],
  departments: [
    { id: 'd_sales', name: 'Sales', parentId: null, leaderId: null },
    { id: 'd_east', name: 'East', parentId: 'd_sales', leaderId: null },
  ],
  roles: [{ id: 'r_mgr', name: 'Managers' }],
};

/** A fake client answering the directory and the app; `update` is what a save does. */
export function fakeClient(app: AppDefinition, update: (appId: string, input: unknown) => Promise<unknown>) {
  const items = <T,>(list: T[]) => Promise.resolve({ items: list, nextCursor: null });
  return {
    org: { members: () => items(directory.members), departments: () => items(directory.departments) },
    admin: {
      roles: { list: () => items(directory.roles) },
      users: { list: () => items([]) },
    },
    apps: { get: () => Promise.resolve({ app, version: 3 }), update },
  } as unknown as TangramClient;
}

export const refusal = () =>
  new ApiError(400, 'validation_failed', 'The app definition is invalid.', [
    {
      path: '/forms/0/permissionGroups',
      code: 'permission_groups_not_enforced',
      message: 'permission groups are not switched on for this server',
    },
  ]);

export async function renderWith(client: TangramClient, ui: ReactNode, lng: 'en' | 'zh-CN' = 'en') {
  const services = {
    client,
    session: {} as RuntimeServices['session'],
    router: { getState: () => ({ navigate: () => undefined }) } as unknown as RuntimeServices['router'],
  };
  return render(
    <I18nextProvider i18n={await i18n(lng)}>
      <ServicesContext.Provider value={services}>
        <AntApp>{ui}</AntApp>
      </ServicesContext.Provider>
    </I18nextProvider>,
  );
}
