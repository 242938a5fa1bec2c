/**
 * Aggregate keys beyond the app's own forms (decision 0041): a record key of another app's form
 * (shared master data) takes relations to that app's form only, and a record's own id keys a
 * balance per source record of that same form.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateKeyFits,
  validateAppDefinition,
  type AppDefinition,
  type FieldDefinition,
} from '../src/index.js';

const l = (en: string) => ({ en });
const rel = (id: string, form: string, app?: string): FieldDefinition => ({
  id,
  type: 'relation',
  label: l(id),
  config: { form, multiple: false, ...(app ? { app } : {}) },
});

function app(key: Record<string, unknown>, sourceKey: Record<string, unknown>): AppDefinition {
  return {
    id: 'erp',
    name: l('ERP'),
    formatVersion: 3,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          rel('product', 'products', 'master'),
          rel('local', 'products'),
          { id: 'qty', type: 'number', label: l('Qty') },
        ],
      },
      { id: 'products', name: l('Local products'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
    ],
    aggregates: [
      {
        id: 'open',
        name: l('Open'),
        keys: [{ id: 'k', label: l('K'), type: 'record', ...key }],
        measures: [{ id: 'qty', label: l('Qty'), decimals: 0 }],
        sources: [
          { id: 's', form: 'orders', keys: { k: sourceKey }, measures: { qty: { field: 'qty', sign: 1 } } },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

const issues = (a: AppDefinition) => {
  const r = validateAppDefinition(a);
  return r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`);
};

describe('aggregate keys of another app', () => {
  it('accepts a key of master/products fed by a relation to master/products', () => {
    expect(issues(app({ app: 'master', form: 'products' }, { field: 'product' }))).toEqual([]);
  });

  it('refuses a relation to the same form id of another app (or of this one)', () => {
    expect(issues(app({ app: 'master', form: 'products' }, { field: 'local' }))).toEqual([
      'wrong_field_type /aggregates/0/sources/0/keys/k/field',
    ]);
    expect(issues(app({ form: 'products' }, { field: 'product' }))).toEqual([
      'wrong_field_type /aggregates/0/sources/0/keys/k/field',
    ]);
  });

  it('treats naming its own app like leaving the app out', () => {
    const local = rel('local', 'products');
    expect(aggregateKeyFits({ type: 'record', form: 'products', app: 'erp' }, local, 'erp')).toBe(true);
    expect(aggregateKeyFits({ type: 'record', form: 'products', app: 'master' }, local, 'erp')).toBe(false);
  });
});

describe("a record's own id as a key", () => {
  it('keys a balance per record of the source form', () => {
    expect(issues(app({ form: 'orders' }, { field: 'id', from: 'record' }))).toEqual([]);
  });

  it('refuses the id for a key of another form', () => {
    expect(issues(app({ form: 'products' }, { field: 'id', from: 'record' }))).toEqual([
      'wrong_field_type /aggregates/0/sources/0/keys/k/field',
    ]);
  });
});
