import { DatePicker, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, type ComponentType, type ReactNode } from 'react';
import type { DashboardFilterState } from '@tangram/client';
import type { AppDefinition, FieldDefinition, FilterWidget } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import { FormEnvContext, type FormEnv } from '../../form/react/form-context';
import { DepartmentsWidget, MembersWidget } from '../../form/widgets/org.widgets';
import { useDashboardTexts } from './texts';

type Value = DashboardFilterState[string] | undefined;

interface ControlProps {
  filter: FilterWidget;
  field: FieldDefinition | undefined;
  value: Value;
  onChange(value: Value): void;
  label: string;
}

const SYSTEM = {
  zh: {
    createdAt: '提交时间',
    updatedAt: '更新时间',
    createdBy: '提交人',
    updatedBy: '更新人',
    ownerId: '负责人',
  },
  en: {
    createdAt: 'Created',
    updatedAt: 'Updated',
    createdBy: 'Created by',
    updatedBy: 'Updated by',
    ownerId: 'Owner',
  },
} as const;

const valuesOf = (value: Value): string[] =>
  value && 'values' in value ? value.values.filter((v): v is string => typeof v === 'string') : [];
const listValue = (v: unknown): Value =>
  Array.isArray(v) && v.length ? { values: v as string[] } : undefined;

function DateRangeControl({ value, onChange }: ControlProps) {
  const { tx } = useDashboardTexts();
  const range = value && !('values' in value) ? value : {};
  return (
    <DatePicker.RangePicker
      allowEmpty={[true, true]}
      placeholder={[tx.dateFrom, tx.dateTo]}
      value={[range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null]}
      onChange={(dates) => {
        const from = dates?.[0]?.format('YYYY-MM-DD');
        const to = dates?.[1]?.format('YYYY-MM-DD');
        onChange(from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined);
      }}
    />
  );
}

function SelectControl({ field, value, onChange }: ControlProps) {
  const { tx, lang } = useDashboardTexts();
  const options = (
    (field?.config as { options?: { value: string; label?: Record<string, string> }[] } | undefined)
      ?.options ?? []
  ).map((o) => ({ value: o.value, label: o.label ? pickText(o.label, lang) : o.value }));
  return (
    <Select
      mode={options.length ? 'multiple' : 'tags'}
      allowClear
      placeholder={tx.all}
      style={{ minWidth: 160 }}
      maxTagCount="responsive"
      options={options}
      value={valuesOf(value)}
      onChange={(v: string[]) => onChange(listValue(v))}
    />
  );
}

/**
 * The org pickers of the form renderer (searchable member list, department tree, one directory
 * fetch shared by every picker) outside a form: they read only `client` from the form env.
 */
function OrgEnv({ children }: { children: ReactNode }) {
  const client = useClient();
  const env = useMemo(() => ({ client }) as unknown as FormEnv, [client]);
  return <FormEnvContext.Provider value={env}>{children}</FormEnvContext.Provider>;
}

function MemberControl({ filter, value, onChange, label }: ControlProps) {
  return (
    <OrgEnv>
      <span className="tg-db-org-picker">
        <MembersWidget
          field={{ id: filter.field, type: 'members', label: { 'zh-CN': label }, config: {} } as never}
          value={valuesOf(value)}
          onChange={(v) => onChange(listValue(v))}
          id={`filter-${filter.id}-input`}
          disabled={false}
          invalid={false}
        />
      </span>
    </OrgEnv>
  );
}

function DepartmentControl({ filter, value, onChange, label }: ControlProps) {
  return (
    <OrgEnv>
      <span className="tg-db-org-picker">
        <DepartmentsWidget
          field={{ id: filter.field, type: 'departments', label: { 'zh-CN': label }, config: {} } as never}
          value={valuesOf(value)}
          onChange={(v) => onChange(listValue(v))}
          id={`filter-${filter.id}-input`}
          disabled={false}
          invalid={false}
        />
      </span>
    </OrgEnv>
  );
}

/** One control per filter widget type; a new type is a type error until it has one. */
const controls = {
  dateRange: DateRangeControl,
  select: SelectControl,
  member: MemberControl,
  department: DepartmentControl,
} satisfies Record<FilterWidget['type'], ComponentType<ControlProps>>;

/** A filter widget above the dashboard: its label and its control. */
export function FilterControl({
  filter,
  app,
  value,
  onChange,
}: {
  filter: FilterWidget;
  app: AppDefinition;
  value: Value;
  onChange(value: Value): void;
}) {
  const { lang } = useDashboardTexts();
  const field = app.forms.find((f) => f.id === filter.form)?.fields.find((f) => f.id === filter.field);
  const system: Record<string, string> = lang.startsWith('en') ? SYSTEM.en : SYSTEM.zh;
  const label = filter.label
    ? pickText(filter.label, lang)
    : field
      ? pickText(field.label, lang)
      : (system[filter.field] ?? filter.field);
  const Control = controls[filter.type];
  return (
    <span className="tg-db-filter" data-testid={`filter-${filter.id}`}>
      <Typography.Text type="secondary" className="tg-db-filter-label">
        {label}
      </Typography.Text>
      <Control filter={filter} field={field} value={value} onChange={onChange} label={label} />
    </span>
  );
}
