import { describe, expect, it } from 'vitest';
import { checkAppSemantics, type AppDefinition } from '@tangram/schema';
import {
  applyPrintCommand,
  nextTemplateId,
  PrintCommandError,
  starterTemplate,
  type PrintCommand,
} from '../src/print/core/commands';
import { commandFor, planDrop, refusalOf } from '../src/print/core/drop-plan';

const l = (en: string) => ({ en });
const app = {
  id: 'a',
  name: l('A'),
  formatVersion: 3,
  forms: [
    {
      id: 'f',
      name: l('F'),
      fields: [
        { id: 'a', type: 'text', label: l('A') },
        { id: 'd', type: 'divider', label: l('D') },
        { id: 'b', type: 'number', label: l('B') },
        { id: 'c', type: 'text', label: l('C') },
        { id: 'e', type: 'text', label: l('E') },
        { id: 'g', type: 'text', label: l('G') },
        {
          id: 'rows',
          type: 'subform',
          label: l('Rows'),
          config: { fields: [{ id: 'x', type: 'text', label: l('X') }] },
        },
      ],
    },
  ],
} as unknown as AppDefinition;

describe('print designer commands', () => {
  it('starts a template from the form that passes the definition checks', () => {
    const form = app.forms[0]!;
    const tpl = starterTemplate(form, nextTemplateId(form), l('T'));
    expect(tpl.id).toBe('print1');
    expect(tpl.body).toEqual([
      { kind: 'fields', fields: ['a', 'b'] },
      { kind: 'fields', fields: ['c', 'e'] },
      { kind: 'fields', fields: ['g'] },
      { kind: 'subform', field: 'rows' },
    ]);
    const next = applyPrintCommand(app, { type: 'addTemplate', formId: 'f', template: tpl });
    expect(checkAppSemantics(next)).toEqual([]);
    expect(nextTemplateId(next.forms[0]!)).toBe('print2');
  });

  it('edits and removes a template, and refuses unknown ones and duplicates', () => {
    const tpl = starterTemplate(app.forms[0]!, 'p', l('T'));
    const added = applyPrintCommand(app, { type: 'addTemplate', formId: 'f', template: tpl });
    expect(() => applyPrintCommand(added, { type: 'addTemplate', formId: 'f', template: tpl })).toThrow(
      PrintCommandError,
    );
    const edited = applyPrintCommand(added, {
      type: 'setTemplate',
      formId: 'f',
      template: { ...tpl, page: { size: 'A5' } },
    });
    expect(edited.forms[0]!.printTemplates![0]!.page).toEqual({ size: 'A5' });
    const removed = applyPrintCommand(edited, { type: 'removeTemplate', formId: 'f', templateId: 'p' });
    expect(removed.forms[0]!.printTemplates).toBeUndefined();
    expect(() =>
      applyPrintCommand(removed, { type: 'removeTemplate', formId: 'f', templateId: 'p' }),
    ).toThrow(PrintCommandError);
    expect(app.forms[0]!.printTemplates).toBeUndefined(); // pure
  });
});

