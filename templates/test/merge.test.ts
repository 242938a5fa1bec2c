import { validateAppDefinition, type AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { mergeApp, mergeDefinitions } from '../src/merge';
import { fixtureSalesApp } from './fixtures/fixture-packages';

const clone = <T>(v: T): T => structuredClone(v);
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
type Field = AppDefinition['forms'][number]['fields'][number];
const fieldsOf = (app: AppDefinition) => app.forms[0]!.fields;
const field = (app: AppDefinition, id: string) =>
  fieldsOf(app).find((f) => f.id === id) as Field & { label: { en: string } };

describe('three-way merge of app definitions', () => {
  const base = clone(fixtureSalesApp);

  it('keeps the admin added fields and changed labels and applies the template changes', () => {
    const ours = clone(base);
    ours.version = 7;
    fieldsOf(ours).push({ id: 'region', type: 'text', label: l('Region') } as Field);
    field(ours, 'title').label = l('Subject', '主题');
    const theirs = clone(base);
    fieldsOf(theirs).splice(1, 0, { id: 'due', type: 'date', label: l('Due date') } as Field);
    field(theirs, 'amount').label = l('Order amount', '订单金额');

    const { merged, conflicts } = mergeApp(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(fieldsOf(merged).map((f) => f.id)).toEqual(['title', 'due', 'customer', 'amount', 'region']);
    expect(field(merged, 'title').label.en).toBe('Subject');
    expect(field(merged, 'amount').label.en).toBe('Order amount');
    expect(merged.version).toBe(7);
    expect(validateAppDefinition(merged).ok).toBe(true);
  });

  it('applies a deletion by the template when the admin left the part alone', () => {
    const theirs = clone(base);
    theirs.forms[0]!.fields = fieldsOf(theirs).filter((f) => f.id !== 'amount');
    const { merged, conflicts } = mergeApp(base, clone(base), theirs);
    expect(conflicts).toEqual([]);
    expect(fieldsOf(merged).map((f) => f.id)).toEqual(['title', 'customer']);
  });

  it('keeps a deletion by the admin when the template left the part alone', () => {
    const ours = clone(base);
    ours.workflows = [];
    const theirs = clone(base);
    field(theirs, 'title').label = l('Title 2');
    const { merged, conflicts } = mergeApp(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.workflows).toEqual([]);
    expect(field(merged, 'title').label.en).toBe('Title 2');
  });

  it('keeps the admin changed workflow and merges nodes by id', () => {
    const ours = clone(base);
    const node = ours.workflows![0]!.nodes[1] as { name: { en: string } };
    node.name = l('Sales director');
    const theirs = clone(base);
    theirs.workflows![0]!.name = l('Order approval v2');
    const { merged, conflicts } = mergeApp(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect((merged.workflows![0]!.nodes[1] as { name: { en: string } }).name.en).toBe('Sales director');
    expect(merged.workflows![0]!.name.en).toBe('Order approval v2');
  });

  it('reports a part changed both ways as a conflict with its path, keeping ours until chosen', () => {
    const ours = clone(base);
    field(ours, 'amount').label = l('Total');
    const theirs = clone(base);
    field(theirs, 'amount').label = l('Order amount');
    const { merged, conflicts } = mergeApp(base, ours, theirs);
    expect(conflicts).toEqual([
      {
        path: 'forms/orders/fields/amount/label/en',
        base: 'Amount',
        ours: 'Total',
        theirs: 'Order amount',
        resolution: 'ours',
      },
      {
        path: 'forms/orders/fields/amount/label/zh-CN',
        base: '金额',
        ours: 'Total',
        theirs: 'Order amount',
        resolution: 'ours',
      },
    ]);
    expect(field(merged, 'amount').label.en).toBe('Total');

    const chosen = mergeApp(base, ours, theirs, { 'forms/orders/fields/amount/label/en': 'theirs' });
    expect(field(chosen.merged, 'amount').label).toEqual({ en: 'Order amount', 'zh-CN': 'Total' });
    expect(chosen.conflicts.map((c) => c.resolution)).toEqual(['theirs', 'ours']);
  });

  it('reports changed by one side and deleted by the other', () => {
    const ours = clone(base);
    field(ours, 'amount').label = l('Total');
    const theirs = clone(base);
    theirs.forms[0]!.fields = fieldsOf(theirs).filter((f) => f.id !== 'amount');
    const { merged, conflicts } = mergeApp(base, ours, theirs);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.path).toBe('forms/orders/fields/amount');
    expect(conflicts[0]).not.toHaveProperty('theirs');
    expect(field(merged, 'amount').label.en).toBe('Total');
    const dropped = mergeApp(base, ours, theirs, { 'forms/orders/fields/amount': 'theirs' });
    expect(fieldsOf(dropped.merged).map((f) => f.id)).toEqual(['title', 'customer']);
  });

  it('treats a field both sides added with the same id as one part', () => {
    const ours = clone(base);
    fieldsOf(ours).push({ id: 'due', type: 'date', label: l('Due') } as Field);
    const theirs = clone(base);
    fieldsOf(theirs).push({ id: 'due', type: 'date', label: l('Due date') } as Field);
    const { conflicts } = mergeApp(base, ours, theirs);
    expect(conflicts.map((c) => c.path)).toEqual([
      'forms/orders/fields/due/label/en',
      'forms/orders/fields/due/label/zh-CN',
    ]);
  });

  it('treats arrays of plain values as one value', () => {
    const r = mergeDefinitions({ a: [1, 2] }, { a: [1, 2, 3] }, { a: [0, 1, 2] });
    expect(r.conflicts).toEqual([
      { path: 'a', base: [1, 2], ours: [1, 2, 3], theirs: [0, 1, 2], resolution: 'ours' },
    ]);
    expect(mergeDefinitions({ a: [1] }, { a: [1] }, { a: [2] }).merged).toEqual({ a: [2] });
  });

  it('does not care about key order', () => {
    const r = mergeDefinitions({ x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } }, { x: { a: 1, b: 3 } });
    expect(r).toEqual({ merged: { x: { a: 1, b: 3 } }, conflicts: [] });
  });
});
