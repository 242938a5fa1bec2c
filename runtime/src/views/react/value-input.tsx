import { DatePicker, Input, InputNumber, Select, Space, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { FieldDefinition } from '@tangram/client';
import { pickText } from '../../core/i18n-text';
import type { ValueEditor } from '../core/filter-draft';
import type { Directory } from '../core/format-cell';
import { useViewTexts } from './texts';

/** The editor of a field's own value (bulk edit, record edit); null when no simple editor fits. */
export function fieldEditor(field: FieldDefinition): ValueEditor | null {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
      return 'text';
    case 'number':
    case 'money':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'time':
      return 'time';
    case 'boolean':
      return 'boolean';
    case 'select':
    case 'radio':
      return 'option';
    case 'multiselect':
    case 'checkboxes':
      return 'options';
    case 'member':
      return 'member';
    case 'members':
      return 'members';
    case 'department':
      return 'department';
    case 'departments':
      return 'departments';
    default:
      return null;
  }
}

export interface ValueInputProps {
  editor: ValueEditor;
  field: FieldDefinition | null;
  value: unknown;
  onChange(value: unknown): void;
  directory: Directory;
  ariaLabel?: string;
}

const optionsOf = (field: FieldDefinition | null, lang: string) =>
  (
    (field?.config as { options?: { value: string; label: Record<string, string> }[] } | undefined)
      ?.options ?? []
  ).map((o) => ({ value: o.value, label: pickText(o.label, lang) }));

const asDay = (v: unknown): Dayjs | null => (typeof v === 'string' && v ? dayjs(v) : null);
const asTime = (v: unknown): Dayjs | null => (typeof v === 'string' && v ? dayjs(`2000-01-01T${v}`) : null);
const pair = (v: unknown): [unknown, unknown] => (Array.isArray(v) ? [v[0], v[1]] : [undefined, undefined]);

/** One input suited to a value editor kind; ranges render two inputs. */
export function ValueInput({ editor, field, value, onChange, directory, ariaLabel }: ValueInputProps) {
  const { tx, lang } = useViewTexts();
  const common = { 'aria-label': ariaLabel, style: { width: '100%' } };
  const users = [...directory.users].map(([id, name]) => ({ value: id, label: name }));
  const departments = [...directory.departments].map(([id, name]) => ({ value: id, label: name }));
  switch (editor) {
    case 'none':
      return null;
    case 'text':
      return <Input {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
    case 'textList':
      return (
        <Select
          {...common}
          mode="tags"
          open={false}
          value={Array.isArray(value) ? (value as string[]).map(String) : []}
          onChange={(v) => onChange(v)}
        />
      );
    case 'number':
      return (
        <InputNumber
          {...common}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case 'numberRange': {
      const [a, b] = pair(value);
      return (
        <Space.Compact style={{ width: '100%' }}>
          <InputNumber
            aria-label={ariaLabel}
            style={{ width: '50%' }}
            value={typeof a === 'number' ? a : null}
            onChange={(v) => onChange([v ?? undefined, b])}
          />
          <InputNumber
            style={{ width: '50%' }}
            value={typeof b === 'number' ? b : null}
            onChange={(v) => onChange([a, v ?? undefined])}
          />
        </Space.Compact>
      );
    }
    case 'date':
      return (
        <DatePicker
          {...common}
          value={asDay(value)}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
        />
      );
    case 'datetime':
      return (
        <DatePicker
          {...common}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={asDay(value)}
          onChange={(d) => onChange(d ? d.toISOString() : undefined)}
        />
      );
    case 'time':
      return (
        <TimePicker
          {...common}
          format="HH:mm"
          value={asTime(value)}
          onChange={(d) => onChange(d ? d.format('HH:mm') : undefined)}
        />
      );
    case 'dateRange':
    case 'datetimeRange': {
      const [a, b] = pair(value);
      const time = editor === 'datetimeRange';
      return (
        <DatePicker.RangePicker
          {...common}
          value={[asDay(a), asDay(b)]}
          onChange={(r) =>
            onChange(
              r && r[0] && r[1]
                ? time
                  ? [r[0].startOf('day').toISOString(), r[1].endOf('day').toISOString()]
                  : [r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')]
                : undefined,
            )
          }
        />
      );
    }
    case 'timeRange': {
      const [a, b] = pair(value);
      return (
        <TimePicker.RangePicker
          {...common}
          format="HH:mm"
          value={[asTime(a), asTime(b)]}
          onChange={(r) =>
            onChange(r && r[0] && r[1] ? [r[0].format('HH:mm'), r[1].format('HH:mm')] : undefined)
          }
        />
      );
    }
    case 'boolean':
      return (
        <Select
          {...common}
          value={typeof value === 'boolean' ? value : undefined}
          options={[
            { value: true, label: tx.yes },
            { value: false, label: tx.no },
          ]}
          onChange={(v: boolean) => onChange(v)}
        />
      );
    case 'option':
    case 'options':
      return (
        <Select
          {...common}
          allowClear
          mode={editor === 'options' ? 'multiple' : undefined}
          value={value as string | string[] | undefined}
          options={optionsOf(field, lang)}
          onChange={(v) => onChange(v)}
        />
      );
    case 'member':
    case 'members':
    case 'department':
    case 'departments':
      return (
        <Select
          {...common}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          mode={editor.endsWith('s') ? 'multiple' : undefined}
          value={value as string | string[] | undefined}
          options={editor.startsWith('member') ? users : departments}
          onChange={(v) => onChange(v)}
        />
      );
  }
}
