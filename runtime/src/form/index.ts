export { FormRenderer, type FormRendererProps } from './react/form-renderer';
export { createFormStore, type FormStore, type FormState, type FormStoreOptions } from './core/form-store';
export { createWidgetRegistry, type Widget, type WidgetProps, type WidgetRegistry } from './widgets';
export { useField, useFieldValue } from './react/form-context';
