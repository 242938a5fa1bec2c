import { Checkbox, Radio, Select, Space, Switch, Tag } from 'antd';
import type { SelectOption } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

function useOptions(options: readonly SelectOption[]) {
  const { lang } = useFormEnv();
  return options.map((o) => ({
    value: o.value,
    color: o.color,
    label: o.color ? (
      <span className="tg-option">
        <span className="tg-option-dot" style={{ background: o.color }} />
        {pickText(o.label, lang)}
      </span>
    ) : (
      pickText(o.label, lang)
    ),
    text: pickText(o.label, lang),
  }));
}

export function SelectWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'select'>) {
  const options = useOptions(field.config.options);
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'text' }}
      style={{ width: '100%' }}
      value={typeof value === 'string' ? value : undefined}
      options={options}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v: string | undefined) => onChange(v ?? null)}
    />
  );
}

export function MultiselectWidget({
  field,
  value,
  onChange,
  id,
  disabled,
  invalid,
}: WidgetProps<'multiselect'>) {
  const options = useOptions(field.config.options);
  const colors = new Map(field.config.options.map((o) => [o.value, o.color]));
  return (
    <Select
      id={id}
      mode={field.config.allowOther ? 'tags' : 'multiple'}
      allowClear
      showSearch={{ optionFilterProp: 'text' }}
      style={{ width: '100%' }}
      value={Array.isArray(value) ? (value as string[]) : []}
      options={options}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      maxCount={field.config.maxItems}
      tagRender={({ label, value: v, closable, onClose }) => (
        <Tag
          color={colors.get(String(v))}
          closable={closable}
          onClose={onClose}
          style={{ marginInlineEnd: 4 }}
        >
          {label}
        </Tag>
      )}
      onChange={(v: string[]) => onChange(v.length ? v : null)}
    />
  );
}

export function RadioWidget({ field, value, onChange, id, disabled }: WidgetProps<'radio'>) {
  const options = useOptions(field.config.options);
  return (
    <Radio.Group id={id} value={value ?? null} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      <Space wrap>
        {options.map((o) => (
          <Radio key={o.value} value={o.value}>
            {o.label}
          </Radio>
        ))}
      </Space>
    </Radio.Group>
  );
}

export function CheckboxesWidget({ field, value, onChange, id, disabled }: WidgetProps<'checkboxes'>) {
  const options = useOptions(field.config.options);
  return (
    <Checkbox.Group
      value={Array.isArray(value) ? (value as string[]) : []}
      disabled={disabled}
      onChange={(v) => onChange(v.length ? (v as string[]) : null)}
    >
      <Space wrap id={id}>
        {options.map((o) => (
          <Checkbox key={o.value} value={o.value}>
            {o.label}
          </Checkbox>
        ))}
      </Space>
    </Checkbox.Group>
  );
}

export function BooleanWidget({ value, onChange, id, disabled }: WidgetProps<'boolean'>) {
  return <Switch id={id} checked={value === true} disabled={disabled} onChange={(v) => onChange(v)} />;
}
