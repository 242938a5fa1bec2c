import type { AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { navEntries, navMenu } from '../src/core/nav-menu';

const app = (navigation: AppDefinition['navigation']): AppDefinition => ({
  id: 'a',
  name: { en: 'App' },
  formatVersion: 1,
  forms: ['f1', 'f2', 'f3'].map((id) => ({ id, name: { en: id }, fields: [] })),
  dashboards: [{ id: 'd1', name: { en: 'd1' }, widgets: [] } as never],
  navigation,
});

describe('player navigation', () => {
  it('lists every form without navigation, dashboards in their own group', () => {
    const menu = navMenu(app([]));
    expect(navEntries(menu).map((e) => e.key)).toEqual(['form:f1', 'form:f2', 'form:f3', 'dashboard:d1']);
    expect(menu.at(-1)).toMatchObject({ group: 'dashboards', label: null });
  });

  it('follows the navigation: order, groups, hidden forms, dangling and empty entries left out', () => {
    const menu = navMenu(
      app([
        { kind: 'form', target: 'f3' },
        {
          kind: 'group',
          id: 'g',
          label: { en: 'Sales' },
          items: [
            { kind: 'form', target: 'f1' },
            { kind: 'dashboard', target: 'd1' },
          ],
        },
        { kind: 'group', id: 'empty', label: { en: 'Empty' }, items: [] },
        { kind: 'form', target: 'gone' },
      ]),
    );
    expect(menu).toEqual([
      { key: 'form:f3', kind: 'form', id: 'f3', name: { en: 'f3' } },
      {
        group: 'g',
        label: { en: 'Sales' },
        items: [
          { key: 'form:f1', kind: 'form', id: 'f1', name: { en: 'f1' } },
          { key: 'dashboard:d1', kind: 'dashboard', id: 'd1', name: { en: 'd1' } },
        ],
      },
    ]);
  });
});
