/**
 * Keeps a designer's unsaved work in localStorage (local-draft.ts) and offers it back after a
 * reload: "restore your unsaved changes from <time>?". Wired into the one save path
 * (use-app-save.tsx), so every designer built on the document store gets it. The draft is
 * written shortly after each edit, right away when the page is hidden or closed, and removed when
 * the work is saved, reloaded from the server, or the user leaves the designer choosing to
 * discard it.
 */
import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreApi } from 'zustand';
import type { AppDefinition } from '@tangram/schema';
import { clearDraft, draftKey, draftToOffer, writeDraft, type DraftStorage } from './local-draft';

interface DraftableState {
  app: AppDefinition;
  baseVersion: number;
  dirty: boolean;
  restoreDraft(app: AppDefinition): void;
}

/** Waits this long after the last edit before writing (typing in a box writes once). */
const WRITE_DELAY_MS = 400;

/** Stores whose draft the user chose to discard by leaving (designer-guards.ts). */
const discardRequests = new WeakSet<object>();

/** The user left the designer discarding its changes: its draft goes too. */
export function discardLocalDraft(store: object): void {
  discardRequests.add(store);
}

function storage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function useLocalDraft(store: StoreApi<DraftableState>, page?: string) {
  const { t, i18n } = useTranslation('studio');
  const { modal } = App.useApp();
  // The texts are read when the offer is made; a language switch must not re-offer a draft.
  const texts = useRef({ t, lang: i18n.language });
  texts.current = { t, lang: i18n.language };

  useEffect(() => {
    const { t, lang } = texts.current;
    const local = storage();
    if (!local) return;
    const key = draftKey(page ?? window.location.pathname);
    const start = store.getState();
    const offer = draftToOffer(local, key, start.app, start.baseVersion);
    const confirm = offer
      ? modal.confirm({
          title: t('draft.title'),
          content: t('draft.text', {
            time: new Date(offer.savedAt).toLocaleString(lang),
            version: offer.baseVersion,
          }),
          okText: t('draft.restore'),
          cancelText: t('draft.discard'),
          onOk: () => store.getState().restoreDraft(offer.app),
          onCancel: () => clearDraft(local, key),
        })
      : null;

    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const s = store.getState();
      if (!s.dirty) {
        clearDraft(local, key);
        return;
      }
      writeDraft(local, key, {
        appId: s.app.id,
        baseVersion: s.baseVersion,
        savedAt: Date.now(),
        app: s.app,
      });
    };
    const flush = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      write();
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.app === prev.app && s.dirty === prev.dirty) return;
      if (!s.dirty) {
        // Saved or reloaded: the server has it (or the user chose the server's copy).
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        clearDraft(local, key);
        return;
      }
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(write, WRITE_DELAY_MS);
    });
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', flush);
      confirm?.destroy();
      if (discardRequests.has(store)) {
        discardRequests.delete(store);
        if (timer !== undefined) clearTimeout(timer);
        clearDraft(local, key);
      } else {
        // Unmounted without an explicit discard (a React remount): keep the newest work.
        flush();
      }
    };
  }, [store, page, modal]);
}
