import type { I18NText } from '@tangram/schema';
import { Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A labelled control in an editor step, with an optional hint under it. */
export function Labeled({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="tg-ad-field">
      <div className="tg-ad-field-label">{label}</div>
      {children}
      {hint ? <div className="tg-ad-field-hint">{hint}</div> : null}
    </div>
  );
}

/** A name in both languages (either may be empty, not both: the caller keeps the last one). */
export function NameInputs({
  value,
  onChange,
  testId,
}: {
  value: I18NText;
  onChange(next: I18NText): void;
  testId: string;
}) {
  const { t } = useTranslation('automations');
  const set = (lang: 'zh-CN' | 'en', text: string) => {
    const next: I18NText = { ...value };
    if (text) next[lang] = text;
    else delete next[lang];
    // A name needs some text: clearing the only language keeps it as it was.
    if (Object.keys(next).length) onChange(next);
  };
  return (
    <div className="tg-ad-names">
      <Input
        addonBefore="中"
        value={value['zh-CN'] ?? ''}
        maxLength={200}
        onChange={(e) => set('zh-CN', e.target.value)}
        data-testid={`${testId}-zh`}
        aria-label={t('nameZh')}
      />
      <Input
        addonBefore="EN"
        value={value.en ?? ''}
        maxLength={200}
        onChange={(e) => set('en', e.target.value)}
        data-testid={`${testId}-en`}
        aria-label={t('nameEn')}
      />
    </div>
  );
}

/** A JSON value shown for reading (run inputs and results). */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <Typography.Paragraph className="tg-ad-json" data-testid={testId}>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </Typography.Paragraph>
  );
}
