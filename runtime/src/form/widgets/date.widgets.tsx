import { DatePicker, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { WidgetProps } from './widget';

const picker = { 'YYYY-MM': 'month', YYYY: 'year' } as const;

/** A calendar day stored as `YYYY-MM-DD` (no time zone shift). */
export function DateWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'date'>) {
  const format = field.config?.format ?? 'YYYY-MM-DD';
  const current = typeof value === 'string' ? dayjs(value, 'YYYY-MM-DD') : null;
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      value={current?.isValid() ? current : null}
      format={format}
      picker={format in picker ? picker[format as keyof typeof picker] : 'date'}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      minDate={field.config?.min ? dayjs(field.config.min) : undefined}
      maxDate={field.config?.max ? dayjs(field.config.max) : undefined}
      onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM-DD') : null)}
    />
  );
}

/** An instant stored as ISO 8601 UTC, picked in the browser's time zone. */
export function DatetimeWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'datetime'>) {
  const format = field.config?.format ?? 'YYYY-MM-DD HH:mm';
  const current = typeof value === 'string' ? dayjs(value) : null;
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      showTime={{ format: format.slice(11) }}
      format={format}
      value={current?.isValid() ? current : null}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(d: Dayjs | null) => onChange(d ? d.toDate().toISOString() : null)}
    />
  );
}

/** A wall-clock time stored as `HH:mm:ss`. */
export function TimeWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'time'>) {
  const format = field.config?.format ?? 'HH:mm';
  const current = typeof value === 'string' ? dayjs(`2000-01-01T${value}`) : null;
  return (
    <TimePicker
      id={id}
      style={{ width: '100%' }}
      format={format}
      value={current?.isValid() ? current : null}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(d: Dayjs | null) => onChange(d ? d.format('HH:mm:ss') : null)}
    />
  );
}
