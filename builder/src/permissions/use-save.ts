import { isApiError } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissionStore } from './store/context';

/**
 * Saving = the app's save path (`PUT /apps/:app` with the base version), as every designer: a
 * newer version elsewhere asks to reload; a refusal (400, e.g. `permission_groups_not_enforced`
 * while the server does not enforce groups yet) is kept in the store and shown next to the groups,
 * as the server worded it.
 */
export function useSavePermissions() {
  const { t } = useTranslation('permissions');
  const client = useClient();
  const store = usePermissionStore();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);

  const reload = useCallback(async () => {
    const { app, version } = await client.apps.get(store.getState().app.id);
    store.getState().reset(app, version);
    void message.info(t('reloaded'));
  }, [client, store, message, t]);

  const save = useCallback(async (): Promise<boolean> => {
    const state = store.getState();
    setSaving(true);
    try {
      const saved = await client.apps.update(state.app.id, {
        app: state.app,
        baseVersion: state.baseVersion,
      });
      store.getState().markSaved(saved.app, saved.version);
      void message.success(t('saved', { version: saved.version }));
      return true;
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.code === 'stale_version') {
        modal.confirm({
          title: t('staleTitle'),
          content: t('staleText'),
          okText: t('reload'),
          cancelText: t('keepEditing'),
          onOk: reload,
        });
        return false;
      }
      if (isApiError(e) && e.status < 500 && e.status >= 400) {
        store.getState().setProblem({
          code: e.code,
          message: e.message,
          details: e.details.map((d) => ({ path: d.path, code: d.code, message: d.message })),
        });
        void message.error(t('saveFailed', { message: e.message }));
        return false;
      }
      void message.error(t('saveFailed', { message: e instanceof Error ? e.message : String(e) }));
      return false;
    } finally {
      setSaving(false);
    }
  }, [client, store, message, modal, t, reload]);

  return { save, saving };
}
