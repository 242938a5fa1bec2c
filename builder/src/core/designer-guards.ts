/**
 * Keyboard shortcuts and the unsaved-changes guard every studio designer shares (form, workflow,
 * permissions, automations, aggregates). Texts come from the designer's own namespace
 * (`leave.title`, `leave.text`, `leave.discard`, `leave.stay`), so each can say what is at stake.
 */
import { setNavigationGuard } from './nav-guard';
import { discardLocalDraft } from './use-local-draft';
import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore, type StoreApi } from 'zustand';

interface HistoryStore {
  dirty: boolean;
  undo(): void;
  redo(): void;
}

/** Text inputs and the code editor keep their own undo. */
const inEditable = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest('.monaco-editor'));

/** Ctrl/⌘+S saves, Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl/⌘+Y redo. */
export function useDesignerShortcuts(store: StoreApi<HistoryStore>, save: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        save();
        return;
      }
      if (inEditable(e.target)) return;
      if (key === 'z') {
        e.preventDefault();
        if (e.shiftKey) store.getState().redo();
        else store.getState().undo();
      } else if (key === 'y') {
        e.preventDefault();
        store.getState().redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, save]);
}

/** Warns before leaving with unsaved changes: closing the tab and in-app navigation. */
export function useLeaveGuard(store: StoreApi<HistoryStore>, namespace: string) {
  const { t } = useTranslation(namespace);
  const { modal } = App.useApp();
  const dirty = useStore(store, (s) => s.dirty);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    setNavigationGuard(
      () =>
        new Promise<boolean>((resolve) =>
          modal.confirm({
            title: t('leave.title'),
            content: t('leave.text'),
            okText: t('leave.discard'),
            okButtonProps: { danger: true },
            cancelText: t('leave.stay'),
            onOk: () => {
              discardLocalDraft(store);
              resolve(true);
            },
            onCancel: () => resolve(false),
          }),
        ),
    );
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      setNavigationGuard(null);
    };
  }, [dirty, modal, t, store]);
}
