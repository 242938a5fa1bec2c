// @vitest-environment happy-dom
import { DndContext } from '@dnd-kit/core';
import { fieldRegistry } from '@tangram/fields';
import type { AppDefinition } from '@tangram/schema';
import { cleanup, render, screen, within } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { designerEn } from '../../src/designer/i18n/en';
import { designerZhCN } from '../../src/designer/i18n/zh-CN';
import { Palette } from '../../src/designer/palette/palette';
import { resolveIssuePath } from '../../src/designer/issues';

async function i18n(lng: string) {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng,
    resources: { 'zh-CN': { designer: designerZhCN }, en: { designer: designerEn } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return instance;
}

afterEach(cleanup);

describe('palette', () => {
  it('lists every registry type once, in its Jiandaoyun group, with the label of the UI language', async () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      render(
        <I18nextProvider i18n={await i18n(lng)}>
          <DndContext>
            <Palette onAdd={() => undefined} />
          </DndContext>
        </I18nextProvider>,
      );
      for (const type of fieldRegistry.types) {
        const spec = fieldRegistry.spec(type);
        const group = screen.getByTestId(`palette-group-${spec.group}`);
        const item = within(group).getByTestId(`palette-${type}`);
        expect(item.textContent).toBe(spec.label[lng]);
      }
      expect(screen.getAllByRole('button')).toHaveLength(fieldRegistry.types.length);
      cleanup();
    }
  });
});

describe('issue paths', () => {
  const app = {
    id: 'a',
    name: {},
    formatVersion: 1,
    forms: [
      { id: 'f0', name: {}, fields: [] },
      {
        id: 'f1',
        name: {},
        fields: [
          { id: 'x', type: 'text', label: {} },
          {
            id: 'lines',
            type: 'subform',
            label: {},
            config: { fields: [{ id: 'qty', type: 'number', label: {} }] },
          },
        ],
      },
    ],
  } as AppDefinition;

  it('resolves index and id pointers to forms, fields and subform columns', () => {
    expect(resolveIssuePath(app, '/forms/1/fields/0/config/precision')).toEqual({
      formId: 'f1',
      fieldId: 'x',
      rest: '/config/precision',
    });
    expect(resolveIssuePath(app, '/forms/1/fields/1/config/fields/0/config/precision')).toEqual({
      formId: 'f1',
      fieldId: 'qty',
      rest: '/config/precision',
    });
    expect(resolveIssuePath(app, '/forms/f1/fields/x')).toEqual({ formId: 'f1', fieldId: 'x', rest: '' });
    expect(resolveIssuePath(app, '/app/forms/0/name')).toEqual({ formId: 'f0', rest: '/name' });
    expect(resolveIssuePath(app, '/name')).toEqual({ rest: '/name' });
  });
});
