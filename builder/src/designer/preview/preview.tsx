import { DesktopOutlined, MobileOutlined } from '@ant-design/icons';
import { pickText } from '@tangram/runtime';
import { Empty, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldMock } from '../canvas/field-mock';
import { selectForm, useEditor } from '../store/context';
import { rowsOf, spanOf } from '../store/layout';

type Device = 'desktop' | 'phone';

/**
 * The form at desktop and phone widths. The runtime's FormRenderer is not published yet; until it
 * lands this shows the designer's static rendering of the same rows (see decision 0006).
 */
export function Preview() {
  const { t, i18n } = useTranslation('designer');
  const form = useEditor(selectForm);
  const [device, setDevice] = useState<Device>('desktop');
  const rows = rowsOf(form);
  const lang = i18n.language;
  return (
    <div className="tg-dz-preview" data-testid="preview">
      <Segmented<Device>
        value={device}
        onChange={setDevice}
        options={[
          { value: 'desktop', icon: <DesktopOutlined />, label: t('preview.desktop') },
          { value: 'phone', icon: <MobileOutlined />, label: t('preview.phone') },
        ]}
      />
      <div className={`tg-dz-device tg-dz-device-${device}`}>
        <Typography.Title level={4}>{pickText(form.name, lang)}</Typography.Title>
        <Typography.Paragraph type="secondary" className="tg-dz-hint">
          {t('preview.pending')}
        </Typography.Paragraph>
        {rows.length === 0 ? <Empty description={t('canvas.empty')} /> : null}
        {rows.map((row, r) => (
          <div key={r} className="tg-dz-row">
            {row.cells.map((c, i) => {
              const field = form.fields.find((f) => f.id === c.field);
              if (!field || field.hidden) return null;
              return (
                <div
                  key={c.field}
                  style={{ gridColumn: `span ${device === 'phone' ? 24 : spanOf(row, i)}` }}
                  className="tg-dz-preview-cell"
                >
                  <div className="tg-dz-label">
                    {field.required ? <span className="tg-dz-required">*</span> : null}
                    {pickText(field.label, lang)}
                  </div>
                  <FieldMock field={field} />
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
