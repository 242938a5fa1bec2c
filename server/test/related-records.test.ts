/**
 * The pure parts of related records (decision 0060): which relation fields and aggregate keys of
 * an org's apps target a form (same app without `config.app`, another app with it), the columns a
 * related row shows, and the rounding of a summed balance.
 */
import { describe, expect, it } from 'vitest';
import type { AppDefinition, FormDefinition } from '@tangram/schema';
import { displayColumns, fixed, linksTo, reverseIndex } from '../src/records/related-records';

const l = (en: string) => ({ en });
const key = (appId: string, formId: string) => `${appId}\u0000${formId}`;

const master = {
  id: 'master',
  name: l('Master'),
  formatVersion: 2,
  forms: [
    { id: 'customers', name: l('Customers'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
    {
      id: 'contacts',
      name: l('Contacts'),
      fields: [{ id: 'customer', type: 'relation', label: l('Customer'), config: { form: 'customers' } }],
    },
  ],
} as AppDefinition;

const erp = {
  id: 'erp',
  name: l('ERP'),
  formatVersion: 2,
  forms: [
    {
      id: 'orders',
      name: l('Orders'),
      fields: [
        {
          id: 'customer',
          type: 'relation',
          label: l('Customer'),
          config: { app: 'master', form: 'customers' },
        },
        {
          id: 'partners',
          type: 'relation',
          label: l('Partners'),
          config: { app: 'master', form: 'customers', multiple: true },
        },
        // A same-named form of its own app is another target.
        { id: 'local', type: 'relation', label: l('Local'), config: { form: 'customers' } },
      ],
    },
  ],
  aggregates: [
    {
      id: 'receivables',
      name: l('Receivables'),
      keys: [
        { id: 'customer', label: l('Customer'), type: 'record', app: 'master', form: 'customers' },
        { id: 'region', label: l('Region'), type: 'text' },
      ],
      measures: [{ id: 'open', label: l('Open'), decimals: 2 }],
      sources: [],
    },
  ],
} as unknown as AppDefinition;

describe('reverseIndex', () => {
  it('finds every relation and record key targeting a form, in definition order', () => {
    const index = reverseIndex([master, erp]);
    expect(index.relations.get(key('master', 'customers'))).toEqual([
      { appId: 'master', formId: 'contacts', fieldId: 'customer', multiple: false },
      { appId: 'erp', formId: 'orders', fieldId: 'customer', multiple: false },
      { appId: 'erp', formId: 'orders', fieldId: 'partners', multiple: true },
    ]);
    expect(index.relations.get(key('erp', 'customers'))).toEqual([
      { appId: 'erp', formId: 'orders', fieldId: 'local', multiple: false },
    ]);
    expect(
      index.balances.get(key('master', 'customers'))?.map((b) => [b.appId, b.aggregate.id, b.keyId]),
    ).toEqual([['erp', 'receivables', 'customer']]);
  });
});

describe('displayColumns', () => {
  const form = {
    id: 'orders',
    name: l('Orders'),
    titleField: 'title',
    fields: [
      { id: 'title', type: 'text', label: l('Title') },
      { id: 'customer', type: 'relation', label: l('Customer'), config: { form: 'customers' } },
      { id: 'memo', type: 'richtext', label: l('Memo') },
      { id: 'amount', type: 'number', label: l('Amount') },
      { id: 'secret', type: 'text', label: l('Secret') },
      { id: 'internal', type: 'text', label: l('Internal'), hidden: true },
      { id: 'date', type: 'date', label: l('Date') },
      { id: 'warehouse', type: 'relation', label: l('Warehouse'), config: { form: 'w' } },
      { id: 'status', type: 'select', label: l('Status') },
    ],
  } as unknown as FormDefinition;

  it('takes the first three short visible fields, not the title nor the linking relation', () => {
    const visible = new Set([
      'title',
      'customer',
      'memo',
      'amount',
      'internal',
      'date',
      'warehouse',
      'status',
    ]);
    expect(displayColumns(form, visible, 'customer')).toEqual(['amount', 'date', 'warehouse']);
  });

  it('shows a formula total beside the title, but not a text formula of unbounded length', () => {
    const order = {
      id: 'orders',
      name: l('Orders'),
      titleField: 'number',
      fields: [
        { id: 'number', type: 'text', label: l('No') },
        { id: 'customer', type: 'relation', label: l('Customer'), config: { form: 'customers' } },
        { id: 'summary', type: 'formula', label: l('Summary'), config: { formula: '', resultType: 'text' } },
        { id: 'total', type: 'formula', label: l('Total'), config: { formula: '', resultType: 'number' } },
      ],
    } as unknown as FormDefinition;
    const visible = new Set(['number', 'customer', 'summary', 'total']);
    expect(displayColumns(order, visible, 'customer')).toEqual(['total']);
  });
});

describe('linksTo and fixed', () => {
  it('compares a single relation by eq and a list relation by in', () => {
    expect(linksTo('customer', false, 'c1')).toEqual({
      kind: 'cmp',
      field: 'customer',
      op: 'eq',
      value: 'c1',
    });
    expect(linksTo('partners', true, 'c1')).toEqual({
      kind: 'cmp',
      field: 'partners',
      op: 'in',
      value: ['c1'],
    });
  });

  it('rounds summed decimal text half away from zero to the measure places', () => {
    expect(fixed('120.5', 2)).toBe('120.50');
    expect(fixed('0', 2)).toBe('0.00');
    expect(fixed('-3.005', 2)).toBe('-3.01');
    expect(fixed('9.995', 2)).toBe('10.00');
    expect(fixed('-0.001', 2)).toBe('0.00');
    expect(fixed('42.6', 0)).toBe('43');
  });
});
