import { describe, expect, it } from 'vitest';
import {
  aggregateKeyFits,
  aggregatePostable,
  validateAppDefinition,
  type AppDefinition,
} from '../src/index.js';

const l = (en: string) => ({ en });
const app = (navigation: unknown[]) =>
  ({
    id: 'inv',
    name: l('Inventory'),
    formatVersion: 2,
    forms: [
      { id: 'products', name: l('Products'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
      {
        id: 'shipments',
        name: l('Shipments'),
        fields: [
          {
            id: 'product',
            type: 'relation',
            label: l('Product'),
            config: { form: 'products', multiple: false },
          },
          { id: 'qty', type: 'number', label: l('Qty'), config: {} },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock'),
        keys: [{ id: 'product', label: l('Product'), type: 'record', form: 'products' }],
        measures: [{ id: 'qty', label: l('Qty'), decimals: 0 }],
        sources: [
          {
            id: 'out',
            form: 'shipments',
            keys: { product: { field: 'product' } },
            measures: { qty: { field: 'qty', sign: -1 } },
          },
        ],
      },
    ],
    navigation,
  }) as unknown as AppDefinition;

describe('navigation to an aggregate table', () => {
  it('accepts a link (top level or in a group) to an existing aggregate', () => {
    const ok = validateAppDefinition(
      app([
        { kind: 'aggregate', target: 'stock' },
        { kind: 'group', id: 'g', label: l('G'), items: [{ kind: 'aggregate', target: 'stock' }] },
      ]),
    );
    expect(ok.ok ? [] : ok.issues).toEqual([]);
  });

  it('refuses a link to an aggregate the app does not have, naming it', () => {
    const bad = validateAppDefinition(
      app([{ kind: 'group', id: 'g', label: l('G'), items: [{ kind: 'aggregate', target: 'gone' }] }]),
    );
    expect(bad.ok ? [] : bad.issues).toEqual([
      {
        path: '/navigation/0/items/0/target',
        code: 'unknown_aggregate',
        message: 'navigation points to unknown aggregate "gone"',
      },
    ]);
  });
});

describe('aggregate field fitness (the designer pickers and the definition check share it)', () => {
  const a = app([]);
  const [product, qty] = a.forms[1]!.fields;
  it('a record key takes a single relation to its form; a text key takes a text field', () => {
    expect(aggregateKeyFits({ type: 'record', form: 'products' }, product!)).toBe(true);
    expect(aggregateKeyFits({ type: 'record', form: 'shipments' }, product!)).toBe(false);
    expect(aggregateKeyFits({ type: 'text' }, a.forms[0]!.fields[0]!)).toBe(true);
    expect(aggregateKeyFits({ type: 'text' }, qty!)).toBe(false);
  });
  it('a posting takes a number field', () => {
    expect(aggregatePostable(qty!)).toBe(true);
    expect(aggregatePostable(product!)).toBe(false);
  });
});
