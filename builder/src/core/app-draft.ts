import type { AppDefinition, NewAppDefinition } from '@tangram/client';
import { CURRENT_FORMAT_VERSION } from '@tangram/schema';

/** What the create / edit dialog produces. */
export interface AppBasics {
  nameZh: string;
  nameEn: string;
  icon: string;
}

function nameOf({ nameZh, nameEn }: AppBasics): AppDefinition['name'] {
  const name: AppDefinition['name'] = {};
  if (nameZh.trim()) name['zh-CN'] = nameZh.trim();
  if (nameEn.trim()) name.en = nameEn.trim();
  return name;
}

/** A new, empty app definition; the server assigns the id. */
export function newApp(basics: AppBasics): NewAppDefinition {
  return {
    name: nameOf(basics),
    icon: basics.icon,
    formatVersion: CURRENT_FORMAT_VERSION,
    forms: [],
    navigation: [],
  };
}

/** The definition with a new name and icon; everything else is kept. */
export function withBasics(app: AppDefinition, basics: AppBasics): AppDefinition {
  return { ...app, name: nameOf(basics), icon: basics.icon };
}

export function basicsOf(app: Pick<AppDefinition, 'name' | 'icon'>): AppBasics {
  return { nameZh: app.name['zh-CN'] ?? '', nameEn: app.name.en ?? '', icon: app.icon ?? 'appstore' };
}
