/** Icon names an app may use (`AppDefinition.icon`), with the tint of their tile. */
export const APP_ICONS = {
  appstore: '#4263eb',
  team: '#1098ad',
  shop: '#f76707',
  'shopping-cart': '#e8590c',
  file: '#5c7cfa',
  calendar: '#12b886',
  dollar: '#2f9e44',
  car: '#1c7ed6',
  tool: '#868e96',
  book: '#ae3ec9',
  heart: '#e64980',
  rocket: '#7048e8',
  database: '#0c8599',
  project: '#f59f00',
  customer: '#d6336c',
  inbox: '#3b5bdb',
} as const;

export type AppIconName = keyof typeof APP_ICONS;
export const APP_ICON_NAMES = Object.keys(APP_ICONS) as AppIconName[];
export const DEFAULT_APP_ICON: AppIconName = 'appstore';

/** Normalises a stored icon value (a name, or an object with a name) to a known icon name. */
export function appIconName(icon: unknown): AppIconName {
  const name =
    typeof icon === 'string'
      ? icon
      : typeof icon === 'object' && icon
        ? (icon as { name?: unknown }).name
        : undefined;
  return typeof name === 'string' && name in APP_ICONS ? (name as AppIconName) : DEFAULT_APP_ICON;
}
