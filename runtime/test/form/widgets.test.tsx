// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fieldRegistry } from '@tangram/fields';
import type { AppDefinition, TangramClient } from '@tangram/client';
import type { FieldDefinition, FieldType, FormDefinition } from '@tangram/schema';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { FormRenderer } from '../../src/form';
import type { FormStore } from '../../src/form/core/form-store';

const l = (en: string) => ({ en, 'zh-CN': en });
const opts = {
  options: [
    { value: 'a', label: l('Alpha'), color: '#f00' },
    { value: 'b', label: l('Beta') },
  ],
};

const fakeClient = {
  org: {
    members: async () => ({ items: [{ id: 'usr_1', name: 'Ada', email: 'a@x', departmentIds: [] }] }),
    departments: async () => ({ items: [{ id: 'dep_1', name: 'Sales', parentId: null, leaderId: null }] }),
  },
  records: {
    list: async () => ({ items: [{ id: 'rec_1', version: 1, data: { name: 'Acme' } }], nextCursor: null }),
    choices: async () => ({ items: [{ id: 'rec_1', version: 1, data: { name: 'Acme' } }], nextCursor: null }),
    get: async () => ({ id: 'rec_1', version: 1, data: { name: 'Acme', score: 7 } }),
    relationTitles: async (_ref: unknown, _field: string, ids: string[]) =>
      Object.fromEntries(ids.map((id) => [id, id === 'rec_1' ? 'Acme' : null])),
    // Lookups are computed by the server (decision 0031): the widget shows its preview.
    lookupPreview: async (_ref: unknown, data: { rel?: string }) => ({ f: data.rel === 'rec_1' ? 7 : null }),
  },
  files: {
    url: (id: string) => `/api/v1/files/${id}`,
    upload: async (_b: Blob, name: string) => ({
      id: 'fil_1',
      name,
      mime: 'image/png',
      size: 3,
      sha256: '',
      createdAt: '',
    }),
  },
} as unknown as TangramClient;

interface Case {
  field: FieldDefinition;
  /** A value the widget shows after it is set (text visible in the field). */
  shows?: { value: unknown; text: string | RegExp };
  /** Edits through the DOM and returns the value expected in the store. */
  edit?: (input: HTMLElement) => unknown;
}

const typeInto = (value: string, expected: unknown) => (el: HTMLElement) => {
  fireEvent.change(el, { target: { value } });
  return expected;
};

/** One case per field type: a new type without a test here is a compile error. */
const cases = {
  text: { field: { id: 'f', type: 'text', label: l('F') }, edit: typeInto('hello', 'hello') },
  textarea: { field: { id: 'f', type: 'textarea', label: l('F') }, edit: typeInto('a\nb', 'a\nb') },
  number: {
    field: { id: 'f', type: 'number', label: l('F'), config: { precision: 1, unit: 'kg' } },
    edit: typeInto('12.5', 12.5),
  },
  money: {
    field: { id: 'f', type: 'money', label: l('F'), config: { currency: 'CNY' } },
    edit: typeInto('9.99', 9.99),
  },
  percent: {
    field: { id: 'f', type: 'percent', label: l('F') },
    edit: typeInto('12.5', 0.125),
    shows: { value: 0.25, text: /25/ },
  },
  date: {
    field: { id: 'f', type: 'date', label: l('F') },
    shows: { value: '2025-03-18', text: '2025-03-18' },
  },
  datetime: {
    field: { id: 'f', type: 'datetime', label: l('F') },
    shows: { value: '2025-03-18T02:30:00.000Z', text: /2025-03-18/ },
  },
  time: { field: { id: 'f', type: 'time', label: l('F') }, shows: { value: '09:45:00', text: '09:45' } },
  radio: {
    field: { id: 'f', type: 'radio', label: l('F'), config: opts },
    shows: { value: 'a', text: 'Alpha' },
  },
  checkboxes: {
    field: { id: 'f', type: 'checkboxes', label: l('F'), config: opts },
    shows: { value: ['b'], text: 'Beta' },
  },
  select: {
    field: { id: 'f', type: 'select', label: l('F'), config: opts },
    shows: { value: 'b', text: 'Beta' },
  },
  multiselect: {
    field: { id: 'f', type: 'multiselect', label: l('F'), config: opts },
    shows: { value: ['a', 'b'], text: 'Alpha' },
  },
  boolean: { field: { id: 'f', type: 'boolean', label: l('F') }, edit: (el) => (fireEvent.click(el), true) },
  phone: { field: { id: 'f', type: 'phone', label: l('F') }, edit: typeInto('13800000000', '13800000000') },
  email: { field: { id: 'f', type: 'email', label: l('F') }, edit: typeInto('a@b.cn', 'a@b.cn') },
  url: { field: { id: 'f', type: 'url', label: l('F') }, edit: typeInto('https://x.cn', 'https://x.cn') },
  address: {
    field: { id: 'f', type: 'address', label: l('F') },
    shows: {
      value: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
      text: /广东省/,
    },
  },
  location: {
    field: { id: 'f', type: 'location', label: l('F') },
    shows: { value: { lat: 31.2, lng: 121.5, name: 'HQ' }, text: 'HQ' },
  },
  member: { field: { id: 'f', type: 'member', label: l('F') }, shows: { value: 'usr_1', text: 'Ada' } },
  members: { field: { id: 'f', type: 'members', label: l('F') }, shows: { value: ['usr_1'], text: 'Ada' } },
  department: {
    field: { id: 'f', type: 'department', label: l('F') },
    shows: { value: 'dep_1', text: 'Sales' },
  },
  departments: {
    field: { id: 'f', type: 'departments', label: l('F') },
    shows: { value: ['dep_1'], text: 'Sales' },
  },
  image: {
    field: { id: 'f', type: 'image', label: l('F') },
    shows: { value: [{ fileId: 'fil_9', name: 'a.png' }], text: /a\.png|Upload/ },
  },
  attachment: {
    field: { id: 'f', type: 'attachment', label: l('F') },
    shows: { value: [{ fileId: 'fil_9', name: 'report.pdf' }], text: 'report.pdf' },
  },
  signature: {
    field: { id: 'f', type: 'signature', label: l('F') },
    shows: { value: null, text: 'Confirm signature' },
  },
  richtext: {
    field: { id: 'f', type: 'richtext', label: l('F') },
    shows: { value: '<p><b>bold</b><img src=x onerror="alert(1)"></p>', text: 'bold' },
  },
  subform: {
    field: {
      id: 'f',
      type: 'subform',
      label: l('F'),
      config: { fields: [{ id: 'q', type: 'number', label: l('Qty') }] },
    },
    shows: { value: [{ q: 2 }, { q: 3 }], text: '5' },
  },
  relation: {
    field: { id: 'f', type: 'relation', label: l('F'), config: { form: 'target', displayField: 'name' } },
    shows: { value: 'rec_1', text: 'Acme' },
  },
  lookup: {
    field: { id: 'f', type: 'lookup', label: l('F'), config: { relation: 'rel', field: 'score' } },
    shows: { value: null, text: '7' },
  },
  serial: {
    field: {
      id: 'f',
      type: 'serial',
      label: l('F'),
      config: { parts: [{ kind: 'counter', digits: 4 }] },
    } as FieldDefinition,
    shows: { value: null, text: 'Assigned on save' },
  },
  formula: {
    field: { id: 'f', type: 'formula', label: l('F'), config: { formula: '1 + 2', resultType: 'number' } },
    shows: { value: null, text: '3' },
  },
  description: {
    field: { id: 'f', type: 'description', label: l('F'), config: { content: l('Read me first') } },
    shows: { value: null, text: 'Read me first' },
  },
  divider: {
    field: { id: 'f', type: 'divider', label: l('F'), config: { title: l('Part two') } },
    shows: { value: null, text: 'Part two' },
  },
} satisfies Record<FieldType, Case>;

