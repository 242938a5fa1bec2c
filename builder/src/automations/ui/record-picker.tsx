import type { RecordDto } from '@tangram/client';
import { pickText, useAsync, useClient } from '@tangram/runtime';
import type { FormDefinition } from '@tangram/schema';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A short text naming a record: its title field, else its first text field, else its id. */
function recordLabel(
  form: FormDefinition,
  record: RecordDto,
  lang: string,
  status: (s: string) => string,
): string {
  const field =
    form.fields.find((f) => f.id === form.titleField) ?? form.fields.find((f) => f.type === 'text');
  const value = field ? record.data[field.id] : undefined;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const flow = record.workflowStatus ? ` · ${status(record.workflowStatus)}` : '';
  return `${text || record.id}${flow} · ${new Date(record.createdAt).toLocaleDateString(lang)}`;
}

/** Picks a record of `form` (newest first, searchable) for a test run. */
export function RecordPicker({
  appId,
  form,
  value,
  onChange,
}: {
  appId: string;
  form: FormDefinition;
  value: string | null;
  onChange(id: string | null): void;
}) {
  const { t, i18n } = useTranslation('automations');
  const client = useClient();
  const [q, setQ] = useState('');
  const page = useAsync(
    () =>
      client.records.list({ appId, formId: form.id }, { limit: 20, sort: '-createdAt', ...(q ? { q } : {}) }),
    [client, appId, form.id, q],
  );
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      style={{ width: '100%' }}
      placeholder={t('test.pickRecord', { form: pickText(form.name, i18n.language) })}
      value={value ?? undefined}
      loading={page.loading}
      onSearch={setQ}
      onChange={(id?: string) => onChange(id ?? null)}
      options={(page.data?.items ?? []).map((r) => ({
        value: r.id,
        label: recordLabel(form, r, i18n.language, (st) => t(`test.workflowStatus.${st}`)),
      }))}
      data-testid="test-record"
      aria-label={t('test.record')}
    />
  );
}
