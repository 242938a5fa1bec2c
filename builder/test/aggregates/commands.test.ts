import { validateAppDefinition, type AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  AggregateCommandError,
  applyAggregateCommand,
  type AggregateCommand,
} from '../../src/aggregates/core/commands';
import {
  choiceValue,
  gapsOf,
  keyChoices,
  parseChoice,
  postingChoices,
} from '../../src/aggregates/core/fields';
import { createAggregateStore } from '../../src/aggregates/store/aggregate-store';

const l = (en: string) => ({ en, 'zh-CN': en });
const rel = (id: string, form: string) => ({
  id,
  type: 'relation',
  label: l(id),
  config: { form, multiple: false },
});
const num = (id: string) => ({ id, type: 'number', label: l(id), config: { precision: 0 } });

const base = {
  id: 'inv',
  name: l('Inventory'),
  formatVersion: 2,
  forms: [
    {
      id: 'products',
      name: l('Products'),
      titleField: 'name',
      fields: [{ id: 'name', type: 'text', label: l('Name') }],
    },
    {
      id: 'receipts',
      name: l('Receipts'),
      fields: [
        rel('product', 'products'),
        num('qty'),
        { id: 'note', type: 'text', label: l('Note') },
        {
          id: 'lines',
          type: 'subform',
          label: l('Lines'),
          config: {
            fields: [
              rel('item', 'products'),
              num('count'),
              { id: 'memo', type: 'textarea', label: l('Memo') },
            ],
          },
        },
      ],
    },
  ],
} as unknown as AppDefinition;

const run = (cmds: AggregateCommand[], from = base) => cmds.reduce(applyAggregateCommand, from);
const A = 'aggregate_1';
const agg = (app: AppDefinition) => app.aggregates?.[0];

/** The commands that make "stock by product" from receipt lines, never below zero. */
const stock: AggregateCommand[] = [
  { type: 'addAggregate', name: l('Stock'), measureLabel: l('Quantity') },
  { type: 'addKey', aggregateId: A, label: l('Product'), form: 'products' },
  { type: 'addSource', aggregateId: A, form: 'receipts' },
  { type: 'setSourceSubform', aggregateId: A, sourceId: 'source_1', subform: 'lines' },
  {
    type: 'mapKey',
    aggregateId: A,
    sourceId: 'source_1',
    keyId: 'key_1',
    ref: { field: 'item', from: 'line' },
  },
  {
    type: 'setPosting',
    aggregateId: A,
    sourceId: 'source_1',
    measureId: 'qty',
    posting: { field: 'count', from: 'line', sign: 1 },
  },
  { type: 'addRule', aggregateId: A, measureId: 'qty' },
];

