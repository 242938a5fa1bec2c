import type { Conversion } from '@tangram/client';
import { pickText } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { Alert, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { findField } from '../store/commands';

/** The server's conversion preview: per changed field, the stored values that would be emptied. */
export function ConversionList({
  conversions,
  app,
}: {
  conversions: readonly Conversion[];
  app: AppDefinition;
}) {
  const { t, i18n } = useTranslation('designer');
  const lang = i18n.language;
  const labelOf = (c: Conversion) => {
    const form = app.forms.find((f) => f.id === c.formId);
    const found = form ? findField(form, c.fieldId) : null;
    return found ? pickText(found.field.label, lang) : c.fieldId;
  };
  return (
    <div data-testid="conversion-list" style={{ display: 'grid', gap: 12 }}>
      <Alert type="warning" showIcon title={t('save.dataLossText')} />
      {conversions.map((c) => (
        <div key={`${c.formId}/${c.fieldId}`}>
          <Typography.Text strong>{labelOf(c)}</Typography.Text> <Tag>{c.from}</Tag>→
          <Tag style={{ marginInlineStart: 8 }}>{c.to}</Tag>
          <Typography.Text type="danger">{t('save.failing', { count: c.failingCount })}</Typography.Text>
          <Table
            size="small"
            style={{ marginTop: 8 }}
            pagination={false}
            rowKey="recordId"
            dataSource={c.failing.slice(0, 20)}
            columns={[
              { title: t('save.record'), dataIndex: 'recordId', width: 200, ellipsis: true },
              {
                title: t('save.value'),
                dataIndex: 'value',
                render: (v: unknown) => <Typography.Text code>{JSON.stringify(v)}</Typography.Text>,
              },
            ]}
          />
        </div>
      ))}
    </div>
  );
}
