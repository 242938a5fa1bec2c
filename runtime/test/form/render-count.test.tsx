// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { AppDefinition } from '@tangram/client';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { I18nextProvider } from 'react-i18next';
import { afterEach, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { FormRenderer } from '../../src/form';

const l = (en: string) => ({ en, 'zh-CN': en });

/** 200 fields: 100 text, 50 numbers, 50 formulas (49 over one number each, one over text t0). */
function bigForm(): FormDefinition {
  const fields: FieldDefinition[] = [];
  for (let i = 0; i < 100; i++) fields.push({ id: `t${i}`, type: 'text', label: l(`Text ${i}`) });
  for (let i = 0; i < 50; i++) fields.push({ id: `n${i}`, type: 'number', label: l(`Number ${i}`) });
  for (let i = 0; i < 49; i++)
    fields.push({
      id: `f${i}`,
      type: 'formula',
      label: l(`Formula ${i}`),
      config: { formula: `{n${i}} * 2 + {n${i + 1}}`, resultType: 'number' },
    });
  fields.push({
    id: 'shout',
    type: 'formula',
    label: l('Shout'),
    config: { formula: 'UPPER({t0})', resultType: 'text' },
  });
  return { id: 'big', name: l('Big'), fields };
}

afterEach(cleanup);

it('one keystroke commits only the edited field and the fields that depend on it', () => {
  const form = bigForm();
  expect(form.fields).toHaveLength(200);
  const app = { id: 'app', name: l('App'), formatVersion: 1, forms: [form] } as unknown as AppDefinition;
  let committed = new Set<string>();
  render(
    <I18nextProvider i18n={createI18n({ language: 'en' })}>
      <FormRenderer
        app={app}
        form={form}
        mode="create"
        client={null}
        onSubmit={async () => {}}
        onFieldRender={(id) => committed.add(id)}
      />
    </I18nextProvider>,
  );
  expect(committed.size).toBe(200);

  committed = new Set();
  fireEvent.change(document.getElementById('field-t0')!, { target: { value: 'a' } });
  expect([...committed].sort()).toEqual(['shout', 't0']);

  committed = new Set();
  fireEvent.change(document.getElementById('field-t57')!, { target: { value: 'x' } });
  expect([...committed]).toEqual(['t57']);

  committed = new Set();
  fireEvent.change(document.getElementById('field-n10')!, { target: { value: '3' } });
  // n10 is read by f9 ({n9}*2+{n10}) and f10 ({n10}*2+{n11}).
  expect([...committed].sort()).toEqual(['f10', 'f9', 'n10']);
});
