import type { FieldDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { createFormModel } from '../../src/form/core/form-model';
import { recomputeAll } from '../../src/form/core/formulas';
import { summableColumns, sumColumn } from '../../src/form/core/subform-summary';

const l = (en: string) => ({ en, 'zh-CN': en });
const columns: FieldDefinition[] = [
  { id: 'product', type: 'text', label: l('Product') },
  { id: 'qty', type: 'number', label: l('Qty') },
  { id: 'price', type: 'money', label: l('Price') },
  { id: 'discount', type: 'percent', label: l('Discount') },
  { id: 'fee', type: 'money', label: l('Fee') },
  {
    id: 'amount',
    type: 'formula',
    label: l('Amount'),
    config: { formula: '{qty} * {price} + {fee}', resultType: 'number', precision: 2 },
  },
];

describe('subform totals', () => {
  it('sums quantities, amounts and line totals, never unit prices or percentages', () => {
    expect(summableColumns(columns).map((c) => c.id)).toEqual(['qty', 'fee', 'amount']);
  });

  it('sums exactly and skips text still being corrected', () => {
    expect(sumColumn([{ v: 0.1 }, { v: 0.2 }, { v: '2O' }, {}], 'v')).toBe(0.3);
  });
});

describe('formulas over input still being corrected', () => {
  const env = {
    now: () => new Date('2025-01-01T00:00:00Z'),
    timeZone: 'UTC',
    user: { id: 'u', name: 'U', departments: [] },
  };
  const form = {
    id: 'order',
    name: l('Order'),
    fields: [
      { id: 'lines', type: 'subform', label: l('Lines'), config: { fields: columns } },
      {
        id: 'total',
        type: 'formula',
        label: l('Total'),
        config: { formula: 'SUM({lines.amount})', resultType: 'number', precision: 2 },
      },
    ],
  } as const;

  it('leaves the line total and the order total empty while a number box holds "2O"', () => {
    const model = createFormModel(form as never);
    const bad = recomputeAll(
      model,
      {
        lines: [
          { qty: '2O', price: 3000, fee: 0 },
          { qty: 3, price: 1500, fee: 0 },
        ],
      },
      env,
    );
    const rows = bad.lines as { amount: unknown }[];
    expect(rows.map((r) => r.amount)).toEqual([null, 4500]);
    expect(bad.total).toBeNull();
    const fixed = recomputeAll(
      model,
      {
        lines: [
          { qty: 20, price: 3000, fee: 0 },
          { qty: 3, price: 1500, fee: 0 },
        ],
      },
      env,
    );
    expect(fixed.total).toBe(64500);
  });
});