const target: FormDefinition = {
  id: 'target',
  name: l('Target'),
  fields: [
    { id: 'name', type: 'text', label: l('Name') },
    { id: 'score', type: 'number', label: l('Score') },
  ],
};

function renderForm(field: FieldDefinition, extra: FieldDefinition[] = []) {
  const form: FormDefinition = { id: 'main', name: l('Main'), fields: [...extra, field] };
  const app = {
    id: 'app',
    name: l('App'),
    formatVersion: 1,
    forms: [form, target],
  } as unknown as AppDefinition;
  let store: FormStore | null = null;
  const submitted: Record<string, unknown>[] = [];
  render(
    <I18nextProvider i18n={createI18n({ language: 'en' })}>
      <FormRenderer
        app={app}
        form={form}
        mode="create"
        client={fakeClient}
        onStore={(s) => (store = s)}
        onSubmit={async (d) => void submitted.push(d)}
      />
    </I18nextProvider>,
  );
  return { store: store! as FormStore, submitted };
}

afterEach(cleanup);

describe('widget registry', () => {
  it('has a test case for exactly the registry types', () => {
    expect(Object.keys(cases).sort()).toEqual([...fieldRegistry.types].sort());
  });

  for (const [type, c] of Object.entries(cases) as [FieldType, Case][]) {
    describe(type, () => {
      const extra: FieldDefinition[] =
        type === 'lookup'
          ? [{ id: 'rel', type: 'relation', label: l('Rel'), config: { form: 'target' } }]
          : [];

      it('renders with its label and shows a value', async () => {
        const { store } = renderForm(c.field, extra);
        if (type !== 'divider' && type !== 'description') expect(screen.getByText('F')).toBeTruthy();
        if (type === 'lookup') act(() => store.getState().setValue('rel', 'rec_1'));
        if (c.shows && c.shows.value !== null) act(() => store.getState().setValue('f', c.shows!.value));
        if (c.shows)
          await waitFor(() => expect(document.body.textContent + inputValues()).toMatch(c.shows!.text));
        if (type === 'richtext') expect(store.getState().values.f).toContain('<b>bold</b>');
      });

      if (c.edit) {
        it('edits the value in the store', () => {
          const { store } = renderForm(c.field);
          const el = document.getElementById('field-f')!;
          const expected = c.edit!(el);
          expect(store.getState().values.f).toEqual(expected);
        });
      }

      if (fieldRegistry.of(c.field).writable) {
        it('shows the required message on submit when empty', async () => {
          const { submitted } = renderForm({ ...c.field, required: true } as FieldDefinition);
          fireEvent.click(screen.getByTestId('form-submit'));
          await waitFor(() => expect(screen.getByText('F is required')).toBeTruthy());
          expect(submitted).toEqual([]);
        });
      }
    });
  }
});

function inputValues(): string {
  return [...document.querySelectorAll('input, textarea')]
    .map((i) => (i as HTMLInputElement).value)
    .join(' ');
}
