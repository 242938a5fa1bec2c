import type { FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { defaultOp } from '../../src/dashboards/dashboard-commands';

const l = (zh: string) => ({ 'zh-CN': zh, en: zh });
const form = {
  id: 'order',
  name: l('订单'),
  fields: [
    { id: 'money_1', type: 'money', label: l('金额'), config: {} },
    { id: 'number_1', type: 'number', label: l('数量'), config: {} },
    {
      id: 'formula_1',
      type: 'formula',
      label: l('合计'),
      config: { formula: '{number_1}', resultType: 'number' },
    },
    { id: 'formula_2', type: 'formula', label: l('说明'), config: { formula: '"x"', resultType: 'text' } },
    { id: 'text_1', type: 'text', label: l('客户'), config: {} },
  ],
} as unknown as FormDefinition;
const field = (id: string) => form.fields.find((f) => f.id === id);

describe('a new measure defaults to what makes sense for its field', () => {
  it('sums money, numbers and number formulas', () => {
    expect(defaultOp(field('money_1'), form)).toBe('sum');
    expect(defaultOp(field('number_1'), form)).toBe('sum');
    expect(defaultOp(field('formula_1'), form)).toBe('sum');
  });
  it('counts distinct values of text and text formulas, and records without a field', () => {
    expect(defaultOp(field('text_1'), form)).toBe('distinctCount');
    expect(defaultOp(field('formula_2'), form)).toBe('distinctCount');
    expect(defaultOp(undefined, form)).toBe('count');
  });
});
