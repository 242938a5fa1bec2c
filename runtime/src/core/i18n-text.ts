import type { I18nText } from '@tangram/client';

/**
 * The best label of an i18n map for `lang`: the exact language, then the same base language
 * (`zh` for `zh-CN`), then zh-CN, en, and finally any value.
 */
export function pickText(text: I18nText | string | undefined | null, lang: string): string {
  if (!text) return '';
  if (typeof text === 'string') return text;
  const map = text as Record<string, string | undefined>;
  const base = lang.split('-')[0] ?? lang;
  const sameBase = Object.keys(map).find((k) => k.split('-')[0] === base && map[k]);
  return (
    map[lang] ||
    (sameBase ? map[sameBase] : undefined) ||
    map['zh-CN'] ||
    map.en ||
    Object.values(map).find(Boolean) ||
    ''
  );
}
