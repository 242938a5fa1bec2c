import type { AppDefinition } from '@tangram/client';
import { ordersApp } from '../orders';

/**
 * The 200-field form of the render benchmark (top-level fields): 100 text fields, 49 numbers, a
 * `lines` subform (qty × price = amount per row) and 50 formulas:
 * - f0 … f23: `{n_i} * 2 + {n_i+1}` (independent, one or two inputs each);
 * - c0 … c19: a chain, c0 = `{n24} + {n25}`, c_k = `{c_k-1} + {n_24+k} * 2` (n24 feeds all 20);
 * - total = `SUM({lines.amount})`, grand = `{total} + {c19}`, tax = `{grand} * 0.13`;
 * - shout = `UPPER({t0})`, label = `{shout} & " (" & LEN({t0}) & ")"` (a text chain on t0);
 * - tlen = `LEN({t1}) + LEN({t2})`.
 * Keystrokes in t0 update shout and label; keystrokes in n24 update c0 … c19, grand and tax.
 */
export const BIG_FORM_ID = 'big';
export const LAST_FIELD_ID = 'tlen';

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });

type Fields = NonNullable<AppDefinition['forms'][number]['fields']>;

export function bigFormFields(): Fields {
  const fields: Fields = [];
  for (let i = 0; i < 100; i++)
    fields.push({ id: `t${i}`, type: 'text', label: l(`Text ${i}`, `文本 ${i}`) });
  for (let i = 0; i < 49; i++)
    fields.push({
      id: `n${i}`,
      type: 'number',
      label: l(`Number ${i}`, `数字 ${i}`),
      config: { precision: 2 },
    });
  fields.push({
    id: 'lines',
    type: 'subform',
    label: l('Lines', '明细'),
    config: {
      fields: [
        { id: 'qty', type: 'number', label: l('Qty', '数量'), config: { precision: 0 } },
        { id: 'price', type: 'money', label: l('Price', '单价'), config: { currency: 'CNY', precision: 2 } },
        {
          id: 'amount',
          type: 'formula',
          label: l('Amount', '金额'),
          config: { formula: '{qty} * {price}', resultType: 'number', precision: 2 },
        },
      ],
    },
  });
  const formula = (id: string, formula: string, resultType: 'number' | 'text' = 'number') =>
    fields.push({
      id,
      type: 'formula',
      label: l(`Formula ${id}`, `公式 ${id}`),
      config: resultType === 'number' ? { formula, resultType, precision: 2 } : { formula, resultType },
    });
  for (let i = 0; i < 24; i++) formula(`f${i}`, `{n${i}} * 2 + {n${i + 1}}`);
  formula('c0', '{n24} + {n25}');
  for (let k = 1; k < 20; k++) formula(`c${k}`, `{c${k - 1}} + {n${24 + k}} * 2`);
  formula('total', 'SUM({lines.amount})');
  formula('grand', '{total} + {c19}');
  formula('tax', '{grand} * 0.13');
  formula('shout', 'UPPER({t0})', 'text');
  formula('label', '{shout} & " (" & LEN({t0}) & ")"', 'text');
  formula(LAST_FIELD_ID, 'LEN({t1}) + LEN({t2})');
  return fields;
}

/** The benchmark's `orders` app plus the 200-field form (both in the navigation). */
export function renderApp(): AppDefinition {
  const app = ordersApp();
  return {
    ...app,
    forms: [...app.forms, { id: BIG_FORM_ID, name: l('200 fields', '200 个字段'), fields: bigFormFields() }],
    navigation: [...(app.navigation ?? []), { kind: 'form', target: BIG_FORM_ID }],
  };
}
