import { createInstance, type i18n as I18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { initialLanguage, saveLanguage, type Language } from '../core/locale';
import { en } from './en';
import { zhCN } from './zh-CN';

export const runtimeResources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} satisfies Resource;

export interface CreateI18nOptions {
  /** Extra namespaces per language (the builder adds `studio`). */
  resources?: Partial<Record<Language, Record<string, object>>>;
  language?: Language;
}

/**
 * A fresh i18next instance with the player's texts (and any extra namespaces), in the saved or
 * browser language. Changing the language later persists the choice. No global instance is
 * touched, so importing this module has no side effects.
 */
export function createI18n(options: CreateI18nOptions = {}): I18n {
  const resources: Resource = {};
  for (const lang of ['zh-CN', 'en'] as const) {
    resources[lang] = { ...runtimeResources[lang], ...options.resources?.[lang] } as Resource[string];
  }
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: options.language ?? initialLanguage(),
    fallbackLng: 'zh-CN',
    supportedLngs: ['zh-CN', 'en'],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  instance.on('languageChanged', (lng) => {
    if (lng === 'zh-CN' || lng === 'en') {
      saveLanguage(lng);
      if (typeof document !== 'undefined') document.documentElement.lang = lng;
    }
  });
  if (typeof document !== 'undefined') document.documentElement.lang = instance.language;
  return instance;
}
