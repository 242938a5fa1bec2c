import { isApiError, type Conversion } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { validateAppDefinition, type ValidationIssue } from '@tangram/schema';
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorStore } from '../store/context';
import { ConversionList } from './data-loss';
import { typeChanges } from './type-changes';

const isConversions = (v: unknown): v is Conversion[] =>
  Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && 'fieldId' in c && 'failing' in c);

/**
 * Saving: check locally, preview type conversions when a field's type changed, then
 * `PUT /apps/:app` with the base version. A stale base offers a reload, a data-loss refusal shows
 * the values that would be emptied with "convert anyway", validation errors land on their fields.
 */
export function useSave() {
  const { t } = useTranslation('designer');
  const client = useClient();
  const store = useEditorStore();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);

  const showIssues = useCallback(
    (issues: ValidationIssue[]) => {
      store.getState().setIssues(issues);
      void message.error(t('save.invalid', { count: issues.length }));
    },
    [store, message, t],
  );

  const reload = useCallback(async () => {
    const { app, version } = await client.apps.get(store.getState().app.id);
    store.getState().reset(app, version);
    void message.info(t('save.reloaded'));
  }, [client, store, message, t]);

  const save = useCallback(
    async function run(confirmDataLoss = false): Promise<boolean> {
      const state = store.getState();
      const checked = validateAppDefinition(state.app);
      if (!checked.ok) {
        showIssues(checked.issues);
        return false;
      }
      const askDataLoss = (conversions: Conversion[]) =>
        new Promise<boolean>((resolve) => {
          modal.confirm({
            width: 640,
            title: t('save.dataLossTitle'),
            content: <ConversionList conversions={conversions} app={state.app} />,
            okText: t('save.convertAnyway'),
            okButtonProps: { danger: true, id: 'convert-anyway' },
            cancelText: t('save.cancel'),
            onOk: () => run(true).then(resolve),
            onCancel: () => resolve(false),
          });
        });
      setSaving(true);
      try {
        if (!confirmDataLoss && typeChanges(state.savedApp, state.app).length) {
          const { conversions } = await client.apps.previewChange(state.app.id, state.app);
          const failing = conversions.filter((c) => c.failingCount > 0);
          if (failing.length) {
            setSaving(false);
            return askDataLoss(failing);
          }
        }
        const saved = await client.apps.update(state.app.id, {
          app: state.app,
          baseVersion: state.baseVersion,
          ...(confirmDataLoss ? { confirmDataLoss: true } : {}),
        });
        store.getState().markSaved(saved.app, saved.version);
        void message.success(t('save.saved', { version: saved.version }));
        return true;
      } catch (e) {
        if (isApiError(e) && e.status === 409 && e.code === 'stale_version') {
          modal.confirm({
            title: t('save.staleTitle'),
            content: t('save.staleText'),
            okText: t('save.reload'),
            cancelText: t('save.keepEditing'),
            onOk: reload,
          });
          return false;
        }
        if (isApiError(e) && e.code === 'data_loss' && isConversions(e.rawDetails)) {
          setSaving(false);
          return askDataLoss(e.rawDetails);
        }
        if (isApiError(e) && e.details.length) {
          showIssues(
            e.details.map((d) => ({ path: d.path ?? '', code: d.code ?? 'invalid', message: d.message })),
          );
          return false;
        }
        void message.error(t('save.failed', { message: e instanceof Error ? e.message : String(e) }));
        return false;
      } finally {
        setSaving(false);
      }
    },
    [client, store, modal, message, t, showIssues, reload],
  );

  return { save, saving, reload };
}
