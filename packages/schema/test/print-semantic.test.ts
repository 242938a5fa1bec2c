import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../src/index.js';
import { checkPrintTemplates, parsePrintTemplate } from '../src/index.js';

const l = (en: string) => ({ en });
const form = {
  id: 'f',
  name: l('F'),
  fields: [
    { id: 'a', type: 'text', label: l('A') },
    { id: 'd', type: 'divider', label: l('D') },
    {
      id: 'rows',
      type: 'subform',
      label: l('Rows'),
      config: { fields: [{ id: 'x', type: 'text', label: l('X') }] },
    },
  ],
} as unknown as FormDefinition;

describe('print templates', () => {
  it('names every bad reference with its path', () => {
    const issues = checkPrintTemplates(
      {
        ...form,
        printTemplates: [
          {
            id: 'p',
            name: l('P'),
            body: [
              { kind: 'fields', fields: ['a', 'nope', 'rows', 'd'] },
              { kind: 'subform', field: 'a' },
              { kind: 'subform', field: 'rows', columns: ['x', 'y'] },
            ],
          },
          { id: 'p', name: l('P2'), body: [] },
        ],
      },
      '/forms/0',
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/forms/0/printTemplates/0/body/0/fields/1', 'unknown_field'],
      ['/forms/0/printTemplates/0/body/0/fields/2', 'subform_in_row'],
      ['/forms/0/printTemplates/0/body/0/fields/3', 'no_value'],
      ['/forms/0/printTemplates/0/body/1/field', 'not_a_subform'],
      ['/forms/0/printTemplates/0/body/2/columns/1', 'unknown_field'],
      ['/forms/0/printTemplates/1/id', 'duplicate_id'],
    ]);
  });

  it('parses a template sent alone: shape first, then references', () => {
    const ok = parsePrintTemplate(form, {
      id: 'p',
      name: l('P'),
      page: { size: 'A5' },
      body: [{ kind: 'fields', fields: ['a'] }],
    });
    expect(ok.ok).toBe(true);
    const shape = parsePrintTemplate(
      form,
      { id: 'p', name: l('P'), page: { size: 'B5' }, body: [] },
      '/template',
    );
    expect(shape.ok).toBe(false);
    if (!shape.ok) expect(shape.issues[0]!.path).toBe('/template/page/size');
    const ref = parsePrintTemplate(
      form,
      { id: 'p', name: l('P'), body: [{ kind: 'subform', field: 'zz' }] },
      '/t',
    );
    expect(ref.ok ? [] : ref.issues.map((i) => i.path)).toEqual(['/t/body/0/field']);
  });
});
