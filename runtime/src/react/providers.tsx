import { useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { theme } from '../theme';
import { ServicesContext, type RuntimeServices } from './context';

const antdLocales: Record<string, Locale> = { 'zh-CN': zhCN, en: enUS };

/** i18n, the antd theme and locale (following the i18n language), and the app services. */
export function AppProviders({
  i18n,
  services,
  children,
}: {
  i18n: I18n;
  services: RuntimeServices;
  children: ReactNode;
}) {
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    const onChange = (lng: string) => setLanguage(lng);
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [i18n]);
  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider theme={theme} locale={antdLocales[language] ?? zhCN}>
        <AntApp>
          <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
