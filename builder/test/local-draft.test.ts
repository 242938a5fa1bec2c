import type { AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  clearDraft,
  draftKey,
  draftToOffer,
  MAX_DRAFT_CHARS,
  writeDraft,
  type DraftStorage,
} from '../src/core/local-draft';
import { createDocumentStore } from '../src/core/document-store';

/** Web Storage over a Map: the same contract as localStorage. */
function memoryStorage(): DraftStorage & { size(): number } {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    size: () => map.size,
  };
}

const app = (name: string) =>
  ({
    id: 'app_1',
    name: { 'zh-CN': name },
    formatVersion: 1,
    forms: [],
    navigation: [],
  }) as unknown as AppDefinition;

const key = draftKey('/apps/app_1/forms/form_1/design');

describe('local drafts', () => {
  it('offers a draft of the same app and base version that differs from what was loaded', () => {
    const s = memoryStorage();
    writeDraft(s, key, { appId: 'app_1', baseVersion: 3, savedAt: 1000, app: app('改过') });
    expect(draftToOffer(s, key, app('原来'), 3)).toMatchObject({
      savedAt: 1000,
      app: { name: { 'zh-CN': '改过' } },
    });
  });

  it('drops a draft based on another version, of another app, identical or unreadable', () => {
    const s = memoryStorage();
    writeDraft(s, key, { appId: 'app_1', baseVersion: 2, savedAt: 1, app: app('改过') });
    expect(draftToOffer(s, key, app('原来'), 3)).toBeUndefined();
    expect(s.size()).toBe(0);
    writeDraft(s, key, { appId: 'app_9', baseVersion: 3, savedAt: 1, app: app('改过') });
    expect(draftToOffer(s, key, app('原来'), 3)).toBeUndefined();
    writeDraft(s, key, { appId: 'app_1', baseVersion: 3, savedAt: 1, app: app('原来') });
    expect(draftToOffer(s, key, app('原来'), 3)).toBeUndefined();
    s.setItem(key, '{not json');
    expect(draftToOffer(s, key, app('原来'), 3)).toBeUndefined();
    expect(s.size()).toBe(0);
  });

  it('refuses drafts beyond the size bound and survives a full storage', () => {
    const s = memoryStorage();
    const big = app('x'.repeat(MAX_DRAFT_CHARS));
    expect(writeDraft(s, key, { appId: 'app_1', baseVersion: 1, savedAt: 1, app: big })).toBe(false);
    const full: DraftStorage = {
      ...s,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    expect(writeDraft(full, key, { appId: 'app_1', baseVersion: 1, savedAt: 1, app: app('a') })).toBe(false);
    clearDraft(s, key);
  });

  it('restores a draft as one undoable step on top of the loaded version', () => {
    const store = createDocumentStore({
      app: app('原来'),
      version: 3,
      apply: (a: AppDefinition) => a,
      isCommandError: (e: unknown): e is Error => e instanceof Error,
      extra: () => ({}),
    });
    store.getState().restoreDraft(app('改过'));
    expect(store.getState()).toMatchObject({
      dirty: true,
      baseVersion: 3,
      app: { name: { 'zh-CN': '改过' } },
    });
    store.getState().undo();
    expect(store.getState()).toMatchObject({ dirty: false, app: { name: { 'zh-CN': '原来' } } });
  });
});
