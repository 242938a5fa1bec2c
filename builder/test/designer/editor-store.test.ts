import type { AppDefinition, FieldDefinition, Filter, FormDefinition } from '@tangram/schema';
import { validateAppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { applyCommand, newField, nextFieldId, type Command } from '../../src/designer/store/commands';
import { createEditorStore } from '../../src/designer/store/editor-store';
import { rowsOf, treeOf } from '../../src/designer/store/layout';
import { applyPatches, diff } from '../../src/designer/store/patches';
import { placementFor } from '../../src/designer/dnd/placement';

const text = (id: string): FieldDefinition => newField('text', id);

function app(fields: FieldDefinition[] = [text('a'), text('b'), text('c')]): AppDefinition {
  return {
    id: 'app1',
    name: { 'zh-CN': '应用', en: 'App' },
    formatVersion: 1,
    forms: [
      { id: 'form1', name: { en: 'Orders' }, fields },
      { id: 'form2', name: { en: 'Customers' }, fields: [text('name')] },
    ],
    navigation: [],
  };
}

const form = (a: AppDefinition): FormDefinition => a.forms[0] as FormDefinition;
const layoutIds = (a: AppDefinition) => rowsOf(form(a)).map((r) => r.cells.map((c) => c.field));
const store = (a = app(), now = () => 0) => createEditorStore({ app: a, version: 3, formId: 'form1', now });

describe('patches', () => {
  it('diffs and applies both ways, sharing unchanged subtrees', () => {
    const before = { a: { x: 1 }, b: [1, 2, 3], c: 'keep', d: 1 };
    const after = { a: { x: 2 }, b: [1, 2], c: 'keep', e: true };
    const { forward, inverse } = diff(before, after);
    expect(applyPatches(before, forward)).toEqual(after);
    expect(applyPatches(after, inverse)).toEqual(before);
    expect(forward).toContainEqual({ op: 'replace', path: ['a', 'x'], value: 2 });
  });
});

describe('commands', () => {
  it('adds a field as a new row or beside another (1–4 per row)', () => {
    let a = applyCommand(app(), {
      type: 'addField',
      formId: 'form1',
      field: text('d'),
      at: { kind: 'row', index: 1 },
    });
    expect(layoutIds(a)).toEqual([['a'], ['d'], ['b'], ['c']]);
    a = applyCommand(a, {
      type: 'addField',
      formId: 'form1',
      field: text('e'),
      at: { kind: 'beside', fieldId: 'b', side: 'before' },
    });
    expect(layoutIds(a)).toEqual([['a'], ['d'], ['e', 'b'], ['c']]);
    expect(form(a).fields.map((f) => f.id)).toEqual(['a', 'd', 'e', 'b', 'c']);
    for (const id of ['f', 'g']) {
      a = applyCommand(a, {
        type: 'addField',
        formId: 'form1',
        field: text(id),
        at: { kind: 'beside', fieldId: 'b', side: 'after' },
      });
    }
    expect(() =>
      applyCommand(a, {
        type: 'addField',
        formId: 'form1',
        field: text('h'),
        at: { kind: 'beside', fieldId: 'b', side: 'after' },
      }),
    ).toThrow(/at most 4/);
    expect(() =>
      applyCommand(a, { type: 'addField', formId: 'form1', field: text('a'), at: { kind: 'row', index: 0 } }),
    ).toThrow(/taken/);
    expect(validateAppDefinition(a).ok).toBe(true);
  });

  it('moves fields between rows, beside others and into and out of subforms', () => {
    let a = applyCommand(app(), {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'a',
      to: { kind: 'row', index: 3 },
    });
    expect(layoutIds(a)).toEqual([['b'], ['c'], ['a']]);
    a = applyCommand(a, {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'c',
      to: { kind: 'beside', fieldId: 'b', side: 'after' },
    });
    expect(layoutIds(a)).toEqual([['b', 'c'], ['a']]);
    a = applyCommand(a, {
      type: 'addField',
      formId: 'form1',
      field: newField('subform', 'lines'),
      at: { kind: 'row', index: 2 },
    });
    a = applyCommand(a, {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'a',
      to: { kind: 'column', subformId: 'lines', index: 0 },
    });
    const lines = form(a).fields.find((f) => f.id === 'lines');
    expect(lines?.type === 'subform' && lines.config.fields.map((f) => f.id)).toEqual(['a']);
    expect(layoutIds(a)).toEqual([['b', 'c'], ['lines']]);
    a = applyCommand(a, { type: 'moveField', formId: 'form1', fieldId: 'a', to: { kind: 'row', index: 0 } });
    expect(layoutIds(a)).toEqual([['a'], ['b', 'c'], ['lines']]);
    expect(() =>
      applyCommand(a, {
        type: 'moveField',
        formId: 'form1',
        fieldId: 'lines',
        to: { kind: 'column', subformId: 'lines', index: 0 },
      }),
    ).toThrow();
  });

  it('keeps subform columns free of nested tables', () => {
    let a = applyCommand(app(), {
      type: 'addField',
      formId: 'form1',
      field: newField('subform', 'lines'),
      at: { kind: 'row', index: 0 },
    });
    a = applyCommand(a, {
      type: 'addSubformColumn',
      formId: 'form1',
      subformId: 'lines',
      field: newField('number', 'qty'),
    });
    a = applyCommand(a, {
      type: 'addSubformColumn',
      formId: 'form1',
      subformId: 'lines',
      field: newField('money', 'price'),
    });
    const lines = form(a).fields[0];
    expect(lines?.type === 'subform' && lines.config.fields.map((f) => f.id)).toEqual(['qty', 'price']);
    expect(() =>
      applyCommand(a, {
        type: 'addSubformColumn',
        formId: 'form1',
        subformId: 'lines',
        field: newField('subform', 'x'),
      }),
    ).toThrow(/cannot be a subform column/);
    expect(nextFieldId(form(a), 'number')).toBe('number_1');
    expect(validateAppDefinition(a).ok).toBe(true);
  });

  it('updates, retypes, duplicates and removes fields', () => {
    let a = applyCommand(app(), {
      type: 'updateField',
      formId: 'form1',
      fieldId: 'a',
      patch: { required: true, label: { en: 'Name' } },
    });
    expect(form(a).fields[0]).toMatchObject({ required: true, label: { en: 'Name' } });
    a = applyCommand(a, {
      type: 'updateField',
      formId: 'form1',
      fieldId: 'a',
      patch: { required: undefined },
    });
    expect(form(a).fields[0]).not.toHaveProperty('required');
    a = applyCommand(a, { type: 'changeFieldType', formId: 'form1', fieldId: 'b', fieldType: 'number' });
    expect(form(a).fields[1]).toMatchObject({ id: 'b', type: 'number', config: { precision: 0 } });
    a = applyCommand(a, { type: 'duplicateField', formId: 'form1', fieldId: 'b', newId: 'b2' });
    expect(layoutIds(a)).toEqual([['a'], ['b', 'b2'], ['c']]);
    a = applyCommand(a, { type: 'updateForm', formId: 'form1', patch: { titleField: 'c' } });
    a = applyCommand(a, {
      type: 'addRule',
      formId: 'form1',
      rule: {
        kind: 'visibility',
        rule: { id: 'r1', when: { kind: 'cmp', field: 'a', op: 'isNotEmpty' }, show: ['c'] },
      },
    });
    a = applyCommand(a, { type: 'removeField', formId: 'form1', fieldId: 'c' });
    expect(form(a).titleField).toBeUndefined();
    expect(form(a).rules?.visibility).toEqual([]);
    expect(layoutIds(a)).toEqual([['a'], ['b', 'b2']]);
  });

  it('drops conditions on a removed field from visibility rules and relation filters', () => {
    let a = app([text('a'), text('b'), text('c'), text('d')]);
    a = {
      ...a,
      forms: [
        ...a.forms,
        {
          id: 'form3',
          name: { en: 'Deals' },
          fields: [
            {
              id: 'link',
              type: 'relation',
              label: { en: 'Order' },
              config: {
                form: 'form1',
                filter: {
                  kind: 'and',
                  items: [
                    { kind: 'cmp', field: 'a', op: 'isNotEmpty' },
                    { kind: 'cmp', field: 'b', op: 'eq', value: 'x' },
                  ],
                },
              },
            },
          ],
        },
      ],
    };
    const rule = (id: string, when: Filter, show: string[]) =>
      applyCommand(a, {
        type: 'addRule',
        formId: 'form1',
        rule: { kind: 'visibility', rule: { id, when, show } },
      });
    a = rule(
      'r1',
      {
        kind: 'and',
        items: [
          { kind: 'cmp', field: 'a', op: 'isNotEmpty' },
          { kind: 'or', items: [{ kind: 'cmp', field: 'b', op: 'eq', value: 'x' }] },
        ],
      },
      ['d'],
    );
    a = rule('r2', { kind: 'cmp', field: 'b', op: 'isEmpty' }, ['c']);
    a = applyCommand(a, { type: 'removeField', formId: 'form1', fieldId: 'b' });
    // The nested group lost its only condition and went; r2 read only b and went too.
    expect(form(a).rules?.visibility).toEqual([
      {
        id: 'r1',
        when: { kind: 'and', items: [{ kind: 'cmp', field: 'a', op: 'isNotEmpty' }] },
        show: ['d'],
      },
    ]);
    const link = a.forms[2]?.fields[0] as Extract<FieldDefinition, { type: 'relation' }>;
    expect(link.config.filter).toEqual({
      kind: 'and',
      items: [{ kind: 'cmp', field: 'a', op: 'isNotEmpty' }],
    });
    a = applyCommand(a, { type: 'removeField', formId: 'form1', fieldId: 'a' });
    expect(form(a).rules?.visibility).toEqual([]);
    expect((a.forms[2]?.fields[0] as typeof link).config).toEqual({ form: 'form1' });
    expect(validateAppDefinition(a).ok).toBe(true);
  });

  it('sets row spans within the 24-column grid', () => {
    let a = applyCommand(app(), {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'b',
      to: { kind: 'beside', fieldId: 'a', side: 'after' },
    });
    a = applyCommand(a, { type: 'setLayoutRow', formId: 'form1', row: 0, spans: [16, 8] });
    expect(rowsOf(form(a))[0]?.cells).toEqual([
      { field: 'a', span: 16 },
      { field: 'b', span: 8 },
    ]);
    expect(() => applyCommand(a, { type: 'setLayoutRow', formId: 'form1', row: 0, spans: [20, 8] })).toThrow(
      /more than 24/,
    );
    expect(() => applyCommand(a, { type: 'setLayoutRow', formId: 'form1', row: 0, spans: [24] })).toThrow();
  });
});

const section = (id: string) => ({ kind: 'section', id, title: { 'zh-CN': '分组', en: 'Section' } }) as const;
const tabs = (id: string, panes: string[]) => ({
  kind: 'tabs' as const,
  id,
  tabs: panes.map((p) => ({ id: p, title: { 'zh-CN': p, en: p } })),
});
/** The top level as ids: a row's fields, or a container's id with its slots' fields. */
const shape = (a: AppDefinition) =>
  treeOf(form(a)).map((i) =>
    i.kind === 'row'
      ? i.cells.map((c) => c.field)
      : i.kind === 'section'
        ? { [i.id]: i.items.map((r) => r.cells.map((c) => c.field)) }
        : {
            [i.id]: Object.fromEntries(
              i.tabs.map((t) => [t.id, t.items.map((r) => r.cells.map((c) => c.field))]),
            ),
          },
  );

describe('sections and tabs', () => {
  it('adds containers, drops fields into and between them, and keeps the definition valid', () => {
    let a = applyCommand(app(), {
      type: 'addContainer',
      formId: 'form1',
      container: section('s1'),
      index: 1,
    });
    expect(shape(a)).toEqual([['a'], { s1: [] }, ['b'], ['c']]);
    a = applyCommand(a, {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'c',
      to: { kind: 'row', index: 0, slot: 's1' },
    });
    a = applyCommand(a, {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'a',
      to: { kind: 'beside', fieldId: 'c', side: 'before' },
    });
    expect(shape(a)).toEqual([{ s1: [['a', 'c']] }, ['b']]);
    a = applyCommand(a, {
      type: 'addContainer',
      formId: 'form1',
      container: tabs('t1', ['p1', 'p2']),
      index: 2,
    });
    a = applyCommand(a, {
      type: 'addField',
      formId: 'form1',
      field: text('d'),
      at: { kind: 'row', index: 0, slot: 'p2' },
    });
    a = applyCommand(a, {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'c',
      to: { kind: 'row', index: 0, slot: 'p1' },
    });
    expect(shape(a)).toEqual([{ s1: [['a']] }, ['b'], { t1: { p1: [['c']], p2: [['d']] } }]);
    // Reading order follows the layout; rowsOf numbers rows through the containers.
    expect(form(a).fields.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(layoutIds(a)).toEqual([['a'], ['b'], ['c'], ['d']]);
    a = applyCommand(a, { type: 'setLayoutRow', formId: 'form1', row: 2, spans: [12] });
    expect(validateAppDefinition(a).ok).toBe(true);
  });

  it('renames, edits tabs and removes containers without losing fields', () => {
    let a = applyCommand(app(), {
      type: 'addContainer',
      formId: 'form1',
      container: tabs('t1', ['p1', 'p2']),
      index: 0,
    });
    a = applyCommand(a, {
      type: 'moveField',
      formId: 'form1',
      fieldId: 'a',
      to: { kind: 'row', index: 0, slot: 'p2' },
    });
    a = applyCommand(a, {
      type: 'updateContainer',
      formId: 'form1',
      containerId: 't1',
      patch: { tabs: [{ id: 'p1', title: { 'zh-CN': '基本', en: 'Basic' } }] },
    });
    // Fields of a dropped pane move to the last pane kept.
    expect(shape(a)).toEqual([{ t1: { p1: [['a']] } }, ['b'], ['c']]);
    a = applyCommand(a, { type: 'removeContainer', formId: 'form1', containerId: 't1' });
    expect(shape(a)).toEqual([['a'], ['b'], ['c']]);
    expect(() =>
      applyCommand(a, {
        type: 'moveField',
        formId: 'form1',
        fieldId: 'a',
        to: { kind: 'row', index: 0, slot: 'nope' },
      }),
    ).toThrow(/section or tab/);
    expect(() =>
      applyCommand(a, { type: 'addContainer', formId: 'form1', container: section('b'), index: 0 }),
    ).toThrow(/taken/);
  });
});

describe('moving a section or tab group', () => {
  // [s1{a}] [b] [t1{p1: c, p2: d}] [e]
  function laidOut(): AppDefinition {
    let a = app([text('a'), text('b'), text('c'), text('d'), text('e')]);
    const run = (cmd: Command) => (a = applyCommand(a, cmd));
    run({ type: 'addContainer', formId: 'form1', container: section('s1'), index: 0 });
    run({ type: 'moveField', formId: 'form1', fieldId: 'a', to: { kind: 'row', index: 0, slot: 's1' } });
    run({ type: 'addContainer', formId: 'form1', container: tabs('t1', ['p1', 'p2']), index: 2 });
    run({ type: 'moveField', formId: 'form1', fieldId: 'c', to: { kind: 'row', index: 0, slot: 'p1' } });
    run({ type: 'moveField', formId: 'form1', fieldId: 'd', to: { kind: 'row', index: 0, slot: 'p2' } });
    return a;
  }
  const move = (a: AppDefinition, containerId: string, index: number) =>
    applyCommand(a, { type: 'moveContainer', formId: 'form1', containerId, index });

  it('moves a container with its fields; the index counts items before the move', () => {
    const a = laidOut();
    expect(shape(a)).toEqual([{ s1: [['a']] }, ['b'], { t1: { p1: [['c']], p2: [['d']] } }, ['e']]);
    // Tabs up to the top: its fields come first in reading order too.
    const up = move(a, 't1', 0);
    expect(shape(up)).toEqual([{ t1: { p1: [['c']], p2: [['d']] } }, { s1: [['a']] }, ['b'], ['e']]);
    expect(form(up).fields.map((f) => f.id)).toEqual(['c', 'd', 'a', 'b', 'e']);
    // Section down below "b" (drop line before item 2) and to the very end (index = length).
    expect(shape(move(a, 's1', 2))).toEqual([
      ['b'],
      { s1: [['a']] },
      { t1: { p1: [['c']], p2: [['d']] } },
      ['e'],
    ]);
    const last = move(a, 's1', 4);
    expect(shape(last)).toEqual([['b'], { t1: { p1: [['c']], p2: [['d']] } }, ['e'], { s1: [['a']] }]);
    expect(form(last).fields.map((f) => f.id)).toEqual(['b', 'c', 'd', 'e', 'a']);
    expect(validateAppDefinition(last).ok).toBe(true);
    // Dropping on its own place (before or after itself) changes nothing.
    expect(move(a, 's1', 0)).toBe(a);
    expect(move(a, 's1', 1)).toBe(a);
  });

  it('plans drops at the top level only (drop lines above or below, never inside a container)', () => {
    const f = form(laidOut());
    const item = { kind: 'move-container', containerId: 's1' } as const;
    const rect = { left: 0, top: 100, width: 400, height: 40 };
    const upper = { x: 200, y: 105 };
    const lower = { x: 200, y: 135 };
    expect(placementFor({ kind: 'cell', fieldId: 'b', index: 1 }, rect, lower, item, f)).toEqual({
      kind: 'row',
      index: 2,
    });
    // The sides of a field mean "beside" for fields, still above/below for a container.
    expect(placementFor({ kind: 'cell', fieldId: 'b', index: 1 }, rect, { x: 5, y: 105 }, item, f)).toEqual({
      kind: 'row',
      index: 1,
    });
    expect(placementFor({ kind: 'container', index: 2 }, rect, upper, item, f)).toEqual({
      kind: 'row',
      index: 2,
    });
    expect(placementFor({ kind: 'canvas-end', count: 3 }, rect, upper, item, f)).toEqual({
      kind: 'row',
      index: 3,
    });
    expect(
      placementFor({ kind: 'cell', fieldId: 'c', index: 0, slot: 'p1' }, rect, upper, item, f),
    ).toBeNull();
    expect(placementFor({ kind: 'slot-end', slot: 'p1', count: 1 }, rect, upper, item, f)).toBeNull();
  });

  it('refuses unknown containers, fields and bad indexes', () => {
    const a = laidOut();
    expect(() => move(a, 'nope', 0)).toThrow(/no section or tabs/);
    expect(() => move(a, 'b', 0)).toThrow(/no section or tabs/);
    expect(() => move(a, 'p1', 0)).toThrow(/no section or tabs/);
    expect(() => move(a, 's1', 5)).toThrow(/from 0 to 4/);
    expect(() => move(a, 's1', -1)).toThrow(/from 0 to 4/);
    expect(() => move(a, 's1', 1.5)).toThrow(/whole number/);
  });

  it('is one undo step in the editor store', () => {
    const s = store(laidOut());
    const before = s.getState().app;
    expect(
      s.getState().dispatch({ type: 'moveContainer', formId: 'form1', containerId: 't1', index: 0 }),
    ).toEqual({
      ok: true,
    });
    const after = s.getState().app;
    expect(shape(after)[0]).toEqual({ t1: { p1: [['c']], p2: [['d']] } });
    s.getState().undo();
    expect(s.getState().app).toEqual(before);
    s.getState().redo();
    const redone = s.getState().app;
    expect(redone).toEqual(after);
    const failed = s
      .getState()
      .dispatch({ type: 'moveContainer', formId: 'form1', containerId: 'x', index: 0 });
    expect(failed.ok).toBe(false);
    expect(s.getState().app).toBe(redone);
  });
});

describe('editor store', () => {
  const every: Command[] = [
    { type: 'addField', formId: 'form1', field: newField('subform', 'lines'), at: { kind: 'row', index: 3 } },
    { type: 'addSubformColumn', formId: 'form1', subformId: 'lines', field: newField('number', 'qty') },
    { type: 'moveField', formId: 'form1', fieldId: 'c', to: { kind: 'beside', fieldId: 'a', side: 'after' } },
    { type: 'updateField', formId: 'form1', fieldId: 'a', patch: { required: true } },
    { type: 'changeFieldType', formId: 'form1', fieldId: 'b', fieldType: 'date' },
    { type: 'duplicateField', formId: 'form1', fieldId: 'b', newId: 'b_copy' },
    { type: 'setLayoutRow', formId: 'form1', row: 0, spans: [18, 6] },
    { type: 'updateForm', formId: 'form1', patch: { name: { en: 'Sales orders' } } },
    { type: 'addContainer', formId: 'form1', container: section('s1'), index: 0 },
    { type: 'moveField', formId: 'form1', fieldId: 'a', to: { kind: 'row', index: 0, slot: 's1' } },
    { type: 'updateContainer', formId: 'form1', containerId: 's1', patch: { title: { en: 'Main' } } },
    { type: 'addContainer', formId: 'form1', container: tabs('t1', ['p1', 'p2']), index: 9 },
    { type: 'moveField', formId: 'form1', fieldId: 'b', to: { kind: 'row', index: 0, slot: 'p2' } },
    { type: 'moveContainer', formId: 'form1', containerId: 't1', index: 0 },
    { type: 'removeContainer', formId: 'form1', containerId: 's1' },
    {
      type: 'addRule',
      formId: 'form1',
      rule: { kind: 'validation', rule: { id: 'v1', formula: 'LEN({a}) > 1', message: { en: 'Too short' } } },
    },
    {
      type: 'updateRule',
      formId: 'form1',
      rule: { kind: 'validation', rule: { id: 'v1', formula: 'LEN({a}) > 2', message: { en: 'Too short' } } },
    },
    { type: 'removeRule', formId: 'form1', kind: 'validation', ruleId: 'v1' },
    { type: 'removeField', formId: 'form1', fieldId: 'b_copy' },
    { type: 'replaceApp', app: { ...app(), name: { en: 'Replaced' } } },
  ];

  it('undoes and redoes every command kind exactly', () => {
    const s = store();
    const states: AppDefinition[] = [s.getState().app];
    for (const cmd of every) {
      const result = s.getState().dispatch(cmd);
      expect(result, cmd.type).toEqual({ ok: true });
      states.push(s.getState().app);
    }
    expect(s.getState().past.map((e) => e.label)).toEqual(every.map((c) => c.type));
    for (let i = every.length - 1; i >= 0; i--) {
      s.getState().undo();
      expect(s.getState().app, `undo ${every[i]?.type}`).toEqual(states[i]);
    }
    expect(s.getState().dirty).toBe(false);
    for (let i = 1; i <= every.length; i++) {
      s.getState().redo();
      expect(s.getState().app, `redo ${every[i - 1]?.type}`).toEqual(states[i]);
    }
    expect(s.getState().dirty).toBe(true);
  });

  it('drops the redo branch on a new command and leaves the document alone on a failed one', () => {
    const s = store();
    s.getState().dispatch(every[0] as Command);
    s.getState().undo();
    expect(s.getState().future).toHaveLength(1);
    s.getState().dispatch({ type: 'updateField', formId: 'form1', fieldId: 'a', patch: { hidden: true } });
    expect(s.getState().future).toHaveLength(0);
    const before = s.getState().app;
    const result = s.getState().dispatch({ type: 'removeField', formId: 'form1', fieldId: 'nope' });
    expect(result.ok).toBe(false);
    expect(s.getState().app).toBe(before);
  });

  it('merges typing in one input into one step', () => {
    let t = 0;
    const s = store(app(), () => t);
    for (const label of ['N', 'Na', 'Nam', 'Name']) {
      t += 100;
      s.getState().dispatch(
        { type: 'updateField', formId: 'form1', fieldId: 'a', patch: { label: { en: label } } },
        { coalesceKey: 'a.label' },
      );
    }
    expect(s.getState().past).toHaveLength(1);
    t += 5000;
    s.getState().dispatch(
      { type: 'updateField', formId: 'form1', fieldId: 'a', patch: { label: { en: 'Names' } } },
      { coalesceKey: 'a.label' },
    );
    expect(s.getState().past).toHaveLength(2);
    s.getState().undo();
    s.getState().undo();
    expect(form(s.getState().app).fields[0]?.label).toEqual({ 'zh-CN': '单行文本', en: 'Text' });
  });

  it('tracks dirtiness against the saved position and clears a selection that undo removes', () => {
    const s = store();
    s.getState().dispatch(every[0] as Command);
    s.getState().select('lines');
    expect(s.getState().dirty).toBe(true);
    s.getState().markSaved(s.getState().app, 4);
    expect(s.getState()).toMatchObject({ dirty: false, baseVersion: 4 });
    s.getState().undo();
    expect(s.getState().dirty).toBe(true);
    expect(s.getState().selectedFieldId).toBeNull();
    s.getState().redo();
    expect(s.getState().dirty).toBe(false);
  });
});
