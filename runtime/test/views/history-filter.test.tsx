// @vitest-environment happy-dom
import type { TangramClient } from '@tangram/client';
import type { FieldDefinition, Filter, FormDefinition } from '@tangram/schema';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { ServicesContext, type RuntimeServices } from '../../src/react/context';
import { sameValue, subformDiff } from '../../src/views/core/history-diff';
import { emptyDirectory } from '../../src/views/core/format-cell';
import { FilterEditor } from '../../src/views/react/filter-editor';
import { HistoryChange } from '../../src/views/react/history-change';

const l = (en: string) => ({ en, 'zh-CN': en });
const columns: FieldDefinition[] = [
  { id: 'item', type: 'text', label: l('Item') },
  { id: 'qty', type: 'number', label: l('Qty') },
  { id: 'price', type: 'money', label: l('Price'), config: { currency: 'CNY', precision: 2 } },
];
const lines: FieldDefinition = {
  id: 'lines',
  type: 'subform',
  label: l('Lines'),
  config: { fields: columns },
};

afterEach(cleanup);

describe('subform history diff', () => {
  const before = [
    { id: 'r1', item: 'Bolt', qty: 2, price: 1 },
    { id: 'r2', item: 'Nut', qty: 5, price: null },
    { id: 'r3', item: 'Gear', qty: 1, price: 9 },
  ];

  it('reports rows added, removed and changed (only changed cells), matched by row id', () => {
    const after = [
      // r1: key order and a blank cell differ, nothing else: unchanged
      { price: 1, qty: 2, item: 'Bolt', id: 'r1' },
      { id: 'r3', item: 'Gear', qty: 4, price: 9 },
      { id: 'r4', item: 'Washer', qty: 10 },
    ];
    const diff = subformDiff(columns, before, after);
    // Sorted by position; a removed row comes before the row now at its place.
    expect(diff.rows).toEqual([
      {
        kind: 'removed',
        index: 2,
        cells: [
          { field: 'item', from: 'Nut', to: null },
          { field: 'qty', from: 5, to: null },
        ],
      },
      { kind: 'changed', index: 2, cells: [{ field: 'qty', from: 1, to: 4 }] },
      {
        kind: 'added',
        index: 3,
        cells: [
          { field: 'item', from: null, to: 'Washer' },
          { field: 'qty', from: null, to: 10 },
        ],
      },
    ]);
    expect(diff.reordered).toBe(false);
  });

  it('notices a pure reorder and treats blank values alike', () => {
    const diff = subformDiff(columns, before, [before[1], before[0], before[2]]);
    expect(diff).toEqual({ rows: [], reordered: true });
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(sameValue([{ a: 1 }], [{ a: 2 }])).toBe(false);
  });

  it('renders the rows with column labels and formatted values, never ids', () => {
    render(
      <I18nextProvider i18n={createI18n({ language: 'en' })}>
        <HistoryChange
          field={lines}
          fieldId="lines"
          from={before}
          to={[before[0], { ...before[2], qty: 4 }, { id: 'r9', item: 'Washer', qty: 10, price: 0.5 }]}
          directory={emptyDirectory}
        />
      </I18nextProvider>,
    );
    const box = screen.getByTestId('history-lines');
    const rows = within(box)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(rows).toEqual([
      'Row 2 removedItemNutQty5',
      'Row 2Qty1→4',
      expect.stringMatching(/^Row 3 addedItemWasherQty10Price.*0\.50$/),
    ]);
    expect(box.textContent).not.toMatch(/r\d|×/);
  });

  it('keeps "from → to" for other fields', () => {
    render(
      <I18nextProvider i18n={createI18n({ language: 'en' })}>
        <HistoryChange field={columns[1]} fieldId="qty" from={1} to={null} directory={emptyDirectory} />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('history-qty').textContent).toBe('Qty1→(empty)');
  });
});

describe('filter editor', () => {
  const form: FormDefinition = {
    id: 'customers',
    name: l('Customers'),
    fields: [
      { id: 'name', type: 'text', label: l('Name') },
      {
        id: 'status',
        type: 'select',
        label: l('Status'),
        config: { options: [{ value: 'active', label: l('Active') }] },
      },
    ],
  };
  const client = {
    org: { members: async () => ({ items: [] }), departments: async () => ({ items: [] }) },
  } as unknown as TangramClient;
  const services = { client } as RuntimeServices;
  const nested: Filter = {
    kind: 'and',
    items: [
      { kind: 'cmp', field: 'status', op: 'eq', value: 'active' },
      {
        kind: 'or',
        items: [
          { kind: 'cmp', field: 'name', op: 'contains', value: 'Ltd' },
          { kind: 'cmp', field: 'name', op: 'isEmpty' },
        ],
      },
    ],
  };
  const mount = (value: Filter | undefined, onChange: (f: Filter | undefined) => void) => (
    <I18nextProvider i18n={createI18n({ language: 'en' })}>
      <ServicesContext.Provider value={services}>
        <FilterEditor form={form} value={value} onChange={onChange} testId="editor" />
      </ServicesContext.Provider>
    </I18nextProvider>
  );

  it('shows a stored nested filter and reports only complete filters', () => {
    const onChange = vi.fn();
    const view = render(mount(nested, onChange));
    expect(screen.getAllByTestId('filter-condition')).toHaveLength(3);
    // An empty new condition is kept in the draft but not reported.
    fireEvent.click(screen.getAllByText('Add condition')[0]!);
    expect(screen.getAllByTestId('filter-condition')).toHaveLength(4);
    expect(onChange).not.toHaveBeenCalled();
    // Removing the nested "is empty" condition reports the smaller filter.
    const last = screen.getAllByTestId('filter-condition')[2]!;
    fireEvent.click(within(last).getByRole('button', { name: 'Delete' }));
    expect(onChange).toHaveBeenLastCalledWith({
      kind: 'and',
      items: [
        { kind: 'cmp', field: 'status', op: 'eq', value: 'active' },
        { kind: 'or', items: [{ kind: 'cmp', field: 'name', op: 'contains', value: 'Ltd' }] },
      ],
    });
    // A value from outside (undo) rebuilds the draft.
    view.rerender(mount({ kind: 'cmp', field: 'name', op: 'isNotEmpty' }, onChange));
    expect(screen.getAllByTestId('filter-condition')).toHaveLength(1);
  });

  it('offers only the given fields', () => {
    render(
      <I18nextProvider i18n={createI18n({ language: 'en' })}>
        <ServicesContext.Provider value={services}>
          <FilterEditor form={form} value={undefined} onChange={() => undefined} fields={['name']} />
        </ServicesContext.Provider>
      </I18nextProvider>,
    );
    fireEvent.click(screen.getByText('Add condition'));
    const select = screen.getByLabelText('Field');
    fireEvent.mouseDown(select);
    const options = document.querySelectorAll('.ant-select-item-option');
    expect([...options].map((o) => o.textContent)).toEqual(['Name']);
  });
});
