import { InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Unit = 'minutes' | 'hours' | 'days';
const FACTOR: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };

/** The largest unit that shows a stored number of minutes as a whole number. */
const unitFor = (minutes: number | undefined): Unit =>
  minutes && minutes % 1440 === 0 ? 'days' : minutes && minutes % 60 === 0 ? 'hours' : 'minutes';

/** A duration stored in minutes (the definition's unit), edited as minutes, hours or days. */
export function DurationInput({
  value,
  onChange,
  min = 1,
  testId,
}: {
  value: number | undefined;
  onChange(minutes: number | undefined): void;
  min?: number;
  testId?: string;
}) {
  const { t } = useTranslation('workflow');
  const [unit, setUnit] = useState<Unit>(() => unitFor(value));
  const shown = value === undefined ? null : value / FACTOR[unit];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber
        min={Math.max(1, Math.ceil(min / FACTOR[unit]))}
        max={Math.floor(525600 / FACTOR[unit])}
        precision={0}
        value={shown}
        style={{ flex: 1 }}
        data-testid={testId}
        onChange={(n) => onChange(typeof n === 'number' ? n * FACTOR[unit] : undefined)}
      />
      <Select<Unit>
        value={unit}
        style={{ width: 90 }}
        onChange={(u) => {
          setUnit(u);
          if (shown !== null) onChange(shown * FACTOR[u]);
        }}
        options={(['minutes', 'hours', 'days'] as const).map((u) => ({
          value: u,
          label: t(`panel.units.${u}`),
        }))}
      />
    </Space.Compact>
  );
}
