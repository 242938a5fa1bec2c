import { pickText } from '@tangram/runtime';
import type { FormDefinition, PermissionGroup } from '@tangram/schema';
import { Alert, Button, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLevel, type FieldLevel } from '../core/commands';
import { isComputed, maskableFields } from '../core/fields';

/**
 * The group's field mask: per field a visible and an editable switch. Editable implies visible
 * (switching editable on shows the field; hiding it ends editing), as the Grant model requires.
 */
export function FieldTable({
  form,
  group,
  onLevel,
  onAll,
}: {
  form: FormDefinition;
  group: PermissionGroup;
  onLevel(fieldId: string, level: FieldLevel): void;
  onAll(level: FieldLevel): void;
}) {
  const { t, i18n } = useTranslation('permissions');
  const fields = maskableFields(form);
  const writes = group.actions.some((a) => a === 'create' || a === 'edit' || a === 'import');
  if (fields.length === 0) return <Typography.Text type="secondary">{t('fields.empty')}</Typography.Text>;
  return (
    <div className="tg-pd-fields" data-testid="field-table">
      <Space size={4} wrap style={{ marginBottom: 8 }}>
        <Button size="small" onClick={() => onAll('visible')} data-testid="fields-all-visible">
          {t('fields.allVisible')}
        </Button>
        <Button size="small" onClick={() => onAll('editable')} data-testid="fields-all-editable">
          {t('fields.allEditable')}
        </Button>
        <Button size="small" onClick={() => onAll('hidden')} data-testid="fields-all-hidden">
          {t('fields.allHidden')}
        </Button>
      </Space>
      {writes ? null : <Alert type="info" showIcon title={t('fields.noWrite')} style={{ marginBottom: 8 }} />}
      <table className="tg-pd-field-table">
        <thead>
          <tr>
            <th>{t('fields.field')}</th>
            <th>{t('fields.visible')}</th>
            <th>{t('fields.editable')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const level = fieldLevel(group, form, f.id);
            const label = pickText(f.label, i18n.language) || f.id;
            return (
              <tr key={f.id} data-testid={`field-row-${f.id}`}>
                <td>
                  <Typography.Text ellipsis title={label} className="tg-pd-field-name">
                    {label}
                  </Typography.Text>
                  {isComputed(f) ? (
                    <Tag bordered={false} style={{ marginInlineStart: 6 }}>
                      {t('fields.computed')}
                    </Tag>
                  ) : null}
                </td>
                <td>
                  <Switch
                    size="small"
                    checked={level !== 'hidden'}
                    onChange={(on) => onLevel(f.id, on ? 'visible' : 'hidden')}
                    aria-label={`${label}: ${t('fields.visible')}`}
                    data-testid={`field-visible-${f.id}`}
                  />
                </td>
                <td>
                  <Switch
                    size="small"
                    checked={level === 'editable'}
                    disabled={isComputed(f)}
                    onChange={(on) => onLevel(f.id, on ? 'editable' : 'visible')}
                    aria-label={`${label}: ${t('fields.editable')}`}
                    data-testid={`field-editable-${f.id}`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
