import type { FormDefinition } from '@tangram/client';
import { describe, expect, it } from 'vitest';
import { exportRequest, showsSubform, type ShownView } from '../../src/exports/core/export-request';

const form = {
  id: 'orders',
  name: { en: 'Orders' },
  fields: [
    { id: 'no', type: 'text', label: { en: 'No' } },
    { id: 'lines', type: 'subform', label: { en: 'Lines' }, config: { fields: [] } },
  ],
} as unknown as FormDefinition;

const view = (over: Partial<ShownView> = {}): ShownView => ({
  columns: [{ field: 'no' }, { field: 'lines' }, { field: 'createdAt', hidden: true }],
  sort: [{ field: 'no', dir: 'asc' }],
  q: '  acme ',
  ...over,
});

describe('export request', () => {
  it('sends the visible columns in order, the filter, sort and trimmed search', () => {
    const filter = { kind: 'cmp', field: 'no', op: 'eq', value: 'SO-1' } as const;
    expect(exportRequest(view({ filter }), 'xlsx', 'sheet')).toEqual({
      format: 'xlsx',
      columns: ['no', 'lines'],
      filter,
      sort: [{ field: 'no', dir: 'asc' }],
      q: 'acme',
      subforms: 'sheet',
    });
  });

  it('turns a second sheet into rows for CSV, which has one sheet', () => {
    expect(exportRequest(view(), 'csv', 'sheet').subforms).toBe('rows');
  });

  it('offers subform layouts only when a subform column is shown', () => {
    expect(showsSubform(form, view())).toBe(true);
    expect(showsSubform(form, view({ columns: [{ field: 'no' }, { field: 'lines', hidden: true }] }))).toBe(
      false,
    );
  });
});
