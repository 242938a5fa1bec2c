// What the studio (and later embedders) reuse from the player. Importing this module has no side
// effects: instances are created by the functions below.
export { createI18n, runtimeResources } from './i18n/i18n';
export type { CreateI18nOptions } from './i18n/i18n';
export type { RuntimeResource } from './i18n/zh-CN';
export { theme, PAGE_MAX_WIDTH } from './theme';
export { LANGUAGES, initialLanguage, saveLanguage, browserTimeZone, timeZones } from './core/locale';
export type { Language } from './core/locale';
export { createSessionStore } from './core/session-store';
export type { SessionState, SessionStatus, SessionStore } from './core/session-store';
export { createRouter, matchPath, safeNext } from './core/router';
export type { RouterState, RouterStore, Location } from './core/router';
export { pickText } from './core/i18n-text';
export { viewName } from './views/core/view-name';
export { formatValue, formatFieldValue } from './core/format-value';
export type { FormatTexts } from './core/format-value';
export { APP_ICONS, APP_ICON_NAMES, DEFAULT_APP_ICON, appIconName } from './core/app-icons';
export type { AppIconName } from './core/app-icons';
export { AppProviders } from './react/providers';
export { ServicesContext, useServices, useClient, useSession, useRouter } from './react/context';
export type { RuntimeServices } from './react/context';
export { Link } from './react/link';
export { useAsync } from './react/use-async';
export type { AsyncState } from './react/use-async';
export { applyApiError } from './react/form-errors';
export { AppHeader } from './components/app-header';
export type { AppHeaderProps } from './components/app-header';
export { AppIcon } from './components/app-icon';
export { AuthLayout } from './components/auth-layout';
export { GlobalStyles } from './components/global-styles';
export { LanguageSwitch } from './components/language-switch';
export { Logo } from './components/logo';
export { LoadError, Loading } from './components/status-views';
export { FormRenderer, createFormStore, createWidgetRegistry, useField, useFieldValue } from './form';
export type { FormRendererProps, FormStore, FormState, Widget, WidgetProps, WidgetRegistry } from './form';
export { DataView, DataViewStyles, FilterEditor } from './views';
// The view editor of the studio reuses the player's kind pickers and view state (decision 0056).
export { KindPicker, KindSettingsPanel, defaultSettings } from './views/react/view-settings';
export { useKindTexts, type KindTexts } from './views/react/kind-texts';
export { createViewStore, defaultColumns, type ViewStore } from './views/core/view-store';
export { grantView } from './core/grant-view';
export type { FormGrantView } from './core/grant-view';
export type { FilterEditorProps } from './views';
export {
  DashboardStyles,
  DashboardView,
  WidgetCard,
  ChartView,
  buildChartOption,
  measureLabel,
  formatMeasure,
  previewQuery,
  cellStyle,
  aggregateAsForm,
  widgetSourceForm,
} from './dashboards';
export type { WidgetCardProps, ChartViewProps, DashboardViewProps } from './dashboards';
export { TemplateGallery, type TemplateGalleryProps } from './templates/template-gallery';
