import {
  CalendarOutlined,
  ClockCircleOutlined,
  DownOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  SearchOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { formulaToLabels } from '@tangram/formula';
import { pickText } from '@tangram/runtime';
import type { FieldDefinition } from '@tangram/schema';
import { Switch, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formulaScope } from '../formula/formula-scope';
import { selectForm, useEditor } from '../store/context';

/** A formula as people read it: with the labels of the fields it references. */
function FormulaMock({ fieldId, formula }: { fieldId: string; formula: string }) {
  const { t, i18n } = useTranslation('designer');
  const form = useEditor(selectForm);
  const text = useMemo(
    () => (formula ? formulaToLabels(formula, formulaScope(form, i18n.language, fieldId)) : ''),
    [form, formula, fieldId, i18n.language],
  );
  return (
    <div className="tg-dz-mock tg-dz-mock-readonly tg-dz-code" data-testid={`formula-mock-${fieldId}`}>
      {text || t('canvas.noFormula')}
    </div>
  );
}

/** A still picture of a field's input on the canvas (the live preview uses the real renderer). */
export function FieldMock({ field }: { field: FieldDefinition }) {
  const { t, i18n } = useTranslation('designer');
  const lang = i18n.language;
  const hint = field.placeholder ? pickText(field.placeholder, lang) : '';
  const box = (text: string, suffix?: React.ReactNode, tall?: boolean) => (
    <div className={`tg-dz-mock${tall ? ' tg-dz-mock-tall' : ''}`}>
      <span className="tg-dz-mock-text">{text}</span>
      {suffix ? <span className="tg-dz-mock-suffix">{suffix}</span> : null}
    </div>
  );
  switch (field.type) {
    case 'textarea':
    case 'richtext':
      return box(hint, undefined, true);
    case 'number':
    case 'percent':
      return box(hint, field.type === 'percent' ? '%' : field.config?.unit);
    case 'money':
      return box(hint, field.config?.currency ?? 'CNY');
    case 'date':
      return box(field.config?.format ?? 'YYYY-MM-DD', <CalendarOutlined />);
    case 'datetime':
      return box(field.config?.format ?? 'YYYY-MM-DD HH:mm', <CalendarOutlined />);
    case 'time':
      return box(field.config?.format ?? 'HH:mm', <ClockCircleOutlined />);
    case 'select':
    case 'multiselect':
      return box(hint || t('canvas.choose'), <DownOutlined />);
    case 'radio':
    case 'checkboxes':
      return (
        <div className="tg-dz-options">
          {field.config.options.slice(0, 6).map((o) => (
            <span key={o.value} className="tg-dz-option">
              <span className={field.type === 'radio' ? 'tg-dz-radio' : 'tg-dz-check'} />
              {pickText(o.label, lang)}
            </span>
          ))}
        </div>
      );
    case 'boolean':
      return <Switch size="small" disabled />;
    case 'member':
    case 'members':
    case 'department':
    case 'departments':
      return box(t('canvas.choose'), <UserOutlined />);
    case 'relation':
    case 'lookup':
      return box(t('canvas.choose'), <SearchOutlined />);
    case 'address':
      return box(t('canvas.address'), <DownOutlined />);
    case 'location':
      return box(t('canvas.location'), <EnvironmentOutlined />);
    case 'image':
    case 'attachment':
      return (
        <div className="tg-dz-upload">
          {field.type === 'image' ? <PlusOutlined /> : <UploadOutlined />}
          <span>{t(field.type === 'image' ? 'canvas.uploadImage' : 'canvas.upload')}</span>
        </div>
      );
    case 'signature':
      return box(t('canvas.sign'), undefined, true);
    case 'serial':
      return (
        <div className="tg-dz-mock tg-dz-mock-readonly">
          {field.config.parts.map((p, i) => (
            <Tag key={i} bordered={false}>
              {p.kind === 'text' ? p.text : p.kind === 'date' ? p.format : '0'.repeat(p.digits)}
            </Tag>
          ))}
        </div>
      );
    case 'formula':
      return <FormulaMock fieldId={field.id} formula={field.config.formula} />;
    default:
      return box(hint);
  }
}
