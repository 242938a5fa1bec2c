import type { I18NText } from '@tangram/schema';
import { Form, Input, InputNumber, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A property row: label above the control, compact spacing. */
export function Prop({ label, children, help }: { label: ReactNode; children: ReactNode; help?: ReactNode }) {
  return (
    <Form.Item label={label} help={help} style={{ marginBottom: 12 }}>
      {children}
    </Form.Item>
  );
}

const clean = (text: I18NText): I18NText | undefined => {
  const out: I18NText = {};
  if (text['zh-CN']) out['zh-CN'] = text['zh-CN'];
  if (text.en) out.en = text.en;
  return Object.keys(out).length ? out : undefined;
};

/** Chinese and English text of one property side by side. */
export function I18nInput({
  value,
  onChange,
  multiline,
  testId,
}: {
  value: I18NText | undefined;
  onChange(v: I18NText | undefined): void;
  multiline?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation('designer');
  const set = (lang: 'zh-CN' | 'en', text: string) => onChange(clean({ ...value, [lang]: text }));
  const Box = multiline ? Input.TextArea : Input;
  return (
    <div className="tg-dz-i18n">
      {(['zh-CN', 'en'] as const).map((lang) => (
        <div key={lang} className="tg-dz-i18n-row">
          <span className="tg-dz-lang">{lang === 'zh-CN' ? '中' : 'EN'}</span>
          <Box
            value={value?.[lang] ?? ''}
            aria-label={`${t(lang === 'zh-CN' ? 'props.inChinese' : 'props.inEnglish')}`}
            data-testid={testId ? `${testId}-${lang}` : undefined}
            onChange={(e: { target: { value: string } }) => set(lang, e.target.value)}
            {...(multiline ? { autoSize: { minRows: 1, maxRows: 4 } } : {})}
          />
        </div>
      ))}
    </div>
  );
}

export function NumberProp({
  label,
  value,
  onChange,
  min,
  max,
  testId,
}: {
  label: ReactNode;
  value: number | undefined;
  onChange(v: number | undefined): void;
  min?: number;
  max?: number;
  testId?: string;
}) {
  return (
    <Prop label={label}>
      <InputNumber
        style={{ width: '100%' }}
        value={value ?? null}
        min={min}
        max={max}
        data-testid={testId}
        onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
      />
    </Prop>
  );
}

export function SwitchProp({
  label,
  value,
  onChange,
  testId,
  disabled,
}: {
  label: ReactNode;
  value: boolean | undefined;
  onChange(v: boolean | undefined): void;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <div className="tg-dz-switch">
      <span>{label}</span>
      <Switch
        size="small"
        checked={!!value}
        disabled={disabled}
        data-testid={testId}
        onChange={(v) => onChange(v || undefined)}
      />
    </div>
  );
}
