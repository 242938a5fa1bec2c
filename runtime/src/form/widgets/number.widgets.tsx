import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { useFormEnv } from '../react/form-context';
import { MAX_NUMBER_TEXT, numberInputText, parseNumberInput, type NumericField } from './number-input';
import type { WidgetProps } from './widget';

const CURRENCY: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$' };

/** Grouped digits for a box that is not being edited (1,234.50); editing shows plain digits. */
function groupedText(value: number, lang: string, digits: number | undefined): string {
  return new Intl.NumberFormat(lang, {
    useGrouping: true,
    minimumFractionDigits: digits ?? 0,
    maximumFractionDigits: digits ?? 10,
  }).format(value);
}

interface NumericInputProps extends WidgetProps {
  field: NumericField;
  prefix?: string;
  suffix?: string;
  /** Digits shown while the box is not focused, grouped; undefined: the value as it is. */
  grouping?: { digits: number | undefined } | null;
}

/**
 * A text box that never changes what the user typed: text that is a number sets the value, text
 * that is not (e.g. "2O", "abc") stays on screen and in the form values as typed, so validation
 * shows the field's error and submit is blocked until it is fixed.
 */
function NumericInput({
  field,
  value,
  onChange,
  id,
  disabled,
  invalid,
  prefix,
  suffix,
  grouping,
}: NumericInputProps) {
  const { lang } = useFormEnv();
  const [text, setText] = useState(() => numberInputText(field, value));
  const [focused, setFocused] = useState(false);

  // A value set from outside (reset after a conflict, data linkage) replaces the text, unless the
  // text already means that value ("1.50" and 1.5).
  useEffect(() => {
    setText((current) => {
      const parsed = parseNumberInput(field, current);
      const same =
        (parsed.kind === 'empty' && (value === null || value === undefined)) ||
        (parsed.kind === 'number' && parsed.value === value) ||
        (parsed.kind === 'invalid' && parsed.text === value);
      return same ? current : numberInputText(field, value);
    });
  }, [field, value]);

  const shown =
    !focused && grouping && typeof value === 'number' && field.type !== 'percent'
      ? groupedText(value, lang, grouping.digits)
      : text;

  return (
    <Input
      id={id}
      inputMode="decimal"
      autoComplete="off"
      maxLength={MAX_NUMBER_TEXT}
      style={{ width: '100%' }}
      value={shown}
      prefix={prefix}
      suffix={suffix}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      aria-invalid={invalid || undefined}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        const parsed = parseNumberInput(field, next);
        onChange(parsed.kind === 'empty' ? null : parsed.kind === 'number' ? parsed.value : parsed.text);
      }}
    />
  );
}

/** Number with precision, unit and thousands separators. */
export function NumberWidget(props: WidgetProps<'number'>) {
  const c = props.field.config ?? {};
  return <NumericInput {...props} suffix={c.unit} grouping={c.thousands ? { digits: c.precision } : null} />;
}

/** Money: the currency's sign in front, grouped digits when not editing. */
export function MoneyWidget(props: WidgetProps<'money'>) {
  const c = props.field.config ?? {};
  const currency = c.currency ?? 'CNY';
  return (
    <NumericInput
      {...props}
      prefix={CURRENCY[currency] ?? currency}
      grouping={{ digits: c.precision ?? 2 }}
    />
  );
}

/** Stored as a fraction (0.125), shown and typed ×100 (12.5 %). */
export function PercentWidget(props: WidgetProps<'percent'>) {
  return <NumericInput {...props} suffix="%" />;
}
