import { Alert, Button, Space } from 'antd';
import { isApiError, type AppDefinition, type TangramClient } from '@tangram/client';
import type { FormDefinition } from '@tangram/schema';
import { DEFAULT_COUNTRY } from '@tangram/fields';
import { useContext, useMemo, useState, type ProfilerOnRenderCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { pickText } from '../../core/i18n-text';
import { browserTimeZone } from '../../core/locale';
import { ServicesContext } from '../../react/context';
import { createFormStore, type FormStore } from '../core/form-store';
import { fieldOfErrorKey, numberIssueMessage, valueOfErrorKey } from '../core/issue-messages';
import { fill, formTexts } from '../form-texts';
import { FORM_CSS } from '../form.css';
import { createWidgetRegistry, type WidgetRegistry } from '../widgets';
import { FormEnvContext, type FormEnv } from './form-context';
import { FormLayout } from './form-layout';
import { LinkageDefaults } from './linkage-defaults';

export interface FormRendererProps {
  app: AppDefinition;
  form: FormDefinition;
  initial?: Record<string, unknown>;
  mode: 'create' | 'edit';
  /** Receives the data to send (writable, visible fields). Throw an ApiError to show its field messages. */
  onSubmit(data: Record<string, unknown>): Promise<void>;
  readOnly?: boolean;
  /** The API client; defaults to the player's (studio previews may render without one). */
  client?: TangramClient | null;
  /** Replaces widgets by type (e.g. the studio's preview placeholders). */
  widgets?: Partial<WidgetRegistry>;
  /** Receives the store once created (the record page uses it to reapply values after a 409). */
  onStore?(store: FormStore): void;
  /** Called for every committed field render, with the field id (render-count tests). */
  onFieldRender?: ProfilerOnRenderCallback;
  submitText?: string;
  /** Hides the submit button (the workflow process page submits through its own action bar). */
  hideSubmit?: boolean;
  /** The loaded record's linked-record titles (`RecordDto.display`): pickers show them at once. */
  display?: FormEnv['display'];
}

/**
 * Renders any form definition: layout, every field type's widget, live formulas and visibility,
 * client validation, and server field errors mapped back onto their fields after `onSubmit` fails.
 */
export function FormRenderer(props: FormRendererProps) {
  const { app, form, initial, mode, onSubmit, readOnly = false } = props;
  const { i18n } = useTranslation();
  const services = useContext(ServicesContext);
  const client = props.client === undefined ? (services?.client ?? null) : props.client;
  const lang = i18n.language;
  const texts = formTexts(lang);
  const session = services?.session.getState().session ?? null;

  const [store] = useState(() => {
    const timeZone = session?.org.timeZone ?? browserTimeZone();
    const user = session?.user;
    const created = createFormStore(form, {
      mode: mode === 'edit' ? 'update' : 'create',
      initial,
      env: {
        now: () => new Date(),
        timeZone,
        user: { id: user?.id ?? '', name: user?.name ?? '', departments: user?.departmentIds ?? [] },
      },
      query: {
        now: new Date(),
        timeZone,
        userId: user?.id ?? '',
        userDepartmentIds: user?.departmentIds ?? [],
      },
      requiredMessage: (key) =>
        fill(texts.required, { field: pickText(fieldOfErrorKey(form, key)?.label, lang) }),
      // Number problems name the text as typed ("2O"); the others come worded in both languages.
      issueMessage: (key, issue, values) =>
        numberIssueMessage(form, key, issue, valueOfErrorKey(values, key), texts, (f) =>
          pickText(f.label, lang),
        ) ?? issue.localized[lang === 'en' ? 'en' : 'zh-CN'],
      check: { country: session?.org.country ?? DEFAULT_COUNTRY },
    });
    props.onStore?.(created);
    return created;
  });

  const widgets = useMemo(() => createWidgetRegistry(props.widgets), [props.widgets]);
  const env = useMemo<FormEnv>(
    () => ({ store, app, formId: form.id, client, lang, texts, readOnly, widgets, display: props.display }),
    [store, app, form.id, client, lang, texts, readOnly, widgets, props.display],
  );
  const submitting = useStore(store, (s) => s.submitting);
  const hasErrors = useStore(
    store,
    (s) => Object.keys(s.errors).length > 0 || Object.keys(s.serverErrors).length > 0,
  );
  const [banner, setBanner] = useState<string | null>(null);

  const submit = async () => {
    const state = store.getState();
    if (!state.validate()) {
      setBanner(texts.fixErrors);
      document
        .querySelector('.tg-field-has-error')
        ?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      return;
    }
    setBanner(null);
    state.setSubmitting(true);
    try {
      await onSubmit(state.toSubmitData());
    } catch (e) {
      if (isApiError(e) && e.details.length > 0) {
        const rest = store.getState().applyServerErrors(e.details);
        setBanner(rest.length ? rest.join(' ') : texts.fixErrors);
      } else setBanner(e instanceof Error ? e.message : String(e));
    } finally {
      store.getState().setSubmitting(false);
    }
  };

  return (
    <FormEnvContext.Provider value={env}>
      <style>{FORM_CSS}</style>
      <form
        className="tg-form"
        noValidate
        data-testid="form-renderer"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          // Enter confirms pickers and moves on; it must not submit a half-filled form.
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
      >
        <LinkageDefaults />
        <FormLayout form={form} lang={lang} onRender={props.onFieldRender} />
        {banner && (banner !== texts.fixErrors || hasErrors) ? (
          <Alert
            type="error"
            showIcon
            title={banner}
            style={{ marginBottom: 16 }}
            data-testid="form-banner"
          />
        ) : null}
        {readOnly || props.hideSubmit ? null : (
          <Space className="tg-form-actions">
            <Button type="primary" htmlType="submit" loading={submitting} data-testid="form-submit">
              {props.submitText ?? (mode === 'edit' ? texts.save : texts.submit)}
            </Button>
          </Space>
        )}
      </form>
    </FormEnvContext.Provider>
  );
}
