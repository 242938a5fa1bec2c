import { InputNumber } from 'antd';
import type { WidgetProps } from './widget';

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Number with precision, unit and thousands separators. */
export function NumberWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'number'>) {
  const c = field.config ?? {};
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      value={num(value)}
      precision={c.precision}
      min={c.min}
      max={c.max}
      suffix={c.unit}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      formatter={c.thousands ? (v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : undefined}
      parser={c.thousands ? (v) => Number((v ?? '').replace(/,/g, '')) : undefined}
      onChange={(v) => onChange(num(v))}
    />
  );
}

const CURRENCY: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$' };

export function MoneyWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'money'>) {
  const c = field.config ?? {};
  const currency = c.currency ?? 'CNY';
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      value={num(value)}
      precision={c.precision ?? 2}
      min={c.min}
      max={c.max}
      prefix={CURRENCY[currency] ?? currency}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v) => onChange(num(v))}
    />
  );
}

/** Stored as a fraction (0.125), shown and typed ×100 (12.5 %). */
export function PercentWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'percent'>) {
  const c = field.config ?? {};
  const stored = num(value);
  const digits = c.precision ?? 2;
  // `precision` counts digits of the percentage (12.50 %); the stored fraction has two more.
  const shown = stored === null ? null : Number((stored * 100).toFixed(digits));
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      value={shown}
      precision={digits}
      min={c.min === undefined ? undefined : c.min * 100}
      max={c.max === undefined ? undefined : c.max * 100}
      suffix="%"
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v) => {
        const n = num(v);
        onChange(n === null ? null : Number((n / 100).toFixed(digits + 2)));
      }}
    />
  );
}
