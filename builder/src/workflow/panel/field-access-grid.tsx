import type { FieldAccess, FormDefinition } from '@tangram/schema';
import { Button, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Access } from '../core/commands';
import { fieldLabel } from '../core/summary';

/** Fields that only lay out the form: nothing to see or edit per node. */
const LAYOUT_ONLY = new Set(['description', 'divider']);
/** Computed fields: visible or not, never typed into. */
const COMPUTED = new Set(['formula', 'lookup', 'serial']);

/**
 * The node's field permissions as a grid: one row per field of the form, one radio per level.
 * Unlisted fields show the node's default (read at approve/fill/cc nodes, edit at the start).
 * A CC recipient only reads, so a CC node offers hidden and read.
 */
export function FieldAccessGrid({
  form,
  value,
  nodeType,
  onSet,
  onAll,
}: {
  form: FormDefinition;
  value: readonly FieldAccess[] | undefined;
  nodeType: 'start' | 'approve' | 'fill' | 'cc';
  onSet(fieldId: string, access: Access): void;
  onAll(fieldIds: string[], access: Access): void;
}) {
  const { t, i18n } = useTranslation('workflow');
  const levels: Access[] = nodeType === 'cc' ? ['hidden', 'read'] : ['hidden', 'read', 'edit', 'required'];
  const fallback: Access = nodeType === 'start' ? 'edit' : 'read';
  const fields = form.fields.filter((f) => !LAYOUT_ONLY.has(f.type));
  const accessOf = (id: string) => value?.find((f) => f.field === id)?.access ?? fallback;
  const editable = fields.filter((f) => !COMPUTED.has(f.type)).map((f) => f.id);
  return (
    <div className="tg-wfd-access" data-testid="field-access">
      <Space size={4} style={{ marginBottom: 8 }}>
        <Button
          size="small"
          onClick={() =>
            onAll(
              fields.map((f) => f.id),
              'read',
            )
          }
          data-testid="access-all-read"
        >
          {t('access.allRead')}
        </Button>
        {nodeType !== 'cc' ? (
          <Button size="small" onClick={() => onAll(editable, 'edit')} data-testid="access-all-edit">
            {t('access.allEdit')}
          </Button>
        ) : null}
      </Space>
      <table className="tg-wfd-access-table">
        <thead>
          <tr>
            <th>{t('access.field')}</th>
            {levels.map((l) => (
              <th key={l}>{t(`access.${l}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const current = accessOf(f.id);
            const label = fieldLabel(form, f.id, i18n.language);
            return (
              <tr key={f.id} data-testid={`access-row-${f.id}`}>
                <td>
                  <Typography.Text ellipsis style={{ maxWidth: 130 }} title={label}>
                    {label}
                  </Typography.Text>
                </td>
                {levels.map((l) => (
                  <td key={l}>
                    <Radio
                      checked={current === l}
                      disabled={COMPUTED.has(f.type) && (l === 'edit' || l === 'required')}
                      aria-label={`${label}: ${t(`access.${l}`)}`}
                      data-testid={`access-${f.id}-${l}`}
                      onChange={() => onSet(f.id, l)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
