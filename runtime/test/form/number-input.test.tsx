// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AppDefinition } from '@tangram/client';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { FormRenderer } from '../../src/form';
import type { FormStore } from '../../src/form/core/form-store';
import {
  foldFullWidth,
  numberInputText,
  parseNumberInput,
  type NumericField,
} from '../../src/form/widgets/number-input';

const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const qty: NumericField = {
  id: 'qty',
  type: 'number',
  label: l('Qty', '数量'),
  config: { precision: 0, min: 0 },
};
const price: NumericField = {
  id: 'price',
  type: 'money',
  label: l('Price', '单价'),
  config: { currency: 'CNY' },
};
const rate: NumericField = { id: 'rate', type: 'percent', label: l('Rate'), config: { precision: 2 } };

describe('parseNumberInput', () => {
  it.each([
    ['12', 12],
    [' 12.5 ', 12.5],
    ['-3', -3],
    ['1,234.50', 1234.5],
    ['¥1,234.5', 1234.5],
    ['１２３', 123], // full-width digits from a Chinese IME
    ['１２。５', 12.5],
  ])('reads %j as %j', (text, value) => {
    expect(parseNumberInput(price, text)).toEqual({ kind: 'number', value });
  });

  it.each(['2O', 'abc', '12abc', '0x10', '1e3', '1.2.3', '--1', '1 2 3 4'.repeat(20)])(
    'keeps %j as invalid text, never a number',
    (text) => {
      expect(parseNumberInput(qty, text)).toEqual({ kind: 'invalid', text });
    },
  );

  it('reads blank text as empty', () => {
    expect(parseNumberInput(qty, '')).toEqual({ kind: 'empty' });
    expect(parseNumberInput(qty, '   ')).toEqual({ kind: 'empty' });
  });

  it('takes percentages in a percent box and stores the fraction', () => {
    expect(parseNumberInput(rate, '12.5')).toEqual({ kind: 'number', value: 0.125 });
    expect(parseNumberInput(rate, '12.5%')).toEqual({ kind: 'number', value: 0.125 });
    expect(parseNumberInput(rate, '7%x')).toEqual({ kind: 'invalid', text: '7%x' });
  });

  it('shows stored values as plain editable text, invalid text as typed', () => {
    expect(numberInputText(price, 1234.5)).toBe('1234.5');
    expect(numberInputText(rate, 0.125)).toBe('12.5');
    expect(numberInputText(qty, '2O')).toBe('2O');
    expect(numberInputText(qty, null)).toBe('');
  });

  it('folds full-width signs and separators', () => {
    expect(foldFullWidth('－１，２３４．５')).toBe('-1,234.5');
  });
});

const form: FormDefinition = {
  id: 'order',
  name: l('Order'),
  fields: [
    qty as FieldDefinition,
    price as FieldDefinition,
    {
      id: 'total',
      type: 'formula',
      label: l('Total'),
      config: { formula: '{qty} * {price}', resultType: 'number', currency: 'CNY' },
    },
  ],
};
const app = { id: 'app', name: l('App'), formatVersion: 1, forms: [form] } as unknown as AppDefinition;

function renderOrder(language: 'en' | 'zh-CN') {
  let store: FormStore | null = null;
  const submitted: Record<string, unknown>[] = [];
  render(
    <I18nextProvider i18n={createI18n({ language })}>
      <FormRenderer
        app={app}
        form={form}
        mode="create"
        client={null}
        onStore={(s) => (store = s)}
        onSubmit={async (d) => void submitted.push(d)}
      />
    </I18nextProvider>,
  );
  return { store: store! as FormStore, submitted };
}

afterEach(cleanup);

describe('number widgets in a form', () => {
  it('keeps "2O" on screen with an error, blocks submit, and computes no total from it', async () => {
    const { store, submitted } = renderOrder('zh-CN');
    const box = document.getElementById('field-qty') as HTMLInputElement;
    fireEvent.change(box, { target: { value: '2O' } });
    fireEvent.change(document.getElementById('field-price')!, { target: { value: '3000' } });
    expect(box.value).toBe('2O');
    expect(store.getState().values.qty).toBe('2O');
    await waitFor(() => expect(screen.getByText('数量：“2O”不是有效的数字')).toBeTruthy());
    // No total from input still being corrected (not 0, not 6,000 read from "2").
    expect(store.getState().values.total).toBeNull();
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(screen.getByText('请修正标出的字段后再提交。')).toBeTruthy());
    expect(submitted).toEqual([]);

    // Fixed, the total is computed and shown as money, and the record goes out with numbers.
    fireEvent.change(box, { target: { value: '20' } });
    expect(store.getState().values.qty).toBe(20);
    expect(store.getState().values.total).toBe(60000);
    await waitFor(() => expect(document.body.textContent).toContain('¥60,000.00'));
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(submitted).toEqual([{ qty: 20, price: 3000 }]));
  });

  it('drops nothing typed: "abc" stays and is refused in English too', async () => {
    const { store } = renderOrder('en');
    fireEvent.change(document.getElementById('field-price')!, { target: { value: 'abc' } });
    expect((document.getElementById('field-price') as HTMLInputElement).value).toBe('abc');
    expect(store.getState().values.price).toBe('abc');
    await waitFor(() => expect(screen.getByText('Price: "abc" is not a valid number')).toBeTruthy());
  });

  it('applies the field minimum with a message in the UI language', async () => {
    const { submitted } = renderOrder('zh-CN');
    fireEvent.change(document.getElementById('field-qty')!, { target: { value: '-5' } });
    await waitFor(() => expect(screen.getByText('数量不能小于 0')).toBeTruthy());
    fireEvent.click(screen.getByTestId('form-submit'));
    await waitFor(() => expect(screen.getByText('请修正标出的字段后再提交。')).toBeTruthy());
    expect(submitted).toEqual([]);
  });

  it('shows grouped money when the box is not being edited', async () => {
    renderOrder('en');
    const box = document.getElementById('field-price') as HTMLInputElement;
    fireEvent.focus(box);
    fireEvent.change(box, { target: { value: '21000' } });
    expect(box.value).toBe('21000');
    fireEvent.blur(box);
    await waitFor(() => expect(box.value).toBe('21,000.00'));
  });
});
