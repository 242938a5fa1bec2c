import { describe, expect, it } from 'vitest';
import {
  checkAutomations,
  CURRENT_FORMAT_VERSION,
  upgradeDefinition,
  validateAppDefinition,
  type AppDefinition,
  type AutomationDefinition,
} from '../src/index.js';

const l = (en: string) => ({ en });

/** Orders with lines, and shipments with items. */
const app = (automations: AutomationDefinition[]): AppDefinition => ({
  id: 'shop',
  name: l('Shop'),
  formatVersion: CURRENT_FORMAT_VERSION,
  forms: [
    {
      id: 'orders',
      name: l('Orders'),
      fields: [
        { id: 'title', type: 'text', label: l('Title') },
        {
          id: 'lines',
          type: 'subform',
          label: l('Lines'),
          config: { fields: [{ id: 'product', type: 'text', label: l('Product') }] },
        },
      ],
    },
    {
      id: 'shipments',
      name: l('Shipments'),
      fields: [
        { id: 'product', type: 'text', label: l('Product') },
        {
          id: 'items',
          type: 'subform',
          label: l('Items'),
          config: { fields: [{ id: 'sku', type: 'text', label: l('SKU') }] },
        },
      ],
    },
  ],
  automations,
});

const ship = (actions: AutomationDefinition['actions'], extra: Partial<AutomationDefinition> = {}) =>
  ({
    id: 'ship',
    name: l('Ship'),
    trigger: { type: 'record', form: 'orders', events: ['created'] },
    actions,
    ...extra,
  }) as AutomationDefinition;

const codes = (a: AppDefinition) => checkAutomations(a).map((i) => `${i.code} ${i.path}`);

describe('automation semantic checks', () => {
  it('accepts a well-formed automation (validated as a whole app too)', () => {
    const good = app([
      ship([
        {
          type: 'create',
          form: 'shipments',
          forEachRow: 'lines',
          values: [{ field: 'product', value: { kind: 'row', field: 'product' } }],
        },
        {
          type: 'create',
          form: 'shipments',
          values: [
            {
              field: 'items',
              value: {
                kind: 'rows',
                from: 'lines',
                values: [{ field: 'sku', value: { kind: 'row', field: 'product' } }],
              },
            },
          ],
        },
        {
          type: 'upsert',
          form: 'shipments',
          key: 'product',
          values: [{ field: 'product', value: { kind: 'field', field: 'title' } }],
        },
      ]),
    ]);
    expect(codes(good)).toEqual([]);
    expect(validateAppDefinition(good).ok).toBe(true);
  });

  it('names unknown forms, fields, subforms, keys and the trigger-record misuse', () => {
    const bad = app([
      ship(
        [
          { type: 'create', form: 'nope', values: [] },
          {
            type: 'create',
            form: 'shipments',
            forEachRow: 'title',
            values: [{ field: 'ghost', value: { kind: 'row', field: 'x' } }],
          },
          { type: 'upsert', form: 'shipments', key: 'product', values: [] },
          { type: 'update', form: 'shipments', records: { kind: 'trigger' }, values: [] },
          {
            type: 'create',
            form: 'shipments',
            values: [{ field: 'product', value: { kind: 'field', field: 'missing' } }],
          },
        ],
        { condition: { new: { kind: 'cmp', field: 'unknownField', op: 'isEmpty' } } },
      ),
      { ...ship([]), actions: [{ type: 'notify', title: l('x') }] },
      {
        id: 'tick',
        name: l('Tick'),
        trigger: { type: 'schedule', cron: '* * * *x' },
        condition: { new: { kind: 'cmp', field: 'title', op: 'isEmpty' } },
        actions: [{ type: 'notify', title: l('x') }],
      } as unknown as AutomationDefinition,
    ]);
    expect(codes(bad)).toEqual(
      expect.arrayContaining([
        'unknown_field /automations/0/condition/new/field',
        'unknown_form /automations/0/actions/0/form',
        'not_a_subform /automations/0/actions/1/forEachRow',
        'unknown_field /automations/0/actions/1/values/0/field',
        'key_not_mapped /automations/0/actions/2/key',
        'not_trigger_form /automations/0/actions/3/records',
        'unknown_field /automations/0/actions/4/values/0/value/field',
        'duplicate_id /automations/1/id',
        'condition_without_record /automations/2/condition',
      ]),
    );
  });

  it('a match may name system fields of its target (the record a relation points to), values may not', () => {
    const byId = (field: string) =>
      ship([
        {
          type: 'update',
          form: 'shipments',
          records: { kind: 'match', match: [{ field, value: { kind: 'field', field: 'title' } }] },
          values: [{ field: 'product', value: { kind: 'static', value: 'x' } }],
        },
      ]);
    expect(codes(app([byId('id')]))).toEqual([]);
    expect(codes(app([byId('nope')]))).toEqual([
      'unknown_field /automations/0/actions/0/records/match/0/field',
    ]);
    expect(
      codes(
        app([
          ship([
            {
              type: 'create',
              form: 'shipments',
              values: [{ field: 'id', value: { kind: 'static', value: 'x' } }],
            },
          ]),
        ]),
      ),
    ).toEqual(['unknown_field /automations/0/actions/0/values/0/field']);
  });

  it('a filter selector names fields of its target form', () => {
    const sweep = (field: string) =>
      ship([
        {
          type: 'update',
          form: 'shipments',
          records: { kind: 'filter', filter: { kind: 'cmp', field, op: 'isEmpty' } },
          values: [{ field: 'product', value: { kind: 'static', value: 'x' } }],
        },
      ]);
    expect(codes(app([sweep('product')]))).toEqual([]);
    expect(codes(app([sweep('createdAt')]))).toEqual([]);
    expect(codes(app([sweep('nope')]))).toEqual([
      'unknown_field /automations/0/actions/0/records/filter/field',
    ]);
  });

  it('an earlier source names an earlier action that writes a record', () => {
    const make = (action: number) =>
      ship([
        {
          type: 'create',
          form: 'shipments',
          values: [{ field: 'product', value: { kind: 'field', field: 'title' } }],
        },
        { type: 'notify', title: l('Hi') },
        {
          type: 'create',
          form: 'shipments',
          values: [{ field: 'product', value: { kind: 'earlier', action, field: 'product' } }],
        },
      ]);
    expect(codes(app([make(0)]))).toEqual([]);
    // Itself, a later action, a notify (writes no record) and one that does not exist.
    for (const bad of [2, 1, 7])
      expect(codes(app([make(bad)]))).toEqual([
        'invalid_earlier_action /automations/0/actions/2/values/0/value/action',
      ]);
  });

  it('the format 3 upgrade drops placeholder automations and keeps real ones', () => {
    const result = upgradeDefinition({
      id: 'shop',
      name: l('Shop'),
      formatVersion: 2,
      forms: [],
      automations: [{ id: 'old' }, ship([{ type: 'notify', title: l('x') }])],
      aggregates: [{ id: 'placeholder' }],
    });
    expect(result.ok && result.definition).toMatchObject({
      formatVersion: CURRENT_FORMAT_VERSION,
      automations: [{ id: 'ship' }],
      aggregates: [],
    });
  });
});
