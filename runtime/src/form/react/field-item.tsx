import { Typography } from 'antd';
import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition } from '@tangram/schema';
import { memo, Profiler, type ProfilerOnRenderCallback, type ComponentType } from 'react';
import { pickText } from '../../core/i18n-text';
import type { WidgetProps } from '../widgets/widget';
import { useField, useFormEnv } from './form-context';

const BARE = new Set(['divider', 'description']);

/**
 * One field: label, required marker, widget, help text and error. Subscribes to its own slice of
 * the store only, so edits elsewhere do not re-render it.
 */
function FieldItemInner({ field }: { field: FieldDefinition }) {
  const { widgets, lang, readOnly } = useFormEnv();
  const { value, error, hidden, setValue } = useField(field.id);
  if (hidden) return null;
  const Widget = widgets[field.type] as ComponentType<WidgetProps> | undefined;
  if (!Widget) throw new Error(`no widget for field type "${field.type}"`);
  const domId = `field-${field.id}`;
  const writable = fieldRegistry.of(field).writable;
  const widget = (
    <Widget
      field={field}
      id={domId}
      value={value ?? null}
      onChange={setValue}
      disabled={readOnly || !writable || field.readOnly === true}
      invalid={!!error}
    />
  );
  if (BARE.has(field.type))
    return (
      <div className="tg-field" data-field={field.id}>
        {widget}
      </div>
    );
  const help = pickText(field.description, lang);
  return (
    <div className={`tg-field${error ? ' tg-field-has-error' : ''}`} data-field={field.id}>
      <label className="tg-field-label" htmlFor={domId}>
        {field.required && writable ? (
          <span className="tg-required" aria-hidden>
            *
          </span>
        ) : null}
        {pickText(field.label, lang)}
      </label>
      {widget}
      {help ? (
        <Typography.Text type="secondary" className="tg-field-help">
          {help}
        </Typography.Text>
      ) : null}
      {error ? (
        <div className="tg-field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

const MemoItem = memo(FieldItemInner);

/** A field, optionally wrapped in a React Profiler (the render-count test uses it). */
export const FieldItem = memo(function FieldItem({
  field,
  onRender,
}: {
  field: FieldDefinition;
  onRender?: ProfilerOnRenderCallback;
}) {
  if (!onRender) return <MemoItem field={field} />;
  return (
    <Profiler id={field.id} onRender={onRender}>
      <MemoItem field={field} />
    </Profiler>
  );
});
