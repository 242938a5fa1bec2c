import { isApiError } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { validateAppDefinition, type ValidationIssue } from '@tangram/schema';
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkflowStore } from './store/context';

/**
 * Publishing = saving the app (`PUT /apps/:app` with the base version): the server stores a new
 * version, and new instances start on it while running ones keep theirs. The same checks the
 * server runs are run here first; the server's 400 details land on their nodes like local ones.
 */
export function usePublish() {
  const { t } = useTranslation('workflow');
  const client = useClient();
  const store = useWorkflowStore();
  const { message, modal } = App.useApp();
  const [publishing, setPublishing] = useState(false);

  const reload = useCallback(async () => {
    const { app, version } = await client.apps.get(store.getState().app.id);
    store.getState().reset(app, version);
    void message.info(t('reloaded'));
  }, [client, store, message, t]);

  const refuse = useCallback(
    (issues: ValidationIssue[]) => {
      store.getState().setServerIssues(issues);
      void message.error(t('invalid', { count: issues.length }));
    },
    [store, message, t],
  );

  const publish = useCallback(async (): Promise<number | null> => {
    const state = store.getState();
    const checked = validateAppDefinition(state.app);
    if (!checked.ok) {
      // These are the live checks the canvas already shows; only say how many there are.
      void message.error(t('invalid', { count: checked.issues.length }));
      return null;
    }
    setPublishing(true);
    try {
      const saved = await client.apps.update(state.app.id, {
        app: state.app,
        baseVersion: state.baseVersion,
      });
      store.getState().markSaved(saved.app, saved.version);
      void message.success(t('published', { version: saved.version }));
      return saved.version;
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.code === 'stale_version') {
        modal.confirm({
          title: t('staleTitle'),
          content: t('staleText'),
          okText: t('reload'),
          cancelText: t('keepEditing'),
          onOk: reload,
        });
        return null;
      }
      if (isApiError(e) && e.details.length) {
        refuse(e.details.map((d) => ({ path: d.path ?? '', code: d.code ?? 'invalid', message: d.message })));
        return null;
      }
      void message.error(t('publishFailed', { message: e instanceof Error ? e.message : String(e) }));
      return null;
    } finally {
      setPublishing(false);
    }
  }, [client, store, message, modal, t, refuse, reload]);

  return { publish, publishing };
}
