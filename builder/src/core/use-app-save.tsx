/**
 * The one save path of every studio designer: the document is the whole app, saved with
 * `PUT /apps/:app` and the version the edits are based on. The server decides; this hook only
 * words its answers the same way everywhere:
 *   - a newer version saved elsewhere (409 stale_version) offers to reload, never overwrites;
 *   - validation details land in the store as issues, where each designer marks them;
 *   - anything else is shown as the server worded it.
 * A designer adds its own steps through the options (the form designer's data-loss preview).
 */
import { isApiError, type ApiError } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { validateAppDefinition, type ValidationIssue } from '@tangram/schema';
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreApi } from 'zustand';
import type { DocumentState } from './document-store';
import { useLocalDraft } from './use-local-draft';

type AnyDocumentState = DocumentState<never, unknown>;

export interface SendOptions {
  /** The form designer's "convert anyway" after the data-loss preview. */
  confirmDataLoss?: boolean;
}

export interface AppSaveOptions<S extends AnyDocumentState> {
  /** Run the definition checks before sending (the server runs them again). */
  checkLocally?: boolean;
  /** The success message for the stored version (default: "Saved (version N)"). */
  savedText?: (version: number) => string;
  /** The failure message (default: "Could not save: …"). */
  failedText?: (message: string) => string;
  /** A step before sending: answer a version to stop with it (handled), or undefined to go on. */
  prepare?(state: S, send: SendOptions): Promise<number | null | undefined>;
  /** A designer's own refusal: answer a version or null when it handled the error, undefined if not. */
  onRefusal?(error: ApiError, state: S): Promise<number | null | undefined> | number | null | undefined;
  /** Where unsaved work is kept locally (use-local-draft.tsx); default: the page's path. */
  draftPage?: string;
}

const toIssues = (e: ApiError): ValidationIssue[] =>
  e.details.map((d) => ({ path: d.path ?? '', code: d.code ?? 'invalid', message: d.message }));

export function useAppSave<S extends AnyDocumentState>(store: StoreApi<S>, options: AppSaveOptions<S> = {}) {
  const { t } = useTranslation('studio');
  const client = useClient();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);
  const { checkLocally, savedText, failedText, prepare, onRefusal, draftPage } = options;
  useLocalDraft(store, draftPage);

  const reload = useCallback(async () => {
    const { app, version } = await client.apps.get(store.getState().app.id);
    store.getState().reset(app, version);
    void message.info(t('save.reloaded'));
  }, [client, store, message, t]);

  const refuse = useCallback(
    (issues: ValidationIssue[]) => {
      store.getState().setIssues(issues);
      void message.error(t('save.invalid', { count: issues.length }));
      return null;
    },
    [store, message, t],
  );

  /** Saves the app; answers the stored version, or null when nothing was stored. */
  const save = useCallback(
    async (send: SendOptions = {}): Promise<number | null> => {
      const state = store.getState();
      if (checkLocally) {
        const checked = validateAppDefinition(state.app);
        if (!checked.ok) return refuse(checked.issues);
      }
      setSaving(true);
      try {
        const stopped = await prepare?.(state, send);
        if (stopped !== undefined) return stopped;
        const saved = await client.apps.update(state.app.id, {
          app: state.app,
          baseVersion: state.baseVersion,
          ...(send.confirmDataLoss ? { confirmDataLoss: true } : {}),
        });
        store.getState().markSaved(saved.app, saved.version);
        void message.success(
          savedText ? savedText(saved.version) : t('save.saved', { version: saved.version }),
        );
        return saved.version;
      } catch (e) {
        if (isApiError(e) && e.status === 409 && e.code === 'stale_version') {
          modal.confirm({
            title: t('save.staleTitle'),
            content: t('save.staleText'),
            okText: t('save.reload'),
            cancelText: t('save.keepEditing'),
            onOk: reload,
          });
          return null;
        }
        if (isApiError(e)) {
          const handled = await onRefusal?.(e, state);
          if (handled !== undefined) return handled;
          if (e.details.length) return refuse(toIssues(e));
        }
        const text = e instanceof Error ? e.message : String(e);
        void message.error(failedText ? failedText(text) : t('save.failed', { message: text }));
        return null;
      } finally {
        setSaving(false);
      }
    },
    [
      client,
      store,
      modal,
      message,
      t,
      checkLocally,
      savedText,
      failedText,
      prepare,
      onRefusal,
      refuse,
      reload,
    ],
  );

  return { save, saving, reload };
}
