import { describe, expect, it } from 'vitest';
import { checkAppSemantics, type AppDefinition } from '@tangram/schema';
import {
  applyPrintCommand,
  nextTemplateId,
  PrintCommandError,
  starterTemplate,
} from '../src/print/core/commands';

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
      { kind: 'fields', fields: ['c'] },
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