describe('aggregate commands', () => {
  it('build a definition the schema and the semantic checks accept', () => {
    const next = run(stock);
    expect(agg(next)).toEqual({
      id: A,
      name: l('Stock'),
      keys: [{ id: 'key_1', label: l('Product'), type: 'record', form: 'products' }],
      measures: [{ id: 'qty', label: l('Quantity'), decimals: 0 }],
      sources: [
        {
          id: 'source_1',
          form: 'receipts',
          subform: 'lines',
          keys: { key_1: { field: 'item', from: 'line' } },
          measures: { qty: { field: 'count', from: 'line', sign: 1 } },
        },
      ],
      rules: [{ measure: 'qty', op: '>=', value: 0 }],
    });
    const checked = validateAppDefinition(next);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
    expect(base.aggregates).toBeUndefined();
  });

  it('a new aggregate joins the navigation without hiding the forms an empty navigation listed', () => {
    const next = run(stock.slice(0, 1));
    expect(next.navigation).toEqual([
      { kind: 'form', target: 'products' },
      { kind: 'form', target: 'receipts' },
      { kind: 'aggregate', target: A },
    ]);
    const grouped = {
      ...base,
      navigation: [{ kind: 'group', id: 'g', label: l('G'), items: [{ kind: 'form', target: 'receipts' }] }],
    } as AppDefinition;
    expect(run(stock.slice(0, 1), grouped).navigation).toEqual([
      ...grouped.navigation!,
      { kind: 'aggregate', target: A },
    ]);
  });

  it('a new aggregate is incomplete and says what is missing', () => {
    const next = run(stock.slice(0, 1));
    expect(gapsOf(agg(next)!).map((g) => g.code)).toEqual(['no_keys', 'no_sources']);
    expect(validateAppDefinition(next).ok).toBe(false);
    expect(gapsOf(agg(run(stock.slice(0, 3)))!)).toEqual([
      { code: 'unmapped_key', sourceId: 'source_1', keyId: 'key_1' },
      { code: 'no_posting', sourceId: 'source_1' },
    ]);
    expect(gapsOf(agg(run(stock))!)).toEqual([]);
  });

  it('removing a key or measure drops its mappings, postings and rules', () => {
    const withAmount = run([...stock, { type: 'addMeasure', aggregateId: A, label: l('Amount') }]);
    expect(agg(withAmount)!.measures.map((m) => m.id)).toEqual(['qty', 'measure_2']);
    const noQty = run([{ type: 'removeMeasure', aggregateId: A, measureId: 'qty' }], withAmount);
    expect(agg(noQty)!.sources[0]!.measures).toEqual({});
    expect(agg(noQty)!.rules).toBeUndefined();
    const noKey = run([{ type: 'removeKey', aggregateId: A, keyId: 'key_1' }], withAmount);
    expect(agg(noKey)!.keys).toEqual([]);
    expect(agg(noKey)!.sources[0]!.keys).toEqual({});
  });

  it("changing a key's kind or form drops the fields mapped for the old one; a new label keeps them", () => {
    const relabel = run([
      ...stock,
      { type: 'updateKey', aggregateId: A, keyId: 'key_1', patch: { label: l('Item') } },
    ]);
    expect(agg(relabel)!.sources[0]!.keys.key_1).toEqual({ field: 'item', from: 'line' });
    const toText = run([
      ...stock,
      { type: 'updateKey', aggregateId: A, keyId: 'key_1', patch: { type: 'text' } },
    ]);
    expect(agg(toText)!.keys[0]).toEqual({ id: 'key_1', label: l('Product'), type: 'text' });
    expect(agg(toText)!.sources[0]!.keys).toEqual({});
  });

  it('leaving the subform keeps record-level references and drops line ones; a new form starts over', () => {
    const mixed = run([
      ...stock,
      { type: 'addMeasure', aggregateId: A, label: l('Header qty') },
      {
        type: 'setPosting',
        aggregateId: A,
        sourceId: 'source_1',
        measureId: 'measure_2',
        posting: { field: 'qty', from: 'record', sign: -1 },
      },
      { type: 'setSourceSubform', aggregateId: A, sourceId: 'source_1', subform: null },
    ]);
    const source = agg(mixed)!.sources[0]!;
    expect(source.subform).toBeUndefined();
    expect(source.keys).toEqual({});
    expect(source.measures).toEqual({ measure_2: { field: 'qty', from: 'record', sign: -1 } });
    const moved = run(
      [{ type: 'setSourceForm', aggregateId: A, sourceId: 'source_1', form: 'products' }],
      mixed,
    );
    expect(agg(moved)!.sources[0]).toEqual({ id: 'source_1', form: 'products', keys: {}, measures: {} });
  });

  it('sets and clears the condition, edits and removes rules, removes sources and aggregates', () => {
    const when = { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'approved' } as const;
    let next = run([...stock, { type: 'setWhen', aggregateId: A, sourceId: 'source_1', when }]);
    expect(agg(next)!.sources[0]!.when).toEqual(when);
    next = run([{ type: 'setWhen', aggregateId: A, sourceId: 'source_1', when: null }], next);
    expect('when' in agg(next)!.sources[0]!).toBe(false);
    next = run(
      [
        {
          type: 'updateRule',
          aggregateId: A,
          index: 0,
          patch: { op: '>', value: 5, message: { en: 'Only {available} left' } },
        },
      ],
      next,
    );
    expect(agg(next)!.rules).toEqual([
      { measure: 'qty', op: '>', value: 5, message: { en: 'Only {available} left' } },
    ]);
    next = run(
      [{ type: 'updateRule', aggregateId: A, index: 0, patch: { message: { en: '', 'zh-CN': '' } } }],
      next,
    );
    expect(agg(next)!.rules![0]!.message).toBeUndefined();
    next = run([{ type: 'removeRule', aggregateId: A, index: 0 }], next);
    expect(agg(next)!.rules).toBeUndefined();
    next = run([{ type: 'removeSource', aggregateId: A, sourceId: 'source_1' }], next);
    expect(agg(next)!.sources).toEqual([]);
    const withNav = {
      ...next,
      navigation: [
        { kind: 'aggregate', target: A },
        { kind: 'form', target: 'receipts' },
      ],
    } as AppDefinition;
    const gone = run([{ type: 'removeAggregate', aggregateId: A }], withNav);
    expect(gone.aggregates).toBeUndefined();
    expect(gone.navigation).toEqual([{ kind: 'form', target: 'receipts' }]);
  });

  it('refuses unknown targets, bad numbers and more than the schema allows, changing nothing', () => {
    const built = run(stock);
    const refused = (cmd: AggregateCommand, code: string) => {
      let error: unknown;
      try {
        applyAggregateCommand(built, cmd);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AggregateCommandError);
      expect((error as AggregateCommandError).code).toBe(code);
    };
    refused({ type: 'renameAggregate', aggregateId: 'nope', name: l('x') }, 'unknown_aggregate');
    refused({ type: 'addSource', aggregateId: A, form: 'nope' }, 'unknown_form');
    refused(
      { type: 'mapKey', aggregateId: A, sourceId: 'source_1', keyId: 'nope', ref: null },
      'unknown_key',
    );
    refused({ type: 'setWhen', aggregateId: A, sourceId: 'nope', when: null }, 'unknown_source');
    refused({ type: 'updateRule', aggregateId: A, index: 3, patch: {} }, 'unknown_rule');
    refused(
      { type: 'updateMeasure', aggregateId: A, measureId: 'qty', patch: { decimals: 11 } },
      'bad_value',
    );
    refused(
      { type: 'updateMeasure', aggregateId: A, measureId: 'qty', patch: { decimals: 1.5 } },
      'bad_value',
    );
    refused(
      {
        type: 'setPosting',
        aggregateId: A,
        sourceId: 'source_1',
        measureId: 'qty',
        posting: { constant: 2e9, sign: 1 },
      },
      'bad_value',
    );
    const fiveKeys = run(
      Array.from(
        { length: 4 },
        () => ({ type: 'addKey', aggregateId: A, label: l('k') }) as AggregateCommand,
      ),
      built,
    );
    expect(agg(fiveKeys)!.keys).toHaveLength(5);
    expect(() => applyAggregateCommand(fiveKeys, { type: 'addKey', aggregateId: A, label: l('k') })).toThrow(
      /at most 5 keys/,
    );
  });
});

