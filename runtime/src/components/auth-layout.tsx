import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';

/** The centred card of the setup and login pages. */
export function AuthLayout({
  title,
  subtitle,
  children,
  width,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  width?: number;
}) {
  const { t } = useTranslation();
  return (
    <div className="tg-auth">
      <div className="tg-auth-lang">
        <LanguageSwitch />
      </div>
      <Card className="tg-auth-card" style={width ? { maxWidth: width } : undefined} variant="borderless">
        <div className="tg-auth-brand">
          <Logo size={32} />
          <span className="tg-auth-brand-name">{t('brand')}</span>
        </div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {title}
        </Typography.Title>
        {subtitle ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
            {subtitle}
          </Typography.Paragraph>
        ) : null}
        {children}
      </Card>
    </div>
  );
}
