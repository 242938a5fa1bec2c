import type { I18nText } from '@tangram/client';
import { pickText } from '../../core/i18n-text';

/**
 * A saved view's name in the reader's language: its translated names where it has them (the
 * shared views a template installs), else the one name its owner typed.
 */
export function viewName(view: { name: string; config: { names?: I18nText } }, lang: string): string {
  return pickText(view.config.names, lang) || view.name;
}