describe('print designer drag and drop commands', () => {
  type Body = NonNullable<AppDefinition['forms'][number]['printTemplates']>[number]['body'];
  const withBody = (body: Body) =>
    applyPrintCommand(app, {
      type: 'addTemplate',
      formId: 'f',
      template: { id: 'p', name: l('P'), body },
    });
  const bodyOf = (a: AppDefinition) => a.forms[0]!.printTemplates![0]!.body;
  const run = (body: Body, cmd: Omit<Extract<PrintCommand, { fieldId: string }>, 'formId' | 'templateId'>) =>
    bodyOf(applyPrintCommand(withBody(body), { ...cmd, formId: 'f', templateId: 'p' } as PrintCommand));
  const refused = (body: Body, cmd: Parameters<typeof run>[1]) => {
    try {
      run(body, cmd);
    } catch (e) {
      expect(e).toBeInstanceOf(PrintCommandError);
      return (e as PrintCommandError).code;
    }
    throw new Error('the command was applied');
  };
  const start: Body = [
    { kind: 'fields', fields: ['a', 'b'] },
    { kind: 'text', text: l('Note') },
  ];

  it('places a field as a new row, into a row at a position, and a subform as a table', () => {
    expect(run(start, { type: 'placeField', fieldId: 'c', at: { kind: 'gap', index: 1 } })).toEqual([
      { kind: 'fields', fields: ['a', 'b'] },
      { kind: 'fields', fields: ['c'] },
      { kind: 'text', text: l('Note') },
    ]);
    expect(
      run(start, { type: 'placeField', fieldId: 'c', at: { kind: 'into', block: 0, position: 1 } }),
    ).toEqual([{ kind: 'fields', fields: ['a', 'c', 'b'] }, start[1]]);
    expect(run(start, { type: 'placeField', fieldId: 'rows', at: { kind: 'gap', index: 2 } })).toEqual([
      ...start,
      { kind: 'subform', field: 'rows' },
    ]);
  });

  it('refuses a full row, a field already placed, a subform in a row, layout fields and text blocks', () => {
    const full: Body = [{ kind: 'fields', fields: ['a', 'b', 'c', 'e'] }, ...start.slice(1)];
    expect(
      refused(full, { type: 'placeField', fieldId: 'g', at: { kind: 'into', block: 0, position: 4 } }),
    ).toBe('row_full');
    expect(refused(start, { type: 'placeField', fieldId: 'a', at: { kind: 'gap', index: 2 } })).toBe(
      'already_placed',
    );
    expect(
      refused([...start, { kind: 'subform', field: 'rows' }], {
        type: 'placeField',
        fieldId: 'rows',
        at: { kind: 'gap', index: 0 },
      }),
    ).toBe('already_placed');
    expect(
      refused(start, { type: 'placeField', fieldId: 'rows', at: { kind: 'into', block: 0, position: 0 } }),
    ).toBe('subform_in_row');
    expect(refused(start, { type: 'placeField', fieldId: 'd', at: { kind: 'gap', index: 0 } })).toBe(
      'no_value',
    );
    expect(refused(start, { type: 'placeField', fieldId: 'zz', at: { kind: 'gap', index: 0 } })).toBe(
      'unknown_field',
    );
    expect(
      refused(start, { type: 'placeField', fieldId: 'c', at: { kind: 'into', block: 1, position: 0 } }),
    ).toBe('not_a_row');
    expect(refused(start, { type: 'placeField', fieldId: 'c', at: { kind: 'gap', index: 9 } })).toBe(
      'unknown_block',
    );
    const long: Body = Array.from({ length: 200 }, () => ({ kind: 'text', text: l('x') }) as const);
    expect(refused(long, { type: 'placeField', fieldId: 'c', at: { kind: 'gap', index: 0 } })).toBe(
      'too_many_blocks',
    );
  });

  it('moves a placed field to another row, within its row, and into a row of its own', () => {
    const two: Body = [
      { kind: 'fields', fields: ['a', 'b'] },
      { kind: 'fields', fields: ['c'] },
    ];
    // Out of a row that keeps a field, into the other row's start.
    expect(
      run(two, { type: 'moveField', fieldId: 'b', at: { kind: 'into', block: 1, position: 0 } }),
    ).toEqual([
      { kind: 'fields', fields: ['a'] },
      { kind: 'fields', fields: ['b', 'c'] },
    ]);
    // The last field of a row: the row goes, and the target is counted without it.
    expect(
      run(two, { type: 'moveField', fieldId: 'c', at: { kind: 'into', block: 0, position: 2 } }),
    ).toEqual([{ kind: 'fields', fields: ['a', 'b', 'c'] }]);
    expect(
      run(two, { type: 'moveField', fieldId: 'a', at: { kind: 'into', block: 0, position: 2 } }),
    ).toEqual([{ kind: 'fields', fields: ['b', 'a'] }, two[1]]);
    expect(run(two, { type: 'moveField', fieldId: 'a', at: { kind: 'gap', index: 2 } })).toEqual([
      { kind: 'fields', fields: ['b'] },
      { kind: 'fields', fields: ['c'] },
      { kind: 'fields', fields: ['a'] },
    ]);
    // A field alone in its row, dropped next to itself: nothing changes.
    const app2 = withBody(two);
    const same = applyPrintCommand(app2, {
      type: 'moveField',
      formId: 'f',
      templateId: 'p',
      fieldId: 'c',
      at: { kind: 'gap', index: 2 },
    });
    expect(same).toBe(app2);
    const full: Body = [
      { kind: 'fields', fields: ['a', 'b', 'c', 'e'] },
      { kind: 'fields', fields: ['g'] },
    ];
    expect(
      refused(full, { type: 'moveField', fieldId: 'g', at: { kind: 'into', block: 0, position: 0 } }),
    ).toBe('row_full');
    // Reordering inside a full row is fine.
    expect(
      run(full, { type: 'moveField', fieldId: 'e', at: { kind: 'into', block: 0, position: 0 } })[0],
    ).toEqual({
      kind: 'fields',
      fields: ['e', 'a', 'b', 'c'],
    });
    expect(refused(two, { type: 'moveField', fieldId: 'g', at: { kind: 'gap', index: 0 } })).toBe(
      'not_placed',
    );
  });

  it('moves blocks between blocks, and a drop in place changes nothing', () => {
    const three: Body = [
      { kind: 'fields', fields: ['a'] },
      { kind: 'text', text: l('T') },
      { kind: 'subform', field: 'rows' },
    ];
    const move = (from: number, to: number) =>
      bodyOf(
        applyPrintCommand(withBody(three), { type: 'moveBlock', formId: 'f', templateId: 'p', from, to }),
      );
    expect(move(0, 3).map((b) => b.kind)).toEqual(['text', 'subform', 'fields']);
    expect(move(2, 0).map((b) => b.kind)).toEqual(['subform', 'fields', 'text']);
    const app3 = withBody(three);
    for (const to of [1, 2])
      expect(applyPrintCommand(app3, { type: 'moveBlock', formId: 'f', templateId: 'p', from: 1, to })).toBe(
        app3,
      );
    expect(() =>
      applyPrintCommand(app3, { type: 'moveBlock', formId: 'f', templateId: 'p', from: 3, to: 0 }),
    ).toThrow(PrintCommandError);
    expect(
      checkAppSemantics(
        applyPrintCommand(app3, { type: 'moveBlock', formId: 'f', templateId: 'p', from: 0, to: 3 }),
      ),
    ).toEqual([]);
  });

  it('plans a drop from the pointer: row edges make a new row, its middle joins it', () => {
    const rect = { left: 0, top: 100, width: 400, height: 100 };
    const isSub = (id: string) => id === 'rows';
    const plan = (item: Parameters<typeof planDrop>[0], y: number, x = 200) =>
      planDrop(item, { kind: 'block', index: 0 }, rect, { x, y }, start, isSub);
    expect(plan({ kind: 'new', fieldId: 'c' }, 110)).toEqual({ kind: 'gap', index: 0 });
    expect(plan({ kind: 'new', fieldId: 'c' }, 150)).toEqual({ kind: 'into', block: 0, position: 2 });
    expect(plan({ kind: 'new', fieldId: 'c' }, 190)).toEqual({ kind: 'gap', index: 1 });
    // A subform or a block never joins a row.
    expect(plan({ kind: 'new', fieldId: 'rows' }, 140)).toEqual({ kind: 'gap', index: 0 });
    expect(plan({ kind: 'block', index: 1 }, 160)).toEqual({ kind: 'gap', index: 1 });
    // Over a field of a row: before or after it.
    const cell = (x: number) =>
      planDrop(
        { kind: 'placed', fieldId: 'c' },
        { kind: 'cell', block: 0, position: 1 },
        rect,
        { x, y: 150 },
        start,
        isSub,
      );
    expect(cell(100)).toEqual({ kind: 'into', block: 0, position: 1 });
    expect(cell(300)).toEqual({ kind: 'into', block: 0, position: 2 });
    expect(
      planDrop({ kind: 'new', fieldId: 'c' }, { kind: 'gap', index: 2 }, rect, { x: 0, y: 0 }, start, isSub),
    ).toEqual({
      kind: 'gap',
      index: 2,
    });
  });

  it('asks the command whether a planned drop is refused', () => {
    const a = withBody([{ kind: 'fields', fields: ['a', 'b', 'c', 'e'] }]);
    const into = { kind: 'into', block: 0, position: 0 } as const;
    expect(refusalOf(a, commandFor({ kind: 'new', fieldId: 'g' }, into, 'f', 'p'))).toBe('row_full');
    expect(
      refusalOf(a, commandFor({ kind: 'new', fieldId: 'g' }, { kind: 'gap', index: 1 }, 'f', 'p')),
    ).toBeNull();
    expect(commandFor({ kind: 'block', index: 0 }, { kind: 'gap', index: 1 }, 'f', 'p')).toEqual({
      type: 'moveBlock',
      formId: 'f',
      templateId: 'p',
      from: 0,
      to: 1,
    });
  });
});
