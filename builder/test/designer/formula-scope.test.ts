import { completions, formulaToIds, formulaToLabels, labelDiagnostics } from '@tangram/formula';
import type { FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { formulaScope } from '../../src/designer/formula/formula-scope';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const form = {
  id: 'order',
  name: label('订单', 'Order'),
  fields: [
    { id: 'text_1', type: 'text', label: label('客户', 'Customer'), config: {} },
    { id: 'number_9', type: 'number', label: label('折扣', 'Discount'), config: {} },
    {
      id: 'subform_1',
      type: 'subform',
      label: label('订单明细', 'Order lines'),
      config: {
        fields: [
          { id: 'number_1', type: 'number', label: label('数量', 'Quantity'), config: {} },
          { id: 'money_1', type: 'money', label: label('单价', 'Price'), config: {} },
          {
            id: 'formula_1',
            type: 'formula',
            label: label('小计', 'Line total'),
            config: { formula: '{number_1} * {money_1}', resultType: 'number' },
          },
        ],
      },
    },
    {
      id: 'formula_2',
      type: 'formula',
      label: label('合计', 'Total'),
      config: { formula: 'SUM({subform_1.formula_1})', resultType: 'number' },
    },
  ],
  layout: [],
} as unknown as FormDefinition;

describe('formula scope', () => {
  it("offers a subform column formula the row's siblings first, then the form's fields", () => {
    const scope = formulaScope(form, 'zh-CN', 'formula_1');
    expect(scope.map((f) => [f.label, f.scope])).toEqual([
      ['数量', 'row'],
      ['单价', 'row'],
      ['客户', 'form'],
      ['折扣', 'form'],
      ['订单明细.数量', 'form'],
      ['订单明细.单价', 'form'],
      ['合计', 'form'],
    ]);
    const items = completions('{', 1, scope).filter((i) => i.kind === 'field');
    expect(items[0]).toMatchObject({ label: '数量', insertText: '{数量}', scope: 'row' });
  });

  it('does not flag sibling columns of the same row as unknown', () => {
    const scope = formulaScope(form, 'zh-CN', 'formula_1');
    const shown = formulaToLabels('{number_1} * {money_1}', scope);
    expect(shown).toBe('{数量} * {单价}');
    expect(labelDiagnostics(shown, scope)).toEqual([]);
    expect(labelDiagnostics('{数量} * {单价} * (1 - {折扣})', scope)).toEqual([]);
  });

  it("offers a form formula the form's fields with subform columns as lists, never itself", () => {
    const scope = formulaScope(form, 'en', 'formula_2');
    expect(scope.map((f) => f.label)).toEqual([
      'Customer',
      'Discount',
      'Order lines.Quantity',
      'Order lines.Price',
      'Order lines.Line total',
    ]);
    expect(formulaToLabels('SUM({subform_1.formula_1})', scope)).toBe('SUM({Order lines.Line total})');
    expect(formulaToIds('SUM({Order lines.Quantity})', scope)).toBe('SUM({subform_1.number_1})');
    // A row column is not in scope of a form formula: it would be a list, so it must be qualified.
    expect(labelDiagnostics('{Quantity} + 1', scope)[0]).toMatchObject({ key: 'unknownField' });
  });
});