describe('field choices', () => {
  it('offer only fields of the right kind, line columns first', () => {
    const next = run(stock);
    const a = agg(next)!;
    const source = a.sources[0]!;
    const ids = (cs: { field: { id: string }; from: string }[]) => cs.map((c) => `${c.from}:${c.field.id}`);
    expect(ids(keyChoices(next, source, a.keys[0]!))).toEqual(['line:item', 'record:product']);
    expect(ids(keyChoices(next, source, { id: 'k', label: l('k'), type: 'text' }))).toEqual(['record:note']);
    expect(ids(postingChoices(next, source))).toEqual(['line:count', 'record:qty']);
    expect(choiceValue({ field: 'item' }, source)).toBe('line:item');
    expect(parseChoice('record:qty')).toEqual({ field: 'qty', from: 'record' });
    expect(() => parseChoice('qty')).toThrow(/not a field choice/);
  });
});

describe('aggregate store', () => {
  it('undoes and redoes commands, selects what it added, and knows what is saved', () => {
    const store = createAggregateStore({ app: base, version: 3, now: () => 0 });
    expect(store.getState().selected).toBeNull();
    for (const cmd of stock) expect(store.getState().dispatch(cmd)).toEqual({ ok: true });
    expect(store.getState().selected).toBe(A);
    expect(store.getState().dirty).toBe(true);
    const refused = store.getState().dispatch({ type: 'removeKey', aggregateId: A, keyId: 'nope' });
    expect(refused.ok).toBe(false);
    store.getState().undo();
    expect(store.getState().app.aggregates![0]!.rules).toBeUndefined();
    store.getState().redo();
    expect(store.getState().app.aggregates![0]!.rules).toHaveLength(1);
    store.getState().markSaved(store.getState().app, 4);
    expect(store.getState().dirty).toBe(false);
    store.getState().dispatch({ type: 'removeAggregate', aggregateId: A });
    expect(store.getState().selected).toBeNull();
    store.getState().undo();
    expect(store.getState().selected).toBe(A);
    expect(store.getState().dirty).toBe(false);
  });
});
