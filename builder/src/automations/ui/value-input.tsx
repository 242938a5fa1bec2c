import { pickText } from '@tangram/runtime';
import type { FieldDefinition } from '@tangram/schema';
import { Input, InputNumber, Select, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface StaticProps {
  field: FieldDefinition;
  value: unknown;
  onChange(v: unknown): void;
  testId?: string;
}

type StaticEditor = (p: StaticProps & { lang: string; label: string }) => ReactNode;

const numberInput: StaticEditor = ({ value, onChange, testId, label }) => (
  <InputNumber
    style={{ width: '100%' }}
    value={typeof value === 'number' ? value : null}
    onChange={(v) => onChange(v ?? null)}
    data-testid={testId}
    aria-label={label}
  />
);

const optionsInput =
  (multiple: boolean): StaticEditor =>
  ({ field, value, onChange, testId, lang, label }) => (
    <Select
      allowClear
      style={{ width: '100%' }}
      mode={multiple ? 'multiple' : undefined}
      value={value as string | string[] | undefined}
      options={(
        (field.config as { options?: { value: string; label: Record<string, string> }[] }).options ?? []
      ).map((o) => ({ value: o.value, label: pickText(o.label, lang) }))}
      onChange={(v) => onChange(v ?? null)}
      data-testid={testId}
      aria-label={label}
    />
  );

const textInput: StaticEditor = ({ value, onChange, testId, label }) => (
  <Input
    value={typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value)}
    onChange={(e) => onChange(e.target.value)}
    data-testid={testId}
    aria-label={label}
  />
);

/** Static value editors by field type; other types take text (the server validates the value). */
const staticEditors: Partial<Record<FieldDefinition['type'], StaticEditor>> = {
  number: numberInput,
  money: numberInput,
  percent: numberInput,
  boolean: ({ value, onChange, testId, label }) => (
    <Switch checked={value === true} onChange={onChange} data-testid={testId} aria-label={label} />
  ),
  select: optionsInput(false),
  radio: optionsInput(false),
  multiselect: optionsInput(true),
  checkboxes: optionsInput(true),
};

/** A fixed value for `field`, edited as the field's type suggests. */
export function StaticInput(props: StaticProps) {
  const { t, i18n } = useTranslation('automations');
  const Editor = staticEditors[props.field.type] ?? textInput;
  return <Editor {...props} lang={i18n.language} label={t('mapping.staticValue')} />;
}
