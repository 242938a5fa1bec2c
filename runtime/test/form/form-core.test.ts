import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { createFormStore, type FormStoreOptions } from '../../src/form/core/form-store';
import { createFormModel } from '../../src/form/core/form-model';
import { recompute } from '../../src/form/core/formulas';

const l = (en: string) => ({ en, 'zh-CN': en });
const env: FormStoreOptions['env'] = {
  now: () => new Date('2025-03-01T08:00:00Z'),
  timeZone: 'Asia/Shanghai',
  user: { id: 'usr_1', name: 'Ada', departments: [] },
};
const query = {
  now: new Date('2025-03-01T08:00:00Z'),
  timeZone: 'Asia/Shanghai',
  userId: 'usr_1',
  userDepartmentIds: [],
};

const orderForm: FormDefinition = {
  id: 'orders',
  name: l('Orders'),
  fields: [
    { id: 'title', type: 'text', label: l('Title'), required: true },
    {
      id: 'kind',
      type: 'select',
      label: l('Kind'),
      config: {
        options: [
          { value: 'b2b', label: l('B2B') },
          { value: 'b2c', label: l('B2C') },
        ],
      },
    },
    { id: 'vat', type: 'text', label: l('VAT number'), required: true },
    { id: 'discount', type: 'number', label: l('Discount'), config: { precision: 2 } },
    {
      id: 'lines',
      type: 'subform',
      label: l('Lines'),
      config: {
        fields: [
          { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
          { id: 'price', type: 'money', label: l('Price'), config: { precision: 2 } },
          {
            id: 'amount',
            type: 'formula',
            label: l('Amount'),
            config: { formula: '{qty} * {price}', resultType: 'number', precision: 2 },
          },
        ],
      },
    },
    // Declared before what it reads: order comes from dependencies, not position.
    {
      id: 'net',
      type: 'formula',
      label: l('Net'),
      config: { formula: '{gross} - {discount}', resultType: 'number', precision: 2 },
    },
    {
      id: 'gross',
      type: 'formula',
      label: l('Gross'),
      config: { formula: 'SUM({lines.amount})', resultType: 'number', precision: 2 },
    },
    {
      id: 'shout',
      type: 'formula',
      label: l('Shout'),
      config: { formula: 'UPPER({title})', resultType: 'text' },
    },
    {
      id: 'serial',
      type: 'serial',
      label: l('No.'),
      config: { parts: [{ kind: 'counter', digits: 4 }] },
    } as FieldDefinition,
  ],
  rules: {
    visibility: [{ id: 'r1', when: { kind: 'cmp', field: 'kind', op: 'eq', value: 'b2b' }, show: ['vat'] }],
  },
};

const make = (initial?: Record<string, unknown>) =>
  createFormStore(orderForm, { mode: 'create', env, query, initial, requiredMessage: (k) => `need ${k}` });

describe('formulas', () => {
  it('computes subform row formulas first, then form formulas in dependency order', () => {
    const store = make();
    store.getState().setValue('lines', [
      { qty: 2, price: 3.5 },
      { qty: 1, price: 10 },
    ]);
    store.getState().setValue('discount', 1.25);
    const v = store.getState().values;
    expect((v.lines as { amount: number }[]).map((r) => r.amount)).toEqual([7, 10]);
    expect(v.gross).toBe(17);
    expect(v.net).toBe(15.75);
  });

  it('re-evaluates only the formulas that read a changed field', () => {
    const model = createFormModel(orderForm);
    const before = { title: 'a', shout: 'A', gross: 5, net: 5, discount: 0 };
    const { values, changed } = recompute(model, { ...before, title: 'b' }, new Set(['title']), env);
    expect(values.shout).toBe('B');
    expect([...changed].sort()).toEqual(['shout', 'title']);
    const other = recompute(model, { ...before, discount: 1 }, new Set(['discount']), env);
    expect(other.values.net).toBe(4);
    expect(other.values.shout).toBe('A');
    expect(other.changed.has('shout')).toBe(false);
  });

  it('keeps the identity of unchanged values so their widgets do not re-render', () => {
    const store = make({ lines: [{ qty: 1, price: 1 }] });
    const lines = store.getState().values.lines;
    const gross = store.getState().values.gross;
    store.getState().setValue('title', 'x');
    expect(store.getState().values.lines).toBe(lines);
    expect(store.getState().values.gross).toBe(gross);
  });
});

describe('visibility', () => {
  it('shows a ruled field only while its condition matches', () => {
    const store = make();
    expect(store.getState().hidden.vat).toBe(true);
    store.getState().setValue('kind', 'b2b');
    expect(store.getState().hidden.vat).toBeUndefined();
    store.getState().setValue('kind', 'b2c');
    expect(store.getState().hidden.vat).toBe(true);
  });

  it('does not require a hidden field, and requires it once shown', () => {
    const store = make({ title: 't' });
    expect(store.getState().validate()).toBe(true);
    store.getState().setValue('kind', 'b2b');
    expect(store.getState().validate()).toBe(false);
    expect(store.getState().errors).toEqual({ vat: 'need vat' });
  });
});

describe('validation and submit data', () => {
  it('reports required and per-type problems keyed by field and subform cell', () => {
    const store = make({ discount: 1.234, lines: [{ qty: 1.5, price: 2 }] });
    expect(store.getState().validate()).toBe(false);
    const errors = store.getState().errors;
    expect(errors.title).toBe('need title');
    expect(errors.discount).toMatch(/decimal/);
    expect(errors['lines/0/qty']).toMatch(/decimal/);
  });

  it('clears a field error when the field is edited to a valid value', () => {
    const store = make();
    store.getState().validate();
    store.getState().setValue('title', 'ok');
    expect(store.getState().errors.title).toBeUndefined();
  });

  it('sends only writable, visible fields', () => {
    const store = make({ title: 't', kind: 'b2c', vat: 'stale', lines: [{ qty: 1, price: 2 }] });
    const data = store.getState().toSubmitData();
    expect(Object.keys(data).sort()).toEqual(['kind', 'lines', 'title']);
    // Row formulas are the server's to compute: a row carries its id and writable columns only.
    expect(data.lines).toEqual([{ qty: 1, price: 2 }]);
    store.getState().setValue('kind', 'b2b');
    expect(store.getState().toSubmitData().vat).toBe('stale');
  });
});

describe('server errors', () => {
  it('maps /data/<field> and /data/<sub>/<row>/<col> onto fields and returns the rest', () => {
    const store = make();
    const rest = store.getState().applyServerErrors([
      { path: '/data/title', message: 'taken' },
      { path: '/data/lines/1/price', message: 'too cheap' },
      { path: '/data/nope', message: 'unknown field' },
      { path: '/rules/validation/0', message: 'rule failed' },
    ]);
    expect(store.getState().serverErrors).toEqual({ title: 'taken', 'lines/1/price': 'too cheap' });
    expect(rest).toEqual(['unknown field', 'rule failed']);
    store.getState().setValue('lines', []);
    expect(store.getState().serverErrors).toEqual({ title: 'taken' });
  });
});
